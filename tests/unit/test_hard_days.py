"""CI runs some of the hard days per commit (tests/hard_days.py): the same ones for one
commit, every one of them over commits."""

from tests.clocks import HARD_DAYS
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
