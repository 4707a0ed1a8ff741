"""“Nu evalueren” through the API: `POST /api/cases/{id}/messages {name: "evaluate_now"}`
ends a wait for an evaluation date before the date; the timer it raced never fires.

The clock starts on Tuesday 24 November 2026; the walk's plan names 17 December."""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.tasks.sweep import run_due_timers
from tests.walk import CaseWalk

EVALUATE_NOW = "evaluate_now"
PLAN_DATE = datetime(2026, 12, 17, 15, tzinfo=UTC)  # the end of that school day


@pytest.fixture
def app(app):
    app.config["TOKEN_TTL_HOURS"] = 24 * 365  # the clock moves by months here
    return app


def _received(walk, username):
    return [
        (e["what"], e["reason"])
        for e in walk.events(username)
        if e["kind"] == "message_received" and e["what"] == EVALUATE_NOW
    ]


def _fired(walk, username):
    return [e["what"] for e in walk.events(username) if e["kind"] == "timer_fired"]


def _sweep(app, moment):
    with app.app_context():
        return run_due_timers(moment)


def _ok(response):
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_school_evaluates_its_plan_before_the_date_and_the_date_fires_nothing(app, login, clock):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    assert walk.case["next_timer_due_at"] == PLAN_DATE.isoformat()
    clock.advance(days=3)  # the plan clearly fails after three days
    case = _ok(walk.message("zorg1", EVALUATE_NOW, reason="Drie nieuwe B-codes, leerling onbereikbaar."))
    assert "task_phase1_evaluation" in [t["bpmn_id"] for t in case["open_tasks"]]
    assert case["next_timer_due_at"] != PLAN_DATE.isoformat()  # the plan's timer is gone with its wait
    assert _received(walk, "zorg1") == [(EVALUATE_NOW, "Drie nieuwe B-codes, leerling onbereikbaar.")]

    # The scheduler after the date, twice: the cancelled wait never fires, the task opens once.
    walk.pass_time(PLAN_DATE + timedelta(hours=1))
    _sweep(app, PLAN_DATE + timedelta(hours=1))
    assert "Tot de evaluatiedatum van het plan" not in _fired(walk, "zorg1")
    assert [t["bpmn_id"] for t in walk.open_tasks("zorg1")].count("task_phase1_evaluation") == 1
    again = walk.message("zorg1", EVALUATE_NOW)
    assert again.status_code == 409 and "wacht nu niet" in again.get_json()["message"]


def test_the_school_ends_monitoring_early_and_the_review_opens(login):
    walk = CaseWalk(login)
    walk.plan()
    walk.complete("task_phase1_evaluation", "zorg1", decision="monitor", monitoring_until="2027-01-29")
    case = _ok(walk.message("dir1", EVALUATE_NOW))  # the directie may too; the reason is optional
    assert "task_monitoring_review" in [t["bpmn_id"] for t in case["open_tasks"]]
    assert _received(walk, "zorg1") == [(EVALUATE_NOW, None)]


@pytest.mark.parametrize("user", ["secr1", "leraar1"])
def test_school_staff_who_do_not_evaluate_are_refused(login, user):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    refused = walk.message(user, EVALUATE_NOW)
    assert refused.status_code == 403
    assert refused.get_json()["message"] == (
        "Deze evaluatie vervroegt de zorgcoördinator of de directie van de school."
    )


def test_the_clb_cannot_end_a_school_wait(login):
    walk = CaseWalk(login)
    walk.plan()
    walk.signal()  # the CLB sees the case from here on
    walk.complete("task_phase1_evaluation", "zorg1", decision="monitor", monitoring_until="2027-01-29")
    refused = walk.message("clb1", EVALUATE_NOW)
    assert refused.status_code == 403 and "zorgcoördinator" in refused.get_json()["message"]
    assert "task_monitoring_review" not in walk.open_ids("zorg1")


