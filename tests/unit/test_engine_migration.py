"""Moving a running instance onto another version of its process, on the engine layer
(app/engine/migration.py, versions.py): ids, timers, boundary events, what blocks."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.calendar.school_days import add_school_days
from app.engine import runtime, specs
from app.engine.migration import VersionPlan, migrate
from app.engine.specs import SpecBundle, user_task_ids
from app.engine.versions import compare
from tests.clocks import day_of, end_of_school_day
from tests.migration_fixture import (
    case_v2,
    edit,
    followup_v2,
    remove_boundary,
    set_condition,
)
from tests.unit.case_engine import FUNCTIONS, Case

ROOT = Path(__file__).resolve().parents[2]
PLAN = VersionPlan(elements={"task_hgd": "task_hgd_trajectory", "task_monitoring_review": "script_reopen"})
LATER = timedelta(days=8)  # the migration runs well after the tasks opened


def _bundle(key: str, xml: str, version: int) -> SpecBundle:
    spec, subs = specs.parse(key, xml)
    return SpecBundle(key, version, spec, subs, user_task_ids(spec, subs))


def _xml(key: str) -> str:
    return (ROOT / "workflows" / f"{key}.bpmn").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def v1():
    return _bundle("zorgpad_case", _xml("zorgpad_case"), 1)


@pytest.fixture(scope="module")
def v2():
    return _bundle("zorgpad_case", case_v2(_xml("zorgpad_case")), 2)


def _move(case: Case, old, new, plan=PLAN, *, started=True):
    """The case's instance on `new`, as of LATER after its last step."""
    opened = {t.engine_task_id: case.now for t in case.result.ready_tasks} if started else {}
    return migrate(
        old,
        new,
        case.result.state,
        compare(old, new, plan.elements),
        plan,
        now=case.now + LATER,
        functions=FUNCTIONS,
        started=opened,
    )


def _internal(state: str, spec_name: str) -> dict:
    tasks = json.loads(state)["tasks"].values()
    found = [t["internal_data"] for t in tasks if t["task_spec"] == spec_name and t["state"] != 64]
    assert len(found) == 1, (spec_name, found)
    return found[0]


def _ready(result) -> dict[str, str]:
    return {t.engine_task_id: t.bpmn_id for t in result.ready_tasks}


def test_a_waiting_user_task_keeps_its_id_and_its_timers_their_start(v1, v2):
    case = Case(v1)
    before = case.result
    moved = _move(case, v1, v2)
    assert not moved.blockers and not moved.needs
    assert _ready(moved.step) == _ready(before)
    assert moved.step.ready_tasks[0].due_at == before.ready_tasks[0].due_at
    for timer in ("task_action_plan_reminder", "task_action_plan_escalation"):
        assert _internal(moved.step.state, timer) == _internal(before.state, timer)
    assert moved.step.next_timer_due_at == before.next_timer_due_at and moved.timers_moved == 0


def test_a_timer_and_a_message_wait_keep_their_start(v1, v2):
    timer = Case(v1).do("task_action_plan")  # the plan's evaluation date, or "Nu evalueren"
    moved = _move(timer, v1, v2)
    assert _internal(moved.step.state, "gw_plan_evaluation") == _internal(
        timer.result.state, "gw_plan_evaluation"
    )
    assert runtime.waiting_messages(v2, moved.step.state) == {"evaluate_now"}
    closing = Case(v1).referred()
    closing.do(
        "task_clb_round_plan",
        plan="no_further_need",
        followup_agreements="Afspraken",
        school_contact="Mevr. X",
    )
    moved = _move(closing, v1, v2)
    assert moved.step.next_timer_due_at == closing.result.next_timer_due_at  # the relapse check, from closing
    assert runtime.waiting_messages(v2, moved.step.state) == {"new_absences"}
    closing.bundle, closing.result = v2, moved.step
    assert closing.message("new_absences").ready == ["task_relapse_review"]


