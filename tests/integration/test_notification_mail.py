"""Notifications are e-mailed through a real SMTP server (aiosmtpd on localhost)."""

import socket
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from app.extensions import db
from app.models import Notification, User
from app.tasks.sweep import run_due_timers
from tests.timer_fixture import ESCALATION_AT, REMINDER_AT, open_case, use_timer_fixture


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def app(app, tmp_path, smtp):
    use_timer_fixture(app, tmp_path)
    controller, _ = smtp
    app.config.update(
        SMTP_HOST=controller.hostname, SMTP_PORT=controller.port, SMTP_SENDER="zorgpad@school.test"
    )
    return app


def test_reminders_and_escalations_are_mailed_once_without_the_pupils_name(app, login, smtp):
    _, inbox = smtp
    case = open_case(login)
    with app.app_context():
        director = db.session.scalar(select(User).where(User.username == "dir1"))
        director.email = "directie@school.test"
        # zorg1 has no address, llb1 chose no e-mail: in the app only.
        db.session.scalar(select(User).where(User.username == "zorg1")).email = None
        db.session.scalar(select(User).where(User.username == "llb1")).email_frequency = "off"
        db.session.commit()
        first = run_due_timers(REMINDER_AT)
        assert run_due_timers(REMINDER_AT).emails_sent == 0
        second = run_due_timers(ESCALATION_AT)
    assert (first.emails_sent, second.emails_sent) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["directie@school.test"] * 2
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in inbox.messages]
    assert subjects == ["Zorgpad – Herinnering: Opvolgen", "Zorgpad – Escalatie: Opvolgen"]
    pupil = case["pupil"]
    for message in inbox.messages:
        text = message.get_payload()
        assert f"dossier {case['id']}" in text and pupil["last_name"] not in text
    with app.app_context():
        statuses = sorted(db.session.scalars(select(Notification.email_status)))
        assert statuses == ["none", "none", "sent", "sent"]


def test_mail_waits_while_the_server_is_down(app, login, smtp):
    controller, inbox = smtp
    open_case(login)
    with app.app_context():
        for user in db.session.scalars(select(User)):  # only zorg1 has an address here
            user.email = "zorg@school.test" if user.username == "zorg1" else None
        db.session.commit()
        app.config["SMTP_PORT"] = _free_port()  # nobody listens there
        assert run_due_timers(REMINDER_AT).emails_sent == 0
        zorg1 = select(User.id).where(User.username == "zorg1").scalar_subquery()
        status = db.session.scalar(select(Notification.email_status).where(Notification.user_id == zorg1))
        assert status == "pending"
        app.config["SMTP_PORT"] = controller.port
        assert run_due_timers(REMINDER_AT).emails_sent == 1
    assert [m["To"] for m in inbox.messages] == ["zorg@school.test"]
