"""A school's own days off, and what moving them moves.

Adding or removing a day off moves what it affects at once, in the same
transaction: every waiting timer of the school's running instances is
evaluated again from its own start (`engine.reschedule_timers`), and open
tasks whose due date comes from their form (`x-due-school-days`) are counted
again from their creation. A moved due date is an event on the case.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app import clock, engine
from app.calendar.school_days import due_after_school_days, is_school_day
from app.extensions import db
from app.models import CaseTask, School, SchoolDayOff, WorkflowInstance
from app.services import workflows
from app.services.access import Actor
from app.services.audit import audit
from app.services.calendar.deadlines import DeadlineView, calendar_school, list_deadlines, may_change_calendar
from app.services.calendar.functions import days_off, script_functions
from app.services.errors import Conflict, Invalid, NotFound
from app.services.forms import load_form
from app.services.paging import paginate
from app.services.steps.funnel import apply_step
from app.services.steps.instances import subject_of_instance
from app.services.steps.records import event, lane_visibility, open_task_rows, subject_of
from app.services.transaction import writing
from app.vocabulary import AuditAction, EventKind, InstanceStatus, TaskStatus

log = logging.getLogger("zorgpad.timers")


@dataclass
class CalendarView:
    """A school's calendar page: its days off, its deadlines, and whether the actor may change them."""

    school: School
    days_off: list[SchoolDayOff]
    deadlines: list[DeadlineView]
    may_change: bool


def get_calendar(actor: Actor, school_id: int) -> CalendarView:
    school = calendar_school(actor, school_id, change=False)
    days = list(
        db.session.scalars(
            select(SchoolDayOff).where(SchoolDayOff.school_id == school.id).order_by(SchoolDayOff.day)
        )
    )
    return CalendarView(school, days, list_deadlines(actor, school.id), may_change_calendar(actor, school.id))


@dataclass
class DayOffChange:
    date: date
    reason: str | None
    moved_tasks: int


def list_days_off(actor: Actor, school_id: int, *, page=1, per_page=100):
    calendar_school(actor, school_id, change=False)
    query = select(SchoolDayOff).where(SchoolDayOff.school_id == school_id).order_by(SchoolDayOff.day)
    return paginate(query, page, per_page)


def add_day_off(actor: Actor, school_id: int, day: date, reason: str) -> DayOffChange:
    school = calendar_school(actor, school_id, change=True)
    if not is_school_day(day):
        raise Invalid(
            "Die dag is al geen schooldag.",
            {"date": ["Valt in het weekend, op een feestdag of in een schoolvakantie."]},
        )
    taken = Conflict("Die dag staat al als vrije dag in de kalender.", {"date": ["Bestaat al."]})
    if db.session.scalar(
        select(SchoolDayOff.id).where(SchoolDayOff.school_id == school.id, SchoolDayOff.day == day)
    ):
        raise taken
    now = clock.now()
    with writing(integrity_error=taken) as session:
        session.add(
            SchoolDayOff(
                school_id=school.id, day=day, reason=reason, created_at=now, created_by_id=actor.user_id
            )
        )
        session.flush()
        moved = _reschedulecalendar_school(actor, school.id, now)
        audit(session, actor, now, AuditAction.DAY_OFF_ADDED, "school", school.id, f"{day} {reason}"[:500])
    return DayOffChange(day, reason, moved)


def remove_day_off(actor: Actor, school_id: int, day: date) -> DayOffChange:
    school = calendar_school(actor, school_id, change=True)
    row = db.session.scalar(
        select(SchoolDayOff).where(SchoolDayOff.school_id == school.id, SchoolDayOff.day == day)
    )
    if row is None:
        raise NotFound("Die dag staat niet als vrije dag in de kalender.")
    now = clock.now()
    with writing() as session:
        session.delete(row)
        session.flush()
        moved = _reschedulecalendar_school(actor, school.id, now)
        audit(session, actor, now, AuditAction.DAY_OFF_REMOVED, "school", school.id, str(day))
    return DayOffChange(day, row.reason, moved)


def _reschedulecalendar_school(actor: Actor, school_id: int, now: datetime) -> int:
    """Move the due dates and timers of the school's open work; returns the
    number of open tasks whose due date moved."""
    session = db.session
    functions = script_functions(school_id)
    moved_before = _due_dates(school_id)
    instances = session.scalars(
        select(WorkflowInstance)
        .where(
            WorkflowInstance.school_id == school_id,
            WorkflowInstance.status == InstanceStatus.RUNNING,
            WorkflowInstance.next_timer_due_at.is_not(None),
        )
        .options(undefer(WorkflowInstance.state))
        .order_by(WorkflowInstance.id)
    )
    timer_due: set[str] = set()  # engine task ids
    for instance in list(instances):
        try:
            result, count = engine.reschedule_timers(
                workflows.bundle_for(instance), instance.state, now=now, functions=functions
            )
        except Exception:  # noqa: BLE001 - one unreadable case must not block the school's calendar
            # The sweep retries it and, failing, opens an incident for the admin.
            log.exception("days off changed: instance %s could not be rescheduled", instance.id)
            continue
        timer_due.update(t for t in (r.engine_task_id for r in result.ready_tasks if r.due_at))
        if count:
            subject = subject_of_instance(instance)
            apply_step(subject, instance, result, actor, now, open_task_rows(subject.id, instance.id))
    extra = days_off(school_id)
    forms_dir = current_app.config["FORMS_DIR"]
    for row in session.scalars(
        select(CaseTask).where(
            CaseTask.school_id == school_id, CaseTask.status == TaskStatus.OPEN, CaseTask.due_at.is_not(None)
        )
    ):
        if row.engine_task_id in timer_due:
            continue  # its timer decides (apply_step moved it)
        days = load_form(forms_dir, row.bpmn_id).due_school_days
        if days:
            due = due_after_school_days(row.created_at, days, extra)
            if due != row.due_at:
                session.add(
                    event(
                        subject_of(row.case, row.pupil, row.school_id),
                        actor,
                        now,
                        EventKind.DUE_DATE_MOVED,
                        row.title,
                        row.due_at.isoformat(),
                        due.isoformat(),
                        visibility=lane_visibility(row.lane),
                        task=row,
                        school_id=row.school_id,
                    )
                )
                row.due_at = due
    session.flush()
    after = _due_dates(school_id)
    return sum(1 for task_id, due in after.items() if moved_before.get(task_id) != due)


def _due_dates(school_id: int) -> dict[int, datetime]:
    return dict(
        db.session.execute(
            select(CaseTask.id, CaseTask.due_at).where(
                CaseTask.school_id == school_id, CaseTask.status == TaskStatus.OPEN
            )
        ).all()
    )
