"""Deadlines as BPMN timers: reminder, then escalation, once each, on a controlled clock."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import CaseEvent, Notification, User, WorkflowInstance
from app.tasks.sweep import run_due_timers
from tests.timer_fixture import (
    ESCALATION_AT,
    REMINDER_AT,
    T0,
    break_main_instance,
    open_case,
    use_timer_fixture,
)


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the clock moves by weeks here
    return app


def sweep(app, at):
    with app.app_context():
        return run_due_timers(at)


def kinds(login, case_id, user):
    events = login(user).get(f"/api/cases/{case_id}/events?per_page=500").get_json()["items"]
    return [e["kind"] for e in events]


def notifications(login, user, unread=False):
    return login(user).get(f"/api/notifications?unread={'true' if unread else 'false'}").get_json()


def test_reminder_then_escalation_each_once(app, login, clock, runner):
    case = open_case(login)
    (task,) = case["open_tasks"]
    assert task["bpmn_id"] == "task_follow_up" and task["due_at"] == REMINDER_AT.isoformat()
    assert case["next_timer_due_at"] == REMINDER_AT.isoformat()

    assert sweep(app, REMINDER_AT - timedelta(seconds=1)).timers_fired == 0
    assert notifications(login, "zorg1")["total"] == 0

    # run-once twice at the same time: the second fires nothing.
    now = REMINDER_AT.isoformat()
    first = runner.invoke(args=["scheduler", "run-once", "--now", now])
    assert "1 instances, 1 timers fired" in first.output, first.output
    second = runner.invoke(args=["scheduler", "run-once", "--now", now])
    assert "0 instances, 0 timers fired" in second.output, second.output

    # Unassigned: the school lane's team is reminded (zorgcoördinator, directie, leerlingbegeleider).
    for user in ("zorg1", "dir1", "llb1"):
        (note,) = notifications(login, user)["items"]
        assert note["kind"] == "reminder" and note["task_id"] == task["id"]
    for user in ("secr1", "zorgl1", "spijb1"):  # not one who may do the task
        assert notifications(login, user)["total"] == 0, user
    assert kinds(login, case["id"], "zorg1").count("reminder_sent") == 1
    clock.at = REMINDER_AT + timedelta(minutes=1)
    overdue = login("zorg1").get("/api/tasks?overdue=true").get_json()["items"]
    assert [t["id"] for t in overdue] == [task["id"]]

    # The task stays open; ten school days after it started, the directie gets it.
    assert sweep(app, ESCALATION_AT).timers_fired == 1
    assert sweep(app, ESCALATION_AT + timedelta(days=30)).timers_fired == 0
    events = kinds(login, case["id"], "zorg1")
    assert events.count("reminder_sent") == 1 and events.count("escalated") == 1
    values = {
        e["kind"]: (e["what"], e["old_value"], e["new_value"])
        for e in login("zorg1").get(f"/api/cases/{case['id']}/events").get_json()["items"]
    }
    assert values["reminder_sent"][:2] == (task["title"], None) and values["reminder_sent"][2]
    assert values["escalated"] == (task["title"], None, "directie")
    escalations = [n for n in notifications(login, "dir1")["items"] if n["kind"] == "escalation"]
    assert len(escalations) == 1
    assert [n["kind"] for n in notifications(login, "zorg1")["items"]] == ["reminder"]
    tasks = login("dir1").get(f"/api/tasks?case_id={case['id']}&scope=all").get_json()["items"]
    assert sorted(t["bpmn_id"] for t in tasks) == ["task_follow_up", "task_follow_up_escalated"]
    escalated = next(t for t in tasks if t["bpmn_id"] == "task_follow_up_escalated")
    assert login("dir1").get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is True
    assert login("zorg1").get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is False


def test_the_assignee_alone_is_reminded(app, login):
    case = open_case(login)
    task_id = case["open_tasks"][0]["id"]
    assert login("zorg1").post(f"/api/tasks/{task_id}/claim").status_code == 200
    sweep(app, REMINDER_AT)
    assert notifications(login, "zorg1")["total"] == 1
    assert notifications(login, "dir1")["total"] == 0


def test_clb_escalation_reaches_the_clb_director_and_not_the_school(app, login, clock):
    case = open_case(login)
    task_id = case["open_tasks"][0]["id"]
    done = login("zorg1").post(
        f"/api/tasks/{task_id}/complete", json={"data": {"monitoring_until": "2026-11-30"}}
    )
    assert done.status_code == 200 and done.get_json()["open_tasks"] == []
    # The wait ends at the end of that school day; then the CLB's review opens.
    assert sweep(app, T0 + timedelta(days=5)).timers_fired == 0
    assert sweep(app, T0 + timedelta(days=7)).timers_fired == 1  # Tue 1 Dec
    review = login("clb1").get(f"/api/tasks?case_id={case['id']}&scope=all").get_json()["items"]
    assert [t["bpmn_id"] for t in review] == ["task_review"]
    due = review[0]["due_at"]
    assert due == "2026-12-08T15:00:00+00:00"  # five school days after 1 Dec
    sweep(app, T0 + timedelta(days=60))  # far past: reminder and escalation, once each
    clb_events = kinds(login, case["id"], "clb1")
    assert clb_events.count("reminder_sent") == 1 and clb_events.count("escalated") == 1
    school_events = kinds(login, case["id"], "zorg1")
    assert "escalated" not in school_events and "reminder_sent" not in school_events
    assert "timer_fired" in school_events  # the school's own wait ended
    # Unassigned: the whole CLB team is reminded; the escalation is the director's alone.
    assert sorted(n["kind"] for n in notifications(login, "clbdir1")["items"]) == ["escalation", "reminder"]
    assert {n["kind"] for n in notifications(login, "clb1")["items"]} == {"reminder"}
    assert notifications(login, "clbarts1")["total"] == 0  # the CLB doctor does the medical steps only
    assert notifications(login, "dir1")["total"] == 0


def test_a_school_holiday_and_a_day_off_shift_the_due_dates(app, login, clock):
    clock.at = T0 + timedelta(days=22)  # Wednesday 16 Dec 2026
    case = open_case(login)
    # Thu 17, Fri 18 Dec, then kerstvakantie until Sunday 3 Jan: Mon 4, Tue 5, Wed 6 Jan.
    assert case["open_tasks"][0]["due_at"] == "2027-01-06T15:00:00+00:00"

    clock.at = T0
    other = open_case(login, pupil=1)
    task = other["open_tasks"][0]
    assert task["due_at"] == REMINDER_AT.isoformat()
    added = login("dir1").post("/api/schools/1/days-off", json={"date": "2026-11-27", "reason": "Studiedag"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["moved_tasks"] == 1  # the December case's due date is not touched
    moved = login("zorg1").get(f"/api/tasks/{task['id']}").get_json()
    assert moved["due_at"] == "2026-12-02T15:00:00+00:00"
    assert login("zorg1").get(f"/api/cases/{other['id']}").get_json()["next_timer_due_at"] == moved["due_at"]
    moves = [
        (e["what"], e["old_value"], e["new_value"])
        for e in login("zorg1").get(f"/api/cases/{other['id']}/events").get_json()["items"]
        if e["kind"] == "due_date_moved"
    ]
    assert moves == [(task["title"], REMINDER_AT.isoformat(), moved["due_at"])]  # true old and new
    # The old due time passes without a reminder; the new one fires it.
    assert sweep(app, REMINDER_AT).timers_fired == 0
    assert login("dir1").delete("/api/schools/1/days-off", json={"date": "2026-11-27"}).status_code == 200
    assert login("zorg1").get(f"/api/tasks/{task['id']}").get_json()["due_at"] == REMINDER_AT.isoformat()
    assert sweep(app, REMINDER_AT).timers_fired == 1


def test_notifications_are_ones_own(app, login):
    open_case(login)
    sweep(app, REMINDER_AT)
    (mine,) = notifications(login, "zorg1", unread=True)["items"]
    assert login("dir1").post(f"/api/notifications/{mine['id']}/read").status_code == 404
    read = login("zorg1").post(f"/api/notifications/{mine['id']}/read")
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert notifications(login, "zorg1", unread=True)["total"] == 0
    assert notifications(login, "zorg1")["total"] == 1
    with app.app_context():
        from app.services.access import Actor
        from app.services.notifications import unread_count

        dir1 = db.session.scalar(select(User).where(User.username == "dir1"))
        assert unread_count(Actor.of(dir1)) == 1


def test_a_failing_instance_is_retried_then_an_incident_and_blocks_nobody(app, login):
    broken, healthy = open_case(login), open_case(login, pupil=1)
    break_main_instance(app, broken["id"])
    app.config.update(TIMER_MAX_ATTEMPTS=3, TIMER_RETRY_SECONDS=60)
    report = sweep(app, REMINDER_AT)
    assert (report.instances, report.failures, report.incidents) == (1, 1, 0)  # the healthy one fired
    assert kinds(login, healthy["id"], "zorg1").count("reminder_sent") == 1
    with app.app_context():
        row = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == broken["id"], WorkflowInstance.kind == "case"
            )
        )
        assert row.timer_failures == 1 and row.next_timer_due_at == REMINDER_AT + timedelta(seconds=60)
    assert sweep(app, REMINDER_AT + timedelta(seconds=30)).failures == 0  # backing off
    assert sweep(app, REMINDER_AT + timedelta(seconds=60)).failures == 1
    last = sweep(app, REMINDER_AT + timedelta(seconds=180))  # 60 s, then 120 s
    assert (last.failures, last.incidents) == (1, 1)
    assert sweep(app, REMINDER_AT + timedelta(days=1)).failures == 0  # left alone

    assert login("zorg1").get("/api/incidents").status_code == 403
    incidents = login("admin").get("/api/incidents").get_json()
    (incident,) = incidents["items"]
    assert incident["case_id"] == broken["id"] and incident["attempts"] == 3
    assert incident["error"]  # the exception, for the admin
    retried = login("admin").post(f"/api/incidents/{incident['id']}/retry")
    assert retried.status_code == 200 and retried.get_json()["resolved_at"]
    assert login("admin").post(f"/api/incidents/{incident['id']}/retry").status_code == 409
    assert login("admin").get("/api/incidents").get_json()["total"] == 0
    with app.app_context():
        row = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == broken["id"], WorkflowInstance.kind == "case"
            )
        )
        assert row.timer_failures == 0 and row.next_timer_due_at is not None


def test_each_timer_event_is_recorded_once_per_case(app, login):
    cases = [open_case(login, pupil=i) for i in range(3)]
    for _ in range(2):
        sweep(app, ESCALATION_AT)
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(CaseEvent.kind, func.count())
                .where(CaseEvent.kind.in_(["reminder_sent", "escalated"]))
                .group_by(CaseEvent.kind)
            ).all()
        )
        assert counts == {"reminder_sent": 3, "escalated": 3}
        # reminders to zorg1, dir1 and llb1, escalations to dir1: per case
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 4 * len(cases)


def test_a_timer_with_an_unknown_deadline_is_refused_at_deploy(app, tmp_path):
    from app.engine import SpecError
    from app.services.workflows import sync_from_disk

    workflows = Path(app.config["WORKFLOWS_DIR"])
    xml = (workflows / "timers_demo.bpmn").read_text(encoding="utf-8")
    (workflows / "timers_demo.bpmn").write_text(
        xml.replace('deadline("reminder")', 'deadline("remindr")'), encoding="utf-8"
    )
    with app.app_context(), pytest.raises(SpecError, match="remindr"):
        sync_from_disk()


def test_many_due_are_swept_by_forked_workers_each_timer_once(app, login):
    """Past SWEEP_PARALLEL_FROM the sweep forks workers, each with its share of the
    instances (id modulo the workers): every reminder fires once, none is lost."""
    app.config.update(SWEEP_PARALLEL_FROM=5, SWEEP_WORKERS=3)
    zorg1 = login("zorg1")
    for i in range(3):
        pupil = {
            "external_id": f"P-{i}",
            "first_name": "Extra",
            "last_name": f"L{i}",
            "birth_date": "2012-01-01",
        }
        assert zorg1.post("/api/pupils", json=pupil).status_code == 201
    cases = [open_case(login, pupil=i) for i in range(7)]
    report = sweep(app, REMINDER_AT)
    assert (report.instances, report.timers_fired, report.failures, report.lost_races) == (7, 7, 0, 0)
    assert sweep(app, REMINDER_AT).instances == 0
    with app.app_context():
        sent = db.session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "reminder_sent")
        )
        assert sent == len(cases)
        # zorg1, dir1 and llb1 each
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 3 * len(cases)
