"""What a fired timer means for the people on a case.

- reminder (`<task>_reminder`): the task's assignee is notified, or, while
  nobody holds it, everyone who may do it (the role the school named for it,
  the form's x-roles, else the lane's) at its school or CLB;
- escalation (`<task>_escalation`): the lane's director is notified (the
  school's directie, or the CLB's clb_directeur); the task the BPMN draws after
  the escalation timer is the director's (its form's x-roles say so);
- a wait that ended (intermediate timer): a line in the case's events.
Each is an event on the case, in the task's lane: school users never see a
CLB-lane reminder or escalation. The engine fires each timer once; these run
in the same transaction as that step, so they are recorded once as well.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import select

from app.calendar.words import day_words
from app.engine import FiredTimer
from app.extensions import db
from app.models import CaseEvent, CaseTask, School, User, UserRole
from app.services import notifications
from app.services.steps.records import Subject, event, lane_visibility
from app.vocabulary import EventKind, Lane, NotificationKind, Role, TaskStatus, TimerKind

DIRECTOR_ROLE = {Lane.SCHOOL: Role.DIRECTIE, Lane.CLB: Role.CLB_DIRECTEUR}


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str | None


def _people(lane: str, school_id: int, roles) -> list[Recipient]:
    """Active users of the lane at the school (school lane) or its CLB (CLB lane)
    with one of `roles`; looked up once per app context (a request, a sweep)."""
    cache = g.setdefault("zorgpad_people", {})
    key = (lane, school_id, frozenset(roles))
    if key not in cache:
        with db.session.no_autoflush:
            cache[key] = [(user.id, user.email) for user in _query_people(lane, school_id, roles)]
    return [Recipient(*row) for row in cache[key]]


def directors(lane: str, school_id: int) -> list[Recipient]:
    """The lane's directors at the school or its CLB, lowest id first."""
    return _people(lane, school_id, [DIRECTOR_ROLE[Lane(lane)]])


def _query_people(lane: str, school_id: int, roles) -> list[User]:
    if lane == Lane.SCHOOL:
        where = User.school_id == school_id
    else:
        where = User.clb_id == select(School.clb_id).where(School.id == school_id).scalar_subquery()
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(where, User.active.is_(True), UserRole.role.in_([str(r) for r in roles]))
            .order_by(User.id)
            .distinct()
        )
    )


def _where(case: Subject) -> str:
    """Where the task is, without naming the pupil (a mail may leave the house)."""
    return f"in dossier {case.id}" if case.id is not None else "bij de opvolging van een afwezigheid"


def _local(moment: datetime | None) -> str:
    return day_words(moment) if moment else "vandaag"


def _remind(case: Subject, row: CaseTask, roles: frozenset, now: datetime, notes: list[dict]) -> CaseEvent:
    if row.assignee_id is not None:
        user = db.session.get(User, row.assignee_id)
        assert user is not None, "the task's foreign key"
        recipients = [Recipient(user.id, user.email)]
    else:  # who may do it, as the task list decides
        recipients = _people(row.lane, row.school_id, roles)
    notes += [
        notifications.notification(
            user,
            NotificationKind.REMINDER,
            now,
            case_id=case.id,
            task=row,
            title=f"Herinnering: {row.title}",
            body=f"De taak '{row.title}' {_where(case)} is over haar termijn ({_local(row.due_at)}). "
            "Werk ze af of spreek af wie ze opneemt.",
        )
        for user in recipients
    ]
    who = "toegewezen medewerker" if row.assignee_id is not None else f"team ({len(recipients)})"
    return event(
        case,
        None,
        now,
        EventKind.REMINDER_SENT,
        row.title,
        new=who,
        visibility=lane_visibility(row.lane),
        task=row,
        school_id=row.school_id,
    )


def _escalate(
    case: Subject, row: CaseTask, escalation: CaseTask | None, now: datetime, notes: list[dict]
) -> CaseEvent:
    """The directors hear of it; the notification opens the escalation task the
    step just created (`escalation`, assigned to one of them), else the task itself."""
    role = DIRECTOR_ROLE[Lane(row.lane)]
    people = directors(row.lane, row.school_id)
    until = f" Behandel ze tegen {_local(escalation.due_at)}." if escalation and escalation.due_at else ""
    notes += [
        notifications.notification(
            user,
            NotificationKind.ESCALATION,
            now,
            case_id=case.id,
            task=escalation or row,
            title=f"Escalatie: {row.title}",
            body=f"De taak '{row.title}' {_where(case)} blijft liggen sinds {_local(row.due_at)}. "
            f"Er staat een escalatietaak voor u klaar: de taak opvolgen, ze aan iemand anders geven of "
            f"de escalatie afsluiten met een toelichting.{until}",
        )
        for user in people
    ]
    return event(
        case,
        None,
        now,
        EventKind.ESCALATED,
        row.title,
        new=str(role),
        reason=f"{len(people)} verwittigd",
        visibility=lane_visibility(row.lane),
        task=row,
        school_id=row.school_id,
    )


def timers_fired(
    case: Subject,
    fired: list[FiredTimer],
    rows_by_engine_id: dict[str, CaseTask],
    roles_by_engine_id: dict[str, frozenset],
    now: datetime,
    notes: list[dict],
    escalations: dict[str, CaseTask] | None = None,
) -> list[CaseEvent]:
    """Events for the timers of one step; their notifications go to `notes`
    (written with the step). `roles_by_engine_id`: who may do each reminded task
    that nobody holds (app/services/steps/roles.py), to remind them all.
    `escalations`: the escalation tasks the step opened, by BPMN id."""
    events = []
    escalations = escalations or {}
    for timer in fired:
        row = rows_by_engine_id.get(timer.watched_engine_task_id or "")
        if timer.kind == TimerKind.REMINDER and row is not None and row.status == TaskStatus.OPEN:
            events.append(
                _remind(case, row, roles_by_engine_id.get(row.engine_task_id, frozenset()), now, notes)
            )
        elif timer.kind == TimerKind.ESCALATION and row is not None and row.status == TaskStatus.OPEN:
            escalation = escalations.get(f"{row.bpmn_id}_escalated")
            events.append(_escalate(case, row, escalation, now, notes))
        else:  # a wait that ended, or a timer on something that is not a user task of ours
            events.append(
                event(
                    case,
                    None,
                    now,
                    EventKind.TIMER_FIRED,
                    timer.name[:200],
                    new=timer.kind,
                    visibility=lane_visibility(timer.lane),
                )
            )
    return events
