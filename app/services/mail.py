"""E-mail of notifications: the outbox, sent at once or in one daily digest.

A notification is written with the step that caused it (email_status "pending"
when mail is on and the user has an address); the scheduler's sweep then calls
`send_mail`. Each user chooses (users.email_frequency): every notification at
once, one digest a day at MAIL_DIGEST_HOUR (Brussels time) with what came in
since the last, or none (in the app only). Rows are claimed with SKIP LOCKED and
a digest by an UPDATE of users.last_digest_at, so two schedulers never send one
mail twice. A mail carries the task's title and the case number, never the
pupil's name (mail leaves our hands); the details are in the app.

MAIL_BACKEND "smtp" sends through SMTP_HOST; "log" writes each mail to the
log instead (`make run` uses it, so a demo shows what would be sent).
"""

import logging
import smtplib
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext, suppress
from datetime import datetime, time, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import and_, or_, select, update

from app.calendar.school_days import BRUSSELS
from app.calendar.words import moment_words
from app.extensions import db
from app.models import Notification, User
from app.services.transaction import writing
from app.vocabulary import EmailFrequency, EmailStatus

log = logging.getLogger("zorgpad.mail")
FOOTER = "Meld u aan in Zorgpad voor de details.\nUw e-mailvoorkeur wijzigt u onder Meldingen."


class _Undelivered(Exception):
    """The mail server is unreachable: the claim is rolled back, the mail waits."""


def enabled(config) -> bool:
    return config["MAIL_BACKEND"] == "log" or bool(config["SMTP_HOST"])


def send_mail(now: datetime, limit: int = 200) -> int:
    """Send what is due as of `now`; returns how many mails went out."""
    config = current_app.config
    if not enabled(config):
        return 0
    return _send_immediate(config, limit) + _send_digests(config, now)


def digest_moment(now: datetime, hour: int) -> datetime:
    """The latest digest time at or before `now`: today's at `hour` Brussels time,
    or yesterday's before that hour."""
    local = now.astimezone(BRUSSELS)
    day = local.date() if local.hour >= hour else local.date() - timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=BRUSSELS)


def _send_immediate(config, limit: int) -> int:
    sent = 0
    with writing() as session:
        # Who chose no e-mail (or removed their address): waiting rows are settled, never sent.
        off = select(User.id).where(or_(User.email_frequency == EmailFrequency.OFF, User.email.is_(None)))
        session.execute(
            update(Notification)
            .where(Notification.email_status == EmailStatus.PENDING, Notification.user_id.in_(off))
            .values(email_status=EmailStatus.NONE)
        )
        rows = list(
            session.execute(
                select(Notification, User.email)
                .join(User, User.id == Notification.user_id)
                .where(
                    Notification.email_status == EmailStatus.PENDING,
                    User.email_frequency == EmailFrequency.IMMEDIATE,
                )
                .order_by(Notification.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=Notification)
            )
        )
        if not rows:
            return 0
        try:
            with _connection(config) as smtp:
                for row, address in rows:
                    try:
                        _deliver(smtp, notification_message(config, row, address))
                        row.email_status = EmailStatus.SENT
                        sent += 1
                    except smtplib.SMTPRecipientsRefused as exc:
                        log.warning("notification %s: recipient refused: %s", row.id, exc)
                        row.email_status = EmailStatus.FAILED
        except (OSError, smtplib.SMTPException) as exc:
            # The server is unreachable: leave the rest pending for the next sweep.
            log.warning("SMTP unavailable (%s); %d mails wait", exc, len(rows) - sent)
    return sent


def _send_digests(config, now: datetime) -> int:
    """A digest at moment M carries what was waiting from before M; what comes in
    later waits for the next day's."""
    moment = digest_moment(now, config["MAIL_DIGEST_HOUR"])
    waiting = _waiting(moment)
    due = or_(User.last_digest_at.is_(None), User.last_digest_at < moment)
    users = list(
        db.session.execute(
            select(User.id, User.email).where(
                User.email_frequency == EmailFrequency.DAILY,
                User.email.is_not(None),
                User.id.in_(select(Notification.user_id).where(waiting).distinct().scalar_subquery()),
                due,
            )
        )
    )
    sent = 0
    for user_id, address in users:
        assert address is not None, "selected with an address"
        with suppress(_Undelivered):
            sent += _send_digest(config, user_id, address, now, due, waiting)
    return sent


def _waiting(moment: datetime):
    return and_(Notification.email_status == EmailStatus.PENDING, Notification.created_at < moment)


def _send_digest(config, user_id: int, address: str, now: datetime, due, waiting) -> int:
    with writing() as session:
        # The claim: of two schedulers, one updates the row; the other sends nothing.
        claimed = session.execute(
            update(User).where(User.id == user_id, due).values(last_digest_at=now)
        ).rowcount
        if not claimed:
            return 0
        rows = list(
            session.scalars(
                select(Notification)
                .where(Notification.user_id == user_id, waiting)
                .order_by(Notification.created_at, Notification.id)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return 0
        try:
            with _connection(config) as smtp:
                _deliver(smtp, digest_message(config, rows, address))
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("SMTP unavailable (%s); the digest of user %s waits", exc, user_id)
            raise _Undelivered from exc  # rolls the claim back: the next sweep tries again
        for row in rows:
            row.email_status = EmailStatus.SENT
        return 1


def notification_message(config, row: Notification, address: str) -> EmailMessage:
    """The mail of one notification (what leaves our hands: no pupil's name)."""
    return _message(config, address, f"Zorgpad – {row.title}", row.body)


def digest_message(config, rows: list[Notification], address: str) -> EmailMessage:
    """One mail with the notifications of the day."""
    return _message(config, address, _digest_subject(len(rows)), _digest_body(rows))


def _digest_subject(count: int) -> str:
    return f"Zorgpad – {count} nieuwe melding{'en' if count != 1 else ''}"


def _digest_body(rows: Iterable[Notification]) -> str:
    lines = ["Uw meldingen sinds het vorige overzicht:", ""]
    for row in rows:
        when = moment_words(row.created_at)
        lines += [f"- {when} – {row.title}", f"  {row.body}", ""]
    return "\n".join(lines)


def _connection(config) -> AbstractContextManager:
    if config["MAIL_BACKEND"] == "log":
        return nullcontext(None)
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    if config["SMTP_STARTTLS"]:
        smtp.starttls()
    if config["SMTP_USERNAME"]:
        smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    return smtp


def _deliver(smtp: smtplib.SMTP | None, message: EmailMessage) -> None:
    if smtp is None:
        log.info("e-mail (log) aan %s: %s\n%s", message["To"], message["Subject"], message.get_content())
        return
    smtp.send_message(message)


def _message(config, address: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["SMTP_SENDER"]
    message["To"] = address
    message["Subject"] = subject
    message.set_content(f"{body}\n\n{FOOTER}\n")
    return message
