"""Patterns in a pupil's dated absences, for the warning signs (pure: dates in, figures out).

- the fastest window: the most absent half-days within N consecutive school
  weeks (snelheid van opstapeling; holiday weeks are no school weeks);
- the same weekday: how many different days of one weekday the pupil was
  absent, against all absent days;
- around holidays: absent on the school day right before or after a holiday or
  a long weekend (app/calendar/school_days: Flemish public and school
  holidays, plus the school's own days off).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from app.calendar.school_days import is_school_day

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")
WEEKDAYS_PLURAL = ("maandagen", "dinsdagen", "woensdagen", "donderdagen", "vrijdagen")
# A weekday stands out when it holds at least 2 in 5 of the absent days: twice
# what chance gives (one in five school days). A long illness spreads evenly
# over the weekdays and does not stand out. Our choice; the sources give no figure.
WEEKDAY_SHARE = (2, 5)
# A break long enough to count: at least 3 days in a row without school, one of
# them a weekday (a holiday, a long weekend); an ordinary weekend does not count,
# nor does one free weekday in the middle of a week.
BREAK_DAYS = 3
SEARCH_DAYS = 120  # the summer holiday is the longest break


def fastest_window(speed_days: list[tuple[int, date]], weeks: int) -> tuple[int, date | None, date | None]:
    """The most absent half-days within `weeks` consecutive school weeks: (count, first, last)."""
    best, first, last = 0, None, None
    start = 0
    for end, (week, day) in enumerate(speed_days):
        while week - speed_days[start][0] >= weeks:
            start += 1
        if end - start + 1 > best:
            best, first, last = end - start + 1, speed_days[start][1], day
    return best, first, last


def same_weekday(days: Iterable[date]) -> tuple[int | None, int, int]:
    """(weekday 0–4 or None, absent days on it, all absent days) for the weekday with the
    most absent days (the earliest weekday on a tie), if it stands out (`WEEKDAY_SHARE`)."""
    days = set(days)
    counts = Counter(day.weekday() for day in days if day.weekday() < 5)
    if not counts:
        return None, 0, len(days)
    weekday, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    share, out_of = WEEKDAY_SHARE
    if count * out_of < share * len(days):
        return None, count, len(days)
    return weekday, count, len(days)


def _school_day_from(day: date, step: int, days_off: frozenset) -> date | None:
    for _ in range(SEARCH_DAYS):
        day += timedelta(days=step)
        if is_school_day(day, days_off):
            return day
    return None


def next_to_a_break(day: date, days_off: frozenset = frozenset()) -> bool:
    """Whether a school day is the last before, or the first after, a holiday or long weekend."""
    if not is_school_day(day, days_off):
        return False
    for step in (1, -1):
        other = _school_day_from(day, step, days_off)
        if other is None:
            continue
        between = [day + timedelta(days=step * i) for i in range(1, abs((other - day).days))]
        if len(between) >= BREAK_DAYS and any(d.weekday() < 5 for d in between):
            return True
    return False


def around_breaks(days: Iterable[date], days_off: frozenset = frozenset()) -> list[date]:
    """The days (sorted) that lie right before or after a holiday or long weekend."""
    return sorted(day for day in set(days) if next_to_a_break(day, days_off))
