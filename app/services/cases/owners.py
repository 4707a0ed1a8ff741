"""A case's dossierverantwoordelijken: the school's (`owner`) and the CLB's
(`clb_owner`). Each side names its own: the school's is by default who opened
the case (a case an absence import opened: the school's zorgcoördinator when it
has exactly one), the CLB's is named when it accepts the referral
(`x-pick-user` on the form) and both may be changed on the case
(`PATCH /api/cases/{id}`, the case page). A change moves that side's open
tasks of the case that the previous owner held, or nobody held, to the new one
(when they may do them: steps/assignment.py), each with its event.
"""

import copy
import dataclasses
from datetime import datetime
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, select, update

from app import clock
from app.extensions import db
from app.models import Case, CaseEvent, CaseTask, School, User, UserRole
from app.services.access import Actor
from app.services.cases.views import CaseView, load_current, view_after_step
from app.services.errors import Forbidden, Invalid
from app.services.forms import TaskForm, load_form
from app.services.steps.assignment import OWNER_FIELD, OWNER_ROLES, owner_may_take, works_for
from app.services.steps.records import event, lane_visibility
from app.services.transaction import writing
from app.vocabulary import EventKind, Lane, Role, TaskStatus

# The form keyword that makes an integer field a pick of one of the side's people.
PICK_USER = "x-pick-user"
SIDE_NAMES = {Lane.SCHOOL: "de school", Lane.CLB: "het CLB"}
WHAT = {Lane.SCHOOL: "owner", Lane.CLB: "clb_owner"}


def candidates(lane: str, school_id: int) -> list[User]:
    """Who may be the side's owner of a case at the school: active staff of the
    school (school lane) or of its CLB (CLB lane) with a role that does its work."""
    if lane == Lane.SCHOOL:
        where = User.school_id == school_id
    else:
        where = User.clb_id == select(School.clb_id).where(School.id == school_id).scalar_subquery()
    roles = [str(role) for role in OWNER_ROLES[Lane(lane)]]
    return list(
        db.session.scalars(
            select(User)
            .where(
                where,
                User.active.is_(True),
                User.id.in_(select(UserRole.user_id).where(UserRole.role.in_(roles))),
            )
            .order_by(User.full_name, User.id)
        )
    )


def default_owner_id(school_id: int, actor: Actor | None) -> int | None:
    """The school's owner of a case that opens now: who opened it, when they may
    own it; else (an import, a secretariaat) the school's only zorgcoördinator."""
    if actor is not None and actor.lane == Lane.SCHOOL and actor.has_any(OWNER_ROLES[Lane.SCHOOL]):
        return actor.user_id
    coordinators = db.session.scalars(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.school_id == school_id,
            User.active.is_(True),
            UserRole.role == Role.ZORGCOORDINATOR,
        )
        .limit(2)
    ).all()
    return coordinators[0] if len(coordinators) == 1 else None


def after_school_change(case: Case) -> None:
    """The case moved to `case.school_id`: the new school's owner is its only
    zorgcoördinator, if any (it names another on the case page); the CLB's owner
    stays when the new school's CLB is theirs."""
    case.owner_id = default_owner_id(case.school_id, None)
    clb_owner = db.session.get(User, case.clb_owner_id) if case.clb_owner_id is not None else None
    if clb_owner is not None and not works_for(clb_owner, Lane.CLB, case.school_id):
        case.clb_owner_id = None


def _candidate(case: Case, lane: Lane, user_id: int, field: str) -> User:
    user = db.session.get(User, user_id)
    if user is None or not works_for(user, lane, case.school_id):
        raise Invalid(
            "Onbekende collega.",
            {field: [f"Kies een actieve medewerker van {SIDE_NAMES[lane]} van dit dossier."]},
        )
    if not user.role_set & OWNER_ROLES[lane]:
        raise Invalid(
            "Deze collega kan geen dossierverantwoordelijke zijn.",
            {field: ["Deze collega heeft geen rol die de taken van het dossier uitvoert."]},
        )
    return user


def _move_open_tasks(
    case: Case, lane: Lane, old_id: int | None, user: User, actor: Actor | None, now: datetime
) -> list[CaseEvent]:
    """The side's open tasks of the case held by the previous owner or by nobody,
    to the new owner (those they may do); each a guarded UPDATE and an event."""
    rows = db.session.scalars(
        select(CaseTask)
        .where(
            CaseTask.case_id == case.id,
            CaseTask.lane == lane,
            CaseTask.status == TaskStatus.OPEN,
            CaseTask.assignee_id.is_(None) | (CaseTask.assignee_id == old_id),
        )
        .order_by(CaseTask.id)
    ).all()
    events = []
    forms_dir = current_app.config["FORMS_DIR"]
    for row in rows:
        before = row.assignee_id
        if before == user.id or not owner_may_take(
            load_form(forms_dir, row.bpmn_id), lane, row.school_id, case, user
        ):
            continue
        held = CaseTask.assignee_id.is_(None) if before is None else CaseTask.assignee_id == before
        moved = cast(
            CursorResult,
            db.session.execute(
                update(CaseTask)
                .where(CaseTask.id == row.id, CaseTask.status == TaskStatus.OPEN, held)
                .values(assignee_id=user.id)
                .execution_options(synchronize_session="fetch")
            ),
        ).rowcount
        if moved == 1:
            events.append(
                event(
                    case,
                    actor,
                    now,
                    EventKind.TASK_ASSIGNED,
                    row.title,
                    before,
                    user.id,
                    reason="nieuwe dossierverantwoordelijke",
                    visibility=lane_visibility(lane),
                    task=row,
                    school_id=row.school_id,
                )
            )
    return events


