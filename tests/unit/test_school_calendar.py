"""School days in Flanders (weekends, public and school holidays are skipped)."""

from datetime import UTC, date, datetime

from app.calendar.school_days import add_school_days, due_after_school_days, is_school_day


def test_weekend_and_holidays_are_not_school_days():
    assert is_school_day(date(2026, 11, 24))  # a Tuesday
    assert not is_school_day(date(2026, 11, 28))  # Saturday
    assert not is_school_day(date(2026, 11, 11))  # Wapenstilstand
    assert not is_school_day(date(2026, 12, 28))  # kerstvakantie


def test_counting_school_days_skips_the_christmas_holiday():
    # Friday 18 Dec 2026 is the last school day before kerstvakantie;
    # school resumes on Monday 4 January 2027.
    assert add_school_days(date(2026, 12, 17), 1) == date(2026, 12, 18)
    assert add_school_days(date(2026, 12, 18), 1) == date(2027, 1, 4)
    assert add_school_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # over a weekend


def test_extra_days_off_of_a_school_count_too():
    study_day = date(2026, 11, 25)
    assert add_school_days(date(2026, 11, 24), 1, frozenset({study_day})) == date(2026, 11, 26)


def test_due_time_is_end_of_school_day_in_brussels_as_utc():
    due = due_after_school_days(datetime(2026, 11, 24, 8, 0, tzinfo=UTC), 5)
    assert due == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 16:00 CET
