"""Keeping the case row, task index and event log in step with one engine step.

Called by every use case that advances a workflow, inside its transaction.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.engine import StepResult
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, SchoolDayOff, WorkflowInstance
from app.school_calendar import due_after_school_days
from app.services.access import Actor
from app.services.forms import load_form
from app.services.step_writes import write_step
from app.vocabulary import (
    CaseStatus,
    EventKind,
    InstanceKind,
    InstanceStatus,
    Lane,
    Notice,
    TaskStatus,
    Visibility,
)

# Form fields that steer gateways: their values are worth a line in the log.
DECISION_FIELDS = (
    "decision",
    "accepted",
    "trajectory",
    "outcome",
    "tracks",
    "confirm_police",
    "absence_type",
    "plan",
    "trajectories",
    "offers",
    "agodi_filed_by",
    "waiting_list",
    "partner_took_over",
    "consult_outcome",
    "certificate_outcome",
    "next_step",
)
# What the school reads in its event log when the CLB lets it know something.
NOTICE_TEXT = {
    Notice.REFERRAL_ACCEPTED: "Aanmelding aanvaard door het CLB",
    Notice.CERTIFICATE_UPHELD: "Medisch attest blijft staan (CLB-arts)",
    Notice.CERTIFICATE_NOT_UPHELD: "Medisch attest houdt geen stand (CLB-arts)",
    Notice.CERTIFICATE_UNCLEAR: "Medisch attest onduidelijk: bespreking op het CLB-team",
}


def open_task_rows(case_id: int, instance_id: int | None = None) -> list[CaseTask]:
    """The case's open task rows; of one instance when `instance_id` is given."""
    query = select(CaseTask).where(CaseTask.case_id == case_id, CaseTask.status == TaskStatus.OPEN)
    if instance_id is not None:
        query = query.where(CaseTask.instance_id == instance_id)
    return list(db.session.scalars(query.order_by(CaseTask.id)))


def event(
    case: Case,
    actor: Actor | None,
    at: datetime,
    kind: EventKind,
    what: str,
    old=None,
    new=None,
    reason=None,
    visibility=Visibility.SHARED,
    task: CaseTask | None = None,
    school_id: int | None = None,
) -> CaseEvent:
    """A case event, filed under the case's current school unless told otherwise."""
    return CaseEvent(
        case_id=case.id,
        school_id=school_id or case.school_id,
        actor_id=actor.user_id if actor else None,
        at=at,
        kind=kind,
        what=what,
        old_value=None if old is None else str(old)[:200],
        new_value=None if new is None else str(new)[:200],
        reason=reason,
        visibility=visibility,
        task=task,
    )


def lane_visibility(lane: str) -> Visibility:
    """Events about CLB-lane work stay with the CLB (professional secrecy)."""
    return Visibility.CLB if lane == Lane.CLB else Visibility.SHARED


def decision_summary(data: dict) -> str | None:
    parts = []
    for name in DECISION_FIELDS:
        if name in data:
            value = data[name]
            value = ",".join(value) if isinstance(value, list) else value
            parts.append(f"{name}={value}")
    return "; ".join(parts) or None


def involve_clb(
    case: Case, actor: Actor | None, now: datetime, how: str, reason: str | None = None
) -> CaseEvent:
    """What the path's `involve_clb(how)` does: from here on the CLB sees the case
    (and the school is told so). Returns the event, for the caller to add."""
    if case.clb_since is None:
        case.clb_since = now
    return event(case, actor, now, EventKind.CLB_INVOLVED, "clb", new=how, reason=reason)


def _apply_effects(case: Case, result: StepResult, actor: Actor | None, now: datetime) -> list[CaseEvent]:
    events = []
    for effect in result.effects:
        if effect.kind in ("phase", "status"):
            old = getattr(case, effect.kind)
            if old != effect.value:
                setattr(case, effect.kind, effect.value)
                kind = EventKind.PHASE_CHANGED if effect.kind == "phase" else EventKind.STATUS_CHANGED
                events.append(
                    event(case, actor, now, kind, effect.kind, old, effect.value, reason=effect.reason)
                )
                if effect.kind == "status" and old == CaseStatus.CLOSED:
                    case.closed_at = None  # reopened
        elif effect.kind == "clb":
            events.append(involve_clb(case, actor, now, effect.value, effect.reason))
        elif effect.kind == "notice":
            events.append(
                event(
                    case,
                    actor,
                    now,
                    EventKind.NOTICE,
                    effect.value,
                    new=NOTICE_TEXT[Notice(effect.value)],
                    reason=effect.reason,
                )
            )
        elif effect.kind == "agreements":
            case.followup_agreements = {**(effect.data or {}), "agreed_at": now.isoformat()}
            events.append(
                event(
                    case,
                    actor,
                    now,
                    EventKind.AGREEMENTS_SHARED,
                    "followup_agreements",
                    new=(effect.data or {}).get("agreements"),
                )
            )
    return events


