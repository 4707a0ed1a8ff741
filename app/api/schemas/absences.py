"""Absences: import, a pupil's registrations and warning signs, statistics, thresholds, meetings."""

from marshmallow import fields, validate

from app.api.schemas.common import ApiSchema, Error, Id, one_of, printable
from app.api.uploads import File
from app.services.absences.settings import LATE_MINUTES_MAX, POLICE_PROTOCOL_MAX, THRESHOLDS, Threshold
from app.vocabulary import ImportFormat, LateRule, MeetingCadence, MeetingDecision

SCHOOL_YEAR = fields.String(
    validate=validate.Regexp(r"^\d{4}-\d{4}$", error="Geef een schooljaar als 2026-2027."),
    metadata={"description": "Schooljaar (1 september – 31 augustus), bv. 2026-2027; standaard het lopende."},
)
CODE_TOTALS = fields.Dict(
    keys=fields.String(),
    values=fields.Integer(),
    metadata={"description": 'Halve dagen per code, bv. {"B": 6, "Z": 1}.'},
)


class SchoolYearArgs(ApiSchema):
    school_year = SCHOOL_YEAR


class AbsencePageArgs(SchoolYearArgs):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=100_000),
        metadata={"description": "Paginanummer, vanaf 1."},
    )
    per_page = fields.Integer(
        load_default=400,
        validate=validate.Range(min=1, max=400),
        metadata={
            "description": "Aantal per pagina (standaard en hoogstens 400: een "
            "schooljaar telt zo'n 330 halve schooldagen)."
        },
    )


class ImportIn(ApiSchema):
    file = File(
        required=True, metadata={"description": "Het bestand: CSV, Informat-tekst of Smartschool-JSON."}
    )
    format = fields.String(
        validate=one_of(ImportFormat),
        metadata={"description": "csv, informat of smartschool; standaard herkend aan de inhoud."},
    )


class ProblemOut(ApiSchema):
    line = fields.Integer(metadata={"description": "Regelnummer zoals een teksteditor telt (kopregel = 1)."})
    field = fields.String(
        allow_none=True, metadata={"description": "De kolom, als het probleem er één betreft."}
    )
    message = fields.String()


class ImportRefusedOut(Error):
    problems = fields.List(
        fields.Nested(ProblemOut),
        metadata={"description": "Elk probleem, op regelvolgorde (hoogstens 10 000)."},
    )
    problem_count = fields.Integer(metadata={"description": "Alle problemen samen."})


class BSummaryOut(ApiSchema):
    pupils_with_new_b = fields.Integer(
        metadata={"description": "Leerlingen met nieuwe halve dagen met B-code."}
    )
    new_episodes = fields.Integer(
        metadata={
            "description": "Nieuwe afwezigheidsepisodes (opeenvolgende halve dagen met B-code): elk een opvolging."
        }
    )
    signal_due_pupil_ids = fields.List(
        fields.Integer(),
        metadata={
            "description": "Leerlingen die met deze import de signaaldrempel (standaard 5 B) bereikten."
        },
    )


class PathReportOut(ApiSchema):
    opened = fields.List(
        fields.Integer(),
        metadata={
            "description": "Dossiers die de import opende: leerplichtige leerlingen die de signaaldrempel "
            "bereikten (5 halve dagen met B-code; type afwezigheid nog onbekend)."
        },
    )
    followed = fields.List(
        fields.Integer(), metadata={"description": "Lopende dossiers waarin nieuwe B-codes binnenkwamen."}
    )
    reopened = fields.List(
        fields.Integer(),
        metadata={
            "description": "Dossiers afgesloten met opvolgafspraken die opnieuw opengingen (het CLB is "
            "verwittigd)."
        },
    )
    signal_due = fields.List(
        fields.Integer(),
        metadata={
            "description": "Dossiers waarin het signaal aan het CLB nu nodig is (signaaldrempel bereikt)."
        },
    )
    below_floor = fields.List(
        fields.Integer(),
        metadata={
            "description": "Lopende dossiers die na correcties onder de signaaldrempel vielen (annuleren kan)."
        },
    )
    pupils_without_case = fields.Integer(
        metadata={"description": "Leerlingen onder de signaaldrempel: opgevolgd zonder dossier."}
    )
    followups_started = fields.Integer(
        metadata={
            "description": "Gestarte opvolgingen: één per nieuwe afwezigheid (B of nog niet verwittigd: -)."
        }
    )
    followups_cancelled = fields.Integer(
        metadata={"description": "Opvolgingen die stopten: de afwezigheid werd gewettigd."}
    )
    episodes_counted_only = fields.Integer(
        metadata={"description": "Nieuwe episodes die al langer geleden eindigden: geteld, zonder opvolging."}
    )


