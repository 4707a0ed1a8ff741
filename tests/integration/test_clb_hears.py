"""The CLB hears what concerns it (issue 20): a signal, a referral, a request for advice
before a police report, a school change and new absences on a case it closed are each
a notification to every CLB worker and director of the CLB serving that school, never
to another CLB's (app/services/steps/clb_news.py)."""

from datetime import UTC, datetime
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.extensions import db
from app.models import Notification, User, UserRole
from app.services.auth import hash_password
from app.tasks.sweep import run_due_timers
from tests.integration.test_notification_mail import Inbox, _free_port
from tests.walk import REFERRAL, CaseWalk
from tests.web import text_of

# Demo: CLB 0 (clb1, clbarts1, clbdir1) serves schools 0 and 1; CLB 1 (clb2) serves school 2.
# Added here: a second worker of CLB 0, a worker of CLB 0 who left, a director of CLB 1.
EXTRA = [
    ("clb1b", "Sofie CLB-medewerker", "clb_medewerker", 0, True),
    ("clbweg", "Vertrokken CLB-medewerker", "clb_medewerker", 0, False),
    ("clbdir2", "Tom CLB-directeur", "clb_directeur", 1, True),
]
TEAM_CLB0 = {"clb1", "clb1b", "clbdir1"}
OTHERS = {"clb2", "clbdir2", "clbweg", "clbarts1", "zorg1", "dir1", "zorg3"}


@pytest.fixture
def app(app):
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the clock moves by months here
    return app


@pytest.fixture
def world(app, demo):
    with app.app_context():
        password = hash_password("demo")
        for username, name, role, clb, active in EXTRA:
            db.session.add(
                User(
                    username=username,
                    full_name=name,
                    password_hash=password,
                    active=active,
                    role_rows=[UserRole(role=role)],
                    clb_id=demo["clb_ids"][clb],
                )
            )
        db.session.commit()
    return demo


@pytest.fixture
def smtp():
    """A real SMTP server on localhost (aiosmtpd), as tests/integration/test_notification_mail.py."""
    mailbox = Inbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


def received(app, kind: str) -> dict[str, list[Notification]]:
    """Who received notifications of `kind`, by username."""
    with app.app_context():
        rows = db.session.execute(
            select(User.username, Notification)
            .join(User, User.id == Notification.user_id)
            .where(Notification.kind == kind)
        )
        found: dict[str, list[Notification]] = {}
        for username, row in rows:
            found.setdefault(username, []).append(row)
        return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_signal_reaches_every_clb_worker_of_that_clb_and_no_other(app, login, world):
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()
    walk.complete(
        "task_phase1_evaluation", "zorg1", decision="signal_clb", monitoring_until=None, b_half_days=6
    )

    got = received(app, "signal")
    assert set(got) == TEAM_CLB0 and not set(got) & OTHERS
    assert all(len(rows) == 1 for rows in got.values())
    items = login("clb1").get("/api/notifications").get_json()["items"]
    signal = next(n for n in items if n["kind"] == "signal")
    signal_task = walk.task("task_signal_clb", "zorg1")
    assert signal["case_id"] == walk.id and signal["task_id"] == signal_task["id"]
    assert login("clb1").get(f"/api/tasks/{signal_task['id']}").status_code == 200  # the link opens (read)
    assert signal["title"] == f"Signaal van de school: dossier {walk.id}"
    assert "Sint-Jozefscollege" in signal["body"] and "Emma" not in signal["body"]
    assert [
        n for n in login("clb2").get("/api/notifications").get_json()["items"] if n["kind"] == "signal"
    ] == []
    assert login("clb1").get(f"/api/cases/{walk.id}").status_code == 200  # the link opens

    # The school records the signal at the absence meeting: nothing new for the CLB.
    walk.complete("task_signal_clb", "zorg1", b_half_days=6)
    assert sum(len(rows) for rows in received(app, "signal").values()) == 3


def test_a_referral_notifies_the_clb_team_with_the_task_to_judge_it(app, login, world):
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()
    walk.refer()

    got = received(app, "referral")
    assert set(got) == TEAM_CLB0
    accept = walk.task("task_clb_accept", "clb1")
    assert {rows[0].task_id for rows in got.values()} == {accept["id"]}
    note = next(
        n for n in login("clb1b").get("/api/notifications").get_json()["items"] if n["kind"] == "referral"
    )
    assert note["task_id"] == accept["id"] and "Termijn:" in note["body"]
    assert login("clb1b").get(f"/api/tasks/{accept['id']}").status_code == 200  # the link opens the task


def test_a_school_change_notifies_the_sending_clb_then_the_receiving_clb(app, login, world):
    school3 = world["school_ids"][2]
    walk = CaseWalk(login)
    walk.episode()
    walk.to_clb_guidance()
    assert walk.message("zorg1", "school_change", new_school_id=school3, b_count=9).status_code == 200

    got = received(app, "school_change")
    assert set(got) == TEAM_CLB0  # the CLB that follows the pupil: its warm handover
    handover = walk.task("task_warm_handover", "clb1")
    assert {rows[0].task_id for rows in got.values()} == {handover["id"]}

    walk.complete("task_warm_handover", "clb1")
    got = received(app, "school_change")
    assert set(got) == TEAM_CLB0 | {"clb2", "clbdir2"}  # the new school's CLB receives it
    receive = walk.task("task_receive_handover", "clb2")
    assert [row.task_id for row in got["clb2"]] == [receive["id"]]
    assert len(got["clb1"]) == 1


