"""Flemish school days: weekdays that are neither public nor school holidays.

Deadlines in the care path are counted in school days. The `holidays` package
knows the Flemish public and school holidays; a school's own days off
(app/models/calendar.py) come in as `extra_days_off`.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
# A task due "on" a school day is due at the end of that school day.
END_OF_SCHOOL_DAY = time(16, 0)


@lru_cache(maxsize=32)
def _days_off(year: int) -> frozenset:
    return frozenset(holidays.Belgium(subdiv="Flemish", categories=("public", "school"), years=year))


def is_school_day(day: date, extra_days_off: frozenset = frozenset()) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year) and day not in extra_days_off


def add_school_days(start: date, count: int, extra_days_off: frozenset = frozenset()) -> date:
    """The date `count` school days after `start` (start itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_school_day(day, extra_days_off):
            remaining -= 1
    return day


def due_after_school_days(now: datetime, count: int, extra_days_off: frozenset = frozenset()) -> datetime:
    local_day = now.astimezone(BRUSSELS).date()
    due_day = add_school_days(local_day, count, extra_days_off)
    return datetime.combine(due_day, END_OF_SCHOOL_DAY, tzinfo=BRUSSELS).astimezone(now.tzinfo)
