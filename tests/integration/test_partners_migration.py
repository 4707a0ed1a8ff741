"""Cases running on the care path before issue 20's "verstuurd registreren" steps
move to the new version as they are (the generated plan: same ids), and from then
on a report is recorded as sent after its document."""

import shutil
from pathlib import Path

from app.services.migrations.running import migrate_process
from tests.walk import CaseWalk

BEFORE = Path(__file__).resolve().parents[1] / "data" / "zorgpad_case_before_legal_tracks.bpmn"


def test_a_phase3_case_with_its_tracks_running_moves_as_it_is(app, login, tmp_path):
    real_dir = app.config["WORKFLOWS_DIR"]
    before = tmp_path / "workflows"
    shutil.copytree(real_dir, before)
    shutil.copy(BEFORE, before / "zorgpad_case.bpmn")
    app.config["WORKFLOWS_DIR"] = str(before)
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3()
    walk.complete(
        "task_phase3_plan", "clb1", offers=[], tracks=["m_document", "agodi"], agodi_filed_by="school"
    )
    old = walk.case["workflow_version"]
    # On the old version the school's report goes straight on to AGODI's letter.
    walk.complete("task_agodi_report", "zorg1")
    assert "task_agodi_letter_school" in walk.open_ids("zorg1", "school")
    app.config["WORKFLOWS_DIR"] = real_dir
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    with app.app_context():
        report = migrate_process("zorgpad_case", old, old + 1)
    mine = next(o for o in report.outcomes if o.case_id == walk.id)
    assert (mine.verdict, mine.moved) == ("as_is", True)
    assert login("clb1").get(f"/api/cases/{walk.id}").get_json()["workflow_version"] == old + 1
    school = walk.open_ids("zorg1", "school")
    assert "task_agodi_letter_school" in school and "task_agodi_report_sent" not in school
    # The M-document, drafted after the move, is recorded as sent after its annex.
    walk.complete("task_m_document", "clb1")
    assert "task_m_document_sent" in walk.open_ids("clb1", "clb")
    walk.complete("task_m_document_sent", "clb1")
    assert "task_ocj_outcome" in walk.open_ids("clb1", "clb")
