"""Cases (dossiers), their events, messages and journal."""

from marshmallow import ValidationError, fields, validate, validates_schema

from app.api.schemas.common import ApiSchema, Id, PageArgs, PersonRef, one_of
from app.api.schemas.notices import NoticeOut
from app.api.schemas.pupils import PupilOut
from app.api.schemas.tasks import TaskOut
from app.services.cases.caseload import DEFAULT_SORT, SORTS
from app.vocabulary import AbsenceType, CaseStatus, CaseTrack, Channel, JournalKind, Phase, Visibility


class CaseIn(ApiSchema):
    pupil_id = Id(required=True)
    absence_type = fields.String(
        validate=one_of(AbsenceType), metadata={"description": "Standaard onbekend: eerst uitzoeken."}
    )
    reason = fields.String(
        validate=validate.Length(max=2000),
        metadata={"description": "Waarom het dossier geopend wordt (komt in de gebeurtenissen)."},
    )
    b_count = fields.Integer(
        validate=validate.Range(min=0, max=1000),
        metadata={"description": "Aantal halve dagen met B-code dit schooljaar, als gekend."},
    )
    first_absence_on = fields.Date(
        metadata={
            "description": "Een afwezigheid (eerste dag, JJJJ-MM-DD) waarvoor het dossier meteen een opvolging "
            "start (ouders contacteren, gesprek bij terugkeer)."
        }
    )
    track = fields.String(
        load_default=CaseTrack.CARE,
        validate=one_of(CaseTrack),
        metadata={"description": "care: het zorgpad; return: terugkeer na lange gewettigde afwezigheid."},
    )


class CancelIn(ApiSchema):
    reason = fields.String(
        validate=validate.Length(max=2000),
        metadata={"description": "Verplicht: waarom het dossier ten onrechte geopend werd."},
    )


class CasePatch(ApiSchema):
    absence_type = fields.String(
        validate=one_of(AbsenceType), metadata={"description": "Het nieuwe type afwezigheid (CLB)."}
    )
    reason = fields.String(
        validate=validate.Length(max=2000),
        metadata={"description": "Waarom; de school leest dit in de gebeurtenissen."},
    )
    owner_id = Id(
        allow_none=True,
        metadata={"description": "De dossierverantwoordelijke van de school (school; null: niemand)."},
    )
    clb_owner_id = Id(
        allow_none=True,
        metadata={"description": "De dossierverantwoordelijke van het CLB (CLB; null: niemand)."},
    )

    @validates_schema
    def _one_change(self, data, **_):
        given = [name for name in ("absence_type", "owner_id", "clb_owner_id") if name in data]
        if len(given) != 1:
            raise ValidationError("Geef precies één van absence_type, owner_id of clb_owner_id.", "_schema")


class OwnerOut(ApiSchema):
    id = fields.Integer()
    name = fields.String(attribute="full_name")


class AgreementsOut(ApiSchema):
    agreements = fields.String()
    school_contact = fields.String(allow_none=True)
    relapse_signal = fields.String(allow_none=True)
    agreed_at = fields.String()


class CaseSummaryOut(ApiSchema):
    id = fields.Integer(
        allow_none=True,
        metadata={
            "description": "null enkel na het afronden van een taak van een opvolging zonder dossier: dan "
            "volgen de leerling en de open opvolgingstaken."
        },
    )
    track = fields.String(metadata={"description": "care: het zorgpad; return: terugkeertraject."})
    pupil_id = fields.Integer()
    school_id = fields.Integer()
    pupil = fields.Nested(PupilOut)
    status = fields.String()
    phase = fields.String()
    absence_type = fields.String()
    access = fields.String(
        metadata={
            "description": "current: uw dossier; former: een vroegere school "
            "van de leerling (alleen lezen, tot de overstap)."
        }
    )
    workflow_key = fields.String()
    workflow_version = fields.Integer()
    version = fields.Integer()
    opened_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    next_timer_due_at = fields.DateTime(allow_none=True)
    clb_since = fields.DateTime(
        allow_none=True,
        metadata={
            "description": "Sinds wanneer het CLB het dossier ziet (signaal of aanmelding); null: nog niet."
        },
    )
    school_year_b_count = fields.Integer(
        allow_none=True,
        metadata={"description": "Aantal halve dagen met B-code dit schooljaar, zoals het dossier het kent."},
    )
    followup_agreements = fields.Nested(
        AgreementsOut,
        allow_none=True,
        metadata={"description": "Opvolgafspraken van het CLB met de school bij het afsluiten."},
    )
    compulsory_education_until = fields.Date(metadata={"description": "Laatste dag van de leerplicht."})
    legal_tracks_available = fields.Boolean(
        metadata={"description": "false: niet (meer) leerplichtig, enkel vrijwillige begeleiding."}
    )
    owner = fields.Nested(
        OwnerOut,
        allow_none=True,
        metadata={"description": "Dossierverantwoordelijke van de school; zijn of haar taken volgen."},
    )
    clb_owner = fields.Nested(
        OwnerOut,
        allow_none=True,
        metadata={"description": "Dossierverantwoordelijke van het CLB, aangeduid bij de aanvaarding."},
    )


