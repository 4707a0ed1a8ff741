"""A school's deadlines in school days (app/calendar/deadlines.py names them), and
who may read or change a school's calendar."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app import clock
from app.calendar.deadlines import DEADLINES, MAX_SCHOOL_DAYS
from app.extensions import db
from app.models import School, SchoolDeadline
from app.services.access import Actor, school_scope
from app.services.audit import audit
from app.services.calendar.functions import deadlines
from app.services.errors import Forbidden, Invalid, NotFound
from app.services.transaction import writing
from app.vocabulary import AuditAction, Role

CALENDAR_EDITORS = frozenset({Role.DIRECTIE})


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


@dataclass
class DeadlineView:
    name: str
    school_days: int
    default: int
    description: str


def list_deadlines(actor: Actor, school_id: int) -> list[DeadlineView]:
    calendar_school(actor, school_id, change=False)
    defaults = current_app.config["DEADLINE_DEFAULTS"]
    values = deadlines(school_id)
    return [DeadlineView(name, values[name], defaults[name], d.description) for name, d in DEADLINES.items()]


def set_deadline(actor: Actor, school_id: int, name: str, school_days: int) -> DeadlineView:
    school = calendar_school(actor, school_id, change=True)
    if name not in DEADLINES:
        raise NotFound(f"Onbekende termijn; kies uit: {', '.join(DEADLINES)}.")
    if not 1 <= school_days <= MAX_SCHOOL_DAYS:
        raise Invalid("Ongeldige termijn.", {"school_days": [f"Tussen 1 en {MAX_SCHOOL_DAYS} schooldagen."]})
    now = clock.now()
    with writing() as session:
        row = session.get(SchoolDeadline, (school.id, name))
        old = row.school_days if row else current_app.config["DEADLINE_DEFAULTS"][name]
        if row is None:
            row = SchoolDeadline(
                school_id=school.id,
                name=name,
                school_days=school_days,
                updated_at=now,
                updated_by_id=actor.user_id,
            )
            session.add(row)
        row.school_days, row.updated_at, row.updated_by_id = school_days, now, actor.user_id
        audit(
            session,
            actor,
            now,
            AuditAction.DEADLINE_CHANGED,
            "school",
            school.id,
            f"{name}: {old} → {school_days}",
        )
    defaults = current_app.config["DEADLINE_DEFAULTS"]
    return DeadlineView(name, school_days, defaults[name], DEADLINES[name].description)
