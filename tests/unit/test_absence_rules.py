"""School years, absence episodes and the warning-sign rules, without a database."""

from datetime import date, timedelta

import pytest

from app.calendar.school_days import is_school_day
from app.calendar.school_year import (
    count_school_half_days,
    is_school_half_day,
    previous_school_year,
    school_half_day_between,
    school_week_index,
    school_year_bounds,
    school_year_of,
)
from app.services.absences import patterns
from app.services.absences.episodes import runs
from app.services.absences.settings import (
    ALLOWANCE_LIMIT_B,
    DEFAULTS,
    SIGNAL_FLOOR_B,
    THRESHOLDS,
    next_meeting_after,
)
from app.services.absences.signals import PupilFacts, evaluate, fastest_window
from app.services.cases import facts as case_facts
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


def test_the_signal_threshold_is_a_legal_floor_with_one_home():
    signal_b = next(t for t in THRESHOLDS if t.key == "signal_b")
    assert SIGNAL_FLOOR_B == 5 == DEFAULTS["signal_b"] == signal_b.maximum
    assert case_facts.SIGNAL_THRESHOLD is SIGNAL_FLOOR_B
    assert "vanaf 5 halve dagen met B-code signaleert de school wettelijk" in signal_b.ceiling
    # The allowance's limit is the law: no setting; only the warning before it is the school's.
    assert "allowance_b" not in DEFAULTS and ALLOWANCE_LIMIT_B == 30
    warning = next(t for t in THRESHOLDS if t.key == "allowance_warning_b")
    assert (warning.default, warning.maximum) == (25, 29)
    # No police protocol figure anywhere: off until a school names its protocol and sets one.
    assert DEFAULTS["police_protocol_b"] is None


def test_police_protocol_only_under_a_named_protocol():
    pupil = facts(b_count=11)
    with_threshold = {**DEFAULTS, "police_protocol_b": 11}
    assert "police_protocol" not in rules(evaluate(pupil, DEFAULTS, TODAY, police_protocol="Spijbelprotocol"))
    assert "police_protocol" not in rules(evaluate(pupil, with_threshold, TODAY))  # no protocol named
    found = {
        s.rule: s for s in evaluate(pupil, with_threshold, TODAY, police_protocol="Spijbelprotocol Kust")
    }
    sign = found["police_protocol"]
    assert sign.threshold == 11 and sign.figures == {"b": 11, "protocol": "Spijbelprotocol Kust"}
    assert sign.message == (
        "11 halve dagen met B-code in schooljaar 2026-2027: drempel (11) van het lokale politieprotocol "
        "“Spijbelprotocol Kust” bereikt."
    )
    assert "Geen standaardcijfer" in sign.source["note"]
    # Past compulsory education: no police track.
    adult = facts(birth_date=date(2008, 3, 1), b_count=11)
    assert "police_protocol" not in rules(evaluate(adult, with_threshold, TODAY, police_protocol="X"))


def test_medical_certificates_count_the_letter_d_not_every_z():
    sick = facts(codes={"Z": 30}, medical_certificates=19)
    assert rules(evaluate(sick, DEFAULTS, TODAY)) == []
    certified = facts(codes={"Z": 30}, medical_certificates=20)
    (sign,) = evaluate(certified, DEFAULTS, TODAY)
    assert sign.rule == "medical_certificates" and sign.threshold == 20
    assert sign.figures == {"d": 20, "school_year": "2026-2027"}
    assert sign.message.startswith("20 halve dagen met D-code (doktersattest) in schooljaar 2026-2027")
    assert sign.source["quote"] == "Aantal D-codes als knipperlicht (bv. 20 D-codes)"
    assert sign.source["reference"].startswith("seeds/000_")


def test_medical_certificates_next_to_b():
    assert rules(evaluate(facts(codes={"Z": 5, "B": 1}, b_count=1), DEFAULTS, TODAY)) == []
    found = evaluate(facts(codes={"Z": 3, "B": 1}, b_count=1, medical_certificates=3), DEFAULTS, TODAY)
    assert rules(found) == ["d_with_b"] and found[0].figures == {"d": 3, "b": 1}
    assert "D-codes in combinatie met B-codes" in found[0].source["quote"]


def absences(days, code="B", holiday=False):
    return [(day, half, code, holiday) for day in days for half in ("am", "pm")]


