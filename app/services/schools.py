"""A school as one actor may reach it: their own, or one their CLB serves."""
from sqlalchemy import select

from app.extensions import db
from app.models import School
from app.services.access import Actor, school_scope
from app.services.errors import Forbidden, NotFound
from app.vocabulary import Lane, Role

# Who registers absences in a school (and so may import them).
ABSENCE_IMPORT_ROLES = frozenset({Role.SECRETARIAAT, Role.ZORGCOORDINATOR, Role.DIRECTIE})
# Who runs the absence meeting for the school: prepares it and records its decisions.
MEETING_ROLES = frozenset({Role.ZORGCOORDINATOR, Role.DIRECTIE})


def school_in_scope(actor: Actor, school_id: int) -> School:
    """The school, else NotFound (no existence leak outside the actor's scope)."""
    school = db.session.scalar(select(School).where(School.id == school_id, school_scope(actor)))
    if school is None:
        raise NotFound("School niet gevonden.")
    return school


def require_school_role(actor: Actor, roles: frozenset, message: str) -> None:
    """Staff of the school itself with one of `roles`; anyone else in scope gets 403."""
    if actor.lane != Lane.SCHOOL or not actor.has_any(roles):
        raise Forbidden(message)
