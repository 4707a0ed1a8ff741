"""Colleagues (the people a task can be assigned to) and one's own mail settings."""

from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import User
from app.services.access import Actor
from app.services.audit import audit
from app.services.contacts import email_problem
from app.services.errors import Invalid, NotFound
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, EmailFrequency, Lane

COLLEAGUES_ON_A_PAGE = 100


def _team(actor: Actor):
    query = select(User).where(User.active.is_(True))
    if actor.lane == Lane.SCHOOL:
        query = query.where(User.school_id == actor.school_id)
    elif actor.lane == Lane.CLB:
        query = query.where(User.clb_id == actor.clb_id)
    else:
        query = query.where(false())
    return query.order_by(User.full_name, User.id)


def list_colleagues(actor: Actor, *, page=1, per_page=COLLEAGUES_ON_A_PAGE) -> tuple[list[User], int]:
    """Active users of the actor's own team: its school, or its CLB."""
    users, total = paginate(_team(actor), page, per_page)
    with writing() as session:
        audit_listed(session, actor, users)
    return users, total


def first_colleagues(actor: Actor) -> list[User]:
    """The first page of `list_colleagues` with their roles, in one read and unaudited:
    for a page that audits it with its other reads (`audit_listed`) in one commit."""
    query = _team(actor).options(joinedload(User.role_rows)).limit(COLLEAGUES_ON_A_PAGE)
    return list(db.session.scalars(query).unique())


def audit_listed(session, actor: Actor, users: list[User], page: int = 1) -> None:
    audit(session, actor, clock.now(), AuditAction.USERS_LISTED, detail=f"page={page} n={len(users)}")


def mail_settings(actor: Actor) -> User:
    user = db.session.get(User, actor.user_id)
    if user is None:
        raise NotFound("Gebruiker niet gevonden.")
    return user


def change_mail_settings(actor: Actor, *, email: str | None, frequency: str) -> User:
    """The user's own address and how notifications reach it (app/services/mail.py).
    Problems come back per field, nothing stored."""
    email = (email or "").strip() or None
    problems = {}
    if email and (problem := email_problem(email)):
        problems["email"] = [problem]
    if frequency not in set(EmailFrequency):
        problems["frequency"] = ["Kies: meteen, één keer per dag of geen e-mail."]
    elif frequency != EmailFrequency.OFF and not email:
        problems["email"] = ["Vul een e-mailadres in, of kies 'geen e-mail'."]
    if problems:
        raise Invalid("Ongeldige e-mailvoorkeur.", problems)
    with writing() as session:
        user = mail_settings(actor)
        user.email, user.email_frequency = email, frequency
        audit(session, actor, clock.now(), AuditAction.MAIL_SETTINGS_CHANGED, detail=f"frequency={frequency}")
    return user
