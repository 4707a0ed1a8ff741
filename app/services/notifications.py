"""Notifications: a user's own reminders and escalations, read in the app and,
when SMTP is configured, e-mailed.

E-mail goes through an outbox: a notification is written with the step that
caused it (email_status "pending"), and `send_pending_emails` sends after the
commit, claiming rows with SKIP LOCKED so two schedulers never send one twice.
A mail carries the task's title and the case number, never the pupil's name
(mail leaves our hands); the details are in the app.
"""

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select, update

from app import clock
from app.extensions import db
from app.models import Case, CaseTask, Notification, Pupil, User
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
    mail = EmailStatus.PENDING if current_app.config["SMTP_HOST"] and user.email else EmailStatus.NONE
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


def send_pending_emails(limit: int = 200) -> int:
    """Send what the outbox holds; returns how many were sent."""
    config = current_app.config
    if not config["SMTP_HOST"]:
        return 0
    sent = 0
    with writing() as session:
        rows = list(
            session.execute(
                select(Notification, User.email)
                .join(User, User.id == Notification.user_id)
                .where(Notification.email_status == EmailStatus.PENDING)
                .order_by(Notification.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=Notification)
            )
        )
        if not rows:
            return 0
        try:
            with _smtp(config) as smtp:
                for row, address in rows:
                    try:
                        smtp.send_message(_message(config, row, address))
                        row.email_status = EmailStatus.SENT
                        sent += 1
                    except smtplib.SMTPRecipientsRefused as exc:
                        log.warning("notification %s: recipient refused: %s", row.id, exc)
                        row.email_status = EmailStatus.FAILED
        except (OSError, smtplib.SMTPException) as exc:
            # The server is unreachable: leave the rest pending for the next sweep.
            log.warning("SMTP unavailable (%s); %d mails wait", exc, len(rows) - sent)
    return sent


def _smtp(config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    if config["SMTP_STARTTLS"]:
        smtp.starttls()
    if config["SMTP_USERNAME"]:
        smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    return smtp


def _message(config, row: Notification, address: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["SMTP_SENDER"]
    message["To"] = address
    message["Subject"] = f"Zorgpad – {row.title}"
    message.set_content(f"{row.body}\n\nMeld u aan in Zorgpad voor de details.\n")
    return message
