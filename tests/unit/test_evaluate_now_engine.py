""" "Nu evalueren" on the engine layer: each wait for an evaluation date also
waits for the message evaluate_now; the message opens the evaluation at once
and the timer it raced never fires afterwards."""

from datetime import UTC, datetime, timedelta

import pytest

from app.engine import runtime
from tests.unit.case_engine import FUNCTIONS, Case

EVALUATE_NOW = "evaluate_now"


def _at_plan(bundle):
    return Case(bundle).do("task_action_plan", evaluation_date="2026-12-17")


def _at_monitoring(bundle):
    return Case(bundle).plan().do("task_phase1_evaluation", decision="monitor", monitoring_until="2027-01-15")


def _at_round(bundle):
    # The trajectory is done: only the round's date holds the evaluation back.
    return Case(bundle).referred().round("short_term").do("task_short_term")


def _at_phase3(bundle):
    case = Case(bundle).to_phase3().do("task_phase3_plan", offers=["toah"], tracks=[])
    return case.do("task_tailored_offer")


def _at_phase3_next(bundle):
    case = _at_phase3(bundle).wait("task_phase3_evaluation")
    return case.do("task_phase3_evaluation", decision="continue")


WAITS = [  # (how to get there, the message's catch event, the timer it races, the lane, what opens)
    (_at_plan, "catch_evaluate_now_plan", "wait_plan_evaluation", "school", "task_phase1_evaluation"),
    (_at_monitoring, "catch_evaluate_now_monitoring", "wait_monitoring", "school", "task_monitoring_review"),
    (_at_round, "catch_evaluate_now_round", "wait_round_evaluation", "clb", "task_round_evaluation"),
    (_at_phase3, "catch_evaluate_now_phase3", "wait_phase3_evaluation", "clb", "task_phase3_evaluation"),
    (
        _at_phase3_next,
        "catch_evaluate_now_phase3_next",
        "wait_phase3_next_evaluation",
        "clb",
        "task_phase3_evaluation",
    ),
]


@pytest.mark.parametrize("reach, catch, timer, lane, opens", WAITS, ids=[w[2] for w in WAITS])
def test_the_message_opens_the_evaluation_before_the_date_and_the_timer_never_fires(
    bundle, reach, catch, timer, lane, opens
):
    case = reach(bundle)
    assert opens not in case.ready
    due = case.result.next_timer_due_at
    waits = [w for w in runtime.message_waits(bundle, case.result.state) if w.name == EVALUATE_NOW]
    assert [(w.bpmn_id, w.lane, w.timer_bpmn_id, w.timer_due_at) for w in waits] == [
        (catch, lane, timer, due)
    ]

    case.now += timedelta(days=3)  # well before the date
    case.message(EVALUATE_NOW, reason="nieuwe B-codes")
    assert opens in case.ready and case.result.fired_timers == []
    assert EVALUATE_NOW not in runtime.waiting_messages(bundle, case.result.state)
    assert case.result.next_timer_due_at != due  # the raced timer is gone from the next-due time

    # Long after the date, the sweep's step finds nothing of that wait to fire.
    later = runtime.fire_timers(bundle, case.result.state, now=due + timedelta(days=60), functions=FUNCTIONS)
    assert timer not in [t.bpmn_id for t in later.fired_timers]
    assert [t.bpmn_id for t in later.ready_tasks].count(opens) == 1


def test_the_timer_still_opens_the_evaluation_on_its_date_without_the_message(bundle):
    case = _at_plan(bundle).wait("task_phase1_evaluation")
    assert [t.bpmn_id for t in case.fired] == ["wait_plan_evaluation"]
    assert case.now == datetime(2026, 12, 17, 15, tzinfo=UTC)
    assert EVALUATE_NOW not in runtime.waiting_messages(bundle, case.result.state)


def test_a_round_evaluated_early_still_waits_for_its_open_trajectories(bundle):
    case = Case(bundle).referred().round("short_term")
    case.message(EVALUATE_NOW)
    assert case.ready == ["task_short_term"]  # the date no longer holds it back, the trajectory does
    assert case.result.next_timer_due_at is None or case.result.next_timer_due_at > case.now
    case.do("task_short_term")
    assert case.ready == ["task_round_evaluation"]


def test_nothing_waits_for_the_message_where_the_path_does_not_wait_for_a_date(bundle):
    case = Case(bundle)
    assert case.ready == ["task_action_plan"]
    assert runtime.message_waits(bundle, case.result.state) == []