class ImportReportOut(ApiSchema):
    import_id = fields.Integer()
    school_id = fields.Integer()
    format = fields.String()
    rows = fields.Integer(metadata={"description": "Ingelezen halve dagen."})
    new = fields.Integer()
    changed = fields.Integer()
    unchanged = fields.Integer()
    b_summary = fields.Nested(BSummaryOut, metadata={"description": "Wat de import aan B-codes veranderde."})
    path = fields.Nested(PathReportOut, metadata={"description": "Wat de import in de dossiers deed."})


class RegistrationOut(ApiSchema):
    id = fields.Integer()
    date = fields.Date(attribute="day")
    half_day = fields.String(metadata={"description": "am (voormiddag) of pm (namiddag)."})
    code = fields.String(
        metadata={"description": "Officiële code (A R Z H P M B), of L (te laat) en - (nog onbekend)."}
    )
    original_code = fields.String(metadata={"description": "De letter zoals de schoolsoftware hem leverde."})
    note = fields.String(allow_none=True)
    extended_holiday = fields.Boolean(
        metadata={"description": "Door de school gemarkeerd als verlengde vakantie (luxeverzuim)."}
    )
    school_id = fields.Integer()
    import_id = fields.Integer(allow_none=True)
    updated_at = fields.DateTime()


