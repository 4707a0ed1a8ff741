"""What goes into a document: Dutch words for codes, dates, yes/no, clean text.

Everything a document shows passes through here, so nothing prints as `None`
and nothing a user typed can break the document's XML (docxtpl autoescapes
<, > and &; characters XML 1.0 forbids are dropped here).
"""

import re
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date

from app.calendar.school_days import BRUSSELS
from app.vocabulary import AbsenceType, CaseStatus, Channel, JournalKind, Lane, Phase

LOCALE = "nl_BE"
BLANK = "—"  # an optional value nobody filled in
# A text block the recipient must see is missing (a required answer an older form did not
# ask); an optional section nobody filled in is left out instead (`optional`).
NOT_FILLED = "Niet ingevuld."
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

CODE_MEANINGS = {
    "A": "kleuter, nog niet leerplichtig",
    "R": "gewettigd door de regelgeving",
    "Z": "ziekte",
    "H": "revalidatie tijdens de lestijden",
    "P": "persoonlijke reden, met akkoord van de directie",
    "M": "werkplekleren gemist, niet onwillig",
    "B": "problematische afwezigheid",
    "L": "te laat (geen afwezigheid)",
    "-": "nog onbekend: wordt B zonder wettiging",
}
# What the school's software exported, where it differs from the stored code: in words
# (app/services/absences/codes.py maps the letters).
ORIGINAL_CODE_WORDS = {
    "D": "ziekte met doktersattest",
    "T": "schorsing of uitsluiting",
    "U": "schorsing of uitsluiting",
    "Y": "schorsing of uitsluiting",
    "C": "gewettigd door de regelgeving",
    "J": "gewettigd door de regelgeving",
    "L": "te laat, telt als B volgens de regel van de school",
}
RELATIONS = {
    "moeder": "moeder",
    "vader": "vader",
    "ouder": "ouder",
    "plusouder": "plusouder",
    "pleegouder": "pleegouder",
    "voogd": "voogd",
    "grootouder": "grootouder",
    "andere": "andere contactpersoon",
}
CHANNELS = {
    Channel.PHONE: "telefoon",
    Channel.EMAIL: "e-mail",
    Channel.SCHOOL_PLATFORM: "schoolplatform",
    Channel.LETTER: "brief",
    Channel.HOME_VISIT: "huisbezoek",
    Channel.IN_PERSON: "gesprek op school",
    Channel.VIDEO: "videogesprek",
}
JOURNAL_KINDS: dict[str, str] = {  # keyed by the stored kind (a JournalKind is its str)
    JournalKind.CONTACT_ATTEMPT: "Contactpoging",
    JournalKind.CONTACT: "Contact",
    JournalKind.MEASURE: "Maatregel",
    JournalKind.NOTE: "Notitie",
}
ABSENCE_TYPES = {
    AbsenceType.SPIJBELEN: "spijbelen",
    AbsenceType.SCHOOLONTHOUDING: "schoolonthouding",
    AbsenceType.SCHOOLUITSLUITING: "schooluitsluiting",
    AbsenceType.SCHOOLWEIGERING: "schoolweigering",
    AbsenceType.ONBEKEND: "nog niet bepaald",
}
PHASES = {
    Phase.FASE1: "fase 1, verhoogde zorg (school)",
    Phase.FASE2: "fase 2, uitbreiding van zorg (CLB)",
    Phase.FASE3: "fase 3, aanbod op maat",
}
STATUSES = {CaseStatus.OPEN: "lopend", CaseStatus.MONITORING: "in opvolging", CaseStatus.CLOSED: "afgesloten"}
LANES = {Lane.SCHOOL: "School", Lane.CLB: "CLB"}


def clean(value: str) -> str:
    """Text as a document can hold it: line ends as \\n, no characters XML forbids."""
    return _ILLEGAL_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def cleaned(value):
    """`clean` on every text in a context (dicts, lists, tuples)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: cleaned(inner) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [cleaned(inner) for inner in value]
    return value


def label(table: dict, code) -> str:
    return table.get(code, code) if code else BLANK


def as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(BRUSSELS).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def long_day(value) -> str:
    """24 november 2026 (a date, a date-time in Brussels, or ISO text); — when missing."""
    day = as_date(value)
    return format_date(day, "d MMMM y", locale=LOCALE) if day else BLANK


def short_day(value) -> str:
    """di 24-11-2026, for tables."""
    day = as_date(value)
    return format_date(day, "EEE dd-MM-y", locale=LOCALE).replace(".", "") if day else BLANK


def numeric_day(value) -> str:
    """24-11-2026."""
    day = as_date(value)
    return day.strftime("%d-%m-%Y") if day else BLANK


def yes_no(value) -> str:
    return BLANK if value is None else ("ja" if value else "nee")


def text(value) -> str:
    """A text a user wrote; `Niet ingevuld.` when empty."""
    return value if isinstance(value, str) and value.strip() else NOT_FILLED


def optional(value) -> str:
    """A text a user may leave out; "" when empty, so the template leaves its section out."""
    return value.strip() if isinstance(value, str) else ""


def value(item) -> str:
    """A short value a user gave; — when empty."""
    if item is None or (isinstance(item, str) and not item.strip()):
        return BLANK
    return str(item)


def language(code: str | None) -> str:
    """A language code in Dutch (Babel): fr → Frans."""
    if not code:
        return BLANK
    return Locale.parse(LOCALE).languages.get(code, code).capitalize()
