"""Use cases on user tasks: find, claim, assign, complete."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask, School, User
from app.school_calendar import BRUSSELS
from app.services import rules, workflows
from app.services.access import Actor, audit, may_act_on, school_scope, visible_lanes
from app.services.cases import CaseView, visible_tasks
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.forms import TaskForm, field_errors, load_form
from app.services.paging import paginate
from app.services.steps import apply_step, decision_summary, event, lane_visibility, open_task_rows
from app.services.transaction import STALE, writing


@dataclass
class TaskView:
    """A task with its form and whether this actor may act; reads through to the task."""

    task: CaseTask
    form: TaskForm
    can_act: bool

    def __getattr__(self, name):
        return getattr(self.task, name)


def _form(row: CaseTask) -> TaskForm:
    return load_form(current_app.config["FORMS_DIR"], row.bpmn_id)


def _scoped(actor: Actor):
    return (
        select(CaseTask).join(School, School.id == CaseTask.school_id)
        .where(school_scope(actor), CaseTask.lane.in_(visible_lanes(actor)))
    )


def _load(actor: Actor, task_id: int, *, with_case_state=False) -> CaseTask:
    case = joinedload(CaseTask.case)
    options = [case.joinedload(Case.pupil)]
    if with_case_state:
        options.append(case.undefer(Case.workflow_state))
    else:
        options.append(joinedload(CaseTask.assignee))
    query = _scoped(actor).where(CaseTask.id == task_id).options(*options)
    row = db.session.scalar(query)
    if row is None:
        raise NotFound("Taak niet gevonden.")
    return row


def _may_act(actor: Actor, row: CaseTask) -> bool:
    return may_act_on(actor, row.lane, _form(row).roles)


def list_tasks(actor: Actor, *, scope="group", status="open", case_id=None, overdue=False,
               page=1, per_page=25):
    query = _scoped(actor).where(CaseTask.status == status)
    if scope == "mine":
        query = query.where(CaseTask.assignee_id == actor.user_id)
    elif scope == "group":
        # What the actor's team works on: its own lane within its scope.
        query = query.where(CaseTask.lane == (actor.lane or ""))
    if case_id:
        query = query.where(CaseTask.case_id == case_id)
    if overdue:
        query = query.where(CaseTask.due_at.is_not(None), CaseTask.due_at < clock.now())
    rows, total = paginate(
        query.options(joinedload(CaseTask.assignee), joinedload(CaseTask.case).joinedload(Case.pupil))
        .order_by(CaseTask.due_at.is_(None), CaseTask.due_at, CaseTask.id),
        page, per_page,
    )
    audit(db.session, actor, clock.now(), "tasks_listed", detail=f"scope={scope} page={page} n={len(rows)}")
    db.session.commit()
    return rows, total


def get_task(actor: Actor, task_id: int) -> TaskView:
    row = _load(actor, task_id)
    audit(db.session, actor, clock.now(), "task_read", "task", row.id)
    db.session.commit()
    return TaskView(row, _form(row), row.status == "open" and _may_act(actor, row))


def _require_actor_may_act(actor: Actor, row: CaseTask) -> None:
    if not _may_act(actor, row):
        raise Forbidden("U mag deze taak niet uitvoeren.")
    if row.status != "open":
        raise Conflict("Deze taak is niet meer open.")


def _actionable(actor: Actor, task_id: int) -> CaseTask:
    row = _load(actor, task_id)
    _require_actor_may_act(actor, row)
    return row


def claim(actor: Actor, task_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    if row.assignee_id == actor.user_id:
        return row
    return _set_assignee(actor, row, actor.user_id, "task_claimed", only_if_unassigned=True)


def unclaim(actor: Actor, task_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    if row.assignee_id not in (None, actor.user_id) and "directie" not in actor.roles \
            and "clb_directeur" not in actor.roles:
        raise Forbidden("Deze taak is aan iemand anders toegewezen.")
    return _set_assignee(actor, row, None, "task_assigned")


def assign(actor: Actor, task_id: int, user_id: int) -> CaseTask:
    row = _actionable(actor, task_id)
    user = db.session.get(User, user_id)
    target = Actor.of(user) if user is not None and user.active else None
    visible = target is not None and db.session.scalar(
        select(School.id).where(School.id == row.school_id, school_scope(target))
    )
    if not visible:
        raise Invalid("Onbekende gebruiker.", {"user_id": ["Geen gebruiker in dit team."]})
    if not may_act_on(target, row.lane, _form(row).roles):
        raise Invalid("Deze gebruiker mag deze taak niet uitvoeren.",
                      {"user_id": ["Deze gebruiker mag deze taak niet uitvoeren."]})
    return _set_assignee(actor, row, user_id, "task_assigned")


def _set_assignee(actor: Actor, row: CaseTask, user_id: int | None, kind: str, *,
                  only_if_unassigned=False) -> CaseTask:
    guard = [CaseTask.id == row.id, CaseTask.status == "open"]
    if only_if_unassigned:
        guard.append(CaseTask.assignee_id.is_(None))
    with writing() as session:
        # A guarded UPDATE, so two people claiming at once cannot both win.
        changed = session.execute(update(CaseTask).where(*guard).values(assignee_id=user_id)).rowcount
        if changed != 1:
            raise Conflict("Deze taak werd intussen door iemand anders opgenomen.")
        session.add(event(row.case, actor, clock.now(), kind, row.title, row.assignee_id, user_id,
                          visibility=lane_visibility(row.lane), task=row))
    db.session.refresh(row)  # the UPDATE bypassed the ORM's copy of the row
    return row


def complete(actor: Actor, task_id: int, data) -> CaseView:
    row = _load(actor, task_id, with_case_state=True)
    _require_actor_may_act(actor, row)
    if row.assignee_id is not None and row.assignee_id != actor.user_id:
        raise Forbidden("Deze taak is aan iemand anders toegewezen.")
    case = row.case
    errors = field_errors(_form(row), data) or rules.context_errors(
        row.bpmn_id, data, case, clock.now().astimezone(BRUSSELS).date())
    if errors:
        raise Invalid("Het formulier is niet correct ingevuld.", errors)
    open_rows = open_task_rows(case.id)
    try:
        result = engine.complete_task(workflows.bundle_for(case), case.workflow_state,
                                      row.engine_task_id, data)
    except engine.TaskNotReady:
        raise Conflict(STALE) from None
    now = clock.now()
    with writing() as session:
        # `row` is the same object as its entry in open_rows (identity map).
        row.status = "completed"
        row.completed_at = now
        row.completed_by_id = actor.user_id
        row.data = data
        row.assignee_id = row.assignee_id or actor.user_id
        session.add(event(case, actor, now, "task_completed", row.title,
                          new=decision_summary(data), visibility=lane_visibility(row.lane), task=row))
        new_type = data.get("absence_type")
        if new_type and new_type != case.absence_type:  # the worker re-marked the absence type
            session.add(event(case, actor, now, "absence_type_changed", "absence_type",
                              case.absence_type, new_type, task=row))
            case.absence_type = new_type
        rows = apply_step(case, result, actor, now, open_rows)
    return CaseView(case, visible_tasks(actor, rows))
