"""Moving one running instance onto another version of its process.

SpiffWorkflow's own `migrate_workflow` (bpmn/util/diff.py) re-points each task at its
new spec and then resets every ready or waiting branch (`Task.reset_branch`): the
task keeps its id but loses its internal data, so a waiting timer starts again from
the migration moment; and a task that gains boundary timers in the new version never
gets them (they hang under a split the old tree does not have). Here the tree is
rebuilt in place instead:

- every task keeps its id; each is re-pointed at the element with the same id, or the
  one the plan names (`plan.elements`); Spiff's helper specs follow their element;
- predicted tasks (future, likely, maybe) are dropped and predicted again from the new
  version; finished tasks of removed elements are spliced out of the history;
- a waiting task whose target is of the same kind (a user task to a user task, an event
  to an event or to the event-based gateway that now races it) keeps its state and
  internal data: a timer keeps its `timer_start`, and its time is computed again from it
  with the new expression (as when a school's days off change, timers.reevaluate). A
  target of another kind is where the path resumes: the task is set there and the path
  runs on (its scripts, its gateways) until it waits;
- a user task's boundary timers follow the new version: kept (same id) with their
  start, dropped, or added, armed from the task's own start (`started`, the task
  index's creation time, or a sibling timer's start);
- no timer fires during the migration: one whose time has passed fires at the next
  sweep (`next_timer_due_at` says so).

What stops an instance (a `Blocker`) is found before anything changes, so a dry run
and the real run give the same answer: a waiting task whose element is gone and that
the plan does not map, moved into a subprocess, mapped onto a join or from one; a
changed gateway on the way to a waiting task since it last rested (unless the plan
keeps it); a variable the new version needs that the case lacks and the plan does not
set. `Need`s are what the plan supplied.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from app.engine.results import StepResult
from app.engine.runtime import _engine, _is_timer, _result, _run
from app.engine.serialization import load_state
from app.engine.specs import SpecBundle
from app.engine.timers import START_KEY, arm, paused_timers, step_clock
from app.engine.versions import GATEWAYS, VersionChanges, element_of, wait_kind

LIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
PREDICTED = TaskState.FUTURE | TaskState.PREDICTED_MASK
FINISHED = TaskState.COMPLETED | TaskState.CANCELLED
SPLIT = ".BoundaryEventSplit"


@dataclass(frozen=True)
class VersionPlan:
    """What the plan file says, for the engine: old element → new element, data to set
    on every waiting task (and on the tasks mapped from one element), changed gateways
    to keep a token behind, and the names the forms and the case's facts supply (so
    they are no "new variable")."""

    elements: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, object] = field(default_factory=dict)
    element_data: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # per mapped element
    keep_gateways: frozenset[str] = frozenset()
    provided: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Blocker:
    """Why an instance cannot move: `code` removed | moved | kind | gateway | variable |
    structure, the element (or variable) concerned, and what else helps to say it."""

    code: str
    element: str
    detail: str | None = None


@dataclass(frozen=True)
class Need:
    """What the plan supplied for this instance: `code` element (a waiting task mapped
    to `detail`), gateway (kept) or variable (set)."""

    code: str
    element: str
    detail: str | None = None


@dataclass(frozen=True)
class Migrated:
    """One instance's migration: blocked (with why), or its new step (its ready tasks
    keep their engine ids; `timers_moved`: timers armed anew or whose time moved)."""

    blockers: tuple[Blocker, ...] = ()
    needs: tuple[Need, ...] = ()
    step: StepResult | None = None
    timers_moved: int = 0


def migrate(
    old: SpecBundle,
    new: SpecBundle,
    state: str,
    changes: VersionChanges,
    plan: VersionPlan,
    *,
    now: datetime,
    functions: dict | None = None,
    started: Mapping[str, datetime] | None = None,
) -> Migrated:
    """The instance in `state` (on `old`) on `new`, or why it cannot move."""
    effects: list = []
    with step_clock(now):
        workflow = load_state(state, old.spec, old.subprocess_specs, _engine(effects, functions))
        blockers, needs = _check(workflow, new, changes, plan)
        if blockers:
            return Migrated(blockers=tuple(blockers), needs=tuple(needs))
        resumed = _rebuild(workflow, new, plan, changes.raced, started or {})
        if resumed:  # the path runs on from where the plan put it, no timer firing meanwhile
            with paused_timers():
                _run(workflow, [])
        moved = sum(arm(t) for t in list(workflow.event_manager.tasks.values()) if _is_timer(t))
        step = _result(workflow, effects, [])
        load_state(step.state, new.spec, new.subprocess_specs, None)  # it reads back on the new version
        return Migrated(needs=tuple(needs), step=step, timers_moved=moved)


def _waiting(workflow) -> list[Task]:
    """Where the instance rests: ready user tasks and waiting events, gateways and joins
    (boundary events go with their task)."""
    return [
        t
        for t in workflow.get_tasks(state=LIVE)
        if not isinstance(t.task_spec, BoundaryEvent) and t.task_spec.bpmn_id is not None
    ]


def _has_work(task) -> bool:
    """The task, or one below it, waits (a boundary event waits with its task: no work)."""
    if task.state & LIVE and not isinstance(task.task_spec, BoundaryEvent):
        return True
    return any(_has_work(c) for c in task.children)


def _target(name: str, plan: VersionPlan, raced: Mapping[str, str] | None = None) -> str:
    """The element a task goes to: the plan's, else (a waiting task) the gateway that now
    races its wait, else its own id; a helper spec follows its element."""
    element = element_of(name)
    mapped = plan.elements.get(element) or (raced or {}).get(element, element)
    return mapped + name[len(element) :]


def _compatible(was: str | None, now: str | None) -> bool:
    """A waiting task keeps its state and internal data (a timer's start) on a target of
    the same kind; an event and an event-based gateway keep the same timer data."""
    return was == now or {was, now} == {"event", "events"}


def _check(workflow, new: SpecBundle, changes: VersionChanges, plan: VersionPlan):
    blockers: list[Blocker] = []
    needs: list[Need] = []
    if workflow.subprocesses:
        blockers.append(Blocker("structure", "subprocess"))
    specs = _specs(new)
    for task in _waiting(workflow):
        _check_wait(task, specs, changes, plan, blockers, needs)
    for task in workflow.tasks.values():  # history of removed elements must splice out
        gone = (
            task.state & FINISHED
            and task.parent is not None
            and _target(task.task_spec.name, plan) not in specs
        )
        if gone and sum(map(_has_work, task.children)) > 1:
            blockers.append(Blocker("structure", element_of(task.task_spec.name)))
    known = set(plan.provided)
    for task in _waiting(workflow):
        known.update(task.data)
    for variable in changes.new_names:
        if variable in plan.data:
            needs.append(Need("variable", variable))
        elif variable not in known:
            blockers.append(Blocker("variable", variable))
    return list(dict.fromkeys(blockers)), list(dict.fromkeys(needs))


def _specs(bundle: SpecBundle) -> dict:
    process: Any = bundle.spec
    return process.task_specs


def _check_wait(
    task, specs: dict, changes: VersionChanges, plan: VersionPlan, blockers: list, needs: list
) -> None:
    """One waiting task: where it goes, and the decisions on its way there."""
    name = task.task_spec.name
    target = _target(name, plan, changes.raced)
    spec = specs.get(target)
    if spec is None:
        code = "moved" if name in changes.moved else "removed"
        blockers.append(Blocker(code, name, changes.moved.get(name) or changes.suggested.get(name)))
        return
    if name in plan.elements:
        needs.append(Need("element", name, target))
    was, now = wait_kind(task.task_spec), wait_kind(spec)
    if "join" in (was, now) and was != now:
        blockers.append(Blocker("kind", name, target))
    for gateway in _decided_since_rest(task):
        if "routing" not in changes.changed.get(gateway, ()):
            continue
        if gateway in plan.keep_gateways:
            needs.append(Need("gateway", gateway, name))
        else:
            blockers.append(Blocker("gateway", gateway, name))


def _decided_since_rest(task) -> list[str]:
    """The gateways the token passed since it last rested (on a user task or an event)."""
    found, node = [], task.parent
    while node is not None:
        spec = node.task_spec
        if getattr(spec, "bpmn_id", None) is not None:
            if spec.manual or isinstance(spec, CatchingEvent):
                break
            if type(spec).__name__ in GATEWAYS:
                found.append(spec.name)
        node = node.parent
    return found


def _rebuild(
    workflow, new: SpecBundle, plan: VersionPlan, raced: Mapping[str, str], started: Mapping[str, datetime]
) -> bool:
    """Re-point the tree at `new` in place; True when a task resumes elsewhere (to run)."""
    specs = _specs(new)
    for task in list(workflow.tasks.values()):
        if task.id not in workflow.tasks:
            continue
        predicted = task.state & PREDICTED and task.parent is not None and not task.parent.state & PREDICTED
        lost_timer = isinstance(task.task_spec, BoundaryEvent) and task.state & LIVE
        if predicted or (lost_timer and _target(task.task_spec.name, plan) not in specs):
            workflow._remove_task(task.id)  # predicted again below; a timer the new version dropped
    for task in list(workflow.tasks.values()):
        finished = task.id in workflow.tasks and task.state & FINISHED and task.parent is not None
        if finished and _target(task.task_spec.name, plan) not in specs:
            _splice(workflow, task)
    waiting = _waiting(workflow)
    was_on = {t.id: element_of(t.task_spec.name) for t in waiting}
    targets = {t.id: specs[_target(t.task_spec.name, plan, raced)] for t in waiting}
    kinds = {t.id: (wait_kind(t.task_spec), wait_kind(targets[t.id])) for t in waiting}
    for task in workflow.tasks.values():
        task.task_spec = targets.get(task.id) or specs[_target(task.task_spec.name, plan)]
    workflow.spec, workflow.subprocess_specs = new.spec, new.subprocess_specs
    resumed = False
    for task in waiting:
        task.data.update({**plan.data, **plan.element_data.get(was_on[task.id], {})})
        keep = _compatible(*kinds[task.id])
        if not keep:  # the path resumes at the target
            task.internal_data = {}
            task._set_state(TaskState.FUTURE)
            resumed = True
        _boundaries(workflow, task, started)
        task.task_spec._predict(task, mask=PREDICTED | task.state)
        if not keep:
            with paused_timers():
                task.task_spec._update(task)
    if workflow.last_task is not None and workflow.last_task.id not in workflow.tasks:
        workflow.last_task = None
    workflow.event_manager.tasks = {
        t.id: t
        for t in workflow.tasks.values()
        if isinstance(t.task_spec, CatchingEvent) and t.state == TaskState.WAITING
    }
    return resumed


def _splice(workflow, task) -> None:
    """Take a finished task of a removed element out of the tree: a branch without work
    goes whole; otherwise its one child with work below it takes its place."""
    keep = next((c for c in task.children if _has_work(c)), None)
    if keep is None:
        workflow._remove_task(task.id)
        return
    for child in task.children:
        if child is not keep:
            workflow._remove_task(child.id)
    parent = task.parent
    parent._children[parent._children.index(task.id)] = keep.id
    keep._parent = parent.id
    task._children = []
    workflow.tasks.pop(task.id)


def _boundaries(workflow, task, started: Mapping[str, datetime]) -> None:
    """Make the task's boundary events those of its (new) element: under a split that
    the new version has, the old timers kept with their start, new ones armed from the
    task's start; no split when the new version has none."""
    split_spec = task.task_spec._wf_spec.task_specs.get(task.task_spec.name + SPLIT)
    parent = task.parent
    split = parent if isinstance(parent.task_spec, BoundaryEventSplit) else None
    if split is None and split_spec is None:
        return
    if split is not None and split_spec is None:  # the new version watches the task no more
        for child in split.children:
            if child is not task:
                workflow._remove_task(child.id)
        grand = split.parent
        grand._children[grand._children.index(split.id)] = task.id
        task._parent = grand.id
        workflow.tasks.pop(split.id)
        return
    if split is None:  # the new version watches it: a split goes in above it
        split = Task(workflow, split_spec, parent, state=TaskState.COMPLETED)
        parent._children.remove(split.id)
        parent._children[parent._children.index(task.id)] = split.id
        split._children, task._parent = [task.id], split.id
        split.data = dict(parent.data)
    if not task.state & LIVE:
        return  # resumed elsewhere: its split arms the timers when it runs
    starts = [c.internal_data.get(START_KEY) for c in split.children if c is not task]
    start = next((s for s in starts if s), None) or _iso(started.get(str(task.id)))
    present = {c.task_spec for c in split.children}
    for spec in split_spec.outputs:
        if isinstance(spec, BoundaryEvent) and spec not in present:
            child = split._add_child(spec, TaskState.FUTURE)
            child.data = dict(split.data)
            if start:
                child.internal_data[START_KEY] = start
            with paused_timers():
                spec._update(child)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
