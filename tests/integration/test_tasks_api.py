"""Acting on tasks: forms (422), rights (403), stale or lost races (409), claims."""
import threading

from app import engine
from app.extensions import db
from app.models import Case, CaseTask
from tests.walk import CaseWalk, example


def test_task_detail_carries_its_form(login):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    detail = login("zorg1").get(f"/api/tasks/{task['id']}").get_json()
    assert detail["form"]["schema"]["title"] == "Ouders contacteren en gesprek met leerling"
    assert "ui:order" in detail["form"]["ui_schema"]
    assert detail["can_act"] is True and detail["lane"] == "school"
    assert detail["due_at"].endswith("+00:00")


def test_invalid_form_data_is_422_with_field_errors_and_changes_nothing(app, login):
    walk = CaseWalk(login)
    walk.complete("task_contact_parents", "zorg1")
    walk.complete("task_action_plan", "zorg1")
    task = walk.task("task_phase1_decision", "zorg1")
    with app.app_context():
        version_before = db.session.get(Case, walk.id).version
    response = login("zorg1").post(f"/api/tasks/{task['id']}/complete", json={"data": {
        "decision": "refer_to_clb", "motivation": "x", "colour": "blue"}})
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "validation_failed"
    assert body["errors"] == {"help_question": ["Dit veld is verplicht."], "colour": ["Onbekend veld."]}
    with app.app_context():
        assert db.session.get(Case, walk.id).version == version_before
        assert db.session.get(CaseTask, task["id"]).status == "open"


