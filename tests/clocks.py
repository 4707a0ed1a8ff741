"""The moments the tests run at; none is the real date.

- In-process tests run on a `FixedClock` at T0 (the `clock` fixture): their scenarios
  are written around it (what is due on which day, holidays included).
- Served apps (browser and server tests: `zorgpad serve`, its scheduler and every
  `zorgpad` command they run) show SERVED_AT when they start and run on from there
  (`ZORGPAD_NOW`, app/clock.py). `ZORGPAD_TEST_NOW` moves it to another day, e.g. the
  Friday before a holiday (`make test-hard-days` runs them on several such days); such
  tests count every "later" in school days from the served clock.
- `ZORGPAD_TEST_POSTGRES_NOW` moves the served apps on PostgreSQL alone to another
  moment; `hard-day` means the one of HARD_DAYS that `ZORGPAD_HARD_DAYS_SEED` picks
  (`.ci/run`: the commit), so one run serves SQLite on SERVED_AT and PostgreSQL on a
  hard day, and every hard day comes round over commits (`served_at(kind)`).
"""

import hashlib
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


def hard_days_for(seed: str, count: int) -> list[str]:
    """`count` of HARD_DAYS, ordered by a hash of the seed and the day: the same for one
    seed, each day as likely as the next over seeds; in HARD_DAYS' order."""
    ranked = sorted(HARD_DAYS, key=lambda day: hashlib.sha256(f"{seed}|{day}".encode()).hexdigest())
    picked = set(ranked[: max(1, count)])
    return [day for day in HARD_DAYS if day in picked]


def _postgres_served_at() -> datetime:
    named = os.environ.get("ZORGPAD_TEST_POSTGRES_NOW")
    if named == "hard-day":
        return parse_moment(hard_days_for(os.environ.get("ZORGPAD_HARD_DAYS_SEED", ""), 1)[0])
    return parse_moment(named) if named else SERVED_AT


SERVED_AT_BY_DATABASE = {"sqlite": SERVED_AT, "postgresql": _postgres_served_at()}


def served_at(kind: str) -> datetime:
    """The moment a served app on this kind of database ("sqlite", "postgresql") starts from."""
    return SERVED_AT_BY_DATABASE[kind]


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
