"""Colleagues: the people a task can be assigned to."""

from sqlalchemy import false, select

from app import clock
from app.models import User
from app.services.access import Actor
from app.services.audit import audit
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane


def list_colleagues(actor: Actor, *, page=1, per_page=100) -> tuple[list[User], int]:
    """Active users of the actor's own team: its school, or its CLB."""
    query = select(User).where(User.active.is_(True))
    if actor.lane == Lane.SCHOOL:
        query = query.where(User.school_id == actor.school_id)
    elif actor.lane == Lane.CLB:
        query = query.where(User.clb_id == actor.clb_id)
    else:
        query = query.where(false())
    users, total = paginate(query.order_by(User.full_name, User.id), page, per_page)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.USERS_LISTED, detail=f"page={page} n={len(users)}")
    return users, total
