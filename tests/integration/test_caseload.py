"""The caseload (issue 20, "A caseload view"; issue 22, "Lists that hold a school"):
GET /api/cases with its filters and sorts, the Dossiers page, the task list's
filters and counts, bulk assign all or nothing."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.integration.absences_support import add_other_clb, add_user
from tests.walk import CaseWalk
from tests.web import text_of


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [c["id"] for c in response.get_json()["items"]]


@pytest.fixture
def caseload(login, demo):
    """School 1: Adam El Amrani referred to the CLB (phase 2, his absence follow-up
    late by now), then Noah Janssens opened at 6 B (the signal to the CLB due) and
    Lina Maes opened on a warning sign (1 B, nothing late); school 2: Mila Claes."""
    referred = CaseWalk(login, pupil=0)
    referred.plan()
    referred.refer()
    signal = CaseWalk(login, pupil=1, b_count=6, first_absence_on=None)
    quiet = CaseWalk(login, pupil=2, b_count=1, first_absence_on=None)
    other = CaseWalk(login, opener="zorg2")
    return {"referred": referred.id, "signal": signal.id, "quiet": quiet.id, "other": other.id}


def test_each_filter_of_the_caseload_and_the_issues_combinations(login, demo, caseload):
    referred, signal, quiet = caseload["referred"], caseload["signal"], caseload["quiet"]
    zorg1 = login("zorg1")
    everything = zorg1.get("/api/cases").get_json()
    assert everything["total"] == 3
    assert [c["id"] for c in everything["items"]] == [quiet, signal, referred]  # newest first
    rows = {c["id"]: c for c in everything["items"]}
    assert rows[signal]["school_year_b_count"] == 6 and rows[signal]["signal_due"] is True
    assert rows[quiet]["school_year_b_count"] == 1 and rows[quiet]["signal_due"] is False
    assert rows[referred]["signal_due"] is False  # referred: the CLB knows
    assert rows[referred]["overdue"] is True and rows[referred]["next_due_at"].endswith("+00:00")
    assert rows[quiet]["overdue"] is False and rows[quiet]["open_task_count"] >= 1
    # The same counts as one case's own page.
    for case_id, row in rows.items():
        detail = zorg1.get(f"/api/cases/{case_id}").get_json()
        assert detail["school_year_b_count"] == row["school_year_b_count"]
        assert detail["signal_due"] == row["signal_due"]
        assert len(detail["open_tasks"]) == row["open_task_count"]

    assert ids(zorg1.get("/api/cases?phase=fase2")) == [referred]
    assert ids(zorg1.get("/api/cases?phase=fase1")) == [quiet, signal]
    assert ids(zorg1.get("/api/cases?status=open")) == [quiet, signal, referred]
    assert ids(zorg1.get("/api/cases?status=closed")) == []
    assert ids(zorg1.get("/api/cases?overdue=true")) == [referred]
    assert ids(zorg1.get("/api/cases?phase=fase2&overdue=true")) == [referred]
    assert ids(zorg1.get("/api/cases?phase=fase1&overdue=true")) == []
    assert ids(zorg1.get("/api/cases?signal_due=true")) == [signal]
    assert ids(zorg1.get("/api/cases?signal_due=true&phase=fase2")) == []
    assert ids(zorg1.get("/api/cases?q=janss")) == [signal]
    assert ids(zorg1.get("/api/cases?q=L-1003")) == [quiet]
    assert ids(zorg1.get("/api/cases?q=Adam%20El%20Amrani&phase=fase2&overdue=true")) == [referred]
    # Sorts.
    assert ids(zorg1.get("/api/cases?sort=name")) == [referred, signal, quiet]  # El Amrani, Janssens, Maes
    assert ids(zorg1.get("/api/cases?sort=b_count"))[0] == signal
    assert ids(zorg1.get("/api/cases?sort=due"))[0] == referred  # the late one first
    assert ids(zorg1.get("/api/cases?sort=opened")) == [quiet, signal, referred]
    # Paging with a total.
    page2 = zorg1.get("/api/cases?sort=name&per_page=2&page=2").get_json()
    assert page2["total"] == 3 and [c["id"] for c in page2["items"]] == [quiet]


def test_the_signal_threshold_is_the_schools(login, demo, caseload):
    settings = f"/api/schools/{demo['school_ids'][0]}/absence-settings"
    assert login("dir1").patch(settings, json={"thresholds": {"signal_b": 1}}).status_code == 200
    # Lina's one B now reaches her school's threshold.
    assert ids(login("zorg1").get("/api/cases?signal_due=true")) == [caseload["quiet"], caseload["signal"]]


def test_unknown_or_wrong_parameters_are_refused(login, demo):
    zorg1 = login("zorg1")
    unknown = zorg1.get("/api/cases?owner=me&colour=red")
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["errors"]
    wrong = zorg1.get("/api/cases?owner=you")
    assert wrong.status_code == 422 and "owner" in wrong.get_json()["errors"]
    bad = zorg1.get("/api/cases?sort=age&phase=fase9&signal_due=maybe&overdue=perhaps")
    assert bad.status_code == 422
    assert {"sort", "phase", "signal_due", "overdue"} <= set(bad.get_json()["errors"])
    tasks = zorg1.get("/api/tasks?fase=fase1")
    assert tasks.status_code == 422 and "fase" in tasks.get_json()["errors"]
    tasks = zorg1.get("/api/tasks?phase=fase7")
    assert tasks.status_code == 422 and "phase" in tasks.get_json()["errors"]


def test_a_school_filter_names_a_school_the_actor_serves(app, login, demo, caseload):
    school1, school2, school3 = demo["school_ids"]
    _clb, elsewhere = add_other_clb(app)
    clb1 = login("clb1")
    # The CLB sees the referred case of school 1 (the others were not signalled).
    assert ids(clb1.get(f"/api/cases?school_id={school1}")) == [caseload["referred"]]
    assert ids(clb1.get(f"/api/cases?school_id={school2}")) == []
    both = f"/api/cases?school_id={school1}&phase=fase2&overdue=true&q=amrani"
    assert ids(clb1.get(both)) == [caseload["referred"]]
    for school in (school3, elsewhere):  # schools of another CLB
        refused = clb1.get(f"/api/cases?school_id={school}")
        assert refused.status_code == 404
    assert login("clb2").get(f"/api/cases?school_id={school1}").status_code == 404
    assert login("zorg1").get(f"/api/cases?school_id={school2}").status_code == 404
    assert ids(login("zorg2").get(f"/api/cases?school_id={school2}")) == [caseload["other"]]
    assert login("zorg1").get(f"/api/tasks?school_id={school2}").status_code == 404


def test_the_task_list_filters_like_the_caseload(login, demo, caseload):
    zorg1 = login("zorg1")

    def task_cases(query: str) -> set:
        response = zorg1.get(f"/api/tasks?scope=all&per_page=100&{query}")
        assert response.status_code == 200, response.get_json()
        return {t["case_id"] for t in response.get_json()["items"]}

    assert task_cases("phase=fase2") == {caseload["referred"]}
    assert task_cases("phase=fase1") == {caseload["signal"], caseload["quiet"]}
    assert task_cases("phase=fase2&overdue=true") == {caseload["referred"]}
    assert task_cases("phase=fase1&overdue=true") == set()
    assert task_cases("q=Janssens") == {caseload["signal"]}
    assert task_cases(f"school_id={demo['school_ids'][0]}&q=L-1003") == {caseload["quiet"]}


def _open_tasks(login, case_id: int, username="zorg1") -> list[dict]:
    body = login(username).get(f"/api/tasks?case_id={case_id}&scope=all&per_page=100").get_json()
    return body["items"]


def _assignees(login, task_ids) -> list:
    return [login("zorg1").get(f"/api/tasks/{i}").get_json()["assignee"] for i in task_ids]


def test_bulk_assign_is_all_or_nothing(app, login, demo, caseload):
    add_user(app, "zorg1b", "zorgcoordinator", school_id=demo["school_ids"][0])
    with app.app_context():
        users = dict(db.session.execute(select(User.username, User.id)).all())
    zorg1 = login("zorg1")
    # The plans of the two phase-1 cases (the zorgcoördinator's) and a contact with the parents.
    plan_ids = [_open_tasks(login, caseload[key])[0]["id"] for key in ("signal", "quiet")]
    contact = next(
        t for t in _open_tasks(login, caseload["referred"]) if t["bpmn_id"] == "task_absence_contact_parents"
    )
    chosen = [*plan_ids, contact["id"]]
    before = _assignees(login, chosen)

    # The secretariat may contact the parents, not make the plans: nothing is assigned.
    refused = zorg1.post("/api/tasks/assign", json={"task_ids": chosen, "user_id": users["secr1"]})
    assert refused.status_code == 422, refused.get_json()
    body = refused.get_json()
    assert [r["task_id"] for r in body["refused"]] == plan_ids
    assert all("rol" in r["reason"] for r in body["refused"]) and len(body["errors"]["task_ids"]) == 2
    assert _assignees(login, chosen) == before

    # A task of another school is not found for this actor: named, nothing assigned.
    other = _open_tasks(login, caseload["other"], "zorg2")[0]["id"]
    foreign = zorg1.post(
        "/api/tasks/assign", json={"task_ids": [plan_ids[0], other], "user_id": users["zorg1b"]}
    )
    assert foreign.status_code == 422
    assert [(r["task_id"], r["title"]) for r in foreign.get_json()["refused"]] == [(other, None)]
    assert _assignees(login, plan_ids) == before[:2]
    # A colleague of another school cannot take them either.
    elsewhere = zorg1.post("/api/tasks/assign", json={"task_ids": plan_ids, "user_id": users["zorg2"]})
    assert elsewhere.status_code == 422 and len(elsewhere.get_json()["refused"]) == 2
    assert (
        zorg1.post("/api/tasks/assign", json={"task_ids": [], "user_id": users["zorg1b"]}).status_code == 422
    )
    assert zorg1.post("/api/tasks/assign", json={"task_ids": plan_ids, "user_id": 999_999}).status_code == 422
    assert _assignees(login, chosen) == before

    done = zorg1.post("/api/tasks/assign", json={"task_ids": chosen, "user_id": users["zorg1b"]})
    assert done.status_code == 200, done.get_json()
    assert [t["id"] for t in done.get_json()["items"]] == chosen
    assert [a["username"] for a in _assignees(login, chosen)] == ["zorg1b"] * 3
    events = login("zorg1").get(f"/api/cases/{caseload['quiet']}/events").get_json()["items"]
    assert [e["actor"]["username"] for e in events if e["kind"] == "task_assigned"] == ["zorg1"]


def test_the_dossiers_page_filters_searches_sorts_and_counts(web, login, demo, caseload):
    zorg1 = web("zorg1")
    page = text_of(zorg1.get("/dossiers").text)
    assert "3 dossiers." in page and "El Amrani, Adam" in page and "Janssens, Noah" in page
    assert "nog te doen" in page  # Noah's signal to the CLB
    assert "Claes" not in page  # another school's case
    from app.models import Case

    assert ("Verantwoordelijke" in page) == hasattr(Case, "owner")  # the owners' column, once they exist
    both = text_of(zorg1.get("/dossiers?fase=fase2&te_laat=1").text)
    assert "1 dossier met deze filters." in both and "El Amrani, Adam" in both and "Janssens" not in both
    assert "te laat" in both
    searched = text_of(zorg1.get("/dossiers?fase=fase1&signaal=1&q=noah").text)
    assert "1 dossier met deze filters." in searched and "Janssens, Noah" in searched
    none = text_of(zorg1.get("/dossiers?fase=fase3").text)
    assert "Geen dossiers met deze filters." in none
    by_name = zorg1.get("/dossiers?sorteer=name").text
    assert by_name.index("El Amrani") < by_name.index("Janssens") < by_name.index("Maes")
    wrong = zorg1.get("/dossiers?fase=fase9")
    assert wrong.status_code == 200 and "konden niet gelezen worden" in text_of(wrong.text)
    assert zorg1.get(f"/dossiers?school={demo['school_ids'][1]}").status_code == 404
    # The CLB: its schools to choose from, only what was signalled or referred.
    clb = text_of(web("clb1").get(f"/dossiers?school={demo['school_ids'][0]}").text)
    assert "1 dossier met deze filters." in clb and "El Amrani, Adam" in clb and "Alle scholen" in clb


def test_the_task_list_filters_counts_its_tabs_and_assigns_in_bulk(app, web, login, demo, caseload):
    add_user(app, "zorg1b", "zorgcoordinator", school_id=demo["school_ids"][0])
    with app.app_context():
        users = dict(db.session.execute(select(User.username, User.id)).all())
    zorg1 = web("zorg1")
    group = zorg1.get("/taken?tab=group&fase=fase1").text
    counts = dict(
        re.findall(r'tab=(\w+)[^"]*"[^>]*>[^<]*<span class="count-badge count-badge--tab">(\d+)<', group)
    )
    # The two phase-1 plans are held by their case's owner (zorg1 opened both cases).
    assert counts["mine"] == "2" and int(counts["group"]) >= 2 and counts["overdue"] == "0"
    assert "Janssens" in group and "Maes" in group and "El Amrani" not in group
    assert 'name="taak"' in group and 'form="bulk-assign"' in group
    plan_ids = [_open_tasks(login, caseload[key])[0]["id"] for key in ("signal", "quiet")]
    held = _assignees(login, plan_ids)
    back = "/taken?tab=group&fase=fase1"
    refused = zorg1.post(
        "/taken/toewijzen",
        [("taak", str(i)) for i in plan_ids] + [("user_id", str(users["secr1"])), ("next", back)],
        follow_redirects=True,
    )
    said = text_of(refused.text)
    assert "Geen enkele taak werd toegewezen: 2 taken kunnen niet naar deze collega." in said
    assert said.count("heeft niet de rol ervoor") == 2
    assert _assignees(login, plan_ids) == held  # nothing changed
    done = zorg1.post(
        "/taken/toewijzen",
        [("taak", str(i)) for i in plan_ids] + [("user_id", str(users["zorg1b"])), ("next", back)],
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(back)
    assert [a["username"] for a in _assignees(login, plan_ids)] == ["zorg1b", "zorg1b"]
    assert "2 taken toegewezen." in text_of(zorg1.get(back).text)
    nothing = zorg1.post("/taken/toewijzen", [("user_id", str(users["zorg1b"]))], follow_redirects=True)
    assert "Kies de taken en een collega." in text_of(nothing.text)


def test_owner_me_lists_the_cases_i_own(login, web):
    """`owner=me` (the page's "Mijn dossiers"): the cases whose owner on my side is me."""
    pupils = login("zorg1").get("/api/pupils?per_page=100").get_json()["items"]
    mine = login("zorg1").post("/api/cases", json={"pupil_id": pupils[0]["id"], "reason": "Knipperlicht"})
    theirs = login("dir1").post("/api/cases", json={"pupil_id": pupils[1]["id"], "reason": "Knipperlicht"})
    assert mine.status_code == 201 and theirs.status_code == 201
    mine, theirs = mine.get_json()["id"], theirs.get_json()["id"]
    listed = login("zorg1").get("/api/cases?owner=me&per_page=100").get_json()["items"]
    assert mine in [c["id"] for c in listed] and theirs not in [c["id"] for c in listed]
    assert all(c["owner"]["id"] == listed[0]["owner"]["id"] for c in listed)
    directors = [c["id"] for c in login("dir1").get("/api/cases?owner=me&per_page=100").get_json()["items"]]
    assert theirs in directors and mine not in directors
    refused = login("zorg1").get("/api/cases?owner=you")
    assert refused.status_code == 422 and "owner" in refused.get_json()["errors"]
    page = web("zorg1").get("/dossiers?mijn=1").text
    assert f"/dossiers/{mine}" in page and f"/dossiers/{theirs}" not in page
