"""What the CLB hears from its schools: a notification to the CLB team of the school.

A step that signals a pupil to the CLB (`involve_clb("signal")`), refers one
(the CLB's task that judges the referral opens), asks the CLB's advice before a
police report, moves a pupil the CLB follows to another school (the warm
handover, and its receipt by the new school's CLB), or reopens a case the CLB
closed with agreements (its relapse task) notifies every active CLB worker and
CLB director of the CLB serving that school — never another CLB's. Written with
the step (`notifications.notification`: in the app, and by e-mail where
configured). The CLB's inbox (app/services/cases/inbox.py) lists the same work
while it is open.

Which tasks mean what are care-path ids, named here once
(tests/unit/test_inbox_constants.py checks them against workflows/).
"""

from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import select

from app.calendar.words import day_words
from app.extensions import db
from app.models import CaseEvent, CaseTask, Notification, School, User, UserRole
from app.services import notifications
from app.services.steps.records import Subject
from app.vocabulary import ClbInvolvement, EventKind, Lane, NotificationKind, Role

# The CLB team of a school: who hears what its schools ask of the CLB.
CLB_TEAM = (Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR)
# The school's task that records its signal (discussed at the absence meeting).
SIGNAL_TASKS = ("task_signal_clb",)
# A CLB-lane task that, when it opens, asks something new of the CLB.
NEWS_TASKS = {
    "task_clb_accept": NotificationKind.REFERRAL,
    "task_police_clb_advice": NotificationKind.POLICE_ADVICE,
    "task_warm_handover": NotificationKind.SCHOOL_CHANGE,
    "task_receive_handover": NotificationKind.SCHOOL_CHANGE,
    "task_relapse_review": NotificationKind.NEW_ABSENCES,
}
WHAT = {
    NotificationKind.SIGNAL: (
        "Signaal van de school",
        "signaleert een leerling aan het CLB (vanaf 5 halve "
        "dagen met B-code): bespreking op het overleg afwezigheden",
    ),
    NotificationKind.REFERRAL: (
        "Aanmelding bij het CLB",
        "meldt een leerling aan bij het CLB: beoordeel de aanmelding",
    ),
    NotificationKind.POLICE_ADVICE: (
        "Advies gevraagd vóór een politiemelding",
        "vraagt het advies van het CLB vóór een melding aan de politie",
    ),
    NotificationKind.SCHOOL_CHANGE: (
        "Schoolverandering",
        "meldt een schoolverandering van een leerling die het CLB volgt: warme overdracht",
    ),
    NotificationKind.NEW_ABSENCES: (
        "Nieuwe afwezigheden na afsluiting",
        "meldt nieuwe afwezigheden in een dossier dat het CLB met afspraken afsloot: terugval bekijken",
    ),
}


@dataclass(frozen=True)
class Member:
    id: int
    email: str | None


def clb_team(school_id: int) -> list[Member]:
    """The active CLB workers and directors of the CLB that serves the school; looked
    up once per app context (a request, a sweep, an import)."""
    cache = g.setdefault("zorgpad_clb_team", {})
    if school_id not in cache:
        with db.session.no_autoflush:
            clb_id = select(School.clb_id).where(School.id == school_id).scalar_subquery()
            cache[school_id] = list(
                db.session.execute(
                    select(User.id, User.email)
                    .join(UserRole, UserRole.user_id == User.id)
                    .where(
                        User.clb_id == clb_id,
                        User.clb_id.is_not(None),
                        User.active.is_(True),
                        UserRole.role.in_([str(r) for r in CLB_TEAM]),
                    )
                    .order_by(User.id)
                    .distinct()
                )
            )
    return [Member(*row) for row in cache[school_id]]


def _school_name(school_id: int) -> str:
    names = g.setdefault("zorgpad_school_names", {})
    if school_id not in names:
        with db.session.no_autoflush:
            names[school_id] = (
                db.session.scalar(select(School.name).where(School.id == school_id)) or "De school"
            )
    return names[school_id]


def _notes(
    kind: NotificationKind, case: Subject, school_id: int, task: CaseTask | None, now: datetime
) -> list[dict]:
    title, asked = WHAT[kind]
    where = f"dossier {case.id}" if case.id is not None else "een opvolging"
    due = f" Termijn: {day_words(task.due_at)}." if task and task.due_at else ""
    body = f"{_school_name(school_id)} {asked} ({where}).{due}"
    return [
        notifications.notification(
            member, kind, now, case_id=case.id, task=task, title=f"{title}: {where}", body=body
        )
        for member in clb_team(school_id)
    ]


def signal_heard(case: Subject, now: datetime) -> list[Notification]:
    """A signal recorded outside a step (the absence meeting's, when the path is
    elsewhere): the same notifications, as rows for the caller's session."""
    return [Notification(**note) for note in _notes(NotificationKind.SIGNAL, case, case.school_id, None, now)]


def for_step(case: Subject, events: list[CaseEvent], new_rows: list[CaseTask], now: datetime) -> list[dict]:
    """The notifications one step owes the CLB (written with the step)."""
    notes: list[dict] = []
    signalled = any(e.kind == EventKind.CLB_INVOLVED and e.new_value == ClbInvolvement.SIGNAL for e in events)
    news = [row for row in new_rows if row.lane == Lane.CLB and row.bpmn_id in NEWS_TASKS]
    signal_task = next((row for row in new_rows if row.bpmn_id in SIGNAL_TASKS), None) if signalled else None
    if any(row.id is None for row in [*news, *([signal_task] if signal_task else [])]):
        db.session.flush()  # the notifications name the new task rows
    if signalled:  # the link opens the school's signal task (the CLB reads it), else the case
        notes += _notes(NotificationKind.SIGNAL, case, case.school_id, signal_task, now)
    for row in news:
        notes += _notes(NEWS_TASKS[row.bpmn_id], case, row.school_id, row, now)
    return notes
