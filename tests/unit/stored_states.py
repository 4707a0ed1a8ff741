"""Engine states as the code before the faster restore/serialize (main at 666b7d4) saved
them, with what one step on each gave then (tests/fixtures/engine_states/steps.json).

test_engine_stored_states.py restores each saved state with today's code, takes the same
step and compares the outcome: running cases must restore and step as they did. The step
is compared without what differs on every run anyway (new task ids, the wall clock's
last_state_change): each task is named by its place in the tree.

Made once with `python -m tests.unit.stored_states` on that code; not to be remade with
newer code (that would compare the new code with itself).
"""

import json
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from app.engine import runtime, specs
from app.engine.specs import SpecBundle, user_task_ids
from tests.unit.case_engine import FUNCTIONS, NOW, Case, load_bundle

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "tests" / "fixtures" / "engine_states" / "steps.json"


def bundle(key: str) -> SpecBundle:
    if key == "timers_demo":
        xml = (ROOT / "tests" / "fixtures" / "bpmn" / "timers_demo.bpmn").read_text(encoding="utf-8")
        spec, subs = specs.parse(key, xml)
        return SpecBundle(key, 1, spec, subs, user_task_ids(spec, subs))
    return load_bundle(key)


def _tree(state: str) -> tuple[list, dict]:
    """The saved tree depth first, each task by its place; and id → place."""
    dct = json.loads(state)
    tasks, order, places = dct["tasks"], [], {}
    todo = [(dct["root"], 0)]
    while todo:
        task_id, depth = todo.pop()
        task = tasks[task_id]
        places[task_id] = len(order)
        order.append(
            {
                "depth": depth,
                "spec": task["task_spec"],
                "state": task["state"],
                "triggered": task["triggered"],
                "internal_data": task["internal_data"],
                "data": task["data"],
                "delta": task.get("delta"),
            }
        )
        todo.extend((child, depth + 1) for child in reversed(task["children"]))
    rest = {k: v for k, v in dct.items() if k not in ("tasks", "root", "last_task")}
    rest["last_task"] = places.get(dct["last_task"])
    return [order, rest], places


def outcome(result) -> dict:
    """A step's result as plain data without run-to-run noise."""
    tree, places = _tree(result.state)
    plain = json.loads(json.dumps(asdict(result), default=str))
    plain["state"] = tree
    for task in plain["ready_tasks"]:
        task["engine_task_id"] = places[task["engine_task_id"]]
    for timer in plain["fired_timers"]:
        if timer["watched_engine_task_id"] is not None:
            timer["watched_engine_task_id"] = places[timer["watched_engine_task_id"]]
    return plain


def take(step: dict):
    """Run a recorded step on its saved state with today's engine."""
    found = bundle(step["key"])
    now = datetime.fromisoformat(step["now"])
    if step["op"] == "fire_timers":
        return runtime.fire_timers(found, step["state"], now=now, functions=FUNCTIONS)
    if step["op"] == "deliver_message":
        return runtime.deliver_message(
            found, step["state"], step["name"], step["data"], now=now, functions=FUNCTIONS
        )
    ready = runtime.inspect(found, step["state"]).ready_tasks
    task = next(t for t in ready if t.bpmn_id == step["bpmn_id"])
    return runtime.complete_task(
        found, step["state"], task.engine_task_id, step["data"], now=now, functions=FUNCTIONS
    )


def _steps() -> list[dict]:
    demo = runtime.start(bundle("timers_demo"), {}, now=NOW, functions=FUNCTIONS)
    planned = Case(load_bundle("zorgpad_case")).plan()
    referred = Case(load_bundle("zorgpad_case")).referred()
    closed = Case(load_bundle("zorgpad_case")).referred()
    closed.do("task_clb_round_plan", plan="no_further_need", followup_agreements="Nieuwe B-codes melden")
    looped = Case(load_bundle("zorgpad_case")).plan()
    for cycle in range(12):  # a lived-in case: its history compacted
        looped.do("task_phase1_evaluation", decision="monitor", motivation=f"cyclus {cycle}")
        looped.wait("task_monitoring_review").do("task_monitoring_review")
    phase3 = Case(load_bundle("zorgpad_case")).to_phase3()
    relapse_due = closed.result.next_timer_due_at
    steps = [
        ("timers_demo", demo, "fire_timers", demo.ready_tasks[0].due_at, {}),
        ("zorgpad_case", planned.result, "fire_timers", planned.result.next_timer_due_at, {}),
        (
            "zorgpad_case",
            referred.result,
            "complete_task",
            referred.now,
            {"bpmn_id": "task_clb_round_plan", "data": {"plan": "guidance", "trajectories": ["short_term"]}},
        ),
        (
            "zorgpad_case",
            closed.result,
            "deliver_message",
            relapse_due + timedelta(hours=1),
            {"name": "new_absences", "data": {"b_count": 7}},
        ),
        ("zorgpad_case", closed.result, "fire_timers", relapse_due, {}),
        ("zorgpad_case", looped.result, "fire_timers", looped.result.next_timer_due_at, {}),
        (
            "zorgpad_case",
            looped.result,
            "complete_task",
            looped.now,
            {
                "bpmn_id": "task_phase1_evaluation",
                "data": {"decision": "refer_to_clb", "motivation": "na twaalf cycli"},
            },
        ),
        (
            "zorgpad_case",
            phase3.result,
            "complete_task",
            phase3.now,
            {
                "bpmn_id": "task_phase3_plan",
                "data": {"offers": ["toah"], "tracks": ["ocj_consult", "agodi"], "agodi_filed_by": "clb"},
            },
        ),
    ]
    recorded = []
    for key, result, op, now, extra in steps:
        step = {"key": key, "op": op, "now": now.isoformat(), "state": result.state, **extra}
        step["outcome"] = outcome(take(step))
        recorded.append(step)
    return recorded


if __name__ == "__main__":
    STEPS.write_text(json.dumps(_steps(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
