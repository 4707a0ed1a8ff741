"""Cases: scope, listing, journal visibility, school change, messages."""

from datetime import timedelta

from tests.walk import CaseWalk


def test_one_open_case_per_pupil(login):
    walk = CaseWalk(login)
    response = login("zorg1").post(
        "/api/cases", json={"pupil_id": walk.case["pupil_id"], "reason": "Knipperlicht"}
    )
    assert response.status_code == 409
    assert "pupil_id" in response.get_json()["errors"]


def test_opening_a_case_needs_the_right_role_and_scope(login):
    pupils = login("zorg2").get("/api/pupils").get_json()["items"]
    assert (
        login("zorg1")
        .post("/api/cases", json={"pupil_id": pupils[0]["id"], "reason": "Knipperlicht"})
        .status_code
        == 422
    )
    assert (
        login("clb1")
        .post("/api/cases", json={"pupil_id": pupils[0]["id"], "reason": "Knipperlicht"})
        .status_code
        == 403
    )
    bad = login("zorg2").post(
        "/api/cases", json={"pupil_id": pupils[0]["id"], "absence_type": "ziekte", "reason": "Knipperlicht"}
    )
    assert bad.status_code == 422 and "absence_type" in bad.get_json()["errors"]


def test_case_detail_and_list_with_filters(login, demo):
    first = CaseWalk(login)
    second = CaseWalk(login, opener="zorg2")
    first.plan()
    first.refer()
    detail = login("zorg1").get(f"/api/cases/{first.id}").get_json()
    assert detail["pupil"]["id"] == detail["pupil_id"]
    assert {
        "id",
        "school_id",
        "status",
        "phase",
        "absence_type",
        "open_tasks",
        "clb_since",
        "school_year_b_count",
        "followup_agreements",
        "legal_tracks_available",
    } <= set(detail)
    assert detail["opened_at"].endswith("+00:00")

    clb = login("clb1")
    # The CLB sees the referred case, not the one its school has not signalled yet.
    assert [c["id"] for c in clb.get("/api/cases").get_json()["items"]] == [first.id]
    fase2 = clb.get("/api/cases?phase=fase2").get_json()
    assert [c["id"] for c in fase2["items"]] == [first.id]
    # The CLB's acceptance and the absence follow-up (escalated by now: weeks passed since the absence).
    assert fase2["items"][0]["open_task_count"] == 5
    assert clb.get(f"/api/cases/{second.id}").status_code == 404
    by_school = login("zorg2").get(f"/api/cases?school_id={demo['school_ids'][1]}").get_json()["items"]
    assert [c["id"] for c in by_school] == [second.id]
    assert login("zorg1").get("/api/cases").get_json()["total"] == 1
    assert login("zorg1").get(f"/api/cases/{second.id}").status_code == 404
    assert login("zorg1").get(f"/api/cases/{second.id}/events").status_code == 404
    bad = clb.get("/api/cases?status=lost&per_page=1000")
    assert bad.status_code == 422 and {"status", "per_page"} <= set(bad.get_json()["errors"])


def test_the_clb_changes_the_absence_type_at_any_phase_and_the_path_follows(login):
    walk = CaseWalk(login, absence_type="spijbelen")
    walk.plan()
    change = {"absence_type": "schoolweigering", "reason": "Angst, geen spijbelen"}
    assert login("clb1").patch(f"/api/cases/{walk.id}", json=change).status_code == 404  # not signalled
    walk.signal()
    assert login("zorg1").patch(f"/api/cases/{walk.id}", json=change).status_code == 403
    same = login("clb1").patch(f"/api/cases/{walk.id}", json={"absence_type": "spijbelen"})
    assert same.status_code == 422 and "absence_type" in same.get_json()["errors"]
    changed = login("clb1").patch(f"/api/cases/{walk.id}", json=change)
    assert changed.status_code == 200 and changed.get_json()["absence_type"] == "schoolweigering"
    logged = [e for e in walk.events("zorg1") if e["kind"] == "absence_type_changed"]
    assert [(e["old_value"], e["new_value"], e["reason"], e["actor"]["username"]) for e in logged] == [
        ("spijbelen", "schoolweigering", "Angst, geen spijbelen", "clb1")
    ]
    walk.complete("task_phase1_evaluation", "zorg1", decision="new_plan", monitoring_until=None)
    # (the absence follow-up lay still while the plan ran: escalated to the directie)
    assert walk.open_ids("zorg1") == [
        "task_absence_contact_parents",
        "task_absence_contact_parents_escalated",
        "task_absence_pupil_talk",
        "task_absence_pupil_talk_escalated",
        "task_return_plan",
    ]


