"""Cases: scope, listing, journal visibility, school change, spec versioning."""
import shutil
from datetime import timedelta

from app.extensions import db
from app.models import Case
from tests.walk import CaseWalk


def test_one_open_case_per_pupil(login):
    walk = CaseWalk(login)
    response = login("zorg1").post("/api/cases", json={"pupil_id": walk.case["pupil_id"]})
    assert response.status_code == 409
    assert "pupil_id" in response.get_json()["errors"]


def test_opening_a_case_needs_the_right_role_and_scope(login):
    pupils = login("zorg2").get("/api/pupils").get_json()["items"]
    assert login("zorg1").post("/api/cases", json={"pupil_id": pupils[0]["id"]}).status_code == 422
    assert login("clb1").post("/api/cases", json={"pupil_id": pupils[0]["id"]}).status_code == 403
    bad = login("zorg2").post("/api/cases", json={"pupil_id": pupils[0]["id"], "absence_type": "ziekte"})
    assert bad.status_code == 422 and "absence_type" in bad.get_json()["errors"]


def test_case_detail_and_list_with_filters(login, demo):
    first = CaseWalk(login)
    second = CaseWalk(login, opener="zorg2")
    first.phase1("refer_to_clb")
    detail = login("zorg1").get(f"/api/cases/{first.id}").get_json()
    assert detail["pupil"]["id"] == detail["pupil_id"]
    assert {"id", "school_id", "status", "phase", "absence_type", "open_tasks"} <= set(detail)
    assert detail["opened_at"].endswith("+00:00")

    clb = login("clb1")
    assert clb.get("/api/cases").get_json()["total"] == 2
    fase2 = clb.get("/api/cases?phase=fase2").get_json()
    assert [c["id"] for c in fase2["items"]] == [first.id]
    assert fase2["items"][0]["open_task_count"] == 1
    by_school = clb.get(f"/api/cases?school_id={demo['school_ids'][1]}").get_json()["items"]
    assert [c["id"] for c in by_school] == [second.id]
    assert login("zorg1").get("/api/cases").get_json()["total"] == 1
    assert login("zorg1").get(f"/api/cases/{second.id}").status_code == 404
    assert login("zorg1").get(f"/api/cases/{second.id}/events").status_code == 404
    bad = clb.get("/api/cases?status=lost&per_page=1000")
    assert bad.status_code == 422 and {"status", "per_page"} <= set(bad.get_json()["errors"])


def test_journal_keeps_clb_notes_from_the_school(login, clock):
    walk = CaseWalk(login)
    when = (clock.now() - timedelta(hours=2)).isoformat()
    zorg1, clb1 = login("zorg1"), login("clb1")
    shared = zorg1.post(f"/api/cases/{walk.id}/journal", json={
        "kind": "contact_attempt", "channel": "phone", "occurred_at": when,
        "text": "Moeder niet bereikt", "outcome": "geen antwoord"})
    assert shared.status_code == 201, shared.get_json()
    secret = clb1.post(f"/api/cases/{walk.id}/journal", json={
        "kind": "note", "occurred_at": when, "text": "Vermoeden van problemen thuis",
        "visibility": "clb"})
    assert secret.status_code == 201
    assert [e["text"] for e in zorg1.get(f"/api/cases/{walk.id}/journal").get_json()["items"]] == [
        "Moeder niet bereikt"]
    clb_journal = clb1.get(f"/api/cases/{walk.id}/journal?per_page=1").get_json()
    assert clb_journal["total"] == 2 and len(clb_journal["items"]) == 1
    assert [e["kind"] for e in walk.events("zorg1")].count("journal_added") == 1
    refused = zorg1.post(f"/api/cases/{walk.id}/journal", json={
        "kind": "note", "occurred_at": when, "text": "x", "visibility": "clb"})
    assert refused.status_code == 403


