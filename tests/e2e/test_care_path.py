"""The issue's walk-through, through the API alone, with the demo users."""
import pytest

from tests.walk import CaseWalk, example


def test_phase_one_to_clb_referral_is_seen_by_the_clb_and_not_by_other_schools(login):
    walk = CaseWalk(login)
    assert walk.case["phase"] == "fase1" and walk.case["status"] == "open"
    assert walk.ready() == ["task_contact_parents"]
    walk.phase1("refer_to_clb")
    assert walk.case["phase"] == "fase2"

    clb_group = login("clb1").get("/api/tasks?scope=group").get_json()["items"]
    assert [(t["case_id"], t["bpmn_id"], t["lane"]) for t in clb_group] == [
        (walk.id, "task_clb_accept", "clb")]
    assert login("zorg2").get("/api/tasks?scope=all").get_json()["total"] == 0
    assert login("zorg2").get(f"/api/cases/{walk.id}").status_code == 404
    # The school no longer has an open task; it does not see the CLB's.
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["open_tasks"] == []

    walk.complete("task_clb_accept", "clb1", accepted=True)
    assert walk.ready() == ["task_clb_intake"]


@pytest.mark.parametrize("trajectory, task", [
    ("hgd", "task_hgd"), ("short_term", "task_short_term"), ("hub", "task_hub_referral"),
])
def test_each_trajectory_then_closing_with_follow_up(login, trajectory, task):
    walk = CaseWalk(login)
    walk.to_trajectory(trajectory)
    assert walk.ready() == [task]
    walk.complete(task, "clb1")
    walk.complete("task_clb_end", "clb1", outcome="closed_with_followup")
    assert walk.case["status"] == "closed" and walk.case["closed_at"]
    assert walk.case["open_tasks"] == []


def test_no_further_need_closes_the_case(login):
    walk = CaseWalk(login)
    walk.to_trajectory("no_further_need")
    assert walk.case["status"] == "closed"


@pytest.mark.parametrize("tracks, school_tasks, clb_tasks", [
    (["ocj"], [], ["task_m_document"]),
    (["police"], ["task_police_report"], []),
    (["agodi"], ["task_agodi_report"], []),
    (["ocj", "police", "agodi"], ["task_agodi_report", "task_police_report"], ["task_m_document"]),
])
def test_escalation_reaches_each_legal_track(login, tracks, school_tasks, clb_tasks):
    walk = CaseWalk(login)
    walk.to_trajectory("short_term")
    walk.complete("task_short_term", "clb1")
    walk.complete("task_clb_end", "clb1", outcome="escalate")
    assert walk.case["phase"] == "fase3"
    walk.complete("task_choose_tracks", "clb1", tracks=tracks)
    school_open = sorted(t["bpmn_id"] for t in walk.open_tasks("zorg1"))
    assert school_open == school_tasks  # police and AGODI are school-side
    assert sorted(t["bpmn_id"] for t in walk.open_tasks("clb1") if t["lane"] == "clb") == clb_tasks
    for bpmn_id in school_tasks:
        walk.complete(bpmn_id, "zorg1")
    if clb_tasks:
        walk.complete("task_m_document", "clb1")
        walk.complete("task_ocj_outcome", "clb1")
    assert [t["bpmn_id"] for t in walk.open_tasks("clb1")] == ["task_phase3_evaluation"]
    walk.complete("task_phase3_evaluation", "clb1")
    assert walk.case["status"] == "closed"