def test_a_doubtful_certificate_goes_to_the_clb_doctor_and_the_school_hears_only_the_outcome(login):
    walk = CaseWalk(login)
    walk.complete(
        "task_absence_contact_parents",
        "secr1",
        medical_certificate="doubtful",
        certificate_question="Attest van een arts uit het buitenland?",
        certificate_still_doubtful=True,
    )
    assert walk.case["clb_since"] is not None  # the school brought it to the CLB
    doctor = walk.task("task_absence_clb_doctor", "clbarts1")
    denied = login("clb1").post(
        f"/api/tasks/{doctor['id']}/complete",
        json={"data": {"contact_date": "2026-11-26", "certificate_outcome": "upheld"}},
    )
    assert denied.status_code == 403 and "CLB-arts" in denied.get_json()["message"]
    walk.complete(
        "task_absence_clb_doctor",
        "clbarts1",
        certificate_outcome="not_upheld",
        medical_notes="Geen medische reden gevonden.",
    )
    school_story = walk.events("zorg1")
    assert ("notice", "certificate_not_upheld") in [(e["kind"], e["what"]) for e in school_story]
    assert not any("Geen medische reden" in f"{e['reason']} {e['new_value']}" for e in school_story)
    assert all(e["what"] != "CLB-arts contacteert de behandelende arts" for e in school_story)


def test_the_school_names_who_contacts_the_parents_and_who_talks_with_the_pupil(login, demo):
    school1 = demo["school_ids"][0]
    walk = CaseWalk(login)
    assert walk.detail("task_absence_pupil_talk", "leraar1")["can_act"] is True
    refused = login("zorg1").patch(f"/api/schools/{school1}", json={"pupil_talk_role": "clb_medewerker"})
    assert refused.status_code == 422 and "pupil_talk_role" in refused.get_json()["errors"]
    assert (
        login("secr1").patch(f"/api/schools/{school1}", json={"pupil_talk_role": "secretariaat"}).status_code
        == 403
    )
    changed = login("zorg1").patch(f"/api/schools/{school1}", json={"pupil_talk_role": "secretariaat"})
    assert changed.status_code == 200 and changed.get_json()["pupil_talk_role"] == "secretariaat"
    # Open tasks follow the agreement at once; the zorgcoördinator may always step in.
    assert walk.detail("task_absence_pupil_talk", "leraar1")["can_act"] is False
    assert walk.detail("task_absence_pupil_talk", "secr1")["can_act"] is True
    assert walk.detail("task_absence_pupil_talk", "zorg1")["can_act"] is True
    assert login("zorg2").get(f"/api/schools/{school1}").status_code == 404


def test_journal_keeps_clb_notes_from_the_school(login, clock):
    walk = CaseWalk(login)
    walk.plan()
    walk.signal()
    when = (clock.now() - timedelta(hours=2)).isoformat()
    zorg1, clb1 = login("zorg1"), login("clb1")
    shared = zorg1.post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": "contact_attempt",
            "channel": "phone",
            "occurred_at": when,
            "text": "Moeder niet bereikt",
            "outcome": "geen antwoord",
        },
    )
    assert shared.status_code == 201, shared.get_json()
    secret = clb1.post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": "note",
            "occurred_at": when,
            "text": "Vermoeden van problemen thuis",
            "visibility": "clb",
        },
    )
    assert secret.status_code == 201
    assert [e["text"] for e in zorg1.get(f"/api/cases/{walk.id}/journal").get_json()["items"]] == [
        "Moeder niet bereikt"
    ]
    clb_journal = clb1.get(f"/api/cases/{walk.id}/journal?per_page=1").get_json()
    assert clb_journal["total"] == 2 and len(clb_journal["items"]) == 1
    assert [e["kind"] for e in walk.events("zorg1")].count("journal_added") == 1
    refused = zorg1.post(
        f"/api/cases/{walk.id}/journal",
        json={"kind": "note", "occurred_at": when, "text": "x", "visibility": "clb"},
    )
    assert refused.status_code == 403


def test_journal_validation(login, clock):
    walk = CaseWalk(login)
    response = login("zorg1").post(
        f"/api/cases/{walk.id}/journal",
        json={"kind": "contact", "occurred_at": (clock.now() + timedelta(days=1)).isoformat(), "text": "x"},
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"channel", "occurred_at"}
    naive = login("zorg1").post(
        f"/api/cases/{walk.id}/journal",
        json={"kind": "note", "occurred_at": "2026-11-20T10:00:00", "text": "x"},
    )
    assert naive.status_code == 422 and "occurred_at" in naive.get_json()["errors"]