def school_days(first: date, count: int) -> list[date]:
    found, day = [], first
    while len(found) < count:
        if is_school_day(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def test_speed_of_accumulation_20_in_6_school_weeks():
    # 20 half-days within two weeks: fast. 20 spread over six months: slow.
    fast = facts(codes={"Z": 20}, absences=absences(school_days(date(2026, 9, 7), 10), "Z"))
    (sign,) = evaluate(fast, DEFAULTS, TODAY)
    assert sign.rule == "speed" and sign.threshold == 20
    assert sign.figures == {"absences": 20, "school_weeks": 6, "from": "2026-09-07", "to": "2026-09-18"}
    assert sign.message.startswith("Snelheid van opstapeling: 20 afwezige halve dagen")
    spread = [date(2026, 9, 7) + timedelta(weeks=w) for w in range(20)]  # one day a week, Mondays
    slow = facts(codes={"Z": 20}, absences=[(d, "am", "Z", False) for d in spread])
    assert "speed" not in rules(evaluate(slow, DEFAULTS, date(2027, 2, 1)))


def test_b_in_september_and_october_leaves_out_extended_holiday():
    holiday_only = facts(codes={"B": 4}, b_count=4, early_b=0, early_b_extended_holiday=4)
    assert rules(evaluate(holiday_only, DEFAULTS, TODAY)) == []
    both = facts(codes={"B": 5}, b_count=5, early_b=1, early_b_extended_holiday=4)
    found = {s.rule: s for s in evaluate(both, DEFAULTS, TODAY)}
    sign = found["early_b"]
    assert sign.figures == {"b_september_october": 1, "extended_holiday_left_out": 4}
    assert "(4 als luxeverzuim gemarkeerd: niet meegeteld)" in sign.message
    assert "exclusief luxeverzuim" in sign.source["quote"]


def test_frequent_lateness():
    assert rules(evaluate(facts(codes={"L": 9}, late=9), DEFAULTS, TODAY)) == []
    found = evaluate(facts(codes={"L": 7, "B": 3}, b_count=3, late=10, late_became_b=3), DEFAULTS, TODAY)
    sign = {s.rule: s for s in found}["frequent_lateness"]
    assert sign.threshold == 10 and sign.figures == {
        "late": 10,
        "late_became_b": 3,
        "school_year": "2026-2027",
    }
    assert sign.message == (
        "10 keer te laat in schooljaar 2026-2027, waarvan 3 een B-code werden volgens de regel van de "
        "school: knipperlicht vanaf 10."
    )
    assert sign.source["quote"] == "Vaak te laat komen." and "onze keuze" in sign.source["note"]


MONDAYS = [date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28)]


def test_absences_on_the_same_weekday():
    found = evaluate(facts(codes={"Z": 8}, absences=absences(MONDAYS, "Z")), DEFAULTS, TODAY)
    (sign,) = found
    assert sign.rule == "same_weekday" and sign.threshold == 4
    assert sign.figures == {"weekday": "maandag", "days": 4, "absent_days": 4}
    assert sign.message.startswith("Afwezig (B of Z) op 4 verschillende maandagen")
    three = evaluate(facts(codes={"Z": 6}, absences=absences(MONDAYS[:3], "Z")), DEFAULTS, TODAY)
    assert rules(three) == []
    # Two weeks of illness: every weekday twice, none stands out.
    ill = absences(school_days(date(2026, 10, 5), 10), "Z")
    assert "same_weekday" not in rules(evaluate(facts(codes={"Z": 20}, absences=ill), DEFAULTS, TODAY))
    # Four Mondays among three weeks of illness: Monday is not 2 in 5 of the absent days.
    long = sorted(absences(MONDAYS, "B") + absences(school_days(date(2026, 10, 5), 15), "Z"))
    assert "same_weekday" not in rules(evaluate(facts(codes={"Z": 38}, absences=long), DEFAULTS, TODAY))


def test_absences_next_to_holidays_and_long_weekends():
    # Friday 30 October and Monday 9 November 2026: around the autumn holiday (2–6 November).
    autumn = [date(2026, 10, 30), date(2026, 11, 9)]
    found = {s.rule: s for s in evaluate(facts(codes={"B": 4}, absences=absences(autumn)), DEFAULTS, TODAY)}
    sign = found["around_holidays"]
    assert sign.figures == {"days": 2, "dates": ["2026-10-30", "2026-11-09"]}
    assert sign.message.endswith("vakantie of lang weekend: vr 30 okt 2026, ma 9 nov 2026.")
    # Ordinary Fridays and Mondays, and the day before one free Wednesday (11 November), are not.
    ordinary = [date(2026, 11, 13), date(2026, 11, 16), date(2026, 11, 10)]
    assert rules(evaluate(facts(codes={"B": 6}, absences=absences(ordinary)), DEFAULTS, TODAY)) == []
    # The school's own day off on Friday 20 November makes a long weekend.
    day_off = frozenset({date(2026, 11, 20)})
    around = [date(2026, 11, 19), date(2026, 11, 23)]
    found = evaluate(facts(codes={"B": 4}, absences=absences(around), days_off=day_off), DEFAULTS, TODAY)
    assert rules(found) == ["around_holidays"]
    # Half-days the school marked as extended holiday (luxeverzuim) are explained, not a sign.
    marked = facts(codes={"B": 4}, absences=absences(autumn, holiday=True))
    assert rules(evaluate(marked, DEFAULTS, TODAY)) == []


