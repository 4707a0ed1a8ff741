"""The deadlines in school days (app/calendar/deadlines.py names them, each with its
lane), who may read or change a school's calendar, and who sets which deadline.

Deadlines are local agreements ("afspraken"): the school's directie sets the
school lane's for the school; the CLB's director sets the CLB lane's for every
school the CLB serves (the school–CLB cooperation agreement). An admin may set
either, as for the days off. Everyone with the school in scope reads what is in
force there (both lanes: the CLB's part of the agreement is shared with the
school); the CLB's own list is read by its staff and the staff of the schools
it serves.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app import clock
from app.calendar.deadlines import DEADLINES, MAX_SCHOOL_DAYS, names_of
from app.extensions import db
from app.models import Clb, ClbDeadline, School, SchoolDeadline, User
from app.services.access import Actor, school_scope
from app.services.audit import audit
from app.services.calendar.functions import deadlines
from app.services.errors import Forbidden, Invalid, NotFound
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, Role

CALENDAR_EDITORS = frozenset({Role.DIRECTIE})
# Who sets the deadlines of each lane, and for what.
DEADLINE_EDITORS = {Lane.SCHOOL: CALENDAR_EDITORS, Lane.CLB: frozenset({Role.CLB_DIRECTEUR})}
SET_BY_CLB = (
    "Deze termijn is een afspraak van het CLB: de CLB-directeur legt hem vast voor alle scholen "
    "van het CLB (samenwerkingsafspraken school–CLB)."
)
SET_BY_SCHOOL = (
    "Deze termijn is een afspraak van de school: de directie van elke school legt hem vast voor "
    "haar eigen school."
)


def calendar_school(actor: Actor, school_id: int, *, change: bool) -> School:
    if Role.ADMIN in actor.roles:
        school = db.session.get(School, school_id)
    else:
        school = db.session.scalar(select(School).where(School.id == school_id, school_scope(actor)))
    if school is None:
        raise NotFound("School niet gevonden.")
    if change and not may_change_calendar(actor, school.id):
        raise Forbidden("Enkel de directie van de school of een beheerder past de schoolkalender aan.")
    return school


def may_change_calendar(actor: Actor, school_id: int) -> bool:
    return Role.ADMIN in actor.roles or (actor.school_id == school_id and actor.has_any(CALENDAR_EDITORS))


def deadline_clb(actor: Actor, clb_id: int) -> Clb:
    """A CLB whose agreements the actor may read: their own CLB, the CLB of their
    school, or any for an admin; else NotFound."""
    clb = db.session.get(Clb, clb_id)
    school_clb = (
        db.session.scalar(select(School.clb_id).where(School.id == actor.school_id))
        if actor.school_id is not None
        else None
    )
    if clb is None or not (Role.ADMIN in actor.roles or clb.id in (actor.clb_id, school_clb)):
        raise NotFound("CLB niet gevonden.")
    return clb


def may_change_clb_deadlines(actor: Actor, clb_id: int) -> bool:
    return Role.ADMIN in actor.roles or (
        actor.lane == Lane.CLB and actor.clb_id == clb_id and actor.has_any(DEADLINE_EDITORS[Lane.CLB])
    )


@dataclass
class DeadlineView:
    name: str
    lane: str
    school_days: int
    default: int
    description: str
    updated_at: datetime | None = None  # when its director set it; None: the default holds
    updated_by: str | None = None  # who set it (full name)


def _views(names, values: dict[str, int], rows: dict) -> list[DeadlineView]:
    defaults = current_app.config["DEADLINE_DEFAULTS"]
    views = []
    for name in names:
        updated_at, updated_by = rows.get(name, (None, None))
        d = DEADLINES[name]
        views.append(
            DeadlineView(name, d.lane, values[name], defaults[name], d.description, updated_at, updated_by)
        )
    return views


def _set_rows(model, where) -> dict[str, tuple]:
    """name → (updated_at, who) of the rows of one agreement."""
    return {
        name: (at, who)
        for name, at, who in db.session.execute(
            select(model.name, model.updated_at, User.full_name)
            .outerjoin(User, User.id == model.updated_by_id)
            .where(where)
        )
    }


def list_deadlines(actor: Actor, school_id: int) -> list[DeadlineView]:
    """What is in force at the school: the school lane's (its own agreement), then
    the CLB lane's (its CLB's agreement)."""
    school = calendar_school(actor, school_id, change=False)
    values = deadlines(school.id)
    rows = _set_rows(SchoolDeadline, SchoolDeadline.school_id == school.id)
    clb_rows = _set_rows(ClbDeadline, ClbDeadline.clb_id == school.clb_id)
    return _views(names_of(Lane.SCHOOL), values, rows) + _views(names_of(Lane.CLB), values, clb_rows)


def list_clb_deadlines(actor: Actor, clb_id: int) -> list[DeadlineView]:
    """The CLB lane's deadlines as the CLB agreed them."""
    clb = deadline_clb(actor, clb_id)
    rows = _set_rows(ClbDeadline, ClbDeadline.clb_id == clb.id)
    values = dict(current_app.config["DEADLINE_DEFAULTS"])
    values.update(
        db.session.execute(
            select(ClbDeadline.name, ClbDeadline.school_days).where(ClbDeadline.clb_id == clb.id)
        ).all()
    )
    return _views(names_of(Lane.CLB), values, rows)