def test_missing_data_envelope_is_422(login):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    response = login("zorg1").post(f"/api/tasks/{task['id']}/complete", json={"decision": "x"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"data", "decision"}


def test_completing_twice_is_409(login):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    user = login("zorg1")
    body = {"data": example("task_contact_parents")}
    assert user.post(f"/api/tasks/{task['id']}/complete", json=body).status_code == 200
    second = user.post(f"/api/tasks/{task['id']}/complete", json=body)
    assert second.status_code == 409
    assert second.get_json()["code"] == "conflict"


def test_who_may_act(login):
    walk = CaseWalk(login)
    contact = walk.task("task_contact_parents", "zorg1")
    # The secretariat may contact parents (the form widens the school lane) ...
    assert login("secr1").get(f"/api/tasks/{contact['id']}").get_json()["can_act"] is True
    walk.complete("task_contact_parents", "secr1")
    walk.complete("task_action_plan", "zorg1")
    decision = walk.task("task_phase1_decision", "zorg1")
    # ... but not decide on a referral.
    response = login("secr1").post(f"/api/tasks/{decision['id']}/complete",
                                   json={"data": example("task_phase1_decision")})
    assert response.status_code == 403
    # The CLB sees the school's task but may not do it.
    response = login("clb1").post(f"/api/tasks/{decision['id']}/complete",
                                  json={"data": example("task_phase1_decision")})
    assert response.status_code == 403
    # Another school does not even see it.
    response = login("zorg2").post(f"/api/tasks/{decision['id']}/complete",
                                   json={"data": example("task_phase1_decision")})
    assert response.status_code == 404
    walk.complete("task_phase1_decision", "dir1", decision="refer_to_clb")
    accept = walk.task("task_clb_accept", "clb1")
    # School users do not see CLB-lane tasks at all.
    assert login("zorg1").get(f"/api/tasks/{accept['id']}").status_code == 404


def test_claim_unclaim_assign(login):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    zorg1, dir1 = login("zorg1"), login("dir1")
    claimed = zorg1.post(f"/api/tasks/{task['id']}/claim").get_json()
    assert claimed["assignee"]["username"] == "zorg1"
    assert [t["id"] for t in zorg1.get("/api/tasks?scope=mine").get_json()["items"]] == [task["id"]]
    assert dir1.post(f"/api/tasks/{task['id']}/claim").status_code == 409
    blocked = dir1.post(f"/api/tasks/{task['id']}/complete", json={"data": example("task_contact_parents")})
    assert blocked.status_code == 403
    assert zorg1.post(f"/api/tasks/{task['id']}/unclaim").get_json()["assignee"] is None

    secr = login("secr1").get("/api/me").get_json()
    assigned = zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": secr["id"]})
    assert assigned.status_code == 200 and assigned.get_json()["assignee"]["username"] == "secr1"
    clb = login("clb1").get("/api/me").get_json()
    refused = zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": clb["id"]})
    assert refused.status_code == 422 and "user_id" in refused.get_json()["errors"]
    kinds = [e["kind"] for e in walk.events("zorg1")]
    assert kinds.count("task_claimed") == 1 and kinds.count("task_unclaimed") == 1
    assert kinds.count("task_assigned") == 1


def test_every_assignment_event_shows_the_true_before_and_after(login):
    """Issue 6.1: the old value was read after the UPDATE (claim logged '1' -> '1')."""
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    ids = {name: login(name).get("/api/me").get_json()["id"] for name in ("zorg1", "dir1", "secr1")}
    zorg1, dir1 = login("zorg1"), login("dir1")
    assert zorg1.post(f"/api/tasks/{task['id']}/claim").status_code == 200             # None -> zorg1
    assert zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": ids["dir1"]}).status_code == 200
    assert dir1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200             # dir1 -> None
    assert dir1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": ids["secr1"]}).status_code == 200
    assert dir1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200             # director frees it
    assert zorg1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200            # nobody: no event
    events = [(e["kind"], e["old_value"], e["new_value"], e["actor"]["username"])
              for e in walk.events("zorg1") if e["kind"].startswith("task_") and e["kind"] != "task_created"]
    z, d, s = (str(ids[n]) for n in ("zorg1", "dir1", "secr1"))
    assert events == [
        ("task_claimed", None, z, "zorg1"),
        ("task_assigned", z, d, "zorg1"),
        ("task_unclaimed", d, None, "dir1"),
        ("task_assigned", None, s, "dir1"),
        ("task_unclaimed", s, None, "dir1"),
    ]


def test_overdue_filter_follows_the_clock(app, login, clock):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    assert login("zorg1").get("/api/tasks?overdue=true").get_json()["total"] == 0
    clock.advance(days=2)  # due at the end of the next school day
    app.config["TOKEN_TTL_HOURS"] = 72
    token = app.test_client().post("/api/auth/login", json={"username": "zorg1", "password": "demo"})
    overdue = app.test_client().get("/api/tasks?overdue=true", headers={
        "Authorization": f"Bearer {token.get_json()['token']}"}).get_json()
    assert [t["id"] for t in overdue["items"]] == [task["id"]]


def test_completed_tasks_list(login):
    walk = CaseWalk(login)
    walk.complete("task_contact_parents", "zorg1")
    done = login("zorg1").get("/api/tasks?status=completed&scope=all").get_json()["items"]
    assert [(t["bpmn_id"], t["completed_at"] is not None) for t in done] == [("task_contact_parents", True)]


def test_two_concurrent_completes_exactly_one_wins(app, login, monkeypatch):
    walk = CaseWalk(login)
    task = walk.task("task_contact_parents", "zorg1")
    tokens = [login("zorg1").token, login("dir1").token]
    barrier = threading.Barrier(2, timeout=10)
    real_complete = engine.complete_task

    def complete_after_both_loaded(*args, **kwargs):
        result = real_complete(*args, **kwargs)
        barrier.wait()  # both requests have read version n before either writes
        return result

    monkeypatch.setattr(engine, "complete_task", complete_after_both_loaded)
    statuses = []

    def submit(token):
        response = app.test_client().post(
            f"/api/tasks/{task['id']}/complete", headers={"Authorization": f"Bearer {token}"},
            json={"data": example("task_contact_parents")})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200, 409]
    with app.app_context():
        rows = db.session.query(CaseTask).filter_by(case_id=walk.id).all()
        assert sorted((r.bpmn_id, r.status) for r in rows) == [
            ("task_action_plan", "open"), ("task_contact_parents", "completed")]
        completed = [e for e in walk.events("zorg1") if e["kind"] == "task_completed"]
        assert len(completed) == 1


def test_colleagues_are_the_own_team_only(login):
    school = login("zorg1").get("/api/users").get_json()
    assert {u["username"] for u in school["items"]} == {"zorg1", "secr1", "dir1"}
    assert school["total"] == 3 and school["page"] == 1
    clb = {u["username"] for u in login("clb1").get("/api/users").get_json()["items"]}
    assert clb == {"clb1", "clbarts1", "clbdir1"}
    assert login("admin").get("/api/users").get_json()["items"] == []


def test_work_list_names_the_pupil(login):
    walk = CaseWalk(login)
    item = login("zorg1").get("/api/tasks?scope=group").get_json()["items"][0]
    pupil = login("zorg1").get(f"/api/pupils/{walk.case['pupil_id']}").get_json()
    assert item["pupil_name"] == f"{pupil['first_name']} {pupil['last_name']}"
