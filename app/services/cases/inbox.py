"""The CLB's inbox: referrals from its schools waiting to be accepted or returned.

Which tasks are referrals, and where the school wrote its question for help,
are care-path data that change with the BPMN: they are named here, once
(tests/unit/test_inbox_constants.py checks them against workflows/ and forms/).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import Case, CaseTask
from app.services.access import Actor, in_scope
from app.services.audit import audit
from app.services.errors import Forbidden
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, TaskStatus

# The CLB's task that accepts or returns a school's referral.
REFERRAL_TASKS = ("task_clb_accept",)
# (task id, field) holding the school's question for help, in the task that
# made the referral; the first one found on the case, newest first, is shown.
HELP_QUESTION_FIELDS = (("task_phase1_evaluation", "help_question"),)

NOT_CLB = Forbidden("Alleen CLB-medewerkers ontvangen aanmeldingen van scholen.")


@dataclass(frozen=True)
class Referral:
    task: CaseTask
    referred_at: datetime
    help_question: str | None


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


def list_referrals(actor: Actor) -> list[Referral]:
    """Open referrals of the actor's schools, oldest first, with the help question."""
    if actor.lane != Lane.CLB:
        raise NOT_CLB.again()
    rows = list(
        db.session.scalars(
            select(CaseTask)
            .where(
                CaseTask.bpmn_id.in_(REFERRAL_TASKS),
                CaseTask.status == TaskStatus.OPEN,
                CaseTask.lane == Lane.CLB,
                in_scope(CaseTask.school_id, actor),
            )
            .options(joinedload(CaseTask.assignee), joinedload(CaseTask.case).joinedload(Case.pupil))
            .order_by(CaseTask.created_at, CaseTask.id)
        )
    )
    questions = _help_questions([row.case_id for row in rows], actor) if rows else {}
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.TASKS_LISTED, detail=f"inbox n={len(rows)}")
    return [Referral(row, row.created_at, questions.get(row.case_id)) for row in rows]
