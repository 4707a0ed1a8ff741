"""Each user chooses how notifications are e-mailed: at once, one digest a day, or
not at all; and `make run`'s log backend writes the mails to the log."""

import logging
from datetime import UTC, datetime
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Notification, User
from app.tasks.sweep import run_due_timers
from tests.integration.test_notification_mail import smtp  # noqa: F401  (the fixture)
from tests.timer_fixture import REMINDER_AT, open_case, use_timer_fixture
from tests.web import WebUser, text_of

# The reminders come at 16:00 Brussels on Tue 1 Dec; the digest hour is 7:00.
BEFORE_DIGEST = datetime(2026, 12, 2, 5, 59, tzinfo=UTC)  # 6:59 Brussels
DIGEST = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)  # 7:00 Brussels


@pytest.fixture
def app(app, tmp_path, smtp):  # noqa: F811
    use_timer_fixture(app, tmp_path)
    controller, _ = smtp
    app.config.update(SMTP_HOST=controller.hostname, SMTP_PORT=controller.port, MAIL_DIGEST_HOUR=7)
    return app


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _choose(login, user: str, email, frequency: str):
    return login(user).put("/api/me/mail", json={"email": email, "frequency": frequency})


def test_a_daily_digest_carries_the_days_notifications_in_one_mail_once(app, login, smtp):  # noqa: F811
    _, inbox = smtp
    assert _choose(login, "zorg1", "zorg@school.test", "daily").status_code == 200
    for user in ("secr1", "dir1", "leraar1", "llb1", "zorgl1", "spijb1"):
        assert _choose(login, user, None, "off").status_code == 200
    first, second = open_case(login, pupil=0), open_case(login, pupil=1)
    with app.app_context():
        assert run_due_timers(REMINDER_AT).emails_sent == 0  # daily: nothing at once
        assert run_due_timers(BEFORE_DIGEST).emails_sent == 0
        assert run_due_timers(DIGEST).emails_sent == 1
        assert run_due_timers(DIGEST).emails_sent == 0  # the same morning again: once
        zorg1 = select(User.id).where(User.username == "zorg1").scalar_subquery()
        mine = list(
            db.session.scalars(select(Notification.email_status).where(Notification.user_id == zorg1))
        )
        others = set(
            db.session.scalars(select(Notification.email_status).where(Notification.user_id != zorg1))
        )
    assert mine == ["sent", "sent"] and others <= {"none"}  # who chose no e-mail: never sent
    [message] = inbox.messages
    assert message["To"] == "zorg@school.test"
    assert _subject(message) == "Zorgpad – 2 nieuwe meldingen"
    text = message.get_payload()
    assert f"dossier {first['id']}" in text and f"dossier {second['id']}" in text
    assert "di 1 dec 2026 16:00" in text  # when each came in, Brussels time
    for case in (first, second):
        assert case["pupil"]["last_name"] not in text


def test_the_choice_is_checked_per_field_and_audited(app, login):
    client = login("zorg1")
    refused = client.put("/api/me/mail", json={"email": "geen-adres", "frequency": "weekly"})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"frequency"}  # the schema's check first
    refused = client.put("/api/me/mail", json={"email": "geen-adres", "frequency": "daily"})
    assert refused.status_code == 422
    assert "Ongeldig e-mailadres" in refused.get_json()["errors"]["email"][0]
    refused = client.put("/api/me/mail", json={"email": "", "frequency": "immediate"})
    assert refused.status_code == 422 and "off" not in refused.get_json()["errors"]["email"][0]
    assert client.get("/api/me/mail").get_json() == {
        "email": "zorg1@demo.zorgpad.test",
        "frequency": "immediate",
    }
    saved = client.put("/api/me/mail", json={"email": " an@school.test ", "frequency": "daily"})
    assert saved.get_json() == {"email": "an@school.test", "frequency": "daily"}
    with app.app_context():
        actions = list(
            db.session.scalars(select(AuditEntry.action).where(AuditEntry.action == "mail_settings_changed"))
        )
    assert actions == ["mail_settings_changed"]


def test_the_log_backend_writes_the_mail_to_the_log(app, login, caplog):
    app.config.update(SMTP_HOST=None, MAIL_BACKEND="log")
    for user in ("secr1", "dir1", "leraar1", "llb1", "zorgl1", "spijb1"):
        _choose(login, user, None, "off")
    case = open_case(login)
    with app.app_context(), caplog.at_level(logging.INFO, logger="zorgpad.mail"):
        assert run_due_timers(REMINDER_AT).emails_sent == 1
    [record] = [r for r in caplog.records if r.name == "zorgpad.mail"]
    assert "zorg1@demo.zorgpad.test" in record.getMessage()
    assert f"dossier {case['id']}" in record.getMessage()
    with app.app_context():
        zorg1 = db.session.scalar(select(User).where(User.username == "zorg1"))
        assert {n.email_status for n in db.session.scalars(select(Notification))} == {"sent", "none"}
        assert zorg1.email_frequency == "immediate"


def test_the_page_shows_the_choice_refuses_a_bad_address_and_saves(app, demo):
    user = WebUser(app, "zorg1")
    page = user.get("/meldingen").text
    assert "Elke melding meteen per e-mail naar zorg1@demo.zorgpad.test." in text_of(page)
    form = user.get("/meldingen/e-mail")
    assert form.status_code == 200 and 'value="immediate" checked' in form.text
    refused = user.post("/meldingen/e-mail", {"email": "an@", "frequency": "daily"})
    assert refused.status_code == 422
    assert "Ongeldig e-mailadres" in text_of(refused.text) and 'aria-invalid="true"' in refused.text
    assert 'value="daily" checked' in refused.text  # what was chosen stays chosen
    with app.app_context():
        zorg1 = db.session.scalar(select(User).where(User.username == "zorg1"))
        assert (zorg1.email, zorg1.email_frequency) == ("zorg1@demo.zorgpad.test", "immediate")
    saved = user.post("/meldingen/e-mail", {"email": "an@school.test", "frequency": "daily"})
    assert saved.status_code == 302
    page = text_of(user.get("/meldingen").text)
    assert "Eén overzicht per dag om 7 uur naar an@school.test." in page
