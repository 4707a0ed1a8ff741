"""Driving the care path's workflows on the engine layer, without a database
(tests/unit/test_case_process.py and the engine tests use it)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.calendar.deadlines import DEADLINES
from app.calendar.school_days import add_school_days
from app.engine import as_moment, runtime, specs
from app.engine.specs import SpecBundle, user_task_ids
from app.vocabulary import TimerKind

ROOT = Path(__file__).resolve().parents[2]
FACTS = {
    "absence_type": "spijbelen",
    "b_count": 0,
    "compulsory": True,
    "clb_involved": False,
    "formal_plan": False,
    "resume_phase": None,
}
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # Tuesday, 09:00 in Brussels
# What timer expressions call (app/services/calendar/functions.script_functions), with the defaults.
FUNCTIONS = {
    "add_school_days": lambda start, n: add_school_days(as_moment(start).date(), n),
    "deadline": lambda name: DEADLINES[name].default,
}
# Dates the forms require where a wait reads them: two weeks after the step, unless a test says.
WAIT_DATES = {
    "task_action_plan": "evaluation_date",
    "task_return_plan": "evaluation_date",
    "task_parent_agreements": "evaluation_date",
    "task_phase1_evaluation": "monitoring_until",
    "task_clb_round_plan": "evaluation_date",
    "task_bridging_help": "next_contact_date",
    "task_phase3_plan": "evaluation_date",
    "task_phase3_evaluation": "next_evaluation_date",
}


def load_bundle(key):
    spec, subs = specs.parse(key, (ROOT / "workflows" / f"{key}.bpmn").read_text(encoding="utf-8"))
    return SpecBundle(key, 1, spec, subs, user_task_ids(spec, subs))


def _fields(task_id):
    schema = json.loads((ROOT / "forms" / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    return dict.fromkeys(schema["properties"])


class Case:
    """Drives one workflow and remembers what it did."""

    def __init__(self, bundle, **facts):
        self.bundle = bundle
        self.facts = FACTS | facts
        self.effects = []
        self.fired = []
        self.now = NOW
        self._take(runtime.start(bundle, dict(self.facts), now=self.now, functions=FUNCTIONS))

    def _take(self, result):
        self.result = result
        self.effects += [(e.kind, e.value) for e in result.effects]
        self.fired += result.fired_timers

    @property
    def ready(self):
        return sorted(t.bpmn_id for t in self.result.ready_tasks)

    def lane(self, bpmn_id):
        return next(t.lane for t in self.result.ready_tasks if t.bpmn_id == bpmn_id)

    def do(self, bpmn_id, **data):
        matches = [t for t in self.result.ready_tasks if t.bpmn_id == bpmn_id]
        assert matches, f"{bpmn_id} not ready; ready: {self.ready}"
        if bpmn_id in WAIT_DATES:
            data.setdefault(WAIT_DATES[bpmn_id], (self.now + timedelta(days=14)).date().isoformat())
        payload = _fields(bpmn_id) | data | {k: v for k, v in self.facts.items() if k != "resume_phase"}
        if "absence_type" in data and data["absence_type"]:
            self.facts["absence_type"] = data["absence_type"]
            payload["absence_type"] = data["absence_type"]
        self._take(
            runtime.complete_task(
                self.bundle,
                self.result.state,
                matches[0].engine_task_id,
                payload,
                now=self.now,
                functions=FUNCTIONS,
            )
        )
        return self

    def message(self, name, **payload):
        self._take(
            runtime.deliver_message(
                self.bundle, self.result.state, name, payload, now=self.now, functions=FUNCTIONS
            )
        )
        return self

    def wait(self, bpmn_id):
        """Let time pass, timer by timer, until `bpmn_id` is ready: only waits
        may fire on the way (nothing else was left open long enough to remind)."""
        for _ in range(5):
            if bpmn_id in self.ready:
                return self
            assert self.result.next_timer_due_at is not None, f"nothing waits; ready: {self.ready}"
            self.now = max(self.now, self.result.next_timer_due_at)
            self._take(runtime.fire_timers(self.bundle, self.result.state, now=self.now, functions=FUNCTIONS))
            assert {t.kind for t in self.result.fired_timers} == {TimerKind.WAIT}, self.result.fired_timers
        raise AssertionError(f"{bpmn_id} never became ready; ready: {self.ready}")

    def plan(self):
        """The plan for the case's type, and its evaluation on its date."""
        plan = {
            "spijbelen": "task_action_plan",
            "schoolweigering": "task_return_plan",
            "schoolonthouding": "task_parent_agreements",
            "schooluitsluiting": "task_exclusion_support",
        }[self.facts["absence_type"]]
        return self.do(plan).wait("task_phase1_evaluation")

    def referred(self):
        self.plan().do("task_phase1_evaluation", decision="refer_to_clb")
        return self.do("task_clb_accept", accepted=True).do("task_clb_intake")

    def round(self, *trajectories):
        return self.do("task_clb_round_plan", plan="guidance", trajectories=list(trajectories))

    def to_phase3(self):
        self.referred().round("short_term").do("task_short_term").wait("task_round_evaluation")
        return self.do("task_round_evaluation", decision="phase3")
