"""Operators see and act: the admin page *Versies van de paden*, GET /api/workflows, `zorgpad
deploy-workflows --migrate`, the plan file's checks, follow-ups of pupils without a case."""

import json
import re
import shutil

from sqlalchemy import select

from app.extensions import db
from app.models import CaseEvent, Incident, WorkflowInstance
from app.services.migrations.running import migrate_process
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.migration_fixture import PLAN, use_versions
from tests.walk import CaseWalk
from tests.web import text_of

CASE, FOLLOWUP = "zorgpad_case", "zorgpad_absence_followup"


def _deploy(app, tmp_path, *, plan=True, migrate=False):
    use_versions(app, tmp_path)
    if plan:
        shutil.copy(PLAN, tmp_path / "workflows_v2" / "migrations" / PLAN.name)
    args = ["deploy-workflows", "--migrate"] if migrate else ["deploy-workflows"]
    return app.test_cli_runner().invoke(args=args)


def test_the_admin_page_shows_the_versions_in_use_and_migrates(app, login, web, tmp_path):
    walk = CaseWalk(login)
    _deploy(app, tmp_path)
    for user in ("zorg1", "dir1", "clbdir1"):
        refused = web(user).get("/beheer/paden")
        assert refused.status_code == 403
        assert "Enkel een beheerder ziet en verplaatst de versies van de paden." in text_of(refused.text)
        assert web(user).get(f"/beheer/paden/{CASE}/1/2").status_code == 403
        assert web(user).post(f"/beheer/paden/{CASE}/1/2").status_code == 403
        assert 'href="/beheer/paden"' not in web(user).get("/taken").text
    admin = web("admin")
    html = admin.get("/beheer/paden").text
    assert 'href="/beheer/paden" aria-current="page"' in html
    row = re.search(rf'<tr id="version-{CASE}-1">(.*?)</tr>', html, re.S).group(1)
    cells = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0] == "v1" and cells[3] == "1" and cells[4].startswith("Proefdraai naar v2")
    api = {
        (w["key"], w["version"]): w["running"]
        for w in login("admin").get("/api/workflows").get_json()["items"]
    }
    assert api[CASE, 1] == 1 and api[CASE, 2] == 0 and api[FOLLOWUP, 1] == 1

    trial = text_of(admin.get(f"/beheer/paden/{CASE}/1/2").text)
    assert f"dossier {walk.id}, case" in trial and "migreert zoals het is" in trial
    assert "Migreren zoals ze zijn: 1" in trial and "er is niets geschreven" in trial
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["workflow_version"] == 1
    assert admin.post(f"/beheer/paden/{CASE}/1/2", csrf=False).status_code == 400
    moved = admin.post(f"/beheer/paden/{CASE}/1/2")
    assert moved.status_code == 302 and moved.headers["Location"] == "/beheer/paden"
    page = text_of(admin.get("/beheer/paden").text)
    assert f"{CASE} v1 → v2: samen: 1 instantie van 1 dossier" in page and "1 verplaatst" in page
    assert login("zorg1").get(f"/api/cases/{walk.id}").get_json()["workflow_version"] == 2
    event = next(e for e in walk.events("zorg1") if e["kind"] == "workflow_migrated")
    with app.app_context():
        admin_id = db.session.scalar(select(CaseEvent.actor_id).where(CaseEvent.kind == "workflow_migrated"))
    assert admin_id is not None and event["old_value"] == f"{CASE} v1"
    case_page = text_of(web("zorg1").get(f"/dossiers/{walk.id}").text)
    assert "Naar een nieuwe versie van het pad" in case_page and f"loopt verder op {CASE} v2" in case_page
    assert (
        "task_short_term_reminder" in web("zorg1").get(f"/dossiers/{walk.id}/diagram").text
    )  # the new version
    assert "Geen lopende instanties meer op v1" in text_of(admin.get(f"/beheer/paden/{CASE}/1/2").text)
    assert admin.get(f"/beheer/paden/{CASE}/1/7").status_code == 404


def test_deploying_with_migrate_moves_the_cases_when_everything_maps(app, login, tmp_path):
    CaseWalk(login)
    result = _deploy(app, tmp_path, migrate=True)
    assert result.exit_code == 0, result.output
    assert f"migrated 1 running instance(s) of {CASE} v1 to v2" in result.output
    assert f"migrated 1 running instance(s) of {FOLLOWUP} v1 to v2" in result.output
    assert "stay on" not in result.output


