"""Notifications: a user's own reminders and escalations, read in the app and,
when mail is on, e-mailed (app/services/mail.py: the outbox, at once or in a
daily digest, as each user chose)."""

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from app import clock
from app.extensions import db
from app.models import Case, CaseTask, Notification, Pupil
from app.services import mail as outbox
from app.services.access import Actor, case_in_scope
from app.services.audit import audit
from app.services.errors import NotFound
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, EmailStatus, NotificationKind

log = logging.getLogger("zorgpad.notifications")


def notification(
    user,
    kind: NotificationKind,
    now: datetime,
    *,
    case_id: int | None,
    task: CaseTask | None,
    title: str,
    body: str,
) -> dict:
    """A notification's values (`user`: anything with id and email), written
    with the step that caused it (step_writes)."""
    mail = EmailStatus.PENDING if outbox.enabled(current_app.config) and user.email else EmailStatus.NONE
    return {
        "user_id": user.id,
        "kind": kind,
        "case_id": case_id,
        "task_id": task.id if task else None,
        "title": title[:200],
        "body": body,
        "created_at": now,
        "read_at": None,
        "email_status": mail,
    }


def _own(actor: Actor):
    return select(Notification).where(Notification.user_id == actor.user_id)


def list_notifications(actor: Actor, *, unread=False, page=1, per_page=25):
    query = _own(actor)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    return paginate(query.order_by(Notification.created_at.desc(), Notification.id.desc()), page, per_page)


def list_with_pupils(actor: Actor, *, unread=False, page=1, per_page=25):
    """The web page's list: the notifications and, for the cases the actor may
    still see, the pupil's name (a notification itself names only the case
    number). Reading the names is audited like any list of pupils."""
    items, total = list_notifications(actor, unread=unread, page=page, per_page=per_page)
    case_ids = {row.case_id for row in items if row.case_id}
    if not case_ids:
        return items, total, {}
    names = {
        case_id: f"{first} {last}"
        for case_id, first, last in db.session.execute(
            select(Case.id, Pupil.first_name, Pupil.last_name)
            .join(Pupil, Pupil.id == Case.pupil_id)
            .where(Case.id.in_(case_ids), case_in_scope(Case.id, actor))
        )
    }
    if names:
        with writing() as session:
            audit(
                session,
                actor,
                clock.now(),
                AuditAction.PUPILS_LISTED,
                detail=f"notifications page={page} n={len(names)}",
            )
    return items, total, names


def unread_count(actor: Actor) -> int:
    """For the web header's badge."""
    return db.session.execute(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
    ).scalar_one()


def mark_read(actor: Actor, notification_id: int) -> Notification:
    row = db.session.scalar(_own(actor).where(Notification.id == notification_id))
    if row is None:
        raise NotFound("Melding niet gevonden.")
    if row.read_at is None:
        with writing():
            row.read_at = clock.now()
    return row


def mark_all_read(actor: Actor) -> int:
    """Every unread notification of the actor read at once; returns how many."""
    with writing() as session:
        return session.execute(
            update(Notification)
            .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
            .values(read_at=clock.now())
        ).rowcount
