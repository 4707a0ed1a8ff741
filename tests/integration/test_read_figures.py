"""The region's reads (issue 24): long lists count up to 1,000 and say so, the pupil
search reads PostgreSQL's trigram index, and the case page shows its latest events in
a bounded number of statements."""

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, text

from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, Pupil, WorkflowInstance
from app.services.paging import COUNT_CAP
from app.services.pupils import pupil_matches
from tests.clocks import T0
from tests.statements import recorded
from tests.walk import CaseWalk
from tests.web import text_of

MANY = COUNT_CAP + 30  # a page and a bit past the cap


def _many_cases(school_id: int, n: int = MANY) -> None:
    """`n` open phase-2 cases at the school, pupils named "Vanderveken", each with a late
    open school task (bulk rows, as bench/caseload.py loads a region)."""
    rows: dict[str, list] = {"pupils": [], "cases": [], "periods": [], "instances": [], "tasks": []}
    base = 500_000  # far above what the demo's sequences hand out in a test
    for i in range(n):
        pid, opened = base + i, T0 - timedelta(days=30, minutes=i)
        rows["pupils"].append(
            {
                "id": pid,
                "school_id": school_id,
                "external_id": f"CAP-{i}",
                "first_name": f"Kind{i}",
                "last_name": "Vanderveken",
                "birth_date": T0.date().replace(year=2012),
            }
        )
        rows["cases"].append(
            {
                "id": pid,
                "pupil_id": pid,
                "school_id": school_id,
                "status": "open",
                "phase": "fase2",
                "absence_type": "spijbelen",
                "track": "care",
                "version": 1,
                "opened_at": opened,
                "clb_since": opened,
            }
        )
        rows["periods"].append({"case_id": pid, "school_id": school_id, "since": opened})
        rows["instances"].append(
            {
                "id": pid,
                "case_id": pid,
                "pupil_id": pid,
                "school_id": school_id,
                "kind": "case",
                "workflow_key": "zorgpad_case",
                "workflow_version": 1,
                "state": "{}",
                "status": "running",
                "version": 1,
                "timer_failures": 0,
                "started_at": opened,
            }
        )
        rows["tasks"].append(
            {
                "id": pid,
                "case_id": pid,
                "pupil_id": pid,
                "instance_id": pid,
                "engine_task_id": f"cap-{i}",
                "bpmn_id": "task_action_plan",
                "title": "Begeleidingsplan opstellen",
                "lane": "school",
                "school_id": school_id,
                "status": "open",
                "created_at": opened,
                "due_at": T0 - timedelta(days=2),
            }
        )
    for model, key in (
        (Pupil, "pupils"),
        (Case, "cases"),
        (CaseSchool, "periods"),
        (WorkflowInstance, "instances"),
        (CaseTask, "tasks"),
    ):
        db.session.execute(insert(model), rows[key])
    db.session.commit()


def test_long_lists_count_up_to_the_cap_and_say_so(app, login, web, school1):
    with app.app_context():
        _many_cases(school1)
    zorg1 = login("zorg1")

    cases = zorg1.get("/api/cases?phase=fase2&overdue=true&q=vanderveken").get_json()
    assert cases["total"] == COUNT_CAP and cases["total_capped"] is True
    assert len(cases["items"]) == 25
    # The last page within the cap and the one past it are both read.
    last = zorg1.get(f"/api/cases?q=vanderveken&page={COUNT_CAP // 25}").get_json()
    past = zorg1.get(f"/api/cases?q=vanderveken&page={COUNT_CAP // 25 + 1}").get_json()
    assert len(last["items"]) == 25 and len(past["items"]) == 25 and past["total_capped"] is True
    seen = {c["id"] for c in last["items"]}
    assert not seen & {c["id"] for c in past["items"]}
    # Under the cap the count is exact and says it is not capped.
    few = zorg1.get("/api/cases?q=CAP-7").get_json()  # exactly the pupil number
    assert few["total"] == 1 and few["total_capped"] is False and few["items"][0]["pupil"]["last_name"]

    tasks = zorg1.get("/api/tasks?scope=group").get_json()
    assert tasks["total"] == COUNT_CAP and tasks["total_capped"] is True and len(tasks["items"]) == 25
    narrowed = zorg1.get("/api/tasks?scope=group&q=CAP-7").get_json()
    assert narrowed["total"] == 1 and narrowed["total_capped"] is False

    page = text_of(web("zorg1").get("/taken?tab=group").text)
    assert "1.000+" in page and "Meer dan 1.000 taken" in page
    page = text_of(web("zorg1").get("/dossiers?q=vanderveken").text)
    assert "Meer dan 1.000 dossiers met deze filters" in page


