"""What the engine hands back: plain data, never SpiffWorkflow objects."""

from dataclasses import dataclass, field
from datetime import datetime

from app.vocabulary import Lane, TimerKind


class TaskNotReady(LookupError):
    """The engine has no ready user task with that id (completed or cancelled)."""


@dataclass(frozen=True)
class ReadyTask:
    engine_task_id: str
    bpmn_id: str
    title: str
    lane: Lane
    # When its reminder (else its escalation) boundary timer fires: the task's due time.
    due_at: datetime | None = None
    # What this instance's tasks are about, from the process data's `task_about` (e.g.
    # which absence a follow-up follows): two tasks of one title told apart.
    about: str | None = None


@dataclass(frozen=True)
class FiredTimer:
    """A timer that fired in this step; for a boundary timer, the task it watches."""

    bpmn_id: str
    name: str
    kind: TimerKind
    lane: Lane
    watched_engine_task_id: str | None = None
    watched_bpmn_id: str | None = None


@dataclass(frozen=True)
class Effect:
    """Something a script asks of the case; the service applies it.

    kind: "phase", "status", "clb" (the CLB starts seeing the case: value is
    how), "notice" (an event the school sees), "agreements" (follow-up
    agreements shared with the school, in `data`) or "document" (a service
    task asks for the document `value`; `data`: its lane and bpmn id)."""

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
    fired_timers: list[FiredTimer] = field(default_factory=list)


@dataclass(frozen=True)
class MessageWait:
    """A message the instance waits for: its catch event, that event's lane, and
    (behind an event-based gateway) the timer it races and when that one fires."""

    name: str
    bpmn_id: str
    lane: Lane
    timer_bpmn_id: str | None = None
    timer_due_at: datetime | None = None
