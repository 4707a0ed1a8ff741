"""Days and moments in the words a person reads, on Brussels' calendar: "di 24 nov 2026",
"di 24 nov 2026 09:00", "24 november 2026". The pages (app/web/labels.py), the
notifications, the journal's texts and the error messages all say a date this one way.

Babel's Dutch weekday and month names are read once: a lived-in case page shows hundreds
of moments, and babel's format_datetime parsed the locale and the pattern for each (about
half of the page's time; bench/README.md, case_page_p95_ms)."""

from datetime import date, datetime

from babel import Locale

from app.calendar.school_days import BRUSSELS

LOCALE = "nl_BE"
_NAMES = Locale.parse(LOCALE)
WEEKDAYS = [_NAMES.days["format"]["abbreviated"][i] for i in range(7)]
MONTHS = [""] + [_NAMES.months["format"]["abbreviated"][i] for i in range(1, 13)]
LONG_MONTHS = [""] + [_NAMES.months["format"]["wide"][i] for i in range(1, 13)]


def _local_day(value: date | datetime) -> date:
    return value.astimezone(BRUSSELS).date() if isinstance(value, datetime) else value


def day_words(value: date | datetime) -> str:
    """E.g. "di 24 nov 2026"."""
    value = _local_day(value)
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]} {value.year}"


def long_day_words(value: date | datetime) -> str:
    """E.g. "14 maart 2011": where the weekday does not matter (birth dates)."""
    value = _local_day(value)
    return f"{value.day} {LONG_MONTHS[value.month]} {value.year}"


def moment_words(value: datetime) -> str:
    """E.g. "di 24 nov 2026 09:00", Brussels time."""
    local = value.astimezone(BRUSSELS)
    return f"{day_words(local)} {local:%H:%M}"
