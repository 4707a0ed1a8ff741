"""Use cases on user tasks: find, claim, assign, complete."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask, School, User, WorkflowInstance
from app.services import workflows
from app.services.absences.counts import record_b_count
from app.services.access import (
    LEAD_ROLES,
    Actor,
    clb_may_see,
    in_scope,
    lane_roles,
    school_named_roles,
    visible_lanes,
)
from app.services.audit import audit
from app.services.calendar.functions import script_functions
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.forms import TaskForm, field_errors, load_form
from app.services.paging import paginate
from app.services.steps.funnel import apply_step
from app.services.steps.records import decision_summary, event, lane_visibility, open_task_rows
from app.services.tasks import rules
from app.services.tasks.form_context import for_case
from app.services.tasks.prefill import prefill
from app.services.transaction import STALE, writing
from app.vocabulary import AbsenceType, AuditAction, EventKind, Role, TaskStatus

# The form field that records the school-year B count ("Aantal B-codes (halve dagen)").
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

    def __getattr__(self, name):
        return getattr(self.task, name)


def _form(row: CaseTask) -> TaskForm:
    return load_form(current_app.config["FORMS_DIR"], row.bpmn_id)


def _scoped(actor: Actor):
    """Tasks of the actor's schools and lanes: after a school change each
    school keeps the tasks of its own period."""
    return select(CaseTask).where(
        in_scope(CaseTask.school_id, actor),
        CaseTask.lane.in_(visible_lanes(actor)),
        clb_may_see(CaseTask.case_id, actor),
    )


def _load(actor: Actor, task_id: int, *, with_state=False) -> CaseTask:
    options = [joinedload(CaseTask.case).joinedload(Case.pupil), joinedload(CaseTask.assignee)]
    if with_state:
        options.append(joinedload(CaseTask.instance).undefer(WorkflowInstance.state))
    row = db.session.scalar(_scoped(actor).where(CaseTask.id == task_id).options(*options))
    if row is None:
        raise NotFound("Taak niet gevonden.")
    return row


def task_roles(row: CaseTask) -> frozenset:
    """Who may do the task: the role the school named for it, the form's
    x-roles, or the lane's default roles."""
    form = _form(row)
    if form.school_role:
        return school_named_roles(db.session.get(School, row.school_id), form.school_role)
    return lane_roles(row.lane, form.roles)


def may_act(actor: Actor, row: CaseTask) -> bool:
    """The actor's lane and role fit the task (whether it is open is not asked)."""
    return actor.lane == row.lane and actor.has_any(task_roles(row))


def list_tasks(
    actor: Actor, *, scope="group", status=TaskStatus.OPEN, case_id=None, overdue=False, page=1, per_page=25
):
    query = _scoped(actor).where(CaseTask.status == status)
    if scope == "mine":
        query = query.where(CaseTask.assignee_id == actor.user_id)
    elif scope == "group":
        # What the actor's team works on: its own lane within its scope.
        query = query.where(CaseTask.lane == (actor.lane or ""))
    if case_id:
        query = query.where(CaseTask.case_id == case_id)
    now = clock.now()
    if overdue:
        query = query.where(CaseTask.due_at.is_not(None), CaseTask.due_at < now)
    rows, total = paginate(
        query.options(
            joinedload(CaseTask.assignee), joinedload(CaseTask.case).joinedload(Case.pupil)
        ).order_by(CaseTask.due_at.is_(None), CaseTask.due_at, CaseTask.id),
        page,
        per_page,
    )
    with writing() as session:
        audit(
            session, actor, now, AuditAction.TASKS_LISTED, detail=f"scope={scope} page={page} n={len(rows)}"
        )
    return rows, total


def get_task(actor: Actor, task_id: int) -> TaskView:
    """The task with its form narrowed to its case and what the case already knows."""
    row = _load(actor, task_id)
    day = today()
    form = for_case(_form(row), row.case, day)
    view = TaskView(
        row, form, row.status == TaskStatus.OPEN and may_act(actor, row), prefill(actor, row, day)
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.TASK_READ, "task", row.id)
    return view


