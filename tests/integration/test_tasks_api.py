"""Acting on tasks: forms (422), rights (403), stale or lost races (409), claims."""

import threading

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask
from tests.walk import FIRST_ABSENCE_ON, CaseWalk, example


def test_task_detail_carries_its_form(app, login):
    walk = CaseWalk(login)
    detail = walk.detail("task_absence_contact_parents", "secr1")
    assert detail["form"]["schema"]["title"] == "Ouders contacteren bij afwezigheid"
    assert "ui:order" in detail["form"]["ui_schema"]
    assert detail["can_act"] is True and detail["lane"] == "school"
    assert detail["due_at"].endswith("+00:00")
    # The parents are called today about the absence the case was opened on (by hand,
    # from its first day): the form starts from both.
    with app.app_context():
        assert detail["prefill"] == {
            "absence_date": FIRST_ABSENCE_ON,
            "contact_date": clock.today().isoformat(),
        }


def test_invalid_form_data_is_422_with_field_errors_and_changes_nothing(app, login):
    walk = CaseWalk(login)
    task = walk.task("task_absence_pupil_talk", "leraar1")
    with app.app_context():
        version_before = db.session.get(Case, walk.id).version
    response = login("leraar1").post(
        f"/api/tasks/{task['id']}/complete", json={"data": {"talk_date": "gisteren", "colour": "blue"}}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "validation_failed"
    required = ["Dit veld is verplicht."]
    assert body["errors"] == {
        "absence_date": required,
        "return_date": required,
        "talk_date": ["Ongeldig formaat."],
        "colour": ["Onbekend veld."],
    }
    # An impossible date pair answers the same way, and so does a talk dated after today.
    response = login("leraar1").post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": example("task_absence_pupil_talk", return_date="2026-11-24", talk_date="2026-11-23")},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "talk_date": ["Deze datum ligt vóór ‘Datum van terugkeer’ (di 24 nov 2026)."]
    }
    response = login("leraar1").post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": example("task_absence_pupil_talk", talk_date="2026-11-25")},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "talk_date": ["Deze datum ligt na vandaag (di 24 nov 2026): vul in wat al gebeurde."]
    }
    with app.app_context():
        assert db.session.get(Case, walk.id).version == version_before
        assert db.session.get(CaseTask, task["id"]).status == "open"


