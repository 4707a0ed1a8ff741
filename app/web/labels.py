"""What a user reads for the app's codes and moments, in Dutch (Jinja filters)."""

from datetime import date, datetime, timedelta

from app.calendar.school_days import BRUSSELS
from app.calendar.words import day_words, long_day_words, moment_words
from app.services.contacts import languages
from app.services.tasks.work import ROLE_NAMES
from app.vocabulary import (
    AbsenceType,
    CaseStatus,
    CaseTrack,
    Channel,
    ContactRelation,
    EventKind,
    InstanceStatus,
    JournalKind,
    Lane,
    Phase,
    Role,
    TaskStatus,
)

LOCALE = "nl_BE"

PHASES = {
    Phase.FASE1: "Fase 1 · verhoogde zorg (school)",
    Phase.FASE2: "Fase 2 · uitbreiding van zorg (CLB)",
    Phase.FASE3: "Fase 3 · aanbod op maat",
}
STATUSES = {
    CaseStatus.OPEN: "Lopend",
    CaseStatus.MONITORING: "In opvolging",
    CaseStatus.CLOSED: "Afgesloten",
    CaseStatus.CANCELLED: "Geannuleerd",
}
TRACKS = {CaseTrack.CARE: "Zorgpad", CaseTrack.RETURN: "Terugkeertraject"}
RELATIONS = {
    ContactRelation.MOEDER: "Moeder",
    ContactRelation.VADER: "Vader",
    ContactRelation.OUDER: "Ouder",
    ContactRelation.PLUSOUDER: "Plusouder (stiefouder)",
    ContactRelation.PLEEGOUDER: "Pleegouder",
    ContactRelation.VOOGD: "Voogd",
    ContactRelation.GROOTOUDER: "Grootouder",
    ContactRelation.ANDERE: "Andere contactpersoon",
}
FOLLOWUP_STATUSES = {
    InstanceStatus.RUNNING: "loopt",
    InstanceStatus.COMPLETED: "afgerond",
    InstanceStatus.CANCELLED: "vervallen (gewettigd)",
}
TASK_STATUSES = {TaskStatus.OPEN: "open", TaskStatus.COMPLETED: "afgerond", TaskStatus.CANCELLED: "vervallen"}
ABSENCE_TYPES = {
    AbsenceType.SPIJBELEN: "Spijbelen",
    AbsenceType.SCHOOLONTHOUDING: "Schoolonthouding",
    AbsenceType.SCHOOLUITSLUITING: "Schooluitsluiting",
    AbsenceType.SCHOOLWEIGERING: "Schoolweigering",
    AbsenceType.ONBEKEND: "Nog niet bepaald",
}
JOURNAL_KINDS = {
    JournalKind.CONTACT_ATTEMPT: "Contactpoging",
    JournalKind.CONTACT: "Contact",
    JournalKind.MEASURE: "Maatregel",
    JournalKind.NOTE: "Notitie",
}
CHANNELS = {
    Channel.PHONE: "Telefoon",
    Channel.EMAIL: "E-mail",
    Channel.SCHOOL_PLATFORM: "Schoolplatform",
    Channel.LETTER: "Brief",
    Channel.HOME_VISIT: "Huisbezoek",
    Channel.IN_PERSON: "Gesprek op school",
    Channel.VIDEO: "Videogesprek",
}
LANES = {Lane.SCHOOL: "School", Lane.CLB: "CLB"}
EVENTS = {
    EventKind.CASE_OPENED: "Dossier geopend",
    EventKind.STATUS_CHANGED: "Status gewijzigd",
    EventKind.PHASE_CHANGED: "Fase gewijzigd",
    EventKind.ABSENCE_TYPE_CHANGED: "Type afwezigheid gewijzigd",
    EventKind.TASK_CREATED: "Nieuwe taak",
    EventKind.TASK_COMPLETED: "Taak afgerond",
    EventKind.TASK_CANCELLED: "Taak vervallen",
    EventKind.TASK_CLAIMED: "Taak opgenomen",
    EventKind.TASK_UNCLAIMED: "Taak vrijgegeven",
    EventKind.TASK_ASSIGNED: "Taak toegewezen",
    EventKind.MESSAGE_RECEIVED: "Bericht ontvangen",
    EventKind.SCHOOL_CHANGED: "Schoolverandering",
    EventKind.JOURNAL_ADDED: "Logboek aangevuld",
    EventKind.REMINDER_SENT: "Herinnering verstuurd",
    EventKind.ESCALATED: "Geëscaleerd",
    EventKind.TIMER_FIRED: "Wachttijd voorbij",
    EventKind.DUE_DATE_MOVED: "Termijn verschoven",
    EventKind.CLB_INVOLVED: "CLB betrokken",
    EventKind.NOTICE: "Mededeling",
    EventKind.AGREEMENTS_SHARED: "Opvolgafspraken",
    EventKind.PROCESS_STARTED: "Opvolging gestart",
    EventKind.PROCESS_CANCELLED: "Opvolging stopgezet",
    EventKind.WORKFLOW_MIGRATED: "Naar een nieuwe versie van het pad",
    EventKind.DOCUMENT_GENERATED: "Document gemaakt",
    EventKind.ABSENCES_IMPORTED: "Afwezigheden ingelezen",
    EventKind.SIGNAL_DUE: "Signaal aan het CLB nodig",
    EventKind.FOLLOWUP_CANCELLED: "Opvolging vervalt",
    EventKind.CASE_CANCELLED: "Dossier geannuleerd",
    EventKind.FOLLOWUPS_ADOPTED: "Opvolgingen overgenomen",
    EventKind.BELOW_SIGNAL_FLOOR: "Onder de signaaldrempel",
    EventKind.OWNER_CHANGED: "Dossierverantwoordelijke",
    EventKind.NOTICE_ACKNOWLEDGED: "Mededeling bevestigd",
}
# Short names for the deadlines of app/calendar/deadlines.py (their descriptions say the rest).
DEADLINE_NAMES = {
    "reminder": "Herinnering",
    "escalation": "Escalatie",
    "clb_reminder": "Herinnering (CLB)",
    "clb_escalation": "Escalatie (CLB)",
    "first_contact_reminder": "Herinnering eerste contact",
    "first_contact_escalation": "Escalatie eerste contact",
    "plan_reminder": "Herinnering plan fase 1",
    "plan_escalation": "Escalatie plan fase 1",
    "absence_meeting_reminder": "Herinnering signaal aan het CLB",
    "absence_meeting_escalation": "Escalatie signaal aan het CLB",
    "clb_start_reminder": "Herinnering start CLB",
    "clb_start_escalation": "Escalatie start CLB",
    "action_plan_evaluation": "Evaluatie van het begeleidingsplan",
    "clb_evaluation": "Evaluatie van een CLB-begeleiding",
    "relapse_check": "Controle op terugval",
    "return_followup": "Opvolging van een terugkeer",
}


