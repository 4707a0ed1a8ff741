"""CI serves PostgreSQL on one of the hard days per commit (tests/clocks.py) and `make
test-hard-days` runs some or all of them (tests/hard_days.py): the same ones for one
commit, every one of them over commits."""

from app.clock import parse_moment
from tests import clocks
from tests.clocks import HARD_DAYS, hard_days_for
from tests.hard_days import chosen_days


def test_without_a_share_every_day_runs():
    assert chosen_days({}) == list(HARD_DAYS)


def test_a_seed_picks_the_same_days_and_over_seeds_all_come_round():
    picked = chosen_days({"ZORGPAD_HARD_DAYS_PER_RUN": "2", "ZORGPAD_HARD_DAYS_SEED": "abc123"})
    assert len(picked) == 2 and set(picked) <= set(HARD_DAYS)
    assert picked == chosen_days({"ZORGPAD_HARD_DAYS_PER_RUN": "2", "ZORGPAD_HARD_DAYS_SEED": "abc123"})
    seen = set()
    for commit in range(20):
        seen |= set(chosen_days({"ZORGPAD_HARD_DAYS_PER_RUN": "2", "ZORGPAD_HARD_DAYS_SEED": f"c{commit}"}))
    assert seen == set(HARD_DAYS)


def test_ci_serves_postgresql_on_the_commits_hard_day_and_sqlite_on_served_at(monkeypatch):
    monkeypatch.setenv("ZORGPAD_TEST_POSTGRES_NOW", "hard-day")
    days = set()
    for commit in range(20):
        monkeypatch.setenv("ZORGPAD_HARD_DAYS_SEED", f"c{commit}")
        day = clocks._postgres_served_at()
        assert day == parse_moment(hard_days_for(f"c{commit}", 1)[0])  # the same as a one-day hard-day run
        assert day == clocks._postgres_served_at()  # one commit, one day
        days.add(day)
    assert days == {parse_moment(day) for day in HARD_DAYS}
    monkeypatch.setenv("ZORGPAD_TEST_POSTGRES_NOW", "2027-03-01T09:00:00+01:00")
    assert clocks._postgres_served_at() == parse_moment("2027-03-01T09:00:00+01:00")
    monkeypatch.delenv("ZORGPAD_TEST_POSTGRES_NOW")
    assert clocks._postgres_served_at() == clocks.SERVED_AT
    assert clocks.served_at("sqlite") == clocks.SERVED_AT