class PupilAbsencesOut(ApiSchema):
    pupil_id = fields.Integer()
    school_year = fields.String()
    items = fields.List(fields.Nested(RegistrationOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    totals = CODE_TOTALS


class SignalOut(ApiSchema):
    rule = fields.String(
        metadata={
            "description": "De regel die het signaal gaf: b_signal, medical_certificates, d_with_b, speed, "
            "early_b, frequent_lateness, same_weekday, around_holidays, school_allowance, "
            "past_compulsory_age, toddler_attendance, police_protocol."
        }
    )
    kind = fields.String(
        metadata={"description": "duty (de school moet handelen), warning (knipperlicht) of info."}
    )
    message = fields.String(metadata={"description": "Uitleg met de cijfers, om aan ouders uit te leggen."})
    figures = fields.Dict(metadata={"description": "De cijfers achter het signaal."})
    threshold = fields.Integer(allow_none=True)
    source = fields.Dict(
        metadata={
            "description": "Waar de regel vandaan komt: document, section, quote, reference; note waar de "
            "standaard onze keuze is of de regel wettelijk."
        }
    )


class PupilSignalsOut(ApiSchema):
    pupil_id = fields.Integer()
    school_year = fields.String()
    compulsory = fields.Boolean(
        metadata={"description": "Leerplichtig (op vandaag, of op het einde van een voorbij schooljaar)."}
    )
    b_count = fields.Integer(
        metadata={"description": "Halve dagen met B-code dit schooljaar, in alle scholen."}
    )
    totals = CODE_TOTALS
    signals = fields.List(fields.Nested(SignalOut))


class GroupOut(ApiSchema):
    pupils = fields.Integer()
    totals = CODE_TOTALS
    pupils_with_b = fields.Integer()
    pupils_at_signal = fields.Integer(
        metadata={"description": "Leerlingen met minstens de signaaldrempel aan halve dagen met B-code."}
    )


class ClassGroupOut(GroupOut):
    class_name = fields.String()


class GradeGroupOut(GroupOut):
    grade = fields.String(metadata={"description": "Leerjaar: de cijfers vooraan de klasnaam (2A → 2)."})


class BandOut(ApiSchema):
    band = fields.String(metadata={"description": "0-4, 5-9, 10-19, 20-29 of 30+ halve dagen met B-code."})
    min = fields.Integer()
    max = fields.Integer(allow_none=True)
    pupils = fields.Integer()


class MonthOut(ApiSchema):
    month = fields.String(metadata={"description": "JJJJ-MM, september tot augustus."})
    totals = CODE_TOTALS


class StatisticsOut(GroupOut):
    school_id = fields.Integer()
    school_year = fields.String()
    signal_b = fields.Integer()
    b_bands = fields.List(fields.Nested(BandOut))
    per_class = fields.List(fields.Nested(ClassGroupOut))
    per_grade = fields.List(fields.Nested(GradeGroupOut))
    per_month = fields.List(fields.Nested(MonthOut))


def threshold_range(t: Threshold) -> list:
    """A threshold's range; a legal ceiling (Threshold.ceiling) says its own rule when it is passed."""
    if t.ceiling:
        return [validate.Range(min=t.minimum), validate.Range(max=t.maximum, error=t.ceiling)]
    return [validate.Range(min=t.minimum, max=t.maximum)]


ThresholdsIn = ApiSchema.from_dict(
    {
        t.key: fields.Integer(
            allow_none=True,
            validate=threshold_range(t),
            metadata={"description": f"{t.title} (standaard {t.default}); null: standaard."},
        )
        for t in THRESHOLDS
    },
    name="ThresholdsIn",
)


def name_or_empty(value: str) -> None:
    """A name in ordinary characters, or empty (none)."""
    if value.strip():
        printable(value)


POLICE_PROTOCOL = fields.String(
    allow_none=True,
    validate=[validate.Length(max=POLICE_PROTOCOL_MAX), name_or_empty],
    metadata={
        "description": "De naam van het lokale politieprotocol waaronder de school werkt; null of leeg: "
        "geen. Enkel met een protocol telt de drempel police_protocol_b."
    },
)
LATE_BECOMES_B = fields.String(
    validate=one_of(LateRule),
    metadata={
        "description": "Wanneer te laat (L) een B-code wordt: none (nooit), minutes (na "
        "late_becomes_b_minutes minuten) of lesson_hour (na één lesuur, 50 minuten). De import leest "
        "de minuten uit de kolom minutes_late."
    },
)
LATE_MINUTES = fields.Integer(
    allow_none=True,
    validate=validate.Range(min=1, max=LATE_MINUTES_MAX),
    metadata={"description": "Na zoveel minuten te laat een B-code (bij late_becomes_b = minutes)."},
)


class SettingsPatch(ApiSchema):
    thresholds = fields.Nested(ThresholdsIn)
    meeting_cadence = fields.String(
        validate=one_of(MeetingCadence), metadata={"description": "biweekly (tweewekelijks) of monthly."}
    )
    police_protocol = POLICE_PROTOCOL
    late_becomes_b = LATE_BECOMES_B
    late_becomes_b_minutes = LATE_MINUTES


class SettingsOut(ApiSchema):
    school_id = fields.Integer()
    meeting_cadence = fields.String()
    thresholds = fields.Dict(metadata={"description": "De drempels waarmee de school werkt."})
    defaults = fields.Dict()
    overrides = fields.Dict(metadata={"description": "Wat de school anders koos dan de standaard."})
    legal = fields.Dict(
        metadata={
            "description": "Wettelijke cijfers, geen instellingen: signal_b_max (signaal aan het CLB "
            "hoogstens vanaf 5) en allowance_b (de grens van de schooltoeslag, 30)."
        }
    )
    police_protocol = fields.String(allow_none=True)
    late_becomes_b = fields.String()
    late_becomes_b_minutes = fields.Integer(allow_none=True)
    last_meeting_on = fields.Date(allow_none=True)
    next_meeting_due = fields.Date(allow_none=True)


class MeetingIn(ApiSchema):
    held_on = fields.Date(metadata={"description": "Dag van het overleg; standaard vandaag."})
    note = fields.String(validate=validate.Length(max=2000))


class MeetingOut(ApiSchema):
    id = fields.Integer()
    school_id = fields.Integer()
    held_on = fields.Date()
    school_year = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()
    created_by_id = fields.Integer()


class AgendaPupilOut(ApiSchema):
    id = fields.Integer()
    first_name = fields.String()
    last_name = fields.String()
    class_name = fields.String(allow_none=True)


class MeetingItemOut(ApiSchema):
    id = fields.Integer()
    pupil = fields.Nested(AgendaPupilOut)
    case_id = fields.Integer(allow_none=True)
    b_count = fields.Integer()
    compulsory = fields.Boolean()
    reasons = fields.List(
        fields.String(),
        metadata={"description": "Waarom op de agenda: b_signal, een knipperlicht, open_case."},
    )
    signals = fields.List(fields.Nested(SignalOut))
    decision = fields.String(allow_none=True)
    decision_note = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decided_by_id = fields.Integer(allow_none=True)
    journal_entry_id = fields.Integer(allow_none=True)


class MeetingDetailOut(MeetingOut):
    items = fields.List(fields.Nested(MeetingItemOut))


class DecisionIn(ApiSchema):
    pupil_id = Id(required=True)
    decision = fields.String(
        required=True,
        validate=one_of(MeetingDecision),
        metadata={
            "description": "discussed (besproken), action_agreed (actie afgesproken), signal_clb (signaal aan "
            "het CLB), refer_clb (aanmelding bij het CLB)."
        },
    )
    note = fields.String(validate=validate.Length(max=2000))


class DecisionsIn(ApiSchema):
    decisions = fields.List(
        fields.Nested(DecisionIn),
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Eén regel per leerling van de agenda: pupil_id, decision, note."},
    )
