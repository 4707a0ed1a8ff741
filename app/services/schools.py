"""The schools an actor works with (names for pages; no pupil data)."""
from sqlalchemy import select, true

from app.extensions import db
from app.models import School
from app.services.access import Actor, school_scope
from app.vocabulary import Role


def list_schools(actor: Actor) -> list[School]:
    """The actor's school, or the schools their CLB serves; none for an admin."""
    return list(db.session.scalars(select(School).where(school_scope(actor)).order_by(School.name)))


def calendar_schools(actor: Actor) -> list[School]:
    """The schools whose calendar the actor may read: their own, their CLB's, or
    every school for an admin (a calendar holds no pupil data)."""
    where = true() if Role.ADMIN in actor.roles else school_scope(actor)
    return list(db.session.scalars(select(School).where(where).order_by(School.name)))