def test_deploying_with_migrate_says_which_cannot_move_and_moves_none(app, login, tmp_path):
    waits = CaseWalk(login)
    waits.plan()
    waits.complete("task_phase1_evaluation", "zorg1", decision="monitor", monitoring_until="2027-02-05")
    waits.until_open("task_monitoring_review", "zorg1")
    fresh = CaseWalk(login, pupil=1)
    result = _deploy(app, tmp_path, plan=False, migrate=True)
    assert f"{CASE} v1 → v2: not migrated, 1 instance(s) cannot move:" in result.output
    assert f"dossier {waits.id}, case" in result.output and "task_monitoring_review" in result.output
    assert f"running instance(s) stay on {CASE} v1" in result.output
    assert login("zorg1").get(f"/api/cases/{fresh.id}").get_json()["workflow_version"] == 1


def test_follow_ups_of_a_pupil_without_a_case_move_too(app, login, school1, tmp_path):
    jonas = add_pupil(app, school1, "J-1", "Jonas")
    imported = upload(login("secr1"), school1, csv_rows("J-1,2026-11-23,am,B,"))
    assert imported.status_code == 200, imported.get_json()
    _deploy(app, tmp_path)
    with app.app_context():
        report = migrate_process(FOLLOWUP, 1, 2)
        followup = db.session.scalar(select(WorkflowInstance).where(WorkflowInstance.pupil_id == jonas))
        assert followup.case_id is None and followup.workflow_version == 2
        event = db.session.scalar(
            select(CaseEvent).where(CaseEvent.pupil_id == jonas, CaseEvent.kind == "workflow_migrated")
        )
        assert event.case_id is None and event.new_value == f"{FOLLOWUP} v2"
    assert f"leerling {jonas} zonder dossier" in [line.split(",")[0] for line in _lines(report)]
    timeline = login("zorg1").get(f"/api/pupils/{jonas}").get_json()["timeline"]
    assert "workflow_migrated" in [e["kind"] for e in timeline]


def _lines(report):
    from app.services.migrations.texts import line

    return [line(o) for o in report.outcomes]


def test_a_plan_file_that_does_not_fit_is_refused(app, login, tmp_path):
    CaseWalk(login)
    _deploy(app, tmp_path, plan=False)
    path = tmp_path / "workflows_v2" / "migrations" / PLAN.name
    runner = app.test_cli_runner()
    written = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--write-plan"])
    assert written.exit_code == 0 and str(path) in written.output
    skeleton = json.loads(path.read_text(encoding="utf-8"))
    assert skeleton["elements"] == {  # the waits v2 removed: SpiffWorkflow's guess, or null to decide
        "task_hgd": "task_hgd_trajectory",
        "task_monitoring_review": None,
        "task_monitoring_review_escalated": None,
    }
    assert "task_short_term_reminder" in skeleton["changes"]["added"]
    again = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--write-plan"])
    assert again.exit_code == 1 and "bestaat al" in again.output
    skeleton["elements"]["task_monitoring_review"] = "task_nowhere"
    skeleton["to_sha256"] = "0" * 64
    path.write_text(json.dumps(skeleton), encoding="utf-8")
    refused = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--dry-run"])
    assert refused.exit_code == 1
    assert (
        "elements.task_monitoring_review: 'task_nowhere' is geen element van de nieuwe versie."
        in refused.output
    )
    assert "to_sha256: v2 van zorgpad_case is niet het bestand" in refused.output
    unknown = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "9", "--dry-run"])
    assert unknown.exit_code == 1 and "zorgpad_case heeft geen versie 9 (de laatste is v2)." in unknown.output


def test_an_instance_with_an_open_incident_stays_and_the_operator_is_named(app, login, tmp_path, clock):
    broken, fine = CaseWalk(login), CaseWalk(login, pupil=1)
    with app.app_context():
        instance = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == broken.id, WorkflowInstance.kind == "case"
            )
        )
        db.session.add(
            Incident(instance_id=instance.id, case_id=broken.id, error="x", attempts=5, opened_at=clock.at)
        )
        db.session.commit()
    _deploy(app, tmp_path)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--by", "zorg1"])
    assert refused.exit_code == 1 and "zorg1: geen actieve beheerder" in refused.output
    result = runner.invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--by", "admin"])
    assert result.exit_code == 0, result.output
    assert (
        f"dossier {broken.id}, case (instantie {instance.id}): kan niet migreren (heeft een open incident"
        in result.output
    )
    assert login("zorg1").get(f"/api/cases/{broken.id}").get_json()["workflow_version"] == 1
    event = next(e for e in fine.events("zorg1") if e["kind"] == "workflow_migrated")
    assert event["actor"]["username"] == "admin"
