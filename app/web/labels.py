"""What a user reads for the app's codes and moments, in Dutch (Jinja filters)."""
from datetime import date, datetime, timedelta

from babel.dates import format_date, format_datetime

from app.school_calendar import BRUSSELS
from app.services.tasks import ROLE_NAMES
from app.vocabulary import AbsenceType, CaseStatus, Channel, EventKind, JournalKind, Lane, Phase, Role

LOCALE = "nl_BE"

PHASES = {
    Phase.FASE1: "Fase 1 · verhoogde zorg (school)",
    Phase.FASE2: "Fase 2 · uitbreiding van zorg (CLB)",
    Phase.FASE3: "Fase 3 · aanbod op maat",
}
STATUSES = {CaseStatus.OPEN: "Lopend", CaseStatus.MONITORING: "In opvolging", CaseStatus.CLOSED: "Afgesloten"}
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
    EventKind.ABSENCES_IMPORTED: "Afwezigheden ingelezen",
    EventKind.PROCESS_STARTED: "Gestart",
    EventKind.SIGNAL_DUE: "Signaal aan het CLB nodig",
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


def roles(actor) -> str:
    return ", ".join(sorted(ROLE_NAMES.get(Role(r), r) for r in actor.roles))


def day(value: date | datetime | None) -> str:
    """E.g. "di 24 nov. 2026"; moments are shown on Brussels' calendar."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BRUSSELS).date()
    return format_date(value, "EEE d MMM y", locale=LOCALE)


def long_day(value: date | datetime | None) -> str:
    """E.g. "14 maart 2011": for birth dates and other days where the weekday does not matter."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BRUSSELS).date()
    return format_date(value, "d MMMM y", locale=LOCALE)


def iso_day(value: str | None) -> str:
    """A form's ISO date ("2026-11-24") in words; other text as it is."""
    try:
        return day(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def moment(value: datetime | None) -> str:
    """E.g. "di 24 nov. 2026 09:00" in Brussels time."""
    if value is None:
        return ""
    return format_datetime(value, "EEE d MMM y HH:mm", tzinfo=BRUSSELS, locale=LOCALE)


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


def init_app(app) -> None:
    for name, function in (("phase", phase), ("status", status), ("absence_type", absence_type),
                           ("journal_kind", journal_kind), ("channel", channel), ("lane", lane),
                           ("day", day), ("long_day", long_day), ("iso_day", iso_day), ("moment", moment),
                           ("roles", roles)):
        app.add_template_filter(function, name)
