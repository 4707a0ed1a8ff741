"""Running a case's workflow one step at a time.

Each call restores the state, does exactly one thing (start, complete a task,
deliver a message, fire the timers that are due, re-evaluate the waiting
timers), runs the engine until it waits, and returns plain data. Every step
runs as of `now` (the app's clock, app/engine/timers.py) with `functions`:
what the case's BPMN expressions may call besides set_phase and set_status
(add_school_days and deadline, bound to the case's school).
"""

from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.util.task import TaskState

from app.engine.compaction import compact
from app.engine.effects import effect_functions, service_operations
from app.engine.results import Effect, FiredTimer, MessageWait, ReadyTask, StepResult, TaskNotReady
from app.engine.scripting import script_engine
from app.engine.serialization import dump_state, load_state
from app.engine.specs import SpecBundle
from app.engine.timers import VALUE_KEY, paused_timers, reevaluate, step_clock
from app.engine.workflow import ZorgpadWorkflow
from app.vocabulary import Lane, TimerKind

# Boundary timers on a user task say what they are by their id (DEVELOPERS.md).
TIMER_SUFFIXES = {"_reminder": TimerKind.REMINDER, "_escalation": TimerKind.ESCALATION}
# A step runs engine tasks until only user tasks and waits remain; a timer
# firing may make more timers ready, so a step loops, but not forever.
MAX_ROUNDS = 50
# The process variable that says what an instance's tasks are about (ReadyTask.about).
TASK_ABOUT = "task_about"


def _lane(task) -> Lane:
    return _spec_lane(task.task_spec)


def _spec_lane(spec) -> Lane:
    return Lane((spec.lane or Lane.SCHOOL).strip().lower())


def _definitions(task) -> list:
    """A catching task's event definitions: its own, or those an event-based
    gateway catches for the events it leads to."""
    definition = getattr(task.task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):
        return list(definition.event_definitions)
    return [definition] if definition is not None else []


def _is_timer(task) -> bool:
    """A timer event, or an event-based gateway with a timer among its events."""
    return isinstance(task.task_spec, CatchingEvent) and any(
        isinstance(d, TimerEventDefinition) for d in _definitions(task)
    )


def _timer_kind(task) -> TimerKind:
    if isinstance(task.task_spec, BoundaryEvent):
        for suffix, kind in TIMER_SUFFIXES.items():
            if task.task_spec.bpmn_id.endswith(suffix):
                return kind
    return TimerKind.WAIT


def _watched(boundary_task):
    """The task a boundary event is attached to: its sibling under the split."""
    parent = boundary_task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    return next((t for t in parent.children if not isinstance(t.task_spec, BoundaryEvent)), None)


def _fired(task) -> FiredTimer | None:
    """The timer that made `task` complete, if a timer did; for an event-based
    gateway, the timer event it leads to (not a message that came first)."""
    spec = task.task_spec
    definition = spec.event_definition
    if isinstance(definition, MultipleEventDefinition):
        seen = [e.event_definition for e in task.internal_data.get("seen_events", [])]
        index = next(
            (
                i
                for i, d in enumerate(definition.event_definitions)
                if isinstance(d, TimerEventDefinition) and any(d is s for s in seen)
            ),
            None,
        )
        if index is None:
            return None
        spec = spec.outputs[index]  # Spiff keeps the gateway's events in the order of its outputs
    watched = _watched(task) if isinstance(spec, BoundaryEvent) else None
    return FiredTimer(
        bpmn_id=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        kind=_timer_kind(task),
        lane=_spec_lane(spec),
        watched_engine_task_id=str(watched.id) if watched is not None else None,
        watched_bpmn_id=watched.task_spec.bpmn_id if watched is not None else None,
    )