def test_parallel_branches_follow_the_plan_and_a_new_reminder_counts_from_the_task_s_start(v1, v2):
    case = Case(v1).referred().round("short_term", "hgd")
    before = {bpmn: task_id for task_id, bpmn in _ready(case.result).items()}
    moved = _move(case, v1, v2)
    assert [(n.code, n.element, n.detail) for n in moved.needs] == [
        ("element", "task_hgd", "task_hgd_trajectory")
    ]
    assert _ready(moved.step) == {
        before["task_hgd"]: "task_hgd_trajectory",
        before["task_short_term"]: "task_short_term",
    }
    short = next(t for t in moved.step.ready_tasks if t.bpmn_id == "task_short_term")
    assert short.due_at == end_of_school_day(
        add_school_days(day_of(case.now), 5)
    )  # clb_reminder, from its start
    assert moved.step.next_timer_due_at == short.due_at < case.now + LATER  # due: the next sweep fires it
    case.bundle, case.result, case.now, case.fired = v2, moved.step, case.now + LATER, []
    case._take(runtime.fire_timers(v2, case.result.state, now=case.now, functions=FUNCTIONS))
    assert [(t.bpmn_id, t.watched_engine_task_id) for t in case.fired] == [
        ("task_short_term_reminder", before["task_short_term"])
    ]
    case.do("task_short_term")
    assert case.ready == ["task_hgd_trajectory"]  # the join still waits for the renamed branch


def test_without_a_start_a_new_reminder_counts_from_the_migration(v1, v2):
    case = Case(v1).referred().round("short_term")
    moved = _move(case, v1, v2, started=False)
    short = moved.step.ready_tasks[0]
    assert short.due_at == end_of_school_day(add_school_days(day_of(case.now + LATER), 5))


def test_a_changed_timer_is_computed_again_from_its_own_start():
    old = _bundle("zorgpad_absence_followup", _xml("zorgpad_absence_followup"), 1)
    new = _bundle("zorgpad_absence_followup", followup_v2(_xml("zorgpad_absence_followup")), 2)
    case = Case(old)
    talk = next(t for t in case.result.ready_tasks if t.bpmn_id == "task_absence_pupil_talk")
    moved = _move(case, old, new, VersionPlan())
    assert not moved.needs and moved.timers_moved == 1
    after = next(t for t in moved.step.ready_tasks if t.bpmn_id == "task_absence_pupil_talk")
    assert (
        after.engine_task_id == talk.engine_task_id
        and after.title == "Gesprek met de leerling na de terugkeer"
    )
    assert after.due_at == end_of_school_day(add_school_days(day_of(case.now), 1)) < talk.due_at
    start = _internal(case.result.state, "task_absence_pupil_talk_reminder")["timer_start"]
    assert _internal(moved.step.state, "task_absence_pupil_talk_reminder")["timer_start"] == start


def test_a_dropped_reminder_goes_and_the_task_stays(v1):
    without = _bundle(
        "zorgpad_case",
        edit(_xml("zorgpad_case"), lambda root: remove_boundary(root, "task_action_plan_reminder")),
        2,
    )
    case = Case(v1)
    moved = _move(case, v1, without, VersionPlan())
    assert not moved.blockers and _ready(moved.step) == _ready(case.result)
    escalation = _internal(case.result.state, "task_action_plan_escalation")
    assert (
        moved.step.next_timer_due_at.isoformat() == escalation["event_value"]
    )  # the task is due at its escalation
    assert '"task_action_plan_reminder"' not in moved.step.state


def test_a_removed_task_without_a_target_blocks_and_the_plan_resumes_the_path_there(v1, v2):
    case = Case(v1).plan().do("task_phase1_evaluation", decision="monitor").wait("task_monitoring_review")
    review = case.result.ready_tasks[0].engine_task_id
    blocked = _move(case, v1, v2, VersionPlan())
    assert [(b.code, b.element) for b in blocked.blockers] == [("removed", "task_monitoring_review")]
    assert blocked.step is None
    moved = _move(case, v1, v2)
    assert [(e.kind, e.value) for e in moved.step.effects] == [("status", "open")]  # script_reopen ran
    assert list(_ready(moved.step).values()) == ["task_phase1_evaluation"]
    assert review not in _ready(moved.step)  # a new task: the review is not the evaluation


