"""The schools an actor works with (names for pages; no pupil data)."""
from sqlalchemy import select

from app.extensions import db
from app.models import School
from app.services.access import Actor, school_scope


def list_schools(actor: Actor) -> list[School]:
    """The actor's school, or the schools their CLB serves; none for an admin."""
    return list(db.session.scalars(select(School).where(school_scope(actor)).order_by(School.name)))