def test_a_case_that_waits_for_no_date_answers_409_and_other_schools_404(login):
    walk = CaseWalk(login)  # the plan is still to be made
    refused = walk.message("zorg1", EVALUATE_NOW)
    assert refused.status_code == 409
    assert refused.get_json()["errors"] == {
        "name": ["Nu evalueren kan enkel terwijl het dossier wacht op een evaluatiedatum."]
    }
    assert walk.message("zorg2", EVALUATE_NOW).status_code == 404


def test_unknown_fields_and_a_long_reason_are_refused_by_name(login):
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    refused = walk.message("zorg1", EVALUATE_NOW, reason="x" * 2001, when="nu")
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"reason", "when"}


def test_the_clb_evaluates_its_round_early_and_the_school_cannot(app, login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1")  # evaluation date 29 January
    walk.complete("task_short_term", "clb1")
    due = datetime.fromisoformat(walk.case["next_timer_due_at"])
    refused = walk.message("zorg1", EVALUATE_NOW)
    assert refused.status_code == 403 and "CLB-medewerker" in refused.get_json()["message"]
    assert walk.message("clbarts1", EVALUATE_NOW).status_code == 403  # the CLB doctor does not evaluate
    case = _ok(walk.message("clb1", EVALUATE_NOW, reason="Leerling komt niet meer."))
    assert "task_round_evaluation" in [t["bpmn_id"] for t in case["open_tasks"]]
    # The CLB's early evaluation stays with the CLB (the lane's events).
    assert _received(walk, "clb1") == [(EVALUATE_NOW, "Leerling komt niet meer.")]
    assert _received(walk, "zorg1") == []
    walk.pass_time(due + timedelta(days=1))
    assert "Tot de evaluatiedatum van de ronde" not in _fired(walk, "clb1")
    assert walk.open_ids("clb1", "clb").count("task_round_evaluation") == 1


def test_phase_three_and_its_next_evaluation_can_both_come_early(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3()
    walk.complete("task_phase3_plan", "clb1")  # a tailored offer until 15 March
    walk.complete("task_tailored_offer", "clb1")  # only the evaluation date is left
    assert walk.open_ids("clb1", "clb") == []
    case = _ok(walk.message("clb1", EVALUATE_NOW))
    assert "task_phase3_evaluation" in [t["bpmn_id"] for t in case["open_tasks"]]
    walk.complete(
        "task_phase3_evaluation",
        "clb1",
        decision="continue",
        next_evaluation_date="2027-06-15",
        followup_agreements=None,
        closing_summary=None,
    )
    assert walk.open_ids("clb1", "clb") == []
    case = _ok(walk.message("clbdir1", EVALUATE_NOW, reason="Nieuwe B-codes."))
    assert "task_phase3_evaluation" in [t["bpmn_id"] for t in case["open_tasks"]]
    assert [r for _, r in _received(walk, "clb1")] == [None, "Nieuwe B-codes."]


def test_a_case_on_the_version_before_keeps_waiting_for_its_date(app, login, tmp_path):
    """Deployed before "Nu evalueren", a case waits on that version's plain timer."""
    real_dir = app.config["WORKFLOWS_DIR"]
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(real_dir, workflows_dir)
    shutil.copy(
        Path(__file__).resolve().parents[1] / "data" / "zorgpad_case_before_evaluate_now.bpmn",
        workflows_dir / "zorgpad_case.bpmn",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    old = CaseWalk(login)
    old.complete("task_action_plan", "zorg1")
    app.config["WORKFLOWS_DIR"] = real_dir
    result = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert "1 running instance(s) stay on zorgpad_case" in result
    assert old.message("zorg1", EVALUATE_NOW).status_code == 409
    new = CaseWalk(login, pupil=1)
    new.complete("task_action_plan", "zorg1")
    assert new.case["workflow_version"] > old.case["workflow_version"]
    _ok(new.message("zorg1", EVALUATE_NOW))
    old.until_open("task_phase1_evaluation", "zorg1")  # on its date, as before
