"""Deploying the path: a changed BPMN becomes a new version, running cases keep theirs,
an invalid BPMN or a user task without a form stops the whole deployment."""

import shutil
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Case, WorkflowSpec
from tests.walk import CaseWalk


def _plan_title(walk):
    return next(t["title"] for t in walk.case["open_tasks"] if t["bpmn_id"] == "task_action_plan")


def test_a_changed_bpmn_becomes_a_new_version_and_running_cases_keep_theirs(app, login, tmp_path):
    old_case = CaseWalk(login)
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    bpmn = workflows_dir / "zorgpad_case.bpmn"
    bpmn.write_text(
        bpmn.read_text(encoding="utf-8").replace(
            'name="Begeleidingsplan opstellen"', 'name="Begeleidingsplan opmaken (v2)"'
        ),
        encoding="utf-8",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert "deployed zorgpad_case v2" in result.output
    # The deployment says which running cases stay on the old version, and why.
    assert "1 running instance(s) stay on zorgpad_case v1 (latest: v2)" in result.output
    assert "a saved state follows the steps of the version it started on" in result.output
    versions = login("admin").get("/api/workflows").get_json()["items"]
    assert [(w["key"], w["version"]) for w in versions if w["key"] == "zorgpad_case"] == [
        ("zorgpad_case", 1),
        ("zorgpad_case", 2),
    ]
    again = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert again.startswith("workflows up to date\n1 running instance(s) stay on zorgpad_case v1")

    new_case = CaseWalk(login, pupil=1)
    assert new_case.case["workflow_version"] == 2 and old_case.case["workflow_version"] == 1
    assert _plan_title(old_case) == "Begeleidingsplan opstellen"
    assert _plan_title(new_case) == "Begeleidingsplan opmaken (v2)"
    with app.app_context():
        assert db.session.get(Case, old_case.id).workflow_version == 1


def test_a_case_on_the_first_process_version_keeps_running_on_it(app, login, tmp_path):
    """The process before this rework (tests/data/zorgpad_case_v1.bpmn) and its forms, kept on disk
    (x-legacy), still serve cases that started on it."""
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    real_dir = app.config["WORKFLOWS_DIR"]
    shutil.copy(
        Path(__file__).resolve().parents[1] / "data" / "zorgpad_case_v1.bpmn",
        workflows_dir / "zorgpad_case.bpmn",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    app.test_cli_runner().invoke(args=["deploy-workflows"])  # the demo deployed today's v1 already
    with app.app_context():
        old = db.session.scalars(select(WorkflowSpec).where(WorkflowSpec.key == "zorgpad_case")).all()
    walk = CaseWalk(login, absence_type="spijbelen")
    assert "task_contact_parents" in walk.ready()  # the first version's combined contact task
    app.config["WORKFLOWS_DIR"] = real_dir
    result = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert f"1 running instance(s) stay on zorgpad_case v{len(old)}" in result
    walk.complete("task_contact_parents", "zorg1")  # its form, marked x-legacy, is still there
    assert "task_action_plan" in walk.ready()
    walk.complete("task_action_plan", "zorg1")
    walk.complete("task_phase1_decision", "zorg1", decision="close")
    assert walk.case["status"] == "closed" and walk.case["workflow_version"] == len(old)


def test_an_invalid_bpmn_stops_the_whole_deployment(app, login, tmp_path):
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    changed = workflows_dir / "zorgpad_case.bpmn"  # a valid change next to a broken file
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Begeleidingsronde plannen", "Ronde!"), encoding="utf-8"
    )
    (workflows_dir / "broken.bpmn").write_text(
        '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="broken" isExecutable="true"><bpmn:userTask id="t" name="x"><oops/>'
        "</bpmn:userTask></bpmn:process></bpmn:definitions>",
        encoding="utf-8",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert result.exit_code == 1 and "not deployed: broken.bpmn" in result.output
    assert [w["key"] for w in login("admin").get("/api/workflows").get_json()["items"]] == [
        "zorgpad_absence_followup",
        "zorgpad_agodi_report",
        "zorgpad_case",
        "zorgpad_m_document",
        "zorgpad_police_track",
        "zorgpad_return",
        "zorgpad_school_change",
        "zorgpad_school_offer",
    ]


def test_a_user_task_without_a_form_is_not_deployed(app, login, tmp_path):
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(app.config["WORKFLOWS_DIR"], workflows_dir)
    bpmn = workflows_dir / "zorgpad_case.bpmn"
    bpmn.write_text(
        bpmn.read_text(encoding="utf-8")
        .replace('id="task_hgd"', 'id="task_hgd_v2"')
        .replace('bpmnElement="task_hgd"', 'bpmnElement="task_hgd_v2"')
        .replace(">task_hgd<", ">task_hgd_v2<")
        .replace('"task_hgd"', '"task_hgd_v2"'),
        encoding="utf-8",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    result = app.test_cli_runner().invoke(args=["deploy-workflows"])
    assert result.exit_code == 1, result.output
    assert "user task task_hgd_v2: no form schema" in result.output
    assert login("admin").get("/api/workflows").get_json()["total"] == 8
