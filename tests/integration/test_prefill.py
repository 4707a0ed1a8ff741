"""What a form starts from: what the case already knows, as the actor may read it."""

from tests.walk import CaseWalk


def test_the_m_document_starts_from_the_consult_the_steps_and_the_action_plan(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3()
    walk.complete("task_phase3_plan", "clb1", offers=[], tracks=["ocj_consult"])
    walk.complete("task_ocj_consult", "clb1", consult_outcome="m_document")
    prefill = walk.detail("task_m_document", "clb1")["prefill"]
    assert prefill["anonymous_consult_done"] is True and prefill["anonymous_consult_date"] == "2026-11-20"
    assert prefill["attach_action_plan"] is True  # phase 1 made a plan: the optional annex
    assert "School — Begeleidingsplan opstellen" in prefill["steps_taken"]
    assert "CLB — Anoniem consult OCJ" in prefill["steps_taken"]


def test_the_schools_agodi_chronology_holds_only_what_the_school_may_read(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3()
    # The CLB's own note, under professional secrecy, must not reach the school's chronology.
    secret = login("clb1").post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": "note",
            "occurred_at": "2026-11-24T08:00:00+00:00",
            "text": "Vermoeden van problemen thuis",
            "visibility": "clb",
        },
    )
    assert secret.status_code == 201
    walk.complete("task_phase3_plan", "clb1", offers=[], tracks=["agodi"], agodi_filed_by="school")
    school = walk.detail("task_agodi_report", "zorg1")["prefill"]
    assert school["reported_by"] == "school"
    assert "School — Begeleidingsplan opstellen" in school["chronology"]
    assert "Kortdurende begeleiding" not in school["chronology"]
    assert "Vermoeden" not in school["chronology"]
    assert walk.detail("task_agodi_report", "clb1")["prefill"]["chronology"].count("Vermoeden") == 1
