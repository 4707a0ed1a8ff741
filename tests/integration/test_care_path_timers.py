"""The real care path's deadlines on a controlled clock, through the API.

Times are UTC: a date-bound deadline falls at the end of the school day, 16:00
in Brussels (15:00 UTC in winter). The case opens on Tuesday 24 November 2026;
the Christmas holidays run from 21 December to 3 January.
"""

from datetime import UTC, datetime, timedelta

import pytest

from app.tasks.sweep import run_due_timers
from tests.walk import CaseWalk

SECOND = timedelta(seconds=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def app(app):
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the clock moves by months here
    return app


def sweep(app, moment):
    """A second scheduler run as of `moment` (the walk ran one already)."""
    with app.app_context():
        return run_due_timers(moment)


def events(walk, username, kind):
    return [(e["what"], e["new_value"]) for e in walk.events(username) if e["kind"] == kind]


def notes(login, username, kind=None):
    items = login(username).get("/api/notifications?per_page=100").get_json()["items"]
    return [n for n in items if kind in (None, n["kind"])]


def test_a_school_task_is_reminded_then_escalated_to_the_directie_once_each(app, login):
    walk = CaseWalk(login)
    walk.episode()  # the absence follow-up is done: the plan alone is watched
    plan = walk.task("task_action_plan", "zorg1")
    assert plan["due_at"] == "2026-12-08T15:00:00+00:00"  # plan_reminder: 10 school days
    # The opener owns the case and so holds the plan (issue 20): released, it is the team's.
    assert login("zorg1").post(f"/api/tasks/{plan['id']}/unclaim").status_code == 200

    walk.pass_time(at("2026-12-08T15:00:00") - SECOND)
    assert events(walk, "zorg1", "reminder_sent") == [] and notes(login, "zorg1") == []
    walk.pass_time(at("2026-12-08T15:00:00"))
    assert sweep(app, at("2026-12-08T15:00:00")).timers_fired == 0  # run twice: fires nothing twice
    assert events(walk, "zorg1", "reminder_sent") == [("Begeleidingsplan opstellen", "team (3)")]
    for user in ("zorg1", "dir1", "llb1"):  # nobody holds it: who may do it at the school
        assert [(n["kind"], n["task_id"]) for n in notes(login, user)] == [("reminder", plan["id"])]
    walk.pass_time(at("2026-12-08T15:01:00"))
    overdue = login("zorg1").get("/api/tasks?overdue=true").get_json()["items"]
    assert [t["id"] for t in overdue] == [plan["id"]]

    walk.pass_time(at("2027-01-05T15:00:00"))  # plan_escalation: 20 school days
    walk.pass_time(at("2027-03-01T15:00:00"))
    assert events(walk, "zorg1", "escalated") == [("Begeleidingsplan opstellen", "directie")]
    assert events(walk, "zorg1", "reminder_sent") == [("Begeleidingsplan opstellen", "team (3)")]
    assert len(notes(login, "dir1", "escalation")) == 1 and notes(login, "zorg1", "escalation") == []
    assert notes(login, "llb1", "escalation") == [] and notes(login, "zorgl1") == []
    escalated = walk.task("task_action_plan_escalated", "dir1")
    assert escalated["title"] == "Escalatie: begeleidingsplan ligt stil" and escalated["lane"] == "school"
    assert login("dir1").get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is True
    for user in ("zorg1", "llb1", "zorgl1", "spijb1"):  # the escalation is the director's alone
        assert login(user).get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is False, user
    walk.complete("task_action_plan_escalated", "dir1")
    assert walk.open_ids("zorg1") == ["task_action_plan"]  # the plan itself stays with the school


def test_a_clb_task_is_reminded_then_escalated_to_the_clb_director_and_not_the_school(app, login):
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()  # its evaluation on 17 December
    walk.refer()  # at 16:00 on 17 December
    accept = walk.task("task_clb_accept", "clb1")
    assert accept["due_at"] == "2027-01-14T15:00:00+00:00"  # clb_start_reminder: 10 school days

    walk.pass_time(at("2027-01-14T15:00:00"))
    walk.pass_time(at("2027-01-28T15:00:00"))  # clb_start_escalation: 20 school days
    sweep(app, at("2027-06-01T15:00:00"))
    # Who may do it at the CLB: its workers and its director, not the CLB doctor.
    assert events(walk, "clb1", "reminder_sent") == [("Aanmelding beoordelen", "team (2)")]
    assert events(walk, "clb1", "escalated") == [("Aanmelding beoordelen", "clb_directeur")]
    # Newest first, after the referral the CLB team heard of (issue 20).
    assert [n["kind"] for n in notes(login, "clbdir1")] == ["escalation", "reminder", "referral"]
    assert [n["kind"] for n in notes(login, "clb1")] == ["reminder", "referral"]
    assert notes(login, "clbarts1") == []
    escalated = walk.task("task_clb_accept_escalated", "clbdir1")
    assert escalated["lane"] == "clb"
    assert login("clbdir1").get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is True
    for user in ("clb1", "clbarts1"):
        assert login(user).get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is False, user
    # The school reads none of it: CLB work stays the CLB's.
    assert events(walk, "zorg1", "reminder_sent") == [] and events(walk, "zorg1", "escalated") == []
    assert login("dir1").get(f"/api/tasks/{escalated['id']}").status_code == 404
    assert notes(login, "dir1") == [] and notes(login, "zorg1") == []


def test_a_holiday_and_a_schools_day_off_shift_the_due_date(app, login, clock):
    clock.at = at("2026-12-18T08:00:00")  # Friday before the Christmas holidays
    walk = CaseWalk(login)
    contact = walk.task("task_absence_contact_parents", "secr1")
    assert contact["due_at"] == "2027-01-04T15:00:00+00:00"  # one school day: after the holidays

    added = login("dir1").post(
        "/api/schools/1/days-off", json={"date": "2027-01-04", "reason": "Pedagogische studiedag"}
    )
    assert added.status_code == 201, added.get_json()
    moved = walk.task("task_absence_contact_parents", "secr1")
    assert moved["due_at"] == "2027-01-05T15:00:00+00:00"
    # The task names its absence (CaseWalk opens the case with a first absence on 23 November).
    contact_title = "Ouders contacteren bij afwezigheid · vanaf ma 23 nov"
    assert contact["title"] == contact_title
    assert (contact_title, "2027-01-05T15:00:00+00:00") in events(walk, "zorg1", "due_date_moved")
    walk.pass_time(at("2027-01-04T15:00:00"))
    assert events(walk, "zorg1", "reminder_sent") == []  # not on the day off
    walk.pass_time(at("2027-01-05T15:00:00"))
    assert events(walk, "zorg1", "reminder_sent")[0][0] == contact_title


def test_monitoring_ends_on_its_date_and_then_the_review_opens(app, login):
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()
    case = walk.complete("task_phase1_evaluation", "zorg1", decision="monitor", monitoring_until="2027-01-15")
    assert case["status"] == "monitoring" and "task_monitoring_review" not in walk.open_ids("zorg1")
    assert case["next_timer_due_at"] == "2027-01-15T15:00:00+00:00"  # the end of that school day

    walk.pass_time(at("2027-01-15T15:00:00") - SECOND)
    assert "task_monitoring_review" not in walk.open_ids("zorg1")
    walk.pass_time(at("2027-01-15T15:00:00"))
    review = walk.task("task_monitoring_review", "zorg1")
    assert review["created_at"] == "2027-01-15T15:00:00+00:00"
    assert ("Tot het einde van de opvolging", "wait") in events(walk, "zorg1", "timer_fired")


def _closed_with_agreements(login):
    walk = CaseWalk(login)
    walk.episode()
    walk.to_clb_guidance()  # the referral on 17 December
    return walk, walk.complete(
        "task_clb_round_plan",
        "clb1",
        plan="no_further_need",
        trajectories=None,
        evaluation_date=None,
        followup_agreements="Meld elke nieuwe B-code.",
    )


def test_without_new_absences_the_relapse_check_closes_the_case_for_good(app, login):
    walk, case = _closed_with_agreements(login)
    assert case["status"] == "closed"
    # relapse_check: 30 school days after 17 December, the Christmas and crocus holidays not counted
    due = at("2027-02-18T15:00:00")
    assert case["next_timer_due_at"] == due.isoformat()

    walk.pass_time(due - SECOND)
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["next_timer_due_at"] == due.isoformat()
    walk.pass_time(due)
    after = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    assert after["status"] == "closed" and after["next_timer_due_at"] is None
    assert ("Geen terugval: opvolging voorbij", "wait") in events(walk, "zorg1", "timer_fired")
    late = walk.message("secr1", "new_absences", b_count=9)
    assert late.status_code == 409 and "definitief afgesloten" in late.get_json()["message"]


def test_new_absences_before_the_relapse_check_reopen_the_case(app, login):
    walk, case = _closed_with_agreements(login)
    walk.pass_time(at("2027-02-17T15:00:00"))  # the day before the relapse check
    reopened = walk.message("secr1", "new_absences", b_count=9, first_absence_on="2027-02-15")
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "open"
    assert "task_relapse_review" in walk.open_ids("clb1", "clb")
    walk.pass_time(at("2027-03-01T15:00:00"))  # the relapse check no longer waits
    assert "Geen terugval: opvolging voorbij" not in [what for what, _ in events(walk, "clb1", "timer_fired")]


def test_the_warm_handovers_escalation_stays_with_the_sending_school_and_its_clb(app, login, demo):
    school1, _, school3 = demo["school_ids"]
    walk = CaseWalk(login)
    walk.episode()
    walk.to_clb_guidance()
    moved = walk.message("zorg1", "school_change", new_school_id=school3, b_count=9)
    assert moved.status_code == 200, moved.get_json()
    handover = walk.task("task_warm_handover", "clb1")
    assert handover["due_at"] == "2027-01-07T15:00:00+00:00"  # reminder: 5 school days

    walk.pass_time(at("2027-01-14T15:00:00"))  # escalation: 10 school days
    escalated = walk.task("task_warm_handover_escalated", "clbdir1")
    assert escalated["school_id"] == school1  # the old school's period, like the handover
    assert login("clbdir1").get(f"/api/tasks/{escalated['id']}").get_json()["can_act"] is True
    assert login("clb2").get(f"/api/tasks/{escalated['id']}").status_code == 404  # not the new CLB's
    # The escalation's notification opens the escalation task, which is the director's (issue 20).
    assert escalated["assignee"]["username"] == "clbdir1"
    assert [n["task_id"] for n in notes(login, "clbdir1", "escalation")] == [escalated["id"]]


def test_each_lane_counts_with_its_own_directors_agreement(app, login, demo):
    """The school's directie sets the school lane's deadlines, the CLB's director
    the CLB lane's: each task's timers read its own lane's agreement."""
    clb = demo["clb_id"]
    assert (
        login("dir1").put("/api/schools/1/deadlines/plan_reminder", json={"school_days": 4}).status_code
        == 200
    )
    assert login("dir1").put("/api/schools/1/deadlines/reminder", json={"school_days": 2}).status_code == 200
    for name, days in (("clb_start_reminder", 3), ("clb_reminder", 7), ("clb_escalation", 8)):
        put = login("clbdir1").put(f"/api/clbs/{clb}/deadlines/{name}", json={"school_days": days})
        assert put.status_code == 200, put.get_json()
    walk = CaseWalk(login)
    walk.episode()
    plan = walk.task("task_action_plan", "zorg1")
    assert plan["due_at"] == "2026-11-30T15:00:00+00:00"  # the school's plan_reminder: 4 school days
    walk.plan()
    walk.refer()  # at 16:00 on 17 December
    accept = walk.task("task_clb_accept", "clb1")
    # The CLB's clb_start_reminder, 3 school days of the pupil's school: 18 December, then
    # after the Christmas holidays 4 and 5 January.
    assert accept["due_at"] == "2027-01-05T15:00:00+00:00"
    walk.complete("task_clb_accept", "clb1", accepted=True)
    walk.complete("task_clb_intake", "clb1")
    # A CLB task without a pair of its own takes the CLB's general pair (7 / 8), not the school's (2).
    round_plan = walk.task("task_clb_round_plan", "clb1")
    assert round_plan["due_at"] == "2027-01-11T15:00:00+00:00"
    walk.pass_time(at("2027-01-12T15:00:00"))
    assert events(walk, "clb1", "escalated") == [("Begeleidingsronde plannen", "clb_directeur")]
    # The round plan is its owner's (clb1 accepted the case): reminded to them, escalated to the
    # CLB's director with the escalation task (issue 20).
    assert round_plan["assignee"]["username"] == "clb1"
    assert [n["kind"] for n in notes(login, "clb1") if n["task_id"] == round_plan["id"]] == ["reminder"]
    escalated = walk.task("task_clb_round_plan_escalated", "clbdir1")
    assert [n["task_id"] for n in notes(login, "clbdir1", "escalation")] == [escalated["id"]]
    assert notes(login, "dir1", "escalation") == []  # the school's director hears nothing of it
