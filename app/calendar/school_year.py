"""School years (1 September – 31 August) and school half-days.

Absences are registered per half-day and counted per school year. A school
half-day is the morning or afternoon of a school day (`app.calendar.school_days`),
except Wednesday afternoon: Flemish schools have no lessons then.
"""

import re
from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache

from app.calendar.school_days import is_school_day
from app.vocabulary import HalfDay

LABEL = re.compile(r"^(\d{4})-(\d{4})$")
WEDNESDAY = 2


def school_year_of(day: date) -> str:
    """`2026-2027` for any day from 1 September 2026 to 31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def parse_school_year(label: str) -> int:
    """The calendar year the school year starts in; ValueError if not `YYYY-YYYY+1`."""
    match = LABEL.match(label or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"geen schooljaar: {label!r} (verwacht bv. 2026-2027)")
    return int(match.group(1))


def school_year_bounds(label: str) -> tuple[date, date]:
    start = parse_school_year(label)
    return date(start, 9, 1), date(start + 1, 8, 31)


def previous_school_year(label: str) -> str:
    start = parse_school_year(label)
    return f"{start - 1}-{start}"


def is_school_half_day(day: date, half_day: str) -> bool:
    if not is_school_day(day):
        return False
    return not (day.weekday() == WEDNESDAY and half_day == HalfDay.PM)


def next_half_day(day: date, half_day: str) -> tuple[date, str]:
    if half_day == HalfDay.AM:
        return day, HalfDay.PM
    return day + timedelta(days=1), HalfDay.AM


def school_half_day_between(first: tuple[date, str], last: tuple[date, str]) -> bool:
    """Whether a school half-day lies strictly between two half-days (first < last).

    Two absent half-days with none between them belong to one absence episode:
    Friday afternoon and Monday morning do, over a weekend or a holiday.
    """
    day, half = next_half_day(*first)
    while (day, half) < last:
        if is_school_half_day(day, half):
            return True
        day, half = next_half_day(day, half)
    return False


def count_school_half_days(start: date, end: date) -> int:
    """School half-days from `start` to `end`, both included."""
    total = 0
    day = start
    while day <= end:
        if is_school_day(day):
            total += 1 if day.weekday() == WEDNESDAY else 2
        day += timedelta(days=1)
    return total


@lru_cache(maxsize=16)
def _school_week_mondays(label: str) -> tuple[date, ...]:
    """Mondays of the weeks of a school year that hold at least one school day."""
    first, last = school_year_bounds(label)
    monday = first - timedelta(days=first.weekday())
    mondays = []
    while monday <= last:
        if any(is_school_day(monday + timedelta(days=i)) for i in range(5)):
            mondays.append(monday)
        monday += timedelta(days=7)
    return tuple(mondays)


def school_week_index(day: date) -> int:
    """Which school week of its school year a day falls in (0 = the first).

    Holiday weeks are not school weeks: a day in one counts with the school
    week before it, so "6 school weeks" never shrinks over a holiday.
    """
    mondays = _school_week_mondays(school_year_of(day))
    monday = day - timedelta(days=day.weekday())
    return max(bisect_right(mondays, monday) - 1, 0)
