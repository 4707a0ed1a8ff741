"""School years, absence episodes and the warning-sign rules, without a database."""

from datetime import date

import pytest

from app.calendar.school_year import (
    count_school_half_days,
    is_school_half_day,
    previous_school_year,
    school_half_day_between,
    school_week_index,
    school_year_bounds,
    school_year_of,
)
from app.services.absences.episodes import runs
from app.services.absences.settings import DEFAULTS, next_meeting_after
from app.services.absences.signals import PupilFacts, evaluate, fastest_window
from app.vocabulary import MeetingCadence

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "day, year",
    [
        (date(2026, 9, 1), "2026-2027"),
        (date(2027, 8, 31), "2026-2027"),
        (date(2026, 8, 31), "2025-2026"),
        (date(2027, 1, 15), "2026-2027"),
    ],
)
def test_a_school_year_runs_from_1_september_to_31_august(day, year):
    assert school_year_of(day) == year
    first, last = school_year_bounds(year)
    assert first <= day <= last and (first.month, first.day, last.month, last.day) == (9, 1, 8, 31)


@pytest.mark.parametrize("label", ["2026-2028", "2026", "26-27", "", "2026/2027"])
def test_a_school_year_label_is_checked(label):
    with pytest.raises(ValueError):
        school_year_bounds(label)


def test_previous_school_year():
    assert previous_school_year("2026-2027") == "2025-2026"


def test_school_half_days_skip_wednesday_afternoon_weekends_and_holidays():
    assert is_school_half_day(date(2026, 11, 25), "am") and not is_school_half_day(date(2026, 11, 25), "pm")
    assert not is_school_half_day(date(2026, 11, 28), "am")  # Saturday
    assert not is_school_half_day(date(2026, 11, 11), "am")  # Wapenstilstand
    # Mon 23 – Fri 27 November 2026: 5 days × 2 − Wednesday afternoon.
    assert count_school_half_days(date(2026, 11, 23), date(2026, 11, 27)) == 9


def test_consecutive_b_half_days_form_one_episode_over_weekends_and_holidays():
    friday_pm, monday_am = (date(2026, 11, 20), "pm"), (date(2026, 11, 23), "am")
    assert not school_half_day_between(friday_pm, monday_am)
    assert not school_half_day_between((date(2026, 11, 25), "am"), (date(2026, 11, 26), "am"))  # Wednesday
    assert not school_half_day_between((date(2026, 12, 18), "pm"), (date(2027, 1, 4), "am"))  # Christmas
    assert school_half_day_between((date(2026, 11, 23), "am"), (date(2026, 11, 24), "am"))
    episodes = runs([(date(2026, 11, 19), "am"), friday_pm, monday_am, (date(2026, 11, 24), "pm")])
    assert episodes == [[(date(2026, 11, 19), "am")], [friday_pm, monday_am], [(date(2026, 11, 24), "pm")]]


def test_school_weeks_skip_holidays():
    assert school_week_index(date(2026, 9, 1)) == 0
    assert school_week_index(date(2026, 9, 7)) == 1
    # Autumn holiday (2–6 November 2026) is no school week: the week after follows the week before.
    before, holiday, after = date(2026, 10, 30), date(2026, 11, 4), date(2026, 11, 9)
    assert school_week_index(after) == school_week_index(before) + 1
    assert school_week_index(holiday) == school_week_index(before)


def test_the_fastest_window():
    days = [
        (0, date(2026, 9, 1)),
        (1, date(2026, 9, 8)),
        (5, date(2026, 10, 6)),
        (6, date(2026, 10, 13)),
        (7, date(2026, 10, 20)),
    ]
    # Weeks 0, 1 and 5 fit in six school weeks; so do 1, 5 and 6: the first window counts.
    assert fastest_window(days, 6) == (3, date(2026, 9, 1), date(2026, 10, 6))
    assert fastest_window(days, 2) == (2, date(2026, 9, 1), date(2026, 9, 8))
    assert fastest_window(days, 8) == (5, date(2026, 9, 1), date(2026, 10, 20))
    assert fastest_window([], 6) == (0, None, None)


def facts(**values):
    return PupilFacts(
        pupil_id=1,
        birth_date=values.pop("birth_date", date(2011, 3, 14)),
        school_year=values.pop("school_year", "2026-2027"),
        **values,
    )


def rules(found):
    return [s.rule for s in found]


def test_no_absences_no_signals():
    assert evaluate(facts(), DEFAULTS, TODAY) == []


def test_the_five_b_signal_follows_the_schools_threshold():
    assert rules(evaluate(facts(b_count=4, codes={"B": 4}), DEFAULTS, TODAY)) == []
    found = evaluate(facts(b_count=5, codes={"B": 5}), DEFAULTS, TODAY)
    assert rules(found) == ["b_signal"] and found[0].kind == "duty"
    lower = {**DEFAULTS, "signal_b": 4}
    assert rules(evaluate(facts(b_count=4, codes={"B": 4}), lower, TODAY)) == ["b_signal"]


def test_b_counted_at_another_school_counts_for_the_signal():
    # Only the count moved with the pupil: no visible codes, still the signal.
    assert rules(evaluate(facts(b_count=5), DEFAULTS, TODAY)) == ["b_signal"]


def test_police_protocol_only_when_the_school_sets_it():
    assert "police_protocol" not in rules(evaluate(facts(b_count=11), DEFAULTS, TODAY))
    oostende = {**DEFAULTS, "police_protocol_b": 11}
    assert "police_protocol" in rules(evaluate(facts(b_count=11), oostende, TODAY))


def test_a_past_school_year_is_judged_on_its_last_day():
    # Born 1 September 2008 (18 after 1 July): compulsory until 30 June 2026, so 2025-2026,
    # judged on its last day, is past it; in March it was still a signal.
    adult = facts(birth_date=date(2008, 9, 1), school_year="2025-2026", b_count=5)
    assert rules(evaluate(adult, DEFAULTS, TODAY)) == ["past_compulsory_age"]
    assert rules(evaluate(adult, DEFAULTS, date(2026, 3, 1))) == ["b_signal"]


def test_a_toddler_only_in_the_last_toddler_year():
    toddler = facts(birth_date=date(2021, 5, 5), codes={"A": 70})
    assert rules(evaluate(toddler, DEFAULTS, TODAY)) == ["toddler_attendance"]
    younger = facts(birth_date=date(2022, 5, 5), codes={"A": 70})
    assert evaluate(younger, DEFAULTS, TODAY) == []


def test_the_next_meeting():
    assert next_meeting_after(date(2026, 11, 10), MeetingCadence.BIWEEKLY) == date(2026, 11, 24)
    assert next_meeting_after(date(2027, 1, 31), MeetingCadence.MONTHLY) == date(2027, 2, 28)
    assert next_meeting_after(date(2026, 12, 15), MeetingCadence.MONTHLY) == date(2027, 1, 15)
