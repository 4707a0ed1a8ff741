"""Who a task goes to when it opens: work reaches a named person.

- an escalation task (`<task>_escalated`) goes to the lane's director at the
  task's school (school lane) or its CLB (CLB lane): the one with the lowest id
  when there are several (all of them are notified, steps/alerts.py);
- any other task of a case goes to the dossierverantwoordelijke of its lane
  (`cases.owner_id` for the school lane, `cases.clb_owner_id` for the CLB lane)
  when that person may do it (its roles: steps/roles.task_roles), is active and
  still works for the case's school or its CLB; the team still sees the task
  and anyone allowed may take it over;
- tasks the school names a role for (the per-absence tasks: `x-school-role`)
  and the work of a school the pupil left (`x-period: sending`) stay with the
  team.
"""

from sqlalchemy import select

from app.extensions import db
from app.models import Case, CaseTask, School, User
from app.services.access import LANE_ROLES, lane_roles
from app.services.forms import TaskForm
from app.services.steps.alerts import directors
from app.services.steps.records import Subject
from app.vocabulary import Lane

ESCALATED_SUFFIX = "_escalated"
# Who may be a case's dossierverantwoordelijke, per side: those who do the lane's work.
OWNER_ROLES = {Lane.SCHOOL: LANE_ROLES[Lane.SCHOOL], Lane.CLB: LANE_ROLES[Lane.CLB]}
OWNER_FIELD = {Lane.SCHOOL: "owner_id", Lane.CLB: "clb_owner_id"}


def is_escalation(bpmn_id: str) -> bool:
    return bpmn_id.endswith(ESCALATED_SUFFIX)


def escalated_task_id(bpmn_id: str) -> str:
    """The task an escalation task is about (`task_x_escalated` → `task_x`)."""
    return bpmn_id[: -len(ESCALATED_SUFFIX)]


def works_for(user: User, lane: str, school_id: int) -> bool:
    """The user is active staff of the school (school lane) or of its CLB (CLB lane)."""
    if not user.active:
        return False
    if lane == Lane.SCHOOL:
        return user.school_id == school_id
    return user.clb_id is not None and user.clb_id == db.session.scalar(
        select(School.clb_id).where(School.id == school_id)
    )


def owner_may_take(form: TaskForm, lane: str, school_id: int, case: Case, user: User) -> bool:
    """Whether a task of this form goes to `user` as the lane's owner of `case`."""
    if is_escalation(form.task_id) or form.school_role or school_id != case.school_id:
        return False
    return bool(user.role_set & lane_roles(lane, form.roles)) and works_for(user, lane, school_id)


def first_assignee(case: Subject, form: TaskForm, lane: str, school_id: int) -> int | None:
    """The assignee of a task that opens now (None: the team's)."""
    if is_escalation(form.task_id):
        found = directors(lane, school_id)
        return found[0].id if found else None
    if not isinstance(case, Case):
        return None
    owner_id = getattr(case, OWNER_FIELD[Lane(lane)])
    if owner_id is None:
        return None
    user = db.session.get(User, owner_id)
    if user is None or not owner_may_take(form, lane, school_id, case, user):
        return None
    return owner_id


def escalated_row(row: CaseTask) -> CaseTask | None:
    """The task an escalation task is about: the latest of that step in the same
    instance opened before the escalation (a looping path may have several)."""
    if not is_escalation(row.bpmn_id):
        return None
    return db.session.scalar(
        select(CaseTask)
        .where(
            CaseTask.instance_id == row.instance_id,
            CaseTask.bpmn_id == escalated_task_id(row.bpmn_id),
            CaseTask.id < row.id,
        )
        .order_by(CaseTask.id.desc())
        .limit(1)
    )
