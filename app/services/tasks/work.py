"""Use cases on user tasks: find, claim, assign, complete."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import CaseTask, User, WorkflowInstance
from app.services.access import (
    LEAD_ROLES,
    Actor,
    clb_may_see,
    in_scope,
    visible_lanes,
)
from app.services.audit import audit
from app.services.cases import owners
from app.services.cases.views import today
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.forms import TaskForm, load_form
from app.services.steps.assignment import OWNER_FIELD, escalated_row
from app.services.steps.records import event, lane_visibility, subject_of
from app.services.steps.roles import task_roles
from app.services.tasks.form_context import for_case
from app.services.tasks.prefill import prefill
from app.services.transaction import writing
from app.vocabulary import AuditAction, EventKind, Lane, Role, TaskStatus

# The form field that records the school-year B count ("Aantal halve dagen met B-code").
B_COUNT_FIELD = "b_half_days"

ROLE_NAMES = {
    Role.ZORGCOORDINATOR: "zorgcoördinator",
    Role.SECRETARIAAT: "secretariaat",
    Role.DIRECTIE: "directie",
    Role.KLASTITULARIS: "klastitularis",
    Role.LEERLINGBEGELEIDER: "leerlingbegeleider",
    Role.ZORGLEERKRACHT: "zorgleerkracht",
    Role.COORDINATOR_SPIJBELBELEID: "coördinator spijbelbeleid",
    Role.CLB_MEDEWERKER: "CLB-medewerker",
    Role.CLB_ARTS: "CLB-arts",
    Role.CLB_DIRECTEUR: "CLB-directeur",
    Role.ADMIN: "beheerder",
}


@dataclass
class TaskView:
    """A task with its form and whether this actor may act; reads through to the task."""

    task: CaseTask
    form: TaskForm
    can_act: bool
    prefill: dict | None = None
    escalates: CaseTask | None = None  # an escalation task: the task that is over its term

    def __getattr__(self, name):
        return getattr(self.task, name)


def _form(row: CaseTask) -> TaskForm:
    return load_form(current_app.config["FORMS_DIR"], row.bpmn_id)


def scoped(actor: Actor):
    """Tasks of the actor's schools and lanes: after a school change each
    school keeps the tasks of its own period."""
    return select(CaseTask).where(
        in_scope(CaseTask.school_id, actor),
        CaseTask.lane.in_(visible_lanes(actor)),
        clb_may_see(CaseTask.case_id, actor),
    )


def load(actor: Actor, task_id: int, *, with_state=False) -> CaseTask:
    # The assignee with its roles in the same statement (not one more; the case view's
    # owner is often the same user: cases/views.load_owners).
    assignee = joinedload(CaseTask.assignee).joinedload(User.role_rows)
    options = [joinedload(CaseTask.case), joinedload(CaseTask.pupil), assignee]
    if with_state:
        options.append(joinedload(CaseTask.instance).undefer(WorkflowInstance.state))
    row = db.session.scalar(scoped(actor).where(CaseTask.id == task_id).options(*options))
    if row is None:
        raise NotFound("Taak niet gevonden.")
    return row


def may_act(actor: Actor, row: CaseTask) -> bool:
    """The actor's lane and role fit the task (whether it is open is not asked)."""
    return actor.lane == row.lane and actor.has_any(task_roles(row))


def get_task(actor: Actor, task_id: int) -> TaskView:
    """The task with its form narrowed to its case and what the case already knows."""
    row = load(actor, task_id)
    day = today()
    form = for_case(_form(row), subject_of(row.case, row.pupil, row.school_id), day)
    form = owners.with_choices(form, row.school_id)
    known = prefill(actor, row, day)
    if row.status == TaskStatus.OPEN and (named := owners.prefill(form, row.case, actor)):
        known = {**(known or {}), **named}
    view = TaskView(
        row, form, row.status == TaskStatus.OPEN and may_act(actor, row), known, escalated_row(row)
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.TASK_READ, "task", row.id)
    return view


