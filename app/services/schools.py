"""Schools: the ones an actor works with, and a school's own agreements on who
does what at each absence."""

from sqlalchemy import select, true

from app import clock
from app.extensions import db
from app.models import School
from app.services.access import OPEN_CASE_ROLES, Actor, school_scope
from app.services.audit import audit
from app.services.errors import Forbidden, Invalid, NotFound
from app.services.transaction import writing
from app.vocabulary import SCHOOL_ROLES, AuditAction, Lane, Role

AGREEMENTS = ("parent_contact_role", "pupil_talk_role")
# Who registers absences in a school (and so may import them).
ABSENCE_IMPORT_ROLES = frozenset({Role.SECRETARIAAT, Role.ZORGCOORDINATOR, Role.DIRECTIE})
# Who runs the absence meeting for the school: prepares it and records its decisions.
# A decision is written into the pupil's case and may open it or complete the
# path's signal steps (meeting_path), so it is for those who do phase 1's tasks
# (app/services/access.LANE_ROLES). The other members (S0 "Deelnemers:
# secretariaatsmedewerker, zorgleerkracht, coördinator spijbelbeleid en CLB")
# read the meetings and their agendas, as everyone in the school's scope does.
MEETING_ROLES = frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE, Role.LEERLINGBEGELEIDER})


def list_schools(actor: Actor) -> list[School]:
    """The actor's school, or the schools their CLB serves; none for an admin (names, no pupil data)."""
    return list(db.session.scalars(select(School).where(school_scope(actor)).order_by(School.name)))


def directory() -> list[School]:
    """Every school, by name: where a pupil may move to (a school's name is public)."""
    return list(db.session.scalars(select(School).order_by(School.name)))


def calendar_schools(actor: Actor) -> list[School]:
    """The schools whose calendar the actor may read: their own, their CLB's, or
    every school for an admin (a calendar holds no pupil data)."""
    where = true() if Role.ADMIN in actor.roles else school_scope(actor)
    return list(db.session.scalars(select(School).where(where).order_by(School.name)))


def school_in_scope(actor: Actor, school_id: int) -> School:
    """The school, else NotFound (no existence leak outside the actor's scope)."""
    school = db.session.scalar(select(School).where(School.id == school_id, school_scope(actor)))
    if school is None:
        raise NotFound("School niet gevonden.")
    return school


def get_school(actor: Actor, school_id: int) -> School:
    return school_in_scope(actor, school_id)


def require_school_role(actor: Actor, roles: frozenset, message: str) -> None:
    """Staff of the school itself with one of `roles`; anyone else in scope gets 403."""
    if actor.lane != Lane.SCHOOL or not actor.has_any(roles):
        raise Forbidden(message)


def set_absence_agreements(actor: Actor, school_id: int, changes: dict) -> School:
    """Who contacts the parents and who talks with the pupil on return: the
    school decides (zorgcoördinator or directie); open tasks follow at once."""
    school = school_in_scope(actor, school_id)
    require_school_role(
        actor, OPEN_CASE_ROLES, "Deze afspraken legt de school vast (zorgcoördinator of directie)."
    )
    errors = {
        name: [f"Kies een schoolrol: {', '.join(sorted(SCHOOL_ROLES))}."]
        for name in AGREEMENTS
        if name in changes and changes[name] not in SCHOOL_ROLES
    }
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