def test_missing_data_envelope_is_422(login):
    walk = CaseWalk(login)
    task = walk.task("task_absence_contact_parents", "secr1")
    response = login("secr1").post(f"/api/tasks/{task['id']}/complete", json={"decision": "x"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"data", "decision"}


def test_completing_twice_is_409(login):
    walk = CaseWalk(login)
    task = walk.task("task_absence_contact_parents", "secr1")
    user = login("secr1")
    body = {"data": example("task_absence_contact_parents")}
    assert user.post(f"/api/tasks/{task['id']}/complete", json=body).status_code == 200
    second = user.post(f"/api/tasks/{task['id']}/complete", json=body)
    assert second.status_code == 409
    assert second.get_json()["code"] == "conflict"


def test_who_may_act(login):
    walk = CaseWalk(login)
    # The secretariat contacts the parents (the school's agreement) ...
    walk.complete("task_absence_contact_parents", "secr1")
    # ... but does not talk with the pupil (the class teacher's) nor decide on a referral.
    talk = walk.task("task_absence_pupil_talk", "secr1")
    refused = login("secr1").post(
        f"/api/tasks/{talk['id']}/complete", json={"data": example("task_absence_pupil_talk")}
    )
    assert refused.status_code == 403 and "klastitularis" in refused.get_json()["message"]
    walk.plan()
    evaluation = walk.task("task_phase1_evaluation", "zorg1")
    response = login("secr1").post(
        f"/api/tasks/{evaluation['id']}/complete", json={"data": example("task_phase1_evaluation")}
    )
    assert response.status_code == 403
    # The CLB does not even see it before the signal; another school never.
    for other in ("clb1", "zorg2"):
        response = login(other).post(
            f"/api/tasks/{evaluation['id']}/complete", json={"data": example("task_phase1_evaluation")}
        )
        assert response.status_code == 404
    walk.signal()
    evaluation = walk.task("task_phase1_evaluation", "zorg1")
    response = login("clb1").post(
        f"/api/tasks/{evaluation['id']}/complete", json={"data": example("task_phase1_evaluation")}
    )
    assert response.status_code == 403  # now visible to the CLB, still the school's to do
    walk.refer()
    accept = walk.task("task_clb_accept", "clb1")
    # School users do not see CLB-lane tasks at all.
    assert login("zorg1").get(f"/api/tasks/{accept['id']}").status_code == 404


def release_ownership(login, walk, task) -> None:
    """The opener owns the case and holds its plan (issue 20): no owner, nobody holds it."""
    zorg1 = login("zorg1")
    assert zorg1.patch(f"/api/cases/{walk.id}", json={"owner_id": None}).status_code == 200
    assert zorg1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200


def test_claim_unclaim_assign(login):
    walk = CaseWalk(login)
    task = walk.task("task_action_plan", "zorg1")
    release_ownership(login, walk, task)
    zorg1, dir1 = login("zorg1"), login("dir1")
    claimed = zorg1.post(f"/api/tasks/{task['id']}/claim").get_json()
    assert claimed["assignee"]["username"] == "zorg1"
    assert [t["id"] for t in zorg1.get("/api/tasks?scope=mine").get_json()["items"]] == [task["id"]]
    assert dir1.post(f"/api/tasks/{task['id']}/claim").status_code == 409
    blocked = dir1.post(f"/api/tasks/{task['id']}/complete", json={"data": example("task_action_plan")})
    assert blocked.status_code == 403
    assert zorg1.post(f"/api/tasks/{task['id']}/unclaim").get_json()["assignee"] is None

    director = login("dir1").get("/api/me").get_json()
    assigned = zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": director["id"]})
    assert assigned.status_code == 200 and assigned.get_json()["assignee"]["username"] == "dir1"
    for other in ("clb1", "secr1"):  # another team; a colleague without the role
        user = login(other).get("/api/me").get_json()
        refused = zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": user["id"]})
        assert refused.status_code == 422 and "user_id" in refused.get_json()["errors"]
    kinds = [e["kind"] for e in walk.events("zorg1")]
    assert kinds.count("task_claimed") == 1 and kinds.count("task_unclaimed") == 2  # with the release
    assert kinds.count("task_assigned") == 1


def test_every_assignment_event_shows_the_true_before_and_after(login):
    """Issue 6.1: the old value was read after the UPDATE (claim logged '1' -> '1')."""
    walk = CaseWalk(login)
    task = walk.task("task_action_plan", "zorg1")
    release_ownership(login, walk, task)
    ids = {name: login(name).get("/api/me").get_json()["id"] for name in ("zorg1", "dir1")}
    zorg1, dir1 = login("zorg1"), login("dir1")
    assert zorg1.post(f"/api/tasks/{task['id']}/claim").status_code == 200  # None -> zorg1
    assert zorg1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": ids["dir1"]}).status_code == 200
    assert dir1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200  # dir1 -> None
    assert dir1.post(f"/api/tasks/{task['id']}/assign", json={"user_id": ids["zorg1"]}).status_code == 200
    assert dir1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200  # director frees it
    assert zorg1.post(f"/api/tasks/{task['id']}/unclaim").status_code == 200  # nobody: no event
    events = [
        (e["kind"], e["old_value"], e["new_value"], e["actor"]["username"])
        for e in walk.events("zorg1")
        if e["kind"].startswith("task_") and e["kind"] != "task_created"
    ]
    z, d = (str(ids[n]) for n in ("zorg1", "dir1"))
    assert events[0] == ("task_unclaimed", z, None, "zorg1")  # the release
    assert events[1:] == [
        ("task_claimed", None, z, "zorg1"),
        ("task_assigned", z, d, "zorg1"),
        ("task_unclaimed", d, None, "dir1"),
        ("task_assigned", None, z, "dir1"),
        ("task_unclaimed", z, None, "dir1"),
    ]


def test_overdue_filter_follows_the_clock(app, login, clock):
    walk = CaseWalk(login)
    task = walk.task("task_absence_contact_parents", "zorg1")  # due the next school day
    assert login("zorg1").get("/api/tasks?overdue=true").get_json()["total"] == 0
    clock.advance(days=2)  # due at the end of the next school day
    app.config["TOKEN_TTL_HOURS"] = 72
    token = app.test_client().post("/api/auth/login", json={"username": "zorg1", "password": "demo"})
    overdue = (
        app.test_client()
        .get("/api/tasks?overdue=true", headers={"Authorization": f"Bearer {token.get_json()['token']}"})
        .get_json()
    )
    assert [t["id"] for t in overdue["items"]] == [task["id"]]


def test_completed_tasks_list(login):
    walk = CaseWalk(login)
    walk.complete("task_absence_contact_parents", "secr1")
    done = login("zorg1").get("/api/tasks?status=completed&scope=all").get_json()["items"]
    assert [(t["bpmn_id"], t["completed_at"] is not None) for t in done] == [
        ("task_absence_contact_parents", True)
    ]


def test_two_concurrent_completes_exactly_one_wins(app, login, monkeypatch):
    walk = CaseWalk(login)
    task = walk.task("task_absence_contact_parents", "zorg1")
    tokens = [login("zorg1").token, login("secr1").token]
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
            f"/api/tasks/{task['id']}/complete",
            headers={"Authorization": f"Bearer {token}"},
            json={"data": example("task_absence_contact_parents")},
        )
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
            ("task_absence_contact_parents", "completed"),
            ("task_absence_pupil_talk", "open"),
            ("task_action_plan", "open"),
        ]
        completed = [e for e in walk.events("zorg1") if e["kind"] == "task_completed"]
        assert len(completed) == 1


def test_colleagues_are_the_own_team_only(login):
    school = login("zorg1").get("/api/users").get_json()
    assert {u["username"] for u in school["items"]} == {
        "zorg1",
        "secr1",
        "dir1",
        "leraar1",
        "llb1",
        "zorgl1",
        "spijb1",
    }
    assert school["total"] == 7 and school["page"] == 1
    clb = {u["username"] for u in login("clb1").get("/api/users").get_json()["items"]}
    assert clb == {"clb1", "clbarts1", "clbdir1"}
    assert login("admin").get("/api/users").get_json()["items"] == []


def test_work_list_names_the_pupil(login):
    walk = CaseWalk(login)
    item = login("zorg1").get("/api/tasks?scope=group").get_json()["items"][0]
    pupil = login("zorg1").get(f"/api/pupils/{walk.case['pupil_id']}").get_json()
    assert item["pupil_name"] == f"{pupil['first_name']} {pupil['last_name']}"
