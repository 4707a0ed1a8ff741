"""Colleagues: the people a task can be assigned to."""
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services.access import Actor


def list_colleagues(actor: Actor) -> list[User]:
    """Active users of the actor's own team: its school, or its CLB."""
    query = select(User).where(User.active.is_(True))
    if actor.lane == "school":
        query = query.where(User.school_id == actor.school_id)
    elif actor.lane == "clb":
        query = query.where(User.clb_id == actor.clb_id)
    else:
        return []
    return list(db.session.scalars(query.order_by(User.full_name, User.id)))