def test_the_event_log_tells_the_story_and_keeps_clb_detail_from_the_school(login):
    walk = CaseWalk(login)
    walk.phase1("refer_to_clb")
    walk.complete("task_clb_accept", "clb1", accepted=False, reason="Eerst huisbezoek door school")
    assert walk.case["phase"] == "fase1"
    assert walk.ready() == ["task_phase1_decision"]  # back with the school

    clb_story = [(e["kind"], e["what"], e["old_value"], e["new_value"]) for e in walk.events("clb1")]
    assert clb_story[0] == ("case_opened", "dossier", None, "spijbelen")
    assert ("phase_changed", "phase", "fase1", "fase2") in clb_story
    assert ("phase_changed", "phase", "fase2", "fase1") in clb_story
    assert ("task_completed", "Aanmelding beoordelen", None, "accepted=False") in clb_story

    school_events = walk.events("zorg1")
    kinds = [e["kind"] for e in school_events]
    assert "task_completed" in kinds
    assert all(e["what"] != "Aanmelding beoordelen" for e in school_events)
    returned = [e for e in school_events if e["kind"] == "phase_changed" and e["new_value"] == "fase1"]
    assert returned[0]["reason"] == "Eerst huisbezoek door school"
    assert returned[0]["actor"]["username"] == "clb1"
    assert walk.task("task_phase1_decision", "zorg1")["lane"] == "school"


def test_monitoring_sets_status_and_returns_to_the_decision(login):
    walk = CaseWalk(login)
    walk.phase1("monitor")
    assert walk.case["status"] == "monitoring"
    walk.complete("task_monitoring_review", "zorg1")
    assert walk.case["status"] == "open"
    assert walk.ready() == ["task_phase1_decision"]
    walk.complete("task_phase1_decision", "zorg1", decision="close")
    assert walk.case["status"] == "closed"


def test_school_refusal_takes_the_return_plan_and_police_needs_confirmation(login):
    walk = CaseWalk(login, absence_type="schoolweigering")
    walk.complete("task_contact_parents", "zorg1")
    assert walk.ready() == ["task_return_plan"]
    walk.complete("task_return_plan", "zorg1")
    walk.complete("task_phase1_decision", "zorg1", decision="refer_to_clb")
    walk.complete("task_clb_accept", "clb1", accepted=True)
    walk.complete("task_clb_intake", "clb1")
    walk.complete("task_clb_trajectory", "clb1", trajectory="hgd")
    walk.complete("task_hgd", "clb1")
    walk.complete("task_clb_end", "clb1", outcome="escalate")
    walk.complete("task_choose_tracks", "clb1", tracks=["police"])
    assert walk.ready() == ["task_confirm_police"]
    walk.complete("task_confirm_police", "clb1", confirm_police=False)
    assert walk.ready() == ["task_choose_tracks"]


def test_reclassifying_as_school_refusal_changes_the_route(login):
    walk = CaseWalk(login, absence_type="onbekend")
    walk.complete("task_contact_parents", "zorg1", absence_type="schoolweigering")
    assert walk.case["absence_type"] == "schoolweigering"
    assert walk.ready() == ["task_return_plan"]
    assert ("absence_type_changed", "onbekend", "schoolweigering") in [
        (e["kind"], e["old_value"], e["new_value"]) for e in walk.events("zorg1")]


def test_no_legal_escalation_once_the_pupil_is_past_compulsory_age(login):
    user = login("zorg1")
    adult = user.post("/api/pupils", json={
        "external_id": "L-1818", "first_name": "Sam", "last_name": "Meerderjarig",
        "birth_date": "2007-05-01"}).get_json()  # turned 18 in 2025
    pupils = user.get("/api/pupils?per_page=100").get_json()["items"]
    walk = CaseWalk(login, pupil=[p["id"] for p in pupils].index(adult["id"]))
    walk.to_trajectory("short_term")
    walk.complete("task_short_term", "clb1")
    task = walk.task("task_clb_end", "clb1")
    response = login("clb1").post(f"/api/tasks/{task['id']}/complete", json={
        "data": example("task_clb_end", outcome="escalate")})
    assert response.status_code == 422 and "outcome" in response.get_json()["errors"]
    walk.complete("task_clb_end", "clb1", outcome="closed_with_followup")
    assert walk.case["status"] == "closed"