def apply_step(
    case: Case,
    instance: WorkflowInstance,
    result: StepResult,
    actor: Actor | None,
    now: datetime,
    open_rows: list[CaseTask],
    *,
    sending_school_id: int | None = None,
    days_off: frozenset | None = None,
    events_out: list | None = None,
    claim: bool = False,
) -> list[CaseTask]:
    """Write one step of `instance`; returns the instance's open task rows afterwards.

    `open_rows` are the instance's task rows that were open before the step (a
    row the step completed must already be marked completed by the caller).
    New tasks belong to the case's school; a task whose form says
    `"x-period": "sending"` (the warm handover) belongs to `sending_school_id`,
    the school the pupil just left; in a later step (its escalation, fired by
    the sweep) to the school the case left last. `days_off`: the school's own
    days off, when the caller already read them (an import steps thousands of
    instances); `events_out`: the step's events go there instead of into the
    database, for a caller that writes them in bulk; `claim`: see
    `step_writes.write_step` (the timer sweep).
    """
    session = db.session
    values = {"state": result.state, "next_timer_due_at": result.next_timer_due_at}
    if result.completed and instance.status == InstanceStatus.RUNNING:
        values.update(status=InstanceStatus.COMPLETED, ended_at=now)

    events = _apply_effects(case, result, actor, now)
    if result.completed and instance.kind == InstanceKind.CASE and case.status != CaseStatus.CLOSED:
        events.append(
            event(case, actor, now, EventKind.STATUS_CHANGED, "status", case.status, CaseStatus.CLOSED)
        )
        case.status = CaseStatus.CLOSED
    if case.status == CaseStatus.CLOSED and case.closed_at is None:
        case.closed_at = now

    notes: list[dict] = []  # the notifications of timers that fired
    ready = {t.engine_task_id: t for t in result.ready_tasks}
    still_open = []
    for row in open_rows:
        if row.status != TaskStatus.OPEN:
            continue
        if row.engine_task_id in ready:
            still_open.append(row)
            due = ready[row.engine_task_id].due_at
            if due is not None and due != row.due_at:  # its timer moved (the school's days off changed)
                events.append(
                    event(
                        case,
                        actor,
                        now,
                        EventKind.DUE_DATE_MOVED,
                        row.title,
                        row.due_at.isoformat() if row.due_at else None,
                        due.isoformat(),
                        visibility=lane_visibility(row.lane),
                        task=row,
                        school_id=row.school_id,
                    )
                )
                row.due_at = due
        else:  # the path moved on without it (e.g. the case ended)
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
    known = {row.engine_task_id for row in open_rows}
    forms_dir = current_app.config["FORMS_DIR"]
    new_rows = []
    extra_days_off = days_off
    for ready_task in result.ready_tasks:
        if ready_task.engine_task_id in known:
            continue
        form = load_form(forms_dir, ready_task.bpmn_id)
        # A task watched by a BPMN timer is due when its reminder fires; else its form says.
        due = ready_task.due_at
        if due is None and form.due_school_days:
            if extra_days_off is None:
                extra_days_off = _school_days_off(case.school_id)
            due = due_after_school_days(now, form.due_school_days, extra_days_off)
        if form.period == "sending" and sending_school_id is None:
            sending_school_id = _school_left_last(case)
        sending = form.period == "sending" and sending_school_id is not None
        row = CaseTask(
            case_id=case.id,
            instance_id=instance.id,
            engine_task_id=ready_task.engine_task_id,
            bpmn_id=ready_task.bpmn_id,
            title=ready_task.title,
            lane=ready_task.lane,
            school_id=sending_school_id if sending else case.school_id,
            status=TaskStatus.OPEN,
            created_at=now,
            due_at=due,
        )
        new_rows.append(row)
    session.add_all(new_rows)
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
    if result.fired_timers:  # reminders, escalations, waits that ended: events and notifications
        from app.services import alerts  # alerts builds on this module's events

        by_engine_id = {row.engine_task_id: row for row in open_rows}
        events.extend(alerts.timers_fired(case, result.fired_timers, by_engine_id, now, notes))
    if events_out is not None:
        write_step(instance, values, [], notes, claim=claim)
        events_out.extend(events)
    else:
        write_step(instance, values, events, notes, claim=claim)
    documents = [effect for effect in result.effects if effect.kind == "document"]
    if documents:  # a service task asked for a document: rendered and stored with this step
        from app.services.documents import generate_for_step  # documents build on this module

        for effect in documents:
            generate_for_step(case, effect.value, effect.data["lane"], effect.data["task"], actor, now)
    return still_open + new_rows


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