def test_new_absences_on_a_case_the_clb_closed_with_agreements_reach_its_team(app, login, world):
    walk = CaseWalk(login)
    walk.episode()
    walk.to_clb_guidance()
    closed = walk.complete(
        "task_clb_round_plan",
        "clb1",
        plan="no_further_need",
        trajectories=None,
        evaluation_date=None,
        followup_agreements="Meld elke nieuwe B-code.",
    )
    assert closed["status"] == "closed"
    assert received(app, "new_absences") == {}
    walk.pass_time(at("2027-02-17T15:00:00"))
    reopened = walk.message("secr1", "new_absences", b_count=9, first_absence_on="2027-02-15")
    assert reopened.status_code == 200

    got = received(app, "new_absences")
    assert set(got) == TEAM_CLB0
    review = walk.task("task_relapse_review", "clb1")
    assert {rows[0].task_id for rows in got.values()} == {review["id"]}


def test_the_inbox_lists_per_school_oldest_first_what_is_asked_and_by_when(app, login, world, web, clock):
    signal = CaseWalk(login, pupil=0)  # Sint-Jozefscollege
    signal.plan()
    signal.complete(
        "task_phase1_evaluation", "zorg1", decision="signal_clb", monitoring_until=None, b_half_days=6
    )
    clock.advance(hours=1)
    referral = CaseWalk(login, opener="zorg2", pupil=0)  # Atheneum De Linde
    referral.plan(user="zorg2")
    referral.complete("task_phase1_evaluation", "zorg2", **REFERRAL)
    clock.advance(hours=1)
    police = CaseWalk(login, pupil=1)  # Sint-Jozefscollege, later
    assert police.message("zorg1", "police_track").status_code == 200

    page = text_of(web("clb1").get("/aanmeldingen").text)
    assert "3 open vragen van 2 scholen." in page
    jozef, linde = page.index("Sint-Jozefscollege (demo) (2)"), page.index("Atheneum De Linde (demo) (1)")
    assert linde < jozef  # per school, by name
    first, second = (
        page.index("Signaal: bespreken op het overleg afwezigheden"),
        page.index("Advies vóór een melding aan de politie"),
    )
    assert jozef < first < second  # oldest first within the school
    assert page.index("Aanmelding: aanvaarden of terugsturen") < jozef
    assert page.count("· termijn ") == 3 and REFERRAL["help_question"] in page
    header = web("clb1").get("/taken").text
    assert "Signalen en aanmeldingen, 3 open" in header
    assert "Signalen en aanmeldingen, 1 open" not in header
    # Another CLB sees none of it; a school user is refused.
    other = text_of(web("clb2").get("/aanmeldingen").text)
    assert "Geen nieuwe aanmeldingen." in other and "Sint-Jozefscollege" not in other
    assert web("zorg1").get("/aanmeldingen").status_code == 403

    signal.complete("task_signal_clb", "zorg1", b_half_days=6)  # discussed: it leaves the inbox
    page = text_of(web("clb1").get("/aanmeldingen").text)
    assert "2 open vragen van 2 scholen." in page and "Signaal: bespreken" not in page


def test_the_signal_is_mailed_to_the_clb_team_members_with_an_address_without_the_pupils_name(
    app, login, world, smtp, clock
):
    controller, mailbox = smtp
    app.config.update(
        SMTP_HOST=controller.hostname, SMTP_PORT=controller.port, SMTP_SENDER="zorgpad@clb.test"
    )
    with app.app_context():
        for username in ("clb1", "clbdir1", "clb2"):
            db.session.scalar(select(User).where(User.username == username)).email = f"{username}@clb.test"
        db.session.commit()  # clb1b has no address: in-app only
    walk = CaseWalk(login)
    walk.plan()
    walk.complete(
        "task_phase1_evaluation", "zorg1", decision="signal_clb", monitoring_until=None, b_half_days=6
    )
    with app.app_context():
        sent = run_due_timers(clock.at).emails_sent  # the outbox goes out with the next sweep
    signals = [
        m
        for m in mailbox.messages
        if "Signaal van de school" in str(make_header(decode_header(m["Subject"])))
    ]
    assert sent >= 2 and sorted(m["To"] for m in signals) == ["clb1@clb.test", "clbdir1@clb.test"]
    for message in signals:
        assert "Emma" not in message.as_string() and "Peeters" not in message.as_string()
    with app.app_context():
        statuses = db.session.scalars(select(Notification.email_status).where(Notification.kind == "signal"))
        assert sorted(statuses) == ["none", "sent", "sent"]


def test_a_signal_at_the_absence_meeting_while_the_path_is_elsewhere_reaches_the_team(app, login, world):
    from tests.integration.absences_support import add_pupil, csv_rows, upload
    from tests.integration.test_meeting_decisions import FIVE_B, decide

    school1 = world["school_ids"][0]
    pupil = add_pupil(app, school1, "J-1", "Jonas")
    assert upload(login("secr1"), school1, csv_rows(*FIVE_B)).status_code == 200
    assert received(app, "signal") == {}  # the signal is due, the school has not signalled yet
    decide(login, school1, pupil, "signal_clb")
    got = received(app, "signal")
    assert set(got) == TEAM_CLB0 and all(len(rows) == 1 for rows in got.values())
    case_id = got["clb1"][0].case_id
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 200