def test_the_search_finds_parts_of_names_and_the_exact_pupil_number(login, demo):
    zorg1 = login("zorg1")
    pupils = zorg1.get("/api/pupils?per_page=100").get_json()["items"]
    adam = next(p for p in pupils if p["first_name"] == "Adam")
    case_id = CaseWalk(login, pupil_id=adam["id"]).id
    for q in ("ada", "AMRANI", "m el am", "Adam El Amrani", adam["external_id"], f"  {adam['first_name']} "):
        found = zorg1.get("/api/cases", query_string={"q": q}).get_json()
        assert [c["id"] for c in found["items"]] == [case_id], q
    for q in ("%", "_dam", adam["external_id"][:-1] + "%"):  # wildcards match literally
        assert zorg1.get("/api/cases", query_string={"q": q}).get_json()["total"] == 0, q


def test_the_name_search_reads_the_trigram_index_on_postgresql(app, demo):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the trigram index is PostgreSQL's")
        query = select(Pupil.id).where(pupil_matches("peeters"))
        sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # a demo-sized table: any index wins
            plan = "\n".join(row[0] for row in conn.execute(text("EXPLAIN " + sql)))
        assert "ix_pupils_search_name" in plan, plan  # the expression is the index's, exactly
        assert "ix_pupils_external_id" in plan, plan


# The case page's statements: 42 for this case (three open tasks) when written, where the
# view, events and journal read again per section and each task row read its school twice
# made it 53; 35 since the documents block takes the page's view and reads its list, total
# and source forms once each, and the team is read with the page and audited in its commit.
# Each section reads once; this bound fails when one starts reading again.
CASE_PAGE_STATEMENTS = 35


def test_the_case_page_shows_its_latest_events_in_a_bounded_number_of_statements(app, login, web):
    walk = CaseWalk(login)
    zorg1 = web("zorg1")
    zorg1.get(f"/dossiers/{walk.id}")  # the first request warms caches (specs, settings)
    with app.app_context():
        first = db.session.execute(select(CaseEvent).where(CaseEvent.case_id == walk.id)).scalars().first()
        copied = {c.name: getattr(first, c.name) for c in CaseEvent.__table__.columns if c.name != "id"}
        db.session.execute(
            insert(CaseEvent),
            [{**copied, "at": T0 + timedelta(minutes=i), "reason": f"Gebeurtenis {i:03}"} for i in range(80)],
        )
        db.session.commit()
        total = db.session.query(CaseEvent).filter(CaseEvent.case_id == walk.id).count()
        with recorded(app) as seen:
            page = zorg1.get(f"/dossiers/{walk.id}").text
    assert len(seen) <= CASE_PAGE_STATEMENTS, "\n".join(seen)
    shown = text_of(page)
    assert "Gebeurtenis 079" in shown and "Gebeurtenis 030" in shown  # the newest 50
    assert "Gebeurtenis 029" not in shown
    assert f"De 50 recentste van {total} gebeurtenissen." in shown and "Toon de hele tijdlijn" in page
    everything = text_of(zorg1.get(f"/dossiers/{walk.id}?tijdlijn=alle").text)
    assert "Gebeurtenis 000" in everything and "Toon de hele tijdlijn" not in everything
    assert everything.index("Gebeurtenis 079") < everything.index("Gebeurtenis 000")  # newest first