def _require_actor_may_act(actor: Actor, row: CaseTask) -> None:
    if not may_act(actor, row):
        allowed = ", ".join(sorted(ROLE_NAMES[Role(r)] for r in task_roles(row)))
        raise Forbidden(f"U mag deze taak niet uitvoeren: ze is voor {allowed}.")
    if row.status != TaskStatus.OPEN:
        raise Conflict("Deze taak is niet meer open.")


def _actionable(actor: Actor, task_id: int) -> CaseTask:
    row = _load(actor, task_id)
    _require_actor_may_act(actor, row)
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


def assign(actor: Actor, task_id: int, user_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    user = db.session.get(User, user_id)
    target = Actor.of(user) if user is not None and user.active else None
    visible = target is not None and db.session.scalar(
        select(CaseTask.id).where(CaseTask.id == row.id, in_scope(CaseTask.school_id, target))
    )
    if not visible:
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
                row.case,
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


def complete(actor: Actor, task_id: int, data) -> CaseView:
    row = _load(actor, task_id, with_state=True)
    _require_actor_may_act(actor, row)
    if row.assignee_id is not None and row.assignee_id != actor.user_id:
        raise Forbidden(
            f"Deze taak is toegewezen aan {row.assignee.full_name}; vraag haar of hem de taak vrij te geven."
        )
    with writing():
        complete_row(actor, row, data)
    return view_after_step(actor, row.case)


def complete_row(actor: Actor, row: CaseTask, data: dict) -> None:
    """Validate and complete an open task and write the step, in the caller's
    transaction (who may do it is the caller's business: `complete` asks the
    task's roles; an absence meeting's decision completes the signal step)."""
    session = db.session
    case, instance, form, day = row.case, row.instance, _form(row), today()
    errors = field_errors(form, data) or rules.context_errors(
        row.bpmn_id, data, rules.RuleContext(case, day, instance.id)
    )
    if errors:
        raise Invalid("Het formulier is niet correct ingevuld.", errors)
    new_type = data.get("absence_type")
    new_type = new_type if new_type not in (None, AbsenceType.ONBEKEND, case.absence_type) else None
    b_count = data.get(B_COUNT_FIELD)
    # Gateways read every field (an empty one is None) and the case's facts as
    # they are after this step.
    facts = engine_facts(case, day) | ({"absence_type": new_type} if new_type else {})
    if b_count is not None:
        facts["b_count"] = b_count
    engine_data = dict.fromkeys(form.schema.get("properties", {})) | data | facts
    open_rows = open_task_rows(case.id, instance.id)
    now = clock.now()
    try:
        result = engine.complete_task(
            workflows.bundle_for(instance),
            instance.state,
            row.engine_task_id,
            engine_data,
            now=now,
            functions=script_functions(case.school_id),
        )
    except engine.TaskNotReady:
        raise Conflict(STALE) from None
    # `row` is the same object as its entry in open_rows (identity map).
    row.status = TaskStatus.COMPLETED
    row.completed_at = now
    row.completed_by_id = actor.user_id
    row.data = data
    row.assignee_id = row.assignee_id or actor.user_id
    session.add(
        event(
            case,
            actor,
            now,
            EventKind.TASK_COMPLETED,
            row.title,
            new=decision_summary(data),
            visibility=lane_visibility(row.lane),
            task=row,
            school_id=row.school_id,
        )
    )
    if new_type:  # the worker re-marked the absence type
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.ABSENCE_TYPE_CHANGED,
                "absence_type",
                case.absence_type,
                new_type,
                task=row,
            )
        )
        case.absence_type = new_type
    if b_count is not None:
        record_b_count(case, b_count, day)
    apply_step(case, instance, result, actor, now, open_rows)
