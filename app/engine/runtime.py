"""Running a case's workflow one step at a time.

Each call restores the state, does exactly one thing (start, complete a task,
deliver a message), runs the engine until it waits, and returns plain data.
"""
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.util.task import TaskState

from app.engine.compaction import compact
from app.engine.scripting import script_engine
from app.engine.serialization import dump_state, load_state
from app.engine.specs import SpecBundle
from app.vocabulary import CaseStatus, ClbInvolvement, Lane, Notice, Phase, values

PHASES = values(Phase)
STATUSES = values(CaseStatus)
INVOLVEMENTS = values(ClbInvolvement)
NOTICES = values(Notice)
TIMER_EVENT_TYPES = frozenset({
    "TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition",
})


class TaskNotReady(LookupError):
    """The engine has no ready user task with that id (completed or cancelled)."""


@dataclass(frozen=True)
class ReadyTask:
    engine_task_id: str
    bpmn_id: str
    title: str
    lane: Lane


@dataclass(frozen=True)
class Effect:
    """Something a script asks of the case; the service applies it.

    kind: "phase", "status", "clb" (the CLB starts seeing the case: value is
    how), "notice" (an event the school sees) or "agreements" (follow-up
    agreements shared with the school, in `data`)."""

    kind: str
    value: str
    reason: str | None = None
    data: dict | None = None


@dataclass
class StepResult:
    state: str
    ready_tasks: list[ReadyTask]
    effects: list[Effect] = field(default_factory=list)
    completed: bool = False
    next_timer_due_at: datetime | None = None


def _effect_functions(effects: list[Effect]) -> dict:
    def set_phase(phase, reason=None):
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}")
        effects.append(Effect("phase", phase, reason))

    def set_status(status, reason=None):
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        effects.append(Effect("status", status, reason))

    def involve_clb(how, reason=None):
        if how not in INVOLVEMENTS:
            raise ValueError(f"unknown CLB involvement {how!r}")
        effects.append(Effect("clb", how, reason))

    def notify_school(notice, reason=None):
        if notice not in NOTICES:
            raise ValueError(f"unknown notice {notice!r}")
        effects.append(Effect("notice", notice, reason))

    def share_agreements(agreements, school_contact=None, relapse_signal=None):
        if not isinstance(agreements, str) or not agreements.strip():
            raise ValueError("share_agreements needs the agreements as text")
        data = {"agreements": agreements, "school_contact": school_contact, "relapse_signal": relapse_signal}
        effects.append(Effect("agreements", "shared", data={k: v for k, v in data.items() if v}))

    return {"set_phase": set_phase, "set_status": set_status, "involve_clb": involve_clb,
            "notify_school": notify_school, "share_agreements": share_agreements}


SCRIPT_FUNCTIONS = frozenset(_effect_functions([]))


def _lane(task) -> Lane:
    return Lane((task.task_spec.lane or Lane.SCHOOL).strip().lower())


def _result(workflow: BpmnWorkflow, effects: list[Effect]) -> StepResult:
    compact(workflow)
    ready = [
        ReadyTask(str(t.id), t.task_spec.bpmn_id, t.task_spec.bpmn_name or t.task_spec.bpmn_id, _lane(t))
        for t in workflow.get_tasks(state=TaskState.READY, manual=True)
    ]
    timers = [
        datetime.fromisoformat(e.value)
        for e in workflow.waiting_events()
        if e.event_type in TIMER_EVENT_TYPES and isinstance(e.value, str)
    ]
    return StepResult(
        state=dump_state(workflow),
        ready_tasks=ready,
        effects=effects,
        completed=workflow.is_completed(),
        next_timer_due_at=min(timers) if timers else None,
    )


def start(bundle: SpecBundle, data: dict) -> StepResult:
    effects: list[Effect] = []
    workflow = BpmnWorkflow(bundle.spec, bundle.subprocess_specs,
                            script_engine=script_engine(_effect_functions(effects)))
    workflow.task_tree.data.update(data)  # not workflow.data: conditions read task data
    workflow.do_engine_steps()
    return _result(workflow, effects)


def _restore(bundle: SpecBundle, state: str, effects: list[Effect]) -> BpmnWorkflow:
    return load_state(state, bundle.spec, bundle.subprocess_specs,
                      script_engine(_effect_functions(effects)))


def complete_task(bundle: SpecBundle, state: str, engine_task_id: str, data: dict) -> StepResult:
    effects: list[Effect] = []
    workflow = _restore(bundle, state, effects)
    task = workflow.get_task_from_id(UUID(engine_task_id))
    if task is None or task.state != TaskState.READY or not task.task_spec.manual:
        raise TaskNotReady(engine_task_id)
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()
    return _result(workflow, effects)


def waiting_messages(bundle: SpecBundle, state: str) -> frozenset[str]:
    """The names of the messages the instance is waiting for right now."""
    workflow = _restore(bundle, state, [])
    return frozenset(e.name for e in workflow.waiting_events() if e.event_type == "MessageEventDefinition")


def deliver_message(bundle: SpecBundle, state: str, name: str, payload: dict) -> StepResult:
    effects: list[Effect] = []
    workflow = _restore(bundle, state, effects)
    workflow.catch(BpmnEvent(MessageEventDefinition(name), payload))
    workflow.do_engine_steps()
    return _result(workflow, effects)