def name_owner(
    case: Case, lane: Lane, user: User | None, actor: Actor | None, now: datetime
) -> list[CaseEvent]:
    """Set the side's owner (None: nobody) in the caller's transaction; returns
    the events (the change, the tasks moved), for the caller to add."""
    field = OWNER_FIELD[lane]
    old_id = getattr(case, field)
    new_id = user.id if user is not None else None
    if old_id == new_id:
        return []
    old = db.session.get(User, old_id) if old_id is not None else None
    setattr(case, field, new_id)
    events = [
        event(
            case,
            actor,
            now,
            EventKind.OWNER_CHANGED,
            WHAT[lane],
            old.full_name if old else None,
            user.full_name if user else None,
        )
    ]
    if user is not None:
        events += _move_open_tasks(case, lane, old_id, user, actor, now)
    return events


def set_owner(actor: Actor, case_id: int, lane: Lane, user_id: int | None) -> CaseView:
    """`PATCH /api/cases/{id}` `{owner_id}` (the school) or `{clb_owner_id}` (the CLB)."""
    case = load_current(actor, case_id)
    if actor.lane != lane or not actor.has_any(OWNER_ROLES[lane]):
        raise Forbidden(
            "De school duidt haar dossierverantwoordelijke aan, het CLB de zijne: "
            "de zorgcoördinator, de leerlingbegeleider of de directie, de CLB-medewerker of de CLB-directeur."
        )
    field = OWNER_FIELD[lane]
    user = _candidate(case, lane, user_id, field) if user_id is not None else None
    with writing() as session:
        session.add_all(name_owner(case, lane, user, actor, clock.now()))
    return view_after_step(actor, case)


def changeable(actor: Actor, view: CaseView) -> tuple[Lane | None, list[User]]:
    """The side whose owner the actor may change on this case, and its possible owners."""
    lane = actor.lane
    if view.is_former or lane is None or not actor.has_any(OWNER_ROLES[lane]):
        return None, []
    return lane, candidates(lane, view.school_id)


def pickers(form: TaskForm) -> dict[str, Lane]:
    """The form's fields that name an owner: field → side."""
    return {
        name: Lane(prop[PICK_USER])
        for name, prop in form.schema.get("properties", {}).items()
        if PICK_USER in prop and name == OWNER_FIELD[Lane(prop[PICK_USER])]
    }


def with_choices(form: TaskForm, school_id: int) -> TaskForm:
    """The form with each owner field's choices: the side's possible owners."""
    fields = pickers(form)
    if not fields:
        return form
    schema = copy.deepcopy(form.schema)
    for name, lane in fields.items():
        schema["properties"][name]["oneOf"] = [
            {"const": user.id, "title": user.full_name} for user in candidates(lane, school_id)
        ]
    return dataclasses.replace(form, schema=schema)


def prefill(form: TaskForm, case: Case | None, actor: Actor) -> dict:
    """Each owner field starts from the case's owner, else the one who fills it in."""
    values = {}
    for name, lane in pickers(form).items():
        current = getattr(case, name) if case is not None else None
        values[name] = current or (actor.user_id if actor.lane == lane else None)
    return {k: v for k, v in values.items() if v is not None}


def _named(form: TaskForm, data: dict, case: Case, actor: Actor) -> dict[str, tuple[Lane, int]]:
    """The owners a completed form names (an accepting form that says no names none).
    Left empty: the case's owner stays, or else the one who completes it becomes it."""
    if data.get("accepted") is False:
        return {}
    named = {}
    for name, lane in pickers(form).items():
        user_id = data.get(name)
        if user_id is None and getattr(case, name) is None and actor.lane == lane:
            user_id = actor.user_id
        if user_id is not None:
            named[name] = (lane, user_id)
    return named


def form_errors(form: TaskForm, data: dict, case) -> dict:
    """422 field errors for an owner field that names nobody who may own the case."""
    if not isinstance(case, Case):
        return {}
    errors = {}
    for name, (lane, user_id) in _named(form, data, case, _NOBODY).items():
        try:
            _candidate(case, lane, user_id, name)
        except Invalid as invalid:
            errors.update(invalid.errors)
    return errors


def from_form(form: TaskForm, data: dict, case, actor: Actor, now: datetime) -> list[CaseEvent]:
    """Name the owners a completed form names (in the caller's transaction)."""
    if not isinstance(case, Case):
        return []
    events = []
    for lane, user_id in _named(form, data, case, actor).values():
        user = db.session.get(User, user_id)
        if user is not None and works_for(user, lane, case.school_id) and user.role_set & OWNER_ROLES[lane]:
            events += name_owner(case, lane, user, actor, now)
    return events


# Validation looks only at what the form names, not at who completes it.
_NOBODY = Actor(0, "", "", frozenset(), None, None)
