"""Compulsory education (leerplicht), as vlaanderen.be "Leerplicht en schoolplicht" sets it.

It starts on 1 September of the calendar year the child turns 5. It ends on the
18th birthday for those who turn 18 before 1 July, else on 30 June of the year
they turn 18; a secondary-education diploma ends it earlier. Past it, only the
voluntary track: the legal tracks (police/parket, AGODI, M-document) are not
offered.
"""

from datetime import date, timedelta


def _birthday(birth_date: date, years: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # born on 29 February: the birthday falls on 1 March
        return date(birth_date.year + years, 3, 1)


def starts_on(birth_date: date) -> date:
    return date(birth_date.year + 5, 9, 1)


def last_day(birth_date: date, diploma_on: date | None = None) -> date:
    """The last day of compulsory education."""
    eighteen = _birthday(birth_date, 18)
    end = eighteen - timedelta(days=1) if eighteen < date(eighteen.year, 7, 1) else date(eighteen.year, 6, 30)
    if diploma_on is not None and diploma_on - timedelta(days=1) < end:
        end = diploma_on - timedelta(days=1)
    return end


def is_compulsory(birth_date: date, diploma_on: date | None, on: date) -> bool:
    return starts_on(birth_date) <= on <= last_day(birth_date, diploma_on)


def pupil_is_compulsory(pupil, on: date) -> bool:
    return is_compulsory(pupil.birth_date, pupil.diploma_on, on)
