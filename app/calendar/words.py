"""Days and moments in the words a person reads, on Brussels' calendar: "di 24 nov. 2026",
"di 24 nov. 2026 09:00". The pages (app/web/labels.py), the notifications, the journal's
texts and the error messages all say a date this one way."""

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from app.calendar.school_days import BRUSSELS

LOCALE = "nl_BE"


def day_words(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(BRUSSELS).date()
    return format_date(value, "EEE d MMM y", locale=LOCALE)


def moment_words(value: datetime) -> str:
    return format_datetime(value, "EEE d MMM y HH:mm", tzinfo=BRUSSELS, locale=LOCALE)