def test_a_changed_gateway_before_the_token_needs_the_plan(v1):
    def stricter(root):
        set_condition(
            root, "flow_gw_hgd_chosen_to_task_hgd", '"hgd" in (trajectories or []) and b_count >= 0'
        )

    changed = _bundle("zorgpad_case", edit(_xml("zorgpad_case"), stricter), 2)
    case = Case(v1).referred().round("hgd")
    blocked = _move(case, v1, changed, VersionPlan())
    assert [(b.code, b.element, b.detail) for b in blocked.blockers] == [
        ("gateway", "gw_hgd_chosen", "task_hgd")
    ]
    kept = _move(case, v1, changed, VersionPlan(keep_gateways=frozenset({"gw_hgd_chosen"})))
    assert [n.code for n in kept.needs] == ["gateway"] and _ready(kept.step) == _ready(case.result)
    before_the_gateway = Case(v1).referred()  # waits at the round plan: the decision is still ahead
    assert not _move(before_the_gateway, v1, changed, VersionPlan()).blockers


def test_a_new_variable_the_case_lacks_needs_the_plan_to_set_it(v1):
    def risky(root):
        set_condition(
            root, "flow_gw_clb_accept_to_script_accepted", 'accepted == True and risk_level != "hoog"'
        )

    changed = _bundle("zorgpad_case", edit(_xml("zorgpad_case"), risky), 2)
    assert compare(v1, changed).new_names == ("risk_level",)
    case = Case(v1).plan().do("task_phase1_evaluation", decision="refer_to_clb")
    blocked = _move(case, v1, changed, VersionPlan())
    assert [(b.code, b.element) for b in blocked.blockers] == [("variable", "risk_level")]
    plan = VersionPlan(data={"risk_level": "laag"})
    moved = _move(case, v1, changed, plan)
    assert [(n.code, n.element) for n in moved.needs] == [("variable", "risk_level")]
    case.bundle, case.result = changed, moved.step
    assert "task_clb_intake" in case.do("task_clb_accept", accepted=True).ready
    provided = VersionPlan(provided=frozenset({"risk_level"}))  # a form of the new version asks it
    assert not _move(
        Case(v1).plan().do("task_phase1_evaluation", decision="refer_to_clb"), v1, changed, provided
    ).blockers


def test_a_join_maps_only_onto_a_join(v1, v2):
    case = Case(v1).referred().round("short_term", "hgd")
    plan = VersionPlan(elements={"task_hgd": "task_hgd_trajectory", "gw_round_join": "task_round_evaluation"})
    blocked = _move(case, v1, v2, plan)
    assert ("kind", "gw_round_join") in [(b.code, b.element) for b in blocked.blockers]


def test_an_open_escalation_keeps_its_task_and_the_escalated_one(v1, v2):
    case = Case(v1)
    case.now = case.result.next_timer_due_at + timedelta(days=30)
    case._take(runtime.fire_timers(v1, case.result.state, now=case.now, functions=FUNCTIONS))
    assert case.ready == ["task_action_plan", "task_action_plan_escalated"]
    moved = _move(case, v1, v2)
    assert _ready(moved.step) == _ready(case.result) and moved.step.next_timer_due_at is None


def test_the_same_version_is_no_change(v1):
    assert compare(v1, v1).identical
    case = Case(v1).referred().round("short_term", "hgd")
    moved = _move(case, v1, v1, VersionPlan())
    assert _ready(moved.step) == _ready(case.result)
    assert moved.step.next_timer_due_at == case.result.next_timer_due_at


def test_a_plain_date_wait_moves_onto_the_race_the_new_version_draws_around_it(v1):
    old = _bundle(
        "zorgpad_case", (ROOT / "tests" / "data" / "zorgpad_case_before_evaluate_now.bpmn").read_text(), 1
    )
    case = Case(old).do("task_action_plan")  # waits on its plain timer for the evaluation date
    changes = compare(old, v1)
    assert changes.raced["wait_plan_evaluation"] == "gw_plan_evaluation"
    assert "gw_plan_merge" not in changes.changed  # it routes to the race of the same wait
    moved = _move(case, old, v1, VersionPlan())
    assert not moved.blockers and not moved.needs  # as is: no plan needed
    assert moved.step.next_timer_due_at == case.result.next_timer_due_at
    start = _internal(case.result.state, "wait_plan_evaluation")["timer_start"]
    assert _internal(moved.step.state, "gw_plan_evaluation")["timer_start"] == start
    assert runtime.waiting_messages(v1, moved.step.state) == {"evaluate_now"}
    case.bundle, case.result = v1, moved.step
    assert case.message("evaluate_now").ready == ["task_phase1_evaluation"]