def held_by_owner(row: CaseTask) -> bool:
    """The task went to the case's dossierverantwoordelijke of its lane: the team
    still sees it and anyone allowed may take it over (by doing it, or assigning
    it to themselves); a task someone claimed or was given stays theirs."""
    case = row.case
    return case is not None and row.assignee_id == getattr(case, OWNER_FIELD[Lane(row.lane)])


def require_actor_may_act(actor: Actor, row: CaseTask) -> None:
    if not may_act(actor, row):
        allowed = ", ".join(sorted(ROLE_NAMES[Role(r)] for r in task_roles(row)))
        raise Forbidden(f"U mag deze taak niet uitvoeren: ze is voor {allowed}.")
    if row.status != TaskStatus.OPEN:
        raise Conflict("Deze taak is niet meer open.")


def _actionable(actor: Actor, task_id: int) -> CaseTask:
    row = load(actor, task_id)
    require_actor_may_act(actor, row)
    return row


def claim(actor: Actor, task_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    if row.assignee_id == actor.user_id:
        return row
    return _set_assignee(actor, row, actor.user_id, EventKind.TASK_CLAIMED, only_if_unassigned=True)


def unclaim(actor: Actor, task_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    if row.assignee_id not in (None, actor.user_id) and not actor.has_any(LEAD_ROLES):
        raise Forbidden("Deze taak is aan iemand anders toegewezen; enkel de directie kan ze vrijgeven.")
    if row.assignee_id is None:
        return row
    return _set_assignee(actor, row, None, EventKind.TASK_UNCLAIMED)


def may_assign(actor: Actor, row: CaseTask) -> bool:
    """Who may do the task, and the lane's director (an escalation lands there)."""
    return may_act(actor, row) or (actor.lane == row.lane and actor.has_any(LEAD_ROLES))


def assignable(actor: Actor, row: CaseTask, colleagues: list[User]) -> list[User]:
    """The colleagues a task may be assigned to: those whose role may do it."""
    if not may_assign(actor, row) or row.status != TaskStatus.OPEN:
        return []
    roles = task_roles(row)
    return [user for user in colleagues if user.active and user.role_set & roles]


def assign(actor: Actor, task_id: int, user_id: int) -> CaseTask:
    row = load(actor, task_id)
    if not may_assign(actor, row):
        require_actor_may_act(actor, row)
    if row.status != TaskStatus.OPEN:
        raise Conflict("Deze taak is niet meer open.")
    user = db.session.get(User, user_id)
    target = Actor.of(user) if user is not None and user.active else None
    if target is None or not db.session.scalar(
        select(CaseTask.id).where(CaseTask.id == row.id, in_scope(CaseTask.school_id, target))
    ):
        raise Invalid("Onbekende gebruiker.", {"user_id": ["Geen collega in het team van deze taak."]})
    if not may_act(target, row):
        raise Invalid(
            "Deze collega mag deze taak niet uitvoeren.",
            {"user_id": ["Deze collega heeft niet de rol om deze taak uit te voeren."]},
        )
    return _set_assignee(actor, row, user_id, EventKind.TASK_ASSIGNED)


def _set_assignee(
    actor: Actor, row: CaseTask, user_id: int | None, kind: EventKind, *, only_if_unassigned=False
) -> CaseTask:
    before = row.assignee_id  # read before the UPDATE: the event shows the true old value
    guard = [CaseTask.id == row.id, CaseTask.status == TaskStatus.OPEN]
    guard.append(
        CaseTask.assignee_id.is_(None)
        if only_if_unassigned or before is None
        else CaseTask.assignee_id == before
    )
    with writing() as session:
        # A guarded UPDATE: two people changing it at once cannot both win.
        changed = session.execute(update(CaseTask).where(*guard).values(assignee_id=user_id)).rowcount
        if changed != 1:
            raise Conflict("Deze taak werd intussen door iemand anders opgenomen of toegewezen.")
        session.add(
            event(
                subject_of(row.case, row.pupil, row.school_id),
                actor,
                clock.now(),
                kind,
                row.title,
                before,
                user_id,
                visibility=lane_visibility(row.lane),
                task=row,
                school_id=row.school_id,
            )
        )
    db.session.refresh(row)  # the UPDATE bypassed the ORM's copy of the row
    return row
