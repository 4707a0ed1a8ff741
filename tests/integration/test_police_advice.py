"""The police consultation is the CLB's advice (issue 20): a CLB task "Advies CLB vóór
melding aan de politie"; the school's report waits for it, or the school says at the
start why it could not wait. Running tracks of the version before move on."""

import shutil
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Notification, User, WorkflowInstance
from app.services.migrations.running import migrate_process
from tests.walk import CaseWalk

POLICE = "zorgpad_police_track"
BEFORE = Path(__file__).resolve().parents[1] / "data" / "zorgpad_police_track_before_clb_advice.bpmn"
ADVICE = {
    "recommendation": "eerst_andere_stappen",
    "advice": "Eerst nog een huisbezoek samen met het CLB; blijft het gezin onbereikbaar, meld dan.",
    "advice_date": "2026-11-24",
}


def _notified(app, kind: str) -> dict[str, list[int | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(User.username, Notification.task_id)
            .join(User, User.id == Notification.user_id)
            .where(Notification.kind == kind)
        )
        found: dict[str, list[int | None]] = {}
        for username, task_id in rows:
            found.setdefault(username, []).append(task_id)
        return found


def _timeline(walk, username="zorg1") -> list[dict]:
    return [
        e for e in walk.events(username) if e["kind"] == "message_received" and e["what"] == "police_track"
    ]


def test_the_police_report_waits_for_the_clbs_advice(app, login, demo, web):
    walk = CaseWalk(login)
    started = walk.message("zorg1", "police_track", reason="Gezin onbereikbaar.")
    assert started.status_code == 200, started.get_json()
    assert "task_police_report" not in walk.open_ids("zorg1")  # it waits
    advice = walk.task("task_police_clb_advice", "clb1")
    assert advice["lane"] == "clb" and advice["due_at"]
    assert _notified(app, "police_advice") == {name: [advice["id"]] for name in ("clb1", "clbdir1")}
    assert login("zorg1").get(f"/api/tasks/{advice['id']}").status_code == 404  # CLB work
    assert login("clb2").get(f"/api/tasks/{advice['id']}").status_code == 404  # another CLB's school

    empty = walk.submit("task_police_clb_advice", "clb1", advice="", recommendation="misschien")
    assert empty.status_code == 422 and {"advice", "recommendation"} <= set(empty.get_json()["errors"])
    walk.complete("task_police_clb_advice", "clb1", **ADVICE)

    report = walk.detail("task_police_report", "zorg1")
    assert report["prefill"]["clb_consulted"] is True
    assert report["prefill"]["clb_consulted_on"] == "2026-11-24"
    assert report["prefill"]["clb_contact"] == "Eva CLB-medewerker"
    assert report["prefill"]["clb_advice"] == f"Eerst andere stappen: {ADVICE['advice']}"
    page = web("zorg1").get(f"/taken/{report['id']}").get_data(as_text=True)
    assert "Advies van het CLB vóór de melding" in page and "Eerst andere stappen" in page
    assert ADVICE["advice"] in page and "Eva CLB-medewerker" in page

    refused = walk.submit("task_police_report", "zorg1", clb_consulted=False)
    assert refused.status_code == 422 and "clb_consulted" in refused.get_json()["errors"]
    walk.complete("task_police_report", "zorg1", clb_advice=report["prefill"]["clb_advice"])
    assert "task_parket_answer" in walk.open_ids("zorg1", "school")
    (line,) = _timeline(walk)
    assert line["new_value"] is None and line["reason"] == "Gezin onbereikbaar."
    timeline = web("zorg1").get(f"/dossiers/{walk.id}").get_data(as_text=True)
    assert "politiespoor gestart: eerst het advies van het CLB" in timeline


def test_a_school_that_could_not_wait_says_why_and_reports_at_once(app, login, web):
    walk = CaseWalk(login)
    missing = walk.message("zorg1", "police_track", could_not_wait=True, could_not_wait_reason="  ")
    assert missing.status_code == 422 and "could_not_wait_reason" in missing.get_json()["errors"]
    stray = walk.message("zorg1", "police_track", could_not_wait_reason="Acuut.")
    assert stray.status_code == 422 and "could_not_wait_reason" in stray.get_json()["errors"]
    bad = walk.message("zorg1", "police_track", could_not_wait="ja")
    assert bad.status_code == 422 and "could_not_wait" in bad.get_json()["errors"]
    assert _timeline(walk) == [] and "task_police_report" not in walk.open_ids("zorg1")  # nothing started

    why = "Acute situatie: de leerling is sinds gisteren vermist, de politie moet nu zoeken."
    started = walk.message("zorg1", "police_track", could_not_wait=True, could_not_wait_reason=why)
    assert started.status_code == 200, started.get_json()
    assert "task_police_clb_advice" not in walk.open_ids("clb1")
    assert _notified(app, "police_advice") == {}  # nothing is asked of the CLB any more
    (line,) = _timeline(walk)
    assert line["new_value"] == "could_not_wait" and why in line["reason"]
    assert why in [e["reason"] for e in _timeline(walk, "clb1")][0]  # the CLB reads it too

    report = walk.detail("task_police_report", "zorg1")
    assert report["prefill"]["clb_consulted"] is False
    page = web("zorg1").get(f"/taken/{report['id']}").get_data(as_text=True)
    assert "De school kon het advies van het CLB niet afwachten." in page and why in page
    done = walk.complete(
        "task_police_report", "zorg1", clb_consulted=False, clb_consulted_on=None, clb_contact=None
    )
    assert "task_parket_answer" in [t["bpmn_id"] for t in done["open_tasks"]]
    timeline = web("zorg1").get(f"/dossiers/{walk.id}").get_data(as_text=True)
    assert "politiespoor gestart zonder het advies van het CLB af te wachten" in timeline and why in timeline


def test_a_track_waiting_for_its_report_on_the_version_before_moves_on(app, login, tmp_path):
    real_dir = app.config["WORKFLOWS_DIR"]
    before = tmp_path / "workflows"
    shutil.copytree(real_dir, before)
    shutil.copy(BEFORE, before / f"{POLICE}.bpmn")
    app.config["WORKFLOWS_DIR"] = str(before)
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    walk = CaseWalk(login)
    assert walk.message("zorg1", "police_track", reason="Onbereikbaar.").status_code == 200
    report = walk.task("task_police_report", "zorg1")  # the version before: no advice task
    app.config["WORKFLOWS_DIR"] = real_dir
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    with app.app_context():
        old = db.session.scalar(
            select(WorkflowInstance.workflow_version).where(WorkflowInstance.workflow_key == POLICE)
        )
        report_run = migrate_process(POLICE, old, old + 1)
    (mine,) = [o for o in report_run.outcomes if o.case_id == walk.id]
    assert mine.moved, mine
    assert walk.task("task_police_report", "zorg1")["id"] == report["id"]  # the same task, kept
    refused = walk.submit("task_police_report", "zorg1", clb_consulted=False)
    assert refused.status_code == 422  # consulted the old way: still required
    walk.complete("task_police_report", "zorg1")
    assert "task_parket_answer" in walk.open_ids("zorg1", "school")
