"""Schools: the ones an actor works with, and a school's own agreements on who
does what at each absence."""
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import School
from app.services.access import OPEN_CASE_ROLES, Actor, school_scope
from app.services.audit import audit
from app.services.errors import Forbidden, Invalid, NotFound
from app.services.transaction import writing
from app.vocabulary import SCHOOL_ROLES, AuditAction, Lane

AGREEMENTS = ("parent_contact_role", "pupil_talk_role")


def list_schools(actor: Actor) -> list[School]:
    """The actor's school, or the schools their CLB serves; none for an admin (names, no pupil data)."""
    return list(db.session.scalars(select(School).where(school_scope(actor)).order_by(School.name)))


def get_school(actor: Actor, school_id: int) -> School:
    school = db.session.scalar(select(School).where(School.id == school_id, school_scope(actor)))
    if school is None:
        raise NotFound("School niet gevonden.")
    return school


def set_absence_agreements(actor: Actor, school_id: int, changes: dict) -> School:
    """Who contacts the parents and who talks with the pupil on return: the
    school decides (zorgcoördinator or directie); open tasks follow at once."""
    school = get_school(actor, school_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(OPEN_CASE_ROLES):
        raise Forbidden("Deze afspraken legt de school vast (zorgcoördinator of directie).")
    errors = {name: ["Kies een schoolrol: zorgcoördinator, secretariaat, directie of klastitularis."]
              for name in AGREEMENTS if name in changes and changes[name] not in SCHOOL_ROLES}
    if errors:
        raise Invalid("Ongeldige afspraken.", errors)
    with writing() as session:
        changed = []
        for name in AGREEMENTS:
            if name in changes and getattr(school, name) != changes[name]:
                setattr(school, name, changes[name])
                changed.append(f"{name}={changes[name]}")
        audit(session, actor, clock.now(), AuditAction.SCHOOL_UPDATED, "school", school.id, ",".join(changed))
    return school
