"""Issue 6, defect 6: after a school change each school reads only its own period.

The old school keeps read-only access to what happened while the pupil was
theirs; the new school sees the case from the move on, not the old school's
internal notes; the CLB serving both sees both."""

import pytest

from tests.walk import CaseWalk, example

NOTE = {"kind": "note", "occurred_at": "2026-11-24T08:30:00+01:00", "visibility": "shared"}


@pytest.fixture
def moved(login, demo):
    school1, school2 = demo["school_ids"][:2]  # one CLB serves both
    walk = CaseWalk(login)
    done_before = walk.task("task_action_plan", "zorg1")
    walk.complete("task_action_plan", "zorg1")
    zorg1, zorg2 = login("zorg1"), login("zorg2")
    assert (
        zorg1.post(
            f"/api/cases/{walk.id}/journal", json={**NOTE, "text": "Interne nota school 1"}
        ).status_code
        == 201
    )
    response = zorg1.post(
        f"/api/cases/{walk.id}/messages",
        json={"name": "school_change", "data": {"new_school_id": school2, "new_external_id": "S-9001"}},
    )
    assert response.status_code == 200, response.get_json()
    after = walk.task("task_action_plan", "zorg2")
    done_after = zorg2.post(f"/api/tasks/{after['id']}/complete", json={"data": example("task_action_plan")})
    assert done_after.status_code == 200, done_after.get_json()
    assert (
        zorg2.post(
            f"/api/cases/{walk.id}/journal",
            json={**NOTE, "occurred_at": "2026-11-24T09:00:00+01:00", "text": "Nota school 2"},
        ).status_code
        == 201
    )
    return walk, done_before["id"], after["id"]


def test_the_old_school_reads_its_own_period_only(login, moved):
    walk, before, after = moved
    zorg1 = login("zorg1")
    task = zorg1.get(f"/api/tasks/{before}")
    assert task.status_code == 200 and task.get_json()["can_act"] is False
    assert task.get_json()["data"] == example("task_action_plan")
    assert zorg1.get(f"/api/tasks/{after}").status_code == 404
    case = zorg1.get(f"/api/cases/{walk.id}").get_json()
    assert case["access"] == "former" and case["open_tasks"] == []
    assert case["pupil"]["external_id"] is None and case["pupil"]["class_name"] is None
    journal = [e["text"] for e in zorg1.get(f"/api/cases/{walk.id}/journal").get_json()["items"]]
    assert journal == ["Interne nota school 1"]
    kinds = [e["kind"] for e in zorg1.get(f"/api/cases/{walk.id}/events").get_json()["items"]]
    assert "school_changed" in kinds and "task_completed" in kinds
    assert kinds.count("task_completed") == 1  # not the new school's
    moved_at = kinds.index("school_changed")
    assert set(kinds[moved_at:]) <= {"school_changed", "task_cancelled", "process_cancelled"}
    done = zorg1.get("/api/tasks?status=completed&scope=all").get_json()["items"]
    assert [t["id"] for t in done] == [before]
    listed = zorg1.get("/api/cases").get_json()["items"]
    assert [(c["id"], c["access"]) for c in listed] == [(walk.id, "former")]


def test_the_old_school_cannot_change_the_case_any_more(login, moved, demo):
    walk, _, _ = moved
    zorg1 = login("zorg1")
    note = zorg1.post(f"/api/cases/{walk.id}/journal", json={**NOTE, "text": "Nog iets"})
    assert note.status_code == 403 and "enkel nog lezen" in note.get_json()["message"]
    again = zorg1.post(
        f"/api/cases/{walk.id}/messages",
        json={"name": "school_change", "data": {"new_school_id": demo["school_ids"][0]}},
    )
    assert again.get_json()["message"].startswith("De leerling is naar een andere school vertrokken")
    assert again.status_code == 403


def test_the_new_school_does_not_read_the_old_schools_notes_or_tasks(login, moved):
    walk, before, after = moved
    zorg2 = login("zorg2")
    assert zorg2.get(f"/api/tasks/{before}").status_code == 404
    assert zorg2.get(f"/api/tasks/{after}").status_code == 200
    journal = [e["text"] for e in zorg2.get(f"/api/cases/{walk.id}/journal").get_json()["items"]]
    assert journal == ["Nota school 2"]
    events = zorg2.get(f"/api/cases/{walk.id}/events").get_json()["items"]
    assert events[0]["kind"] == "school_changed"  # its story starts at the move
    assert "Interne nota school 1" not in str(events)
    case = zorg2.get(f"/api/cases/{walk.id}").get_json()
    assert case["access"] == "current" and case["pupil"]["external_id"] == "S-9001"


def test_the_clb_serving_both_schools_reads_both_periods(login, demo):
    walk = CaseWalk(login)
    before = walk.task("task_action_plan", "zorg1")["id"]
    walk.plan()
    walk.signal()  # from the signal on, the CLB sees the case
    login("zorg1").post(f"/api/cases/{walk.id}/journal", json={**NOTE, "text": "Interne nota school 1"})
    assert walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][1]).status_code == 200
    after = walk.task("task_action_plan", "zorg2")["id"]
    walk.complete("task_action_plan", "zorg2")
    login("zorg2").post(
        f"/api/cases/{walk.id}/journal",
        json={**NOTE, "occurred_at": "2026-11-24T09:00:00+01:00", "text": "Nota school 2"},
    )
    clb1 = login("clb1")
    assert clb1.get(f"/api/tasks/{before}").status_code == 200
    assert clb1.get(f"/api/tasks/{after}").status_code == 200
    journal = [e["text"] for e in clb1.get(f"/api/cases/{walk.id}/journal").get_json()["items"]]
    assert journal == ["Interne nota school 1", "Nota school 2"]