def _timer_value(task) -> datetime | None:
    value = task._get_internal_data(VALUE_KEY) if task.state == TaskState.WAITING else None
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _due_at(user_task) -> datetime | None:
    """The time of the task's waiting reminder, else (no reminder drawn) of its
    waiting escalation; None once it fired or when no timer watches the task."""
    if user_task.parent is None or not isinstance(user_task.parent.task_spec, BoundaryEventSplit):
        return None
    timers = {_timer_kind(t): t for t in user_task.parent.children if _is_timer(t)}
    watch = timers.get(TimerKind.REMINDER) or timers.get(TimerKind.ESCALATION)
    return _timer_value(watch) if watch is not None else None


def _run(workflow: BpmnWorkflow, fired: list[FiredTimer]) -> None:
    """Run engine tasks until only user tasks and waiting events remain,
    noting each timer that fired. Spiff's do_engine_steps ends by refreshing
    the timers, which may leave a just-fired timer ready: run it too."""

    def note(task):
        if _is_timer(task):
            timer = _fired(task)
            if timer is not None:
                fired.append(timer)

    for _ in range(MAX_ROUNDS):
        workflow.do_engine_steps(did_complete_task=note)
        # The task map, not a walk of the tree: this runs on every step (no subprocesses here).
        if not any(t.state == TaskState.READY and not t.task_spec.manual for t in workflow.tasks.values()):
            return
    raise RuntimeError(f"the workflow kept running after {MAX_ROUNDS} rounds (a timer loop?)")


def _ready(task) -> ReadyTask:
    about = task.data.get(TASK_ABOUT)
    return ReadyTask(
        str(task.id),
        task.task_spec.bpmn_id,
        task.task_spec.bpmn_name or task.task_spec.bpmn_id,
        _lane(task),
        _due_at(task),
        about if isinstance(about, str) and about else None,
    )


def _result(workflow: BpmnWorkflow, effects: list[Effect], fired: list[FiredTimer]) -> StepResult:
    compact(workflow)
    ready = [_ready(t) for t in workflow.get_tasks(state=TaskState.READY, manual=True)]
    timers = [moment for moment in map(_timer_value, _waiting_timers(workflow)) if moment is not None]
    return StepResult(
        state=dump_state(workflow),
        ready_tasks=ready,
        effects=effects,
        completed=workflow.is_completed(),
        next_timer_due_at=min(timers) if timers else None,
        fired_timers=fired,
    )


def _engine(effects: list[Effect], functions: dict | None):
    return script_engine(
        {**(functions or {}), **effect_functions(effects)}, services=service_operations(effects)
    )


def start(
    bundle: SpecBundle, data: dict, *, now: datetime | None = None, functions: dict | None = None
) -> StepResult:
    effects: list[Effect] = []
    fired: list[FiredTimer] = []
    with step_clock(now):
        workflow = ZorgpadWorkflow(
            bundle.spec, bundle.subprocess_specs, script_engine=_engine(effects, functions)
        )
        workflow.task_tree.data.update(data)  # not workflow.data: conditions read task data
        _run(workflow, fired)
        return _result(workflow, effects, fired)


def _restore(bundle: SpecBundle, state: str, effects: list[Effect], functions: dict | None) -> BpmnWorkflow:
    return load_state(state, bundle.spec, bundle.subprocess_specs, _engine(effects, functions))


def complete_task(
    bundle: SpecBundle,
    state: str,
    engine_task_id: str,
    data: dict,
    *,
    now: datetime | None = None,
    functions: dict | None = None,
) -> StepResult:
    effects: list[Effect] = []
    fired: list[FiredTimer] = []
    with step_clock(now):
        workflow = _restore(bundle, state, effects, functions)
        task = workflow.get_task_from_id(UUID(engine_task_id))
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskNotReady(engine_task_id)
        task.data.update(data)
        task.run()
        _run(workflow, fired)
        return _result(workflow, effects, fired)


def inspect(bundle: SpecBundle, state: str) -> StepResult:
    """What a saved state holds (its ready user tasks, next timer, whether it ended),
    without stepping it: the consistency check compares it with the task index."""
    workflow = _restore(bundle, state, [], None)
    ready = [_ready(t) for t in workflow.get_tasks(state=TaskState.READY, manual=True)]
    timers = [moment for moment in map(_timer_value, _waiting_timers(workflow)) if moment is not None]
    return StepResult(
        state=state,
        ready_tasks=ready,
        completed=workflow.is_completed(),
        next_timer_due_at=min(timers) if timers else None,
    )