def _one(views: list[DeadlineView], name: str) -> DeadlineView:
    found = next((v for v in views if v.name == name), None)
    if found is None:
        raise NotFound(f"Onbekende termijn; kies uit: {', '.join(v.name for v in views)}.")
    return found


def get_deadline(actor: Actor, school_id: int, name: str) -> DeadlineView:
    return _one(list_deadlines(actor, school_id), name)


def get_clb_deadline(actor: Actor, clb_id: int, name: str) -> DeadlineView:
    return _one(list_clb_deadlines(actor, clb_id), name)


def _check(name: str, lane: Lane) -> None:
    if name not in DEADLINES:
        raise NotFound(f"Onbekende termijn; kies uit: {', '.join(names_of(lane))}.")
    if DEADLINES[name].lane != lane:
        raise Forbidden(SET_BY_CLB if lane == Lane.SCHOOL else SET_BY_SCHOOL)


def _valid(school_days: int) -> None:
    if not 1 <= school_days <= MAX_SCHOOL_DAYS:
        raise Invalid("Ongeldige termijn.", {"school_days": [f"Tussen 1 en {MAX_SCHOOL_DAYS} schooldagen."]})


def _upsert(actor: Actor, model, owner: str, owner_id: int, name: str, school_days: int) -> DeadlineView:
    """Write one value of an agreement (`owner`: "school" or "clb") and audit it on its owner."""
    now = clock.now()
    defaults = current_app.config["DEADLINE_DEFAULTS"]
    with writing() as session:
        row = session.get(model, (owner_id, name))
        old = row.school_days if row else defaults[name]
        if row is None:
            row = model(name=name, school_days=school_days, updated_at=now, updated_by_id=actor.user_id)
            setattr(row, f"{owner}_id", owner_id)
            session.add(row)
        row.school_days, row.updated_at, row.updated_by_id = school_days, now, actor.user_id
        audit(
            session,
            actor,
            now,
            AuditAction.DEADLINE_CHANGED,
            owner,
            owner_id,
            f"{name}: {old} → {school_days}",
        )
    d = DEADLINES[name]
    return DeadlineView(name, d.lane, school_days, defaults[name], d.description, now, actor.full_name)


def require_school_editor(actor: Actor, school_id: int, name: str) -> School:
    """The school, if the actor may set this school-lane deadline there: 404 out of
    scope or for an unknown name, 403 for a CLB-lane name or anyone but the
    school's directie (or an admin)."""
    school = calendar_school(actor, school_id, change=False)
    _check(name, Lane.SCHOOL)
    if not may_change_calendar(actor, school.id):
        raise Forbidden(
            "Enkel de directie van de school of een beheerder legt de termijnen van de school vast."
        )
    return school


def require_clb_editor(actor: Actor, clb_id: int, name: str) -> Clb:
    """The CLB, if the actor may set this CLB-lane deadline: 404 out of scope or for
    an unknown name, 403 for a school-lane name or anyone but the CLB's director
    (or an admin)."""
    clb = deadline_clb(actor, clb_id)
    _check(name, Lane.CLB)
    if not may_change_clb_deadlines(actor, clb.id):
        raise Forbidden(
            "Enkel de CLB-directeur van dit CLB of een beheerder legt de termijnen van het CLB vast."
        )
    return clb


def set_deadline(actor: Actor, school_id: int, name: str, school_days: int) -> DeadlineView:
    """A school-lane deadline for the school (its directie, or an admin)."""
    school = require_school_editor(actor, school_id, name)
    _valid(school_days)
    return _upsert(actor, SchoolDeadline, "school", school.id, name, school_days)


def set_clb_deadline(actor: Actor, clb_id: int, name: str, school_days: int) -> DeadlineView:
    """A CLB-lane deadline for every school the CLB serves (its CLB-directeur, or an admin)."""
    clb = require_clb_editor(actor, clb_id, name)
    _valid(school_days)
    return _upsert(actor, ClbDeadline, "clb", clb.id, name, school_days)