def test_a_school_change_before_any_clb_involvement_starts_phase_one_at_the_new_school(login, demo):
    school1, school2, _ = demo["school_ids"]
    walk = CaseWalk(login, b_count=4)
    response = walk.message("zorg1", "school_change", new_school_id=school2)
    assert response.status_code == 200, response.get_json()
    # The sender is the old school: from now on it reads the case as it was at the move.
    assert response.get_json()["access"] == "former" and response.get_json()["school_id"] == school1
    moved = login("zorg2").get(f"/api/cases/{walk.id}").get_json()
    assert moved["access"] == "current" and moved["school_id"] == school2 and moved["phase"] == "fase1"
    assert moved["pupil"]["school_id"] == school2 and moved["school_year_b_count"] == 4  # it moves along
    # The old school's tasks are cancelled; the new school starts its own plan. No CLB saw the case:
    # no handover.
    assert [t["bpmn_id"] for t in moved["open_tasks"]] == ["task_action_plan"]
    assert login("clb1").get(f"/api/cases/{walk.id}").status_code == 404
    kinds = [(e["kind"], e["old_value"], e["new_value"]) for e in walk.events("zorg2")]
    assert ("school_changed", str(school1), str(school2)) in kinds
    assert all(k != "task_cancelled" for k, _, _ in kinds)  # the old school's story stays with it
    old = [(e["kind"], e["what"]) for e in walk.events("zorg1")]
    assert ("task_cancelled", "Ouders contacteren bij afwezigheid · vanaf ma 23 nov") in old
    assert ("process_cancelled", "absence_followup") in old


def test_bad_messages_are_refused(login, demo):
    walk = CaseWalk(login)
    user = login("zorg1")
    unknown = user.post(f"/api/cases/{walk.id}/messages", json={"name": "expel", "data": {}})
    assert unknown.status_code == 422 and "name" in unknown.get_json()["errors"]
    bad = user.post(
        f"/api/cases/{walk.id}/messages",
        json={"name": "school_change", "data": {"new_school_id": 9999, "b_count": -1}},
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"new_school_id", "b_count"}
    bad = walk.message("zorg1", "new_absences", b_count="veel", first_absence_on="2030-01-01", colour=1)
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"b_count", "first_absence_on", "colour"}
    assert (
        login("secr1")
        .post(
            f"/api/cases/{walk.id}/messages",
            json={"name": "school_change", "data": {"new_school_id": demo["school_ids"][1]}},
        )
        .status_code
        == 403
    )
    assert walk.message("clb1", "new_absences").status_code == 404  # the CLB does not see it yet
    walk.plan()
    walk.complete("task_phase1_evaluation", "zorg1", decision="close", monitoring_until=None)
    closed = user.post(
        f"/api/cases/{walk.id}/messages",
        json={"name": "school_change", "data": {"new_school_id": demo["school_ids"][1]}},
    )
    assert closed.status_code == 409
    # Closed in phase 1 (not with follow-up agreements): new absences need a new case.
    assert walk.message("zorg1", "new_absences").status_code == 409
    assert walk.message("zorg1", "police_track").status_code == 409


def test_new_absences_on_an_open_case_start_another_episode(login):
    walk = CaseWalk(login)
    walk.episode()
    assert walk.open_ids("zorg1") == ["task_action_plan"]
    started = walk.message("secr1", "new_absences", b_count=5, first_absence_on="2026-11-23")
    assert started.status_code == 200 and started.get_json()["school_year_b_count"] == 5
    assert walk.open_ids("zorg1") == [
        "task_absence_contact_parents",
        "task_absence_pupil_talk",
        "task_action_plan",
    ]
    assert [e["what"] for e in walk.events("zorg1") if e["kind"] == "process_started"] == [
        "absence_followup",
        "absence_followup",
    ]


def test_openapi_and_docs_are_served(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/tasks/{task_id}/complete" in spec["paths"]
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/api/auth/login"]["post"]["security"] == []
    error_fields = set(spec["components"]["schemas"]["Error"]["properties"])
    assert error_fields == {"code", "message", "errors", "request_id"}
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/health").get_json()["status"] == "ok"


def test_a_secondary_education_diploma_ends_compulsory_education(login):
    walk = CaseWalk(login)
    assert walk.case["legal_tracks_available"] is True
    pupil = walk.case["pupil_id"]
    future = login("zorg1").patch(f"/api/pupils/{pupil}", json={"diploma_on": "2030-06-30"})
    assert future.status_code == 422 and "diploma_on" in future.get_json()["errors"]
    assert login("zorg1").patch(f"/api/pupils/{pupil}", json={"diploma_on": "2026-06-28"}).status_code == 200
    case = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    assert case["compulsory_education_until"] == "2026-06-27" and case["legal_tracks_available"] is False
    refused = walk.message("zorg1", "police_track")
    assert refused.status_code == 422 and "name" in refused.get_json()["errors"]