def process_value(bundle: SpecBundle, state: str, name: str):
    """One value of the process data (e.g. the absence a follow-up started by hand
    follows), as plain data; None when it is not there."""
    workflow = _restore(bundle, state, [], None)
    value = workflow.data.get(name)
    if value is None:
        value = next(
            (t.data[name] for t in workflow.get_tasks(state=TaskState.READY) if name in t.data), None
        )
    return value if isinstance(value, str | int | float | bool) else None


def waiting_messages(bundle: SpecBundle, state: str) -> frozenset[str]:
    """The names of the messages the instance is waiting for right now (also
    behind an event-based gateway)."""
    return frozenset(wait.name for wait in message_waits(bundle, state))


def message_waits(bundle: SpecBundle, state: str) -> list[MessageWait]:
    """The messages the instance is waiting for right now, with where it waits."""
    workflow = _restore(bundle, state, [], None)
    found = []
    for task in workflow.event_manager.tasks.values():
        definitions = _definitions(task)
        # Spiff keeps an event-based gateway's events in the order of its outputs.
        specs = task.task_spec.outputs if len(definitions) > 1 else [task.task_spec]
        timer = next(
            (
                spec
                for d, spec in zip(definitions, specs, strict=False)
                if isinstance(d, TimerEventDefinition)
            ),
            None,
        )
        for definition, spec in zip(definitions, specs, strict=False):
            if isinstance(definition, MessageEventDefinition):
                found.append(
                    MessageWait(
                        definition.name,
                        spec.bpmn_id,
                        _spec_lane(spec),
                        timer.bpmn_id if timer is not None else None,
                        _timer_value(task) if timer is not None else None,
                    )
                )
    return sorted(found, key=lambda wait: (wait.name, wait.bpmn_id))


def deliver_message(
    bundle: SpecBundle,
    state: str,
    name: str,
    payload: dict,
    *,
    now: datetime | None = None,
    functions: dict | None = None,
) -> StepResult:
    effects: list[Effect] = []
    fired: list[FiredTimer] = []
    with step_clock(now):
        workflow = _restore(bundle, state, effects, functions)
        # The message the service saw awaited wins over a timer that is due but
        # not yet swept (e.g. the relapse check behind an event-based gateway).
        with paused_timers():
            workflow.catch(BpmnEvent(MessageEventDefinition(name), payload))
        _run(workflow, fired)
        return _result(workflow, effects, fired)


def fire_timers(
    bundle: SpecBundle, state: str, *, now: datetime | None = None, functions: dict | None = None
) -> StepResult:
    """The scheduler's step: refresh the waiting timers as of `now` and run
    whatever the ones that are due set going."""
    effects: list[Effect] = []
    fired: list[FiredTimer] = []
    with step_clock(now):
        workflow = _restore(bundle, state, effects, functions)
        workflow.refresh_timers()
        _run(workflow, fired)
        return _result(workflow, effects, fired)


def reschedule_timers(
    bundle: SpecBundle, state: str, *, now: datetime | None = None, functions: dict | None = None
) -> tuple[StepResult, int]:
    """Evaluate every waiting timer again from its own start (the school's days
    off changed); nothing fires here, the next sweep does that. Returns the
    step and how many timers moved."""
    effects: list[Effect] = []
    with step_clock(now):
        workflow = _restore(bundle, state, effects, functions)
        moved = sum(reevaluate(t) for t in _waiting_timers(workflow))
        return _result(workflow, effects, []), moved


def _waiting_timers(workflow: BpmnWorkflow) -> list:
    """Every waiting timer, subprocesses included (the top event manager holds them all)."""
    return [t for t in list(workflow.event_manager.tasks.values()) if _is_timer(t)]