def test_journal_validation(login, clock):
    walk = CaseWalk(login)
    response = login("zorg1").post(f"/api/cases/{walk.id}/journal", json={
        "kind": "contact", "occurred_at": (clock.now() + timedelta(days=1)).isoformat(), "text": "x"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"channel", "occurred_at"}
    naive = login("zorg1").post(f"/api/cases/{walk.id}/journal", json={
        "kind": "note", "occurred_at": "2026-11-20T10:00:00", "text": "x"})
    assert naive.status_code == 422 and "occurred_at" in naive.get_json()["errors"]


def test_school_change_hands_over_and_moves_the_case(login, demo):
    school1, school2 = demo["school_ids"]
    walk = CaseWalk(login)
    walk.complete("task_contact_parents", "zorg1")
    response = login("zorg1").post(f"/api/cases/{walk.id}/messages", json={
        "name": "school_change", "data": {"new_school_id": school2, "b_count": 6}})
    assert response.status_code == 200, response.get_json()
    # The sender is the old school: from now on it reads the case as it was at the move.
    assert response.get_json()["access"] == "former" and response.get_json()["school_id"] == school1
    moved = login("zorg2").get(f"/api/cases/{walk.id}").get_json()
    assert moved["access"] == "current" and moved["school_id"] == school2
    assert [t["bpmn_id"] for t in moved["open_tasks"]] == ["task_action_plan"]
    assert moved["pupil"]["school_id"] == school2
    handover = walk.task("task_warm_handover", "clb1")
    # The sending CLB does the handover: the task belongs to the old school's period.
    assert handover["lane"] == "clb" and handover["school_id"] == school1
    kinds = [(e["kind"], e["old_value"], e["new_value"]) for e in walk.events("zorg2")]
    assert ("school_changed", str(school1), str(school2)) in kinds
    walk.complete("task_warm_handover", "clb1")


def test_bad_messages_are_refused(login, demo):
    walk = CaseWalk(login)
    user = login("zorg1")
    unknown = user.post(f"/api/cases/{walk.id}/messages", json={"name": "expel", "data": {}})
    assert unknown.status_code == 422 and "name" in unknown.get_json()["errors"]
    bad = user.post(f"/api/cases/{walk.id}/messages", json={
        "name": "school_change", "data": {"new_school_id": 9999, "b_count": -1}})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"new_school_id", "b_count"}
    assert login("secr1").post(f"/api/cases/{walk.id}/messages", json={
        "name": "school_change", "data": {"new_school_id": demo["school_ids"][1]}}).status_code == 403
    walk.phase1("close")
    closed = user.post(f"/api/cases/{walk.id}/messages", json={
        "name": "school_change", "data": {"new_school_id": demo["school_ids"][1]}})
    assert closed.status_code == 409


def test_a_changed_bpmn_becomes_a_new_version_and_running_cases_keep_theirs(app, login, tmp_path):
    old_case = CaseWalk(login)
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    bpmn = workflows_dir / "zorgpad_case.bpmn"
    bpmn.write_text(bpmn.read_text(encoding="utf-8").replace(
        'name="Spijbelactieplan opstellen"', 'name="Spijbelactieplan opmaken (v2)"'), encoding="utf-8")
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert "deployed zorgpad_case v2" in result.output
    versions = login("admin").get("/api/workflows").get_json()["items"]
    assert [(w["key"], w["version"]) for w in versions] == [("zorgpad_case", 1), ("zorgpad_case", 2)]
    assert app.test_cli_runner().invoke(args=["deploy-workflows"]).output.strip() == "workflows up to date"

    new_case = CaseWalk(login, pupil=1)
    assert new_case.case["workflow_version"] == 2 and old_case.case["workflow_version"] == 1
    old_case.complete("task_contact_parents", "zorg1")
    new_case.complete("task_contact_parents", "zorg1")
    assert old_case.case["open_tasks"][0]["title"] == "Spijbelactieplan opstellen"
    assert new_case.case["open_tasks"][0]["title"] == "Spijbelactieplan opmaken (v2)"
    with app.app_context():
        assert db.session.get(Case, old_case.id).workflow_version == 1


def test_an_invalid_bpmn_stops_the_whole_deployment(app, login, tmp_path):
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    changed = workflows_dir / "zorgpad_case.bpmn"  # a valid change next to a broken file
    changed.write_text(changed.read_text(encoding="utf-8").replace("Traject kiezen", "Traject!"),
                       encoding="utf-8")
    (workflows_dir / "broken.bpmn").write_text(
        '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="broken" isExecutable="true"><bpmn:userTask id="t" name="x"><oops/>'
        '</bpmn:userTask></bpmn:process></bpmn:definitions>', encoding="utf-8")
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert result.exit_code == 1 and "not deployed: broken.bpmn" in result.output
    assert [w["key"] for w in login("admin").get("/api/workflows").get_json()["items"]] == ["zorgpad_case"]


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


def test_a_user_task_without_a_form_is_not_deployed(app, login, tmp_path):
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    bpmn = workflows_dir / "zorgpad_case.bpmn"
    bpmn.write_text(bpmn.read_text(encoding="utf-8").replace(
        'id="task_hgd"', 'id="task_hgd_v2"').replace(
        'bpmnElement="task_hgd"', 'bpmnElement="task_hgd_v2"').replace(
        ">task_hgd<", ">task_hgd_v2<").replace('"task_hgd"', '"task_hgd_v2"'), encoding="utf-8")
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert result.exit_code == 1, result.output
    assert "user task task_hgd_v2: no form schema" in result.output
    assert login("admin").get("/api/workflows").get_json()["total"] == 1
