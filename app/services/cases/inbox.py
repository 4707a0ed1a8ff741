"""The CLB's inbox, "Signalen en aanmeldingen": what its schools ask of the CLB and
is still open, per school, oldest first, each with what is asked and by when.

An entry is an open task of the care path that stands for a question to the CLB:
the school's signal still to be discussed at the absence meeting (a school-lane
task the CLB reads), a referral to judge, an advice before a police report, a
warm handover at a school change (sending or receiving), a relapse after new
absences on a case the CLB closed. The same moments notify the CLB team
(app/services/steps/clb_news.py). An entry leaves the inbox when its task is done.

Which tasks are which, and where the school wrote its question for help, are
care-path data that change with the BPMN: they are named here, once
(tests/unit/test_inbox_constants.py checks them against workflows/ and forms/).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import Case, CaseTask, School
from app.services.access import Actor, clb_may_see, in_scope
from app.services.audit import audit
from app.services.errors import Forbidden
from app.services.steps.clb_news import NEWS_TASKS, SIGNAL_TASKS
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, NotificationKind, TaskStatus

# The CLB's task that accepts or returns a school's referral.
REFERRAL_TASKS = ("task_clb_accept",)
# (task id, field) holding the school's question for help, in the task that
# made the referral; the first one found on the case, newest first, is shown.
HELP_QUESTION_FIELDS = (("task_phase1_evaluation", "help_question"),)
INBOX_TASKS = {**dict.fromkeys(SIGNAL_TASKS, NotificationKind.SIGNAL), **NEWS_TASKS}
# What is asked of the CLB, per task.
ASKED = {
    "task_signal_clb": "Signaal: bespreken op het overleg afwezigheden",
    "task_clb_accept": "Aanmelding: aanvaarden of terugsturen",
    "task_police_clb_advice": "Advies vóór een melding aan de politie",
    "task_warm_handover": "Schoolverandering: warme overdracht naar het nieuwe CLB",
    "task_receive_handover": "Schoolverandering: overdracht ontvangen",
    "task_relapse_review": "Nieuwe afwezigheden na afsluiting: terugval bekijken",
}

NOT_CLB = Forbidden("Alleen CLB-medewerkers ontvangen aanmeldingen van scholen.")


@dataclass(frozen=True)
class Entry:
    task: CaseTask
    kind: NotificationKind
    asked: str
    since: datetime  # when it was asked (the task opened)
    help_question: str | None  # a referral's


@dataclass(frozen=True)
class SchoolInbox:
    school_id: int
    school_name: str
    entries: list[Entry]


def _help_questions(case_ids: list[int | None], actor: Actor) -> dict[int | None, str]:
    task_ids = [task_id for task_id, _ in HELP_QUESTION_FIELDS]
    rows = db.session.scalars(
        select(CaseTask)
        .where(
            CaseTask.case_id.in_(case_ids),
            CaseTask.bpmn_id.in_(task_ids),
            CaseTask.status == TaskStatus.COMPLETED,
            in_scope(CaseTask.school_id, actor),
        )
        .order_by(CaseTask.completed_at.desc(), CaseTask.id.desc())
    )
    found: dict[int | None, str] = {}  # by case (a referral task always has one)
    for row in rows:
        if row.case_id in found:
            continue
        for task_id, field in HELP_QUESTION_FIELDS:
            value = (row.data or {}).get(field) if row.bpmn_id == task_id else None
            if isinstance(value, str) and value.strip():
                found[row.case_id] = value
                break
    return found


def help_question(actor: Actor, task: CaseTask) -> str | None:
    """The school's question for help, shown with a referral task the actor already
    read (that read is audited by the task's own use case)."""
    if task.bpmn_id not in REFERRAL_TASKS or actor.lane != Lane.CLB:
        return None
    return _help_questions([task.case_id], actor).get(task.case_id)


def _open_entries(actor: Actor):
    return select(CaseTask).where(
        CaseTask.bpmn_id.in_(list(INBOX_TASKS)),
        CaseTask.status == TaskStatus.OPEN,
        in_scope(CaseTask.school_id, actor),
        clb_may_see(CaseTask.case_id, actor),
    )


def open_count(actor: Actor) -> int | None:
    """For the navigation: how many entries wait (None for anyone not of a CLB)."""
    if actor.lane != Lane.CLB:
        return None
    return db.session.scalar(select(func.count()).select_from(_open_entries(actor).subquery()))


def list_inbox(actor: Actor) -> list[SchoolInbox]:
    """What the actor's schools ask of the CLB and is still open: per school (by name),
    oldest first, with the help question of each referral. Audited as a task list."""
    if actor.lane != Lane.CLB:
        raise NOT_CLB.again()
    rows = list(
        db.session.scalars(
            _open_entries(actor)
            .options(joinedload(CaseTask.assignee), joinedload(CaseTask.case).joinedload(Case.pupil))
            .order_by(CaseTask.created_at, CaseTask.id)
        )
    )
    referrals = [row.case_id for row in rows if row.bpmn_id in REFERRAL_TASKS]
    questions = _help_questions(referrals, actor) if referrals else {}
    school_ids = {row.school_id for row in rows}
    names = dict(db.session.execute(select(School.id, School.name).where(School.id.in_(school_ids))).all())
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.TASKS_LISTED, detail=f"inbox n={len(rows)}")
    schools: dict[int, SchoolInbox] = {}
    for row in rows:
        inbox = schools.setdefault(
            row.school_id, SchoolInbox(row.school_id, names.get(row.school_id, ""), [])
        )
        question = questions.get(row.case_id) if row.bpmn_id in REFERRAL_TASKS else None
        inbox.entries.append(
            Entry(row, INBOX_TASKS[row.bpmn_id], ASKED[row.bpmn_id], row.created_at, question)
        )
    return sorted(schools.values(), key=lambda inbox: (inbox.school_name, inbox.school_id))
