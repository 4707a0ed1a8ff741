"""Work reaches a named person (issue 20): a case's dossierverantwoordelijken, the
tasks that go to them, the assign list, and escalations landing on the director."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import User, UserRole
from tests.walk import CaseWalk, example
from tests.web import text_of


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def user_id(login, username: str) -> int:
    return login(username).get("/api/me").get_json()["id"]


def add_clb_worker(app, demo, username="clb3", full_name="Sofie CLB-medewerker") -> None:
    """A second CLB worker at the demo CLB (clb1's colleague), password "demo"."""
    with app.app_context():
        template = db.session.scalar(select(User).where(User.username == "clb1"))
        user = User(
            username=username,
            full_name=full_name,
            password_hash=template.password_hash,
            clb_id=demo["clb_id"],
            active=True,
        )
        user.role_rows.append(UserRole(role="clb_medewerker"))
        db.session.add(user)
        db.session.commit()


def referred(login) -> CaseWalk:
    """A case the school referred to the CLB: the acceptance is open."""
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()
    walk.refer()
    return walk


def test_the_opener_owns_the_case_and_the_school_tasks_go_to_them(login):
    walk = CaseWalk(login)
    zorg1 = user_id(login, "zorg1")
    assert walk.case["owner"] == {"id": zorg1, "name": "An Zorgcoördinator"}
    assert walk.case["clb_owner"] is None
    by_task = {t["bpmn_id"]: t for t in walk.open_tasks("zorg1")}
    # The plan is the owner's; the per-absence task stays with the role the school named.
    assert by_task["task_action_plan"]["assignee"]["username"] == "zorg1"
    assert by_task["task_absence_contact_parents"]["assignee"] is None
    # The team still sees the owner's task, and another who may do it takes it over by doing it.
    group = login("dir1").get("/api/tasks?scope=group").get_json()["items"]
    assert by_task["task_action_plan"]["id"] in [t["id"] for t in group]
    listed = login("zorg1").get("/api/cases").get_json()["items"]
    assert listed[0]["owner"] == {"id": zorg1, "name": "An Zorgcoördinator"}


def test_an_owner_named_at_acceptance_receives_every_later_clb_task(app, demo, login):
    add_clb_worker(app, demo)
    walk = referred(login)
    clb1, clb3 = user_id(login, "clb1"), user_id(login, "clb3")
    detail = walk.detail("task_clb_accept", "clb1")
    picker = detail["form"]["schema"]["properties"]["clb_owner_id"]
    offered = {option["title"] for option in picker["oneOf"]}
    # The CLB's workers and its director; not the CLB doctor, not another CLB's worker.
    assert offered == {"Eva CLB-medewerker", "Sofie CLB-medewerker", "Greet CLB-directeur"}
    assert detail["prefill"]["clb_owner_id"] == clb1  # the accepting worker, by default

    case = walk.complete("task_clb_accept", "clb1", accepted=True, clb_owner_id=clb3)
    assert case["clb_owner"] == {"id": clb3, "name": "Sofie CLB-medewerker"}
    school_view = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    assert school_view["clb_owner"]["name"] == "Sofie CLB-medewerker"  # the school knows whom to call
    assert ("clb_owner", None, "Sofie CLB-medewerker") in [
        (e["what"], e["old_value"], e["new_value"])
        for e in walk.events("zorg1")
        if e["kind"] == "owner_changed"
    ]

    seen = []
    for step in ("task_clb_intake", "task_clb_round_plan"):
        task = walk.task(step, "clb1")
        assert task["assignee"]["username"] == "clb3", step
        seen.append(step)
        walk.complete(step, "clb3")
    # The round's tasks too; the team still sees them, and a colleague may take one over.
    clb_open = [t for t in walk.open_tasks("clb1") if t["lane"] == "clb"]
    assert clb_open and all(t["assignee"]["username"] == "clb3" for t in clb_open), clb_open
    group = [t["id"] for t in login("clb1").get("/api/tasks?scope=group&per_page=100").get_json()["items"]]
    assert all(t["id"] in group for t in clb_open)
    taken = login("clb1").post(f"/api/tasks/{clb_open[0]['id']}/assign", json={"user_id": clb1})
    assert taken.status_code == 200 and taken.get_json()["assignee"]["username"] == "clb1"


def test_the_clb_owner_must_be_one_of_the_clbs_workers(login):
    walk = referred(login)
    for other in ("clb2", "clbarts1", "zorg1"):  # another CLB, the doctor, the school
        refused = walk.submit("task_clb_accept", "clb1", accepted=True, clb_owner_id=user_id(login, other))
        assert refused.status_code == 422 and "clb_owner_id" in refused.get_json()["errors"], other
    assert "task_clb_accept" in walk.open_ids("clb1")  # nothing written
    # Not accepted: nobody is named.
    case = walk.complete("task_clb_accept", "clb1", accepted=False, reason="Eerst het plan afwerken.")
    assert case["clb_owner"] is None


def test_reassigning_an_owner_moves_the_open_tasks(login):
    walk = CaseWalk(login)
    walk.episode()
    zorg1, llb1, dir1 = (user_id(login, name) for name in ("zorg1", "llb1", "dir1"))
    plan = walk.task("task_action_plan", "zorg1")
    assert plan["assignee"]["id"] == zorg1

    moved = login("zorg1").patch(f"/api/cases/{walk.id}", json={"owner_id": llb1})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["owner"] == {"id": llb1, "name": "Kato Leerlingbegeleider"}
    assert walk.task("task_action_plan", "zorg1")["assignee"]["id"] == llb1
    events = [(e["kind"], e["what"], e["old_value"], e["new_value"]) for e in walk.events("zorg1")]
    assert ("owner_changed", "owner", "An Zorgcoördinator", "Kato Leerlingbegeleider") in events
    assert ("task_assigned", "Begeleidingsplan opstellen", str(zorg1), str(llb1)) in events

    # A task someone else took stays theirs when the owner changes again.
    assert login("dir1").post(f"/api/tasks/{plan['id']}/assign", json={"user_id": dir1}).status_code == 200
    back = login("dir1").patch(f"/api/cases/{walk.id}", json={"owner_id": zorg1})
    assert back.status_code == 200 and back.get_json()["owner"]["id"] == zorg1
    assert walk.task("task_action_plan", "zorg1")["assignee"]["id"] == dir1
    # Unchanged owner: nothing happens, nothing is logged twice.
    again = login("zorg1").patch(f"/api/cases/{walk.id}", json={"owner_id": zorg1})
    assert again.status_code == 200
    assert [e["kind"] for e in walk.events("zorg1")].count("owner_changed") == 2


def test_patch_owner_errors(login):
    walk = CaseWalk(login)
    zorg1 = login("zorg1")
    path = f"/api/cases/{walk.id}"
    for other in ("secr1", "leraar1", "clb1", "zorg2"):  # no owning role, the CLB, another school
        refused = zorg1.patch(path, json={"owner_id": user_id(login, other)})
        assert refused.status_code == 422 and "owner_id" in refused.get_json()["errors"], other
    assert zorg1.patch(path, json={"owner_id": 99999}).status_code == 422
    assert zorg1.patch(path, json={}).status_code == 422
    both = zorg1.patch(path, json={"owner_id": user_id(login, "dir1"), "absence_type": "spijbelen"})
    assert both.status_code == 422
    # The school sets its own owner, the CLB its own.
    assert zorg1.patch(path, json={"clb_owner_id": user_id(login, "clb1")}).status_code == 403
    assert login("secr1").patch(path, json={"owner_id": user_id(login, "dir1")}).status_code == 403
    assert login("clb1").patch(path, json={"clb_owner_id": user_id(login, "clb1")}).status_code == 404
    walk.episode()
    walk.plan()
    walk.refer()
    clb1 = login("clb1")
    assert clb1.patch(path, json={"owner_id": user_id(login, "zorg1")}).status_code == 403
    for other in ("clbarts1", "clb2"):
        refused = clb1.patch(path, json={"clb_owner_id": user_id(login, other)})
        assert refused.status_code == 422 and "clb_owner_id" in refused.get_json()["errors"], other
    named = clb1.patch(path, json={"clb_owner_id": user_id(login, "clbdir1")})
    assert named.status_code == 200 and named.get_json()["clb_owner"]["name"] == "Greet CLB-directeur"
    # The accept task moved to the new owner (it was nobody's).
    assert walk.task("task_clb_accept", "clb1")["assignee"]["username"] == "clbdir1"
    assert [e["kind"] for e in walk.events("zorg1")].count("owner_changed") == 1  # what the school reads
    assert login("zorg1").get(path).get_json()["owner"]["name"] == "An Zorgcoördinator"


def test_the_assign_list_offers_only_who_may_do_the_task(login, web):
    walk = CaseWalk(login)
    walk.episode()
    plan = walk.task("task_action_plan", "zorg1")
    for other in ("secr1", "leraar1", "zorgl1"):  # colleagues whose role may not do the plan
        refused = login("zorg1").post(
            f"/api/tasks/{plan['id']}/assign", json={"user_id": user_id(login, other)}
        )
        assert refused.status_code == 422 and "user_id" in refused.get_json()["errors"], other
    page = web("zorg1").get(f"/taken/{plan['id']}").text
    select = page[page.index(f'id="assign-{plan["id"]}"') :]
    select = select[: select.index("</select>")]
    for offered in ("Carla Directeur", "Kato Leerlingbegeleider", "An Zorgcoördinator"):
        assert offered in select
    for refused_name in ("Bart Secretariaat", "Hanne Klastitularis", "Lotte Zorgleerkracht"):
        assert refused_name not in select


def test_an_escalation_lands_on_the_director_with_a_due_date(app, login, web):
    walk = CaseWalk(login)
    walk.episode()
    plan = walk.task("task_action_plan", "zorg1")
    walk.pass_time(at("2027-01-05T15:00:00"))  # plan_escalation: 20 school days
    escalation = walk.task("task_action_plan_escalated", "dir1")
    assert escalation["assignee"]["username"] == "dir1"
    # Due three school days after it opened (Tuesday 5 January 2027): Friday 8 January.
    assert escalation["due_at"] == "2027-01-08T15:00:00+00:00"
    (note,) = [
        n for n in login("dir1").get("/api/notifications").get_json()["items"] if n["kind"] == "escalation"
    ]
    assert note["task_id"] == escalation["id"]  # the notification opens the escalation task
    detail = login("dir1").get(f"/api/tasks/{escalation['id']}").get_json()
    assert detail["escalates"]["id"] == plan["id"] and detail["can_act"] is True

    # From the escalation task's page: the task over its term, reassigned with a select.
    director = web("dir1")
    page = director.get(f"/taken/{escalation['id']}").text
    assert "De taak die over haar termijn is" in text_of(page)
    llb1 = user_id(login, "llb1")
    posted = director.post(
        f"/taken/{plan['id']}/toewijzen", {"user_id": str(llb1), "next": f"/taken/{escalation['id']}"}
    )
    assert posted.status_code == 302 and posted.headers["Location"].endswith(f"/taken/{escalation['id']}")
    assert walk.task("task_action_plan", "zorg1")["assignee"]["id"] == llb1
    # Then closed with a note.
    closed = walk.complete(
        "task_action_plan_escalated",
        "dir1",
        measure="reassigned",
        action="Gegeven aan de leerlingbegeleider; af tegen vrijdag.",
    )
    assert "task_action_plan_escalated" not in [t["bpmn_id"] for t in closed["open_tasks"]]
    assert example("task_action_plan_escalated")["measure"] == "spoken_to"  # the form is unchanged otherwise


def test_a_clb_escalation_lands_on_the_clb_director(app, login):
    walk = referred(login)
    walk.until_open("task_clb_accept_escalated", "clbdir1")  # reminded, then escalated
    escalation = walk.task("task_clb_accept_escalated", "clbdir1")
    assert escalation["assignee"]["username"] == "clbdir1" and escalation["due_at"]
    notes = login("clbdir1").get("/api/notifications").get_json()["items"]
    assert [n["task_id"] for n in notes if n["kind"] == "escalation"] == [escalation["id"]]
    assert not [
        n for n in login("dir1").get("/api/notifications").get_json()["items"] if n["kind"] == "escalation"
    ]


def test_the_clb_accept_page_offers_its_workers_and_names_the_owner(app, demo, login, web):
    add_clb_worker(app, demo)
    walk = referred(login)
    accept = walk.task("task_clb_accept", "clb1")
    clb1, clb3 = user_id(login, "clb1"), user_id(login, "clb3")
    worker = web("clb1")
    page = worker.get(f"/taken/{accept['id']}").text
    picker = page[page.index('<select id="f-clb_owner_id"') :]
    picker = picker[: picker.index("</select>")]
    assert f'<option value="{clb1}" selected>Eva CLB-medewerker</option>' in picker  # the accepting worker
    assert "Sofie CLB-medewerker" in picker and "Frank CLB-arts" not in picker
    done = worker.post(
        f"/taken/{accept['id']}",
        {"_action": "complete", "accepted": "true", "clb_owner_id": str(clb3)},
    )
    assert done.status_code == 302, text_of(done.text)
    assert login("clb1").get(f"/api/cases/{walk.id}").get_json()["clb_owner"]["id"] == clb3
    case_page = text_of(worker.get(f"/dossiers/{walk.id}").text)
    assert "Dossierverantwoordelijken" in case_page and "CLB Sofie CLB-medewerker" in case_page


def test_a_school_change_gives_the_new_school_its_owner(login, demo):
    _, _, school3 = demo["school_ids"]
    walk = CaseWalk(login)
    moved = walk.message("zorg1", "school_change", new_school_id=school3, b_count=9)
    assert moved.status_code == 200, moved.get_json()
    case = login("zorg3").get(f"/api/cases/{walk.id}").get_json()
    assert case["owner"] == {"id": user_id(login, "zorg3"), "name": "Ilse Zorgcoördinator"}  # its only one
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["owner"] is None  # the old school's view
