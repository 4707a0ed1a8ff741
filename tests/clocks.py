"""The moments the tests run at; none is the real date.

- In-process tests run on a `FixedClock` at T0 (the `clock` fixture): their scenarios
  are written around it (what is due on which day, holidays included).
- Served apps (browser and server tests: `zorgpad serve`, its scheduler and every
  `zorgpad` command they run) show SERVED_AT when they start and run on from there
  (`ZORGPAD_NOW`, app/clock.py). `ZORGPAD_TEST_NOW` moves it to another day, e.g. the
  Friday before a holiday (`make test-hard-days` runs them on several such days); such
  tests count every "later" in school days from the served clock.
"""

import os
from datetime import UTC, date, datetime, timedelta

from app.calendar.school_days import BRUSSELS, END_OF_SCHOOL_DAY, is_school_day
from app.clock import parse_moment

# Tuesday 24 November 2026, 09:00 in Brussels: a school day.
T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
SERVED_AT = parse_moment(os.environ["ZORGPAD_TEST_NOW"]) if os.environ.get("ZORGPAD_TEST_NOW") else T0
# The days `make test-hard-days` serves the app on: the Friday before the Christmas
# holiday, the last school day before the summer, a Monday after the autumn break,
# a leap day in the spring (Krokus) holiday.
HARD_DAYS = (
    "2026-12-18T09:00:00+01:00",
    "2027-06-30T09:00:00+02:00",
    "2027-11-08T09:00:00+01:00",
    "2028-02-29T09:00:00+01:00",
)


def day_of(moment: datetime) -> date:
    return moment.astimezone(BRUSSELS).date()


def end_of_school_day(day: date) -> datetime:
    """The moment a timer set to `day` fires (app/engine/timers: a date = the end of that school day)."""
    return datetime.combine(day, END_OF_SCHOOL_DAY, BRUSSELS)


def previous_school_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_school_day(day):
        day -= timedelta(days=1)
    return day


def last_school_half_days(before: date, count: int, first: date) -> list[tuple[date, str]]:
    """The last `count` school half-days before `before`, not before `first`, newest first."""
    from app.calendar.school_year import is_school_half_day

    found, day = [], before - timedelta(days=1)
    while day >= first and len(found) < count:
        for half in ("pm", "am"):
            if is_school_half_day(day, half) and len(found) < count:
                found.append((day, half))
        day -= timedelta(days=1)
    return found
