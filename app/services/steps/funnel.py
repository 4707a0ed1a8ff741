"""The step funnel: keeping the case row, task index and event log in step with
one engine step. Every use case that advances a workflow calls `apply_step`
inside its transaction; the rows go to the database through
app/storage/step_writes.py.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.calendar.school_days import due_after_school_days
from app.engine import StepResult
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, SchoolDayOff, WorkflowInstance
from app.services.access import Actor
from app.services.documents.making import generate_for_step
from app.services.forms import load_form
from app.services.steps import alerts, clb_news
from app.services.steps.assignment import first_assignee, is_escalation
from app.services.steps.records import NOTICE_TEXT, Subject, event, involve_clb, lane_visibility
from app.services.steps.roles import task_roles
from app.storage.step_writes import write_step
from app.vocabulary import CaseStatus, EventKind, InstanceKind, InstanceStatus, Notice, TaskStatus, TimerKind

# A task's title with what it is about; room left for "Herinnering: " in a notification's.
TITLE_LENGTH = 160


@dataclass
class StepOptions:
    """What a caller knows beyond the step itself.

    - `sending_school_id`: new tasks whose form says `"x-period": "sending"` (the
      warm handover) belong to the school the pupil just left; without it, in a
      later step (its escalation), to the school the case left last;
    - `days_off`: the school's own days off, when the caller already read them
      (an import steps thousands of instances);
    - `events_out`: the step's events go here instead of into the database, for
      a caller that writes them in bulk;
    - `claim`: the timer sweep's write (see `step_writes.write_step`), also a
      migration's;
    - `workflow_version`: the version a migration moves the instance to;
    - `writes_out`: the step's own writes (instance, its new values, events,
      notifications) go here instead of into the database, for a caller that
      writes a batch of steps in one statement (the timer sweep,
      app/tasks/sweep_writes.py);
    - `caller_events`: the caller's own events of this step (a completed task's),
      written first with the step's, in the same statement.
    """

    sending_school_id: int | None = None
    days_off: frozenset | None = None
    events_out: list | None = field(default=None, repr=False)
    claim: bool = False
    workflow_version: int | None = None
    writes_out: list | None = field(default=None, repr=False)
    caller_events: list = field(default_factory=list, repr=False)


def apply_step(
    case: Subject,
    instance: WorkflowInstance,
    result: StepResult,
    actor: Actor | None,
    now: datetime,
    open_rows: list[CaseTask],
    options: StepOptions | None = None,
) -> list[CaseTask]:
    """Write one step of `instance`; returns the instance's open task rows afterwards.

    `open_rows` are the instance's task rows that were open before the step (a
    row the step completed must already be marked completed by the caller)."""
    options = options or StepOptions()
    values: dict[str, object] = {"state": result.state, "next_timer_due_at": result.next_timer_due_at}
    if options.workflow_version is not None:
        values["workflow_version"] = options.workflow_version
    if result.completed and instance.status == InstanceStatus.RUNNING:
        values.update(status=InstanceStatus.COMPLETED, ended_at=now)
    events = _apply_effects(case, result, actor, now)
    events += _close_with_the_main_path(case, instance, result, actor, now)
    still_open = _keep_or_cancel(case, result, open_rows, actor, now, events)
    new_rows = _new_rows(case, instance, result, open_rows, now, options)
    for row in new_rows:
        events.append(
            event(
                case,
                actor,
                now,
                EventKind.TASK_CREATED,
                row.title,
                new=row.lane,
                visibility=lane_visibility(row.lane),
                task=row,
                school_id=row.school_id,
            )
        )
    notes: list[dict] = []  # the notifications of timers that fired
    if result.fired_timers:  # reminders, escalations, waits that ended
        by_engine_id = {row.engine_task_id: row for row in open_rows}
        reminded = {t.watched_engine_task_id for t in result.fired_timers if t.kind == TimerKind.REMINDER}
        roles = {
            row.engine_task_id: task_roles(row)
            for row in open_rows
            if row.engine_task_id in reminded and row.assignee_id is None
        }
        escalations = {row.bpmn_id: row for row in new_rows if is_escalation(row.bpmn_id)}
        if escalations:
            db.session.flush()  # their ids: the directors' notifications open them
        events += alerts.timers_fired(case, result.fired_timers, by_engine_id, roles, now, notes, escalations)
    notes += clb_news.for_step(case, events, new_rows, now)  # what the CLB hears of this step
    events = [*options.caller_events, *events]
    if options.writes_out is not None:
        options.writes_out.append((instance, values, events, notes))
    elif options.events_out is not None:
        write_step(instance, values, [], notes, claim=options.claim)
        options.events_out.extend(events)
    else:
        write_step(instance, values, events, notes, claim=options.claim, tasks=open_rows)
    for effect in result.effects:
        if effect.kind == "document":  # a service task asked for a document: stored with this step
            assert effect.data is not None, "app/engine/effects.py: its lane and task"
            generate_for_step(_case(case), effect.value, effect.data["lane"], effect.data["task"], actor, now)
    return still_open + new_rows


def _case(subject: Subject) -> Case:
    """Effects on a case (a phase, the CLB involved, a document) need one: a step of a
    follow-up without a case that asks for them is opened a case first
    (tasks/completing.py)."""
    if not isinstance(subject, Case):
        raise ValueError("this step needs a case; open one for the pupil first")
    return subject


def _apply_effects(
    subject: Subject, result: StepResult, actor: Actor | None, now: datetime
) -> list[CaseEvent]:
    events: list[CaseEvent] = []
    for effect in result.effects:
        if effect.kind == "document":
            continue
        case = _case(subject)
        if effect.kind in ("phase", "status"):
            events += _set_phase_or_status(case, effect, actor, now)
        elif effect.kind == "clb":
            events.append(involve_clb(case, actor, now, effect.value, effect.reason))
        elif effect.kind == "notice":
            text = NOTICE_TEXT[Notice(effect.value)]
            events.append(
                event(case, actor, now, EventKind.NOTICE, effect.value, new=text, reason=effect.reason)
            )
        elif effect.kind == "agreements":
            case.followup_agreements = {**(effect.data or {}), "agreed_at": now.isoformat()}
            agreements = (effect.data or {}).get("agreements")
            events.append(
                event(case, actor, now, EventKind.AGREEMENTS_SHARED, "followup_agreements", new=agreements)
            )
    return events


def _set_phase_or_status(case: Case, effect, actor: Actor | None, now: datetime) -> list[CaseEvent]:
    old = getattr(case, effect.kind)
    if old == effect.value:
        return []
    setattr(case, effect.kind, effect.value)
    if effect.kind == "status" and old == CaseStatus.CLOSED:
        case.closed_at = None  # reopened
    kind = EventKind.PHASE_CHANGED if effect.kind == "phase" else EventKind.STATUS_CHANGED
    return [event(case, actor, now, kind, effect.kind, old, effect.value, reason=effect.reason)]


def _close_with_the_main_path(
    case: Subject, instance: WorkflowInstance, result: StepResult, actor: Actor | None, now: datetime
) -> list[CaseEvent]:
    if not isinstance(case, Case):
        return []  # a follow-up of a pupil without a case: no case to close
    events = []
    if result.completed and instance.kind == InstanceKind.CASE and case.status != CaseStatus.CLOSED:
        events.append(
            event(case, actor, now, EventKind.STATUS_CHANGED, "status", case.status, CaseStatus.CLOSED)
        )
        case.status = CaseStatus.CLOSED
    if case.status == CaseStatus.CLOSED and case.closed_at is None:
        case.closed_at = now
    return events


def _keep_or_cancel(
    case: Subject,
    result: StepResult,
    open_rows: list[CaseTask],
    actor: Actor | None,
    now: datetime,
    events: list,
) -> list[CaseTask]:
    """The rows still open after the step (their due dates follow their timers);
    the rest the path moved on without (e.g. the case ended) are cancelled."""
    ready = {t.engine_task_id: t for t in result.ready_tasks}
    still_open = []
    for row in open_rows:
        if row.status != TaskStatus.OPEN:
            continue
        if row.engine_task_id not in ready:
            row.status = TaskStatus.CANCELLED
            events.append(
                event(
                    case,
                    actor,
                    now,
                    EventKind.TASK_CANCELLED,
                    row.title,
                    visibility=lane_visibility(row.lane),
                    task=row,
                    school_id=row.school_id,
                )
            )
            continue
        still_open.append(row)
        due = ready[row.engine_task_id].due_at
        if due is not None and due != row.due_at:  # its timer moved (the school's days off changed)
            old = row.due_at.isoformat() if row.due_at else None
            events.append(
                event(
                    case,
                    actor,
                    now,
                    EventKind.DUE_DATE_MOVED,
                    row.title,
                    old,
                    due.isoformat(),
                    visibility=lane_visibility(row.lane),
                    task=row,
                    school_id=row.school_id,
                )
            )
            row.due_at = due
    return still_open


def _new_rows(
    case: Subject,
    instance: WorkflowInstance,
    result: StepResult,
    open_rows: list[CaseTask],
    now: datetime,
    options: StepOptions,
) -> list[CaseTask]:
    known = {row.engine_task_id for row in open_rows}
    forms_dir = current_app.config["FORMS_DIR"]
    days_off, sending_school_id = options.days_off, options.sending_school_id
    new_rows = []
    for ready_task in result.ready_tasks:
        if ready_task.engine_task_id in known:
            continue
        form = load_form(forms_dir, ready_task.bpmn_id)
        # A task watched by a BPMN timer is due when its reminder fires; else its form says.
        due = ready_task.due_at
        if due is None and form.due_school_days:
            if days_off is None:
                days_off = _school_days_off(case.school_id)
            due = due_after_school_days(now, form.due_school_days, days_off)
        school_id = case.school_id
        if form.period == "sending":
            sending_school_id = sending_school_id or _school_left_last(_case(case))
            school_id = sending_school_id or case.school_id
        new_rows.append(
            CaseTask(
                case_id=case.id,
                pupil_id=case.pupil_id,
                instance_id=instance.id,
                engine_task_id=ready_task.engine_task_id,
                bpmn_id=ready_task.bpmn_id,
                title=_title(ready_task),
                lane=ready_task.lane,
                school_id=school_id,
                status=TaskStatus.OPEN,
                assignee_id=first_assignee(case, form, ready_task.lane, school_id),
                created_at=now,
                due_at=due,
            )
        )
    db.session.add_all(new_rows)
    return new_rows


def _title(ready_task) -> str:
    if not ready_task.about:
        return ready_task.title
    return f"{ready_task.title} · {ready_task.about}"[:TITLE_LENGTH]


def _school_left_last(case: Case) -> int | None:
    """The school of the case's last finished period (a school change cancels a
    handover still running, so this is the school its handover started from)."""
    return db.session.scalar(
        select(CaseSchool.school_id)
        .where(CaseSchool.case_id == case.id, CaseSchool.until.is_not(None))
        .order_by(CaseSchool.until.desc())
        .limit(1)
    )


def _school_days_off(school_id: int) -> frozenset:
    return frozenset(db.session.scalars(select(SchoolDayOff.day).where(SchoolDayOff.school_id == school_id)))