def test_patterns_of_days():
    assert patterns.same_weekday([]) == (None, 0, 0)
    assert patterns.next_to_a_break(date(2026, 9, 1))  # after the summer holiday
    assert patterns.next_to_a_break(date(2027, 6, 30))  # before it
    assert not patterns.next_to_a_break(date(2026, 11, 28))  # a Saturday is no school day


@pytest.mark.parametrize(
    "birth_date, applies",
    [
        (date(2020, 12, 31), True),  # 6 on 31 December 2026: from this school year on (groeipakket.be)
        (date(2020, 1, 1), True),
        (date(2021, 1, 1), False),  # 5 on 31 December 2026: the last toddler year, the 290 rule
    ],
)
def test_the_school_allowance_from_6_years(birth_date, applies):
    pupil = facts(birth_date=birth_date, b_count=30, codes={"B": 30})
    assert ("school_allowance" in rules(evaluate(pupil, DEFAULTS, TODAY))) is applies


def test_the_school_allowance_limit_is_the_law():
    lost = facts(b_count=30, b_previous_year=31)
    sign = {s.rule: s for s in evaluate(lost, DEFAULTS, TODAY)}["school_allowance"]
    assert sign.threshold == 30
    assert "wettelijke grens van 30 bereikt; ook vorig schooljaar (31)" in sign.message
    assert "schooltoeslag gaat verloren voor dit schooljaar" in sign.message
    # A school's earlier warning; the limit stays 30 whatever the thresholds hold.
    earlier = {**DEFAULTS, "allowance_warning_b": 20, "allowance_b": 40}
    sign = {s.rule: s for s in evaluate(facts(b_count=20, b_previous_year=30), earlier, TODAY)}[
        "school_allowance"
    ]
    assert (
        sign.threshold == 20
        and "de wettelijke grens van 30 voor de schooltoeslag komt dichtbij" in sign.message
    )
    assert "vorig schooljaar waren het er 30" in sign.message
    assert {s.rule: s for s in evaluate(facts(b_count=30), earlier, TODAY)}[
        "school_allowance"
    ].threshold == 30


def test_a_past_school_year_is_judged_on_its_last_day():
    # Born 1 September 2008 (18 after 1 July): compulsory until 30 June 2026, so 2025-2026,
    # judged on its last day, is past it; in March it was still a signal.
    adult = facts(birth_date=date(2008, 9, 1), school_year="2025-2026", b_count=5)
    assert rules(evaluate(adult, DEFAULTS, TODAY)) == ["past_compulsory_age"]
    assert rules(evaluate(adult, DEFAULTS, date(2026, 3, 1))) == ["b_signal"]


def test_a_toddler_only_in_the_last_toddler_year():
    toddler = facts(birth_date=date(2021, 5, 5), codes={"B": 70})
    (sign,) = evaluate(toddler, DEFAULTS, TODAY)
    assert sign.rule == "toddler_attendance" and sign.figures["not_accepted"] == 70
    assert "Daaronder beslist de klassenraad van de lagere school over de toelating" in sign.message
    assert "geen harde grens" in sign.message
    younger = facts(birth_date=date(2022, 5, 5), codes={"B": 70})
    assert evaluate(younger, DEFAULTS, TODAY) == []


def test_a_toddlers_accepted_absences_count_as_present():
    # A (the toddler's own code), Z, R, P: accepted by the school, so present for the 290.
    accepted = facts(birth_date=date(2021, 5, 5), codes={"A": 40, "Z": 20, "R": 5, "P": 5})
    assert evaluate(accepted, DEFAULTS, TODAY) == []
    pending = facts(birth_date=date(2021, 5, 5), codes={"-": 70})
    assert rules(evaluate(pending, DEFAULTS, TODAY)) == ["toddler_attendance"]


def test_the_next_meeting():
    assert next_meeting_after(date(2026, 11, 10), MeetingCadence.BIWEEKLY) == date(2026, 11, 24)
    # 28 Feb 2027 is a Sunday: the Monday after.
    assert next_meeting_after(date(2027, 1, 31), MeetingCadence.MONTHLY) == date(2027, 3, 1)
    # Two weeks after 10 Dec 2026 is in the Christmas holiday: the first school day after it.
    assert next_meeting_after(date(2026, 12, 10), MeetingCadence.BIWEEKLY) == date(2027, 1, 4)
    # Nor on one of the school's own days off.
    assert next_meeting_after(
        date(2026, 11, 10), MeetingCadence.BIWEEKLY, frozenset({date(2026, 11, 24)})
    ) == date(2026, 11, 25)
    assert next_meeting_after(date(2026, 12, 15), MeetingCadence.MONTHLY) == date(2027, 1, 15)