CLB_INVOLVEMENTS = {
    "signal": "signaal van de school (vanaf 5 halve dagen met B-code)",
    "referral": "aanmelding door de school",
    "medical_certificate": "twijfel over een medisch attest (CLB-arts)",
    "police_consult": "overleg vóór een melding aan de politie",
}
PROCESSES = {
    "case": "het zorgtraject",
    "absence_followup": "opvolging van een afwezigheid",
    "police_track": "het politiespoor",
    "handover": "de warme overdracht",
    "m_document": "het M-document aan OCJ/VK",
    "agodi_report": "de melding aan AGODI",
    "school_offer": "het aanbod op maat (deel van de school)",
}


def _lookup(table: dict, value) -> str:
    return table.get(value, value or "")


def phase(value) -> str:
    return _lookup(PHASES, value)


def status(value) -> str:
    return _lookup(STATUSES, value)


def absence_type(value) -> str:
    return _lookup(ABSENCE_TYPES, value)


def journal_kind(value) -> str:
    return _lookup(JOURNAL_KINDS, value)


def channel(value) -> str:
    return _lookup(CHANNELS, value)


def lane(value) -> str:
    return _lookup(LANES, value)


def deadline_name(value) -> str:
    return _lookup(DEADLINE_NAMES, value)


def deadline_help(description: str) -> str:
    """A deadline's description without the "Name: " it starts with (the page shows the name)."""
    head, colon, rest = description.partition(": ")
    if colon and len(head) <= 40 and rest:
        return rest[:1].upper() + rest[1:]
    return description


def role(value) -> str:
    """One role code in words ("directie", "CLB-directeur")."""
    try:
        return ROLE_NAMES.get(Role(value), value)
    except ValueError:
        return value or ""


def roles(actor) -> str:
    return ", ".join(sorted(ROLE_NAMES.get(Role(r), r) for r in actor.roles))


def day(value: date | datetime | None) -> str:
    """E.g. "di 24 nov 2026"; moments are shown on Brussels' calendar."""
    if value is None:
        return ""
    return day_words(value)


def long_day(value: date | datetime | None) -> str:
    """E.g. "14 maart 2011": for birth dates and other days where the weekday does not matter."""
    if value is None:
        return ""
    return long_day_words(value)


def iso_day(value: str | None) -> str:
    """A form's ISO date ("2026-11-24") in words; other text as it is."""
    try:
        return day(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def moment(value: datetime | None) -> str:
    """E.g. "di 24 nov 2026 09:00" in Brussels time."""
    if value is None:
        return ""
    return moment_words(value)


def due(due_at: datetime | None, now: datetime) -> tuple[str, str]:
    """(words, css state) for a deadline: "te laat", "vandaag", "morgen" or the day."""
    if due_at is None:
        return "geen termijn", "none"
    today = now.astimezone(BRUSSELS).date()
    due_day = due_at.astimezone(BRUSSELS).date()
    if due_at < now:
        return f"te laat (sinds {day(due_day)})", "late"
    if due_day == today:
        return "vandaag", "today"
    if due_day == today + timedelta(days=1):
        return "morgen", "soon"
    return day(due_day), "later"


def event_kind(kind: str | None) -> str:
    return EVENTS.get(kind, kind or "") if kind else ""


def relation(code: str) -> str:
    return RELATIONS.get(code, code)


def language(code: str | None) -> str:
    """A language code by its Dutch name (Babel), e.g. fr → Frans."""
    return languages().get(code or "", code or "")


def init_app(app) -> None:
    for name, function in (
        ("relation", relation),
        ("language", language),
        ("phase", phase),
        ("status", status),
        ("event_kind", event_kind),
        ("absence_type", absence_type),
        ("journal_kind", journal_kind),
        ("channel", channel),
        ("lane", lane),
        ("day", day),
        ("long_day", long_day),
        ("iso_day", iso_day),
        ("moment", moment),
        ("roles", roles),
        ("deadline_name", deadline_name),
        ("deadline_help", deadline_help),
    ):
        app.add_template_filter(function, name)