class CaseListItemOut(CaseSummaryOut):
    open_task_count = fields.Integer(metadata={"description": "Open taken die u mag zien."})
    next_due_at = fields.DateTime(
        allow_none=True, metadata={"description": "Vroegste termijn van een open taak die u mag zien."}
    )
    overdue = fields.Boolean(metadata={"description": "true: een open taak is over haar termijn."})
    signal_due = fields.Boolean(
        metadata={
            "description": "true: het lopende dossier bereikte de signaaldrempel van de school en het CLB "
            "is nog niet gesignaleerd."
        }
    )


class CaseOut(CaseSummaryOut):
    open_tasks = fields.List(fields.Nested(TaskOut))
    notices = fields.List(
        fields.Nested(NoticeOut),
        metadata={"description": "Wat het CLB van de school vraagt ('voor de school'), met de bevestiging."},
    )
    below_signal_floor = fields.Boolean(
        metadata={
            "description": "true: na correcties ligt het aantal halve dagen met B-code onder de signaaldrempel; "
            "werd het dossier ten onrechte geopend, annuleer het dan."
        }
    )
    signal_due = fields.Boolean(
        metadata={
            "description": "true: de B-codes bereikten de signaaldrempel van de school (standaard 5) en het CLB "
            "is nog niet gesignaleerd; fase 1 sluit niet af zonder signaal."
        }
    )


class CaseListArgs(PageArgs):
    status = fields.String(validate=one_of(CaseStatus))
    phase = fields.String(validate=one_of(Phase))
    school_id = Id()
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Zoek op (een deel van) de naam of het leerlingnummer."},
    )
    overdue = fields.Boolean(
        load_default=False, metadata={"description": "Enkel dossiers met een open taak over haar termijn."}
    )
    signal_due = fields.Boolean(
        load_default=False,
        metadata={"description": "Enkel lopende dossiers waarvan het signaal aan het CLB nog moet gebeuren."},
    )
    owner = fields.String(
        validate=validate.OneOf(["me"]),
        metadata={
            "description": "`me`: enkel de dossiers waarvan u de verantwoordelijke bent (voor de school: "
            "`owner`, voor het CLB: `clb_owner`)."
        },
    )
    sort = fields.String(
        load_default=DEFAULT_SORT,
        validate=validate.OneOf(list(SORTS)),
        metadata={"description": "; ".join(f"`{key}`: {words}" for key, words in SORTS.items()) + "."},
    )


class EventOut(ApiSchema):
    id = fields.Integer()
    at = fields.DateTime()
    kind = fields.String()
    what = fields.String()
    old_value = fields.String(allow_none=True)
    new_value = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    actor = fields.Nested(PersonRef, allow_none=True)
    task_id = fields.Integer(allow_none=True)


class MessageIn(ApiSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Naam van het bericht, bv. school_change."},
    )
    data = fields.Dict(
        load_default=dict,
        metadata={
            "description": "Inhoud. school_change: {new_school_id, b_count?, new_external_id?}; "
            "new_absences: {b_count?, first_absence_on?, note?}; "
            "police_track: {reason?, confirm_school_refusal?, could_not_wait?, could_not_wait_reason?}; "
            "evaluate_now: {reason?}; m_document, agodi_report: {consultation?}."
        },
    )


class JournalIn(ApiSchema):
    kind = fields.String(
        required=True,
        validate=one_of(JournalKind),
        metadata={"description": "contact_attempt, contact, measure of note."},
    )
    channel = fields.String(
        allow_none=True,
        validate=one_of(Channel),
        metadata={"description": "Verplicht bij een contact(poging)."},
    )
    occurred_at = fields.AwareDateTime(
        required=True, metadata={"description": "Wanneer, met tijdzone, bv. 2026-11-24T09:30:00+01:00."}
    )
    text = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    outcome = fields.String(allow_none=True, validate=validate.Length(max=200))
    visibility = fields.String(
        load_default=Visibility.SHARED,
        validate=one_of(Visibility),
        metadata={"description": "shared (school en CLB) of clb (enkel CLB)."},
    )


class JournalOut(ApiSchema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String()
    channel = fields.String(allow_none=True)
    occurred_at = fields.DateTime()
    outcome = fields.String(allow_none=True)
    text = fields.String()
    visibility = fields.String()
    author = fields.Nested(PersonRef)
    created_at = fields.DateTime()


class WorkflowOut(ApiSchema):
    key = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    filename = fields.String()
    deployed_at = fields.DateTime()
    running = fields.Integer(
        metadata={"description": "Lopende instanties op deze versie (`zorgpad migrate` verplaatst ze)."}
    )
