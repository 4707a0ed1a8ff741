"""The app on tests/fixtures/bpmn/timers_demo.bpmn (temp copies of the BPMN and its forms)."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from tests.clocks import T0  # noqa: F401  (the timer tests import it from here)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Five school days after Tuesday 24 Nov 2026, at the end of the school day (16:00 CET).
REMINDER_AT = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ESCALATION_AT = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # ten school days


# The main path is the timer demo; what a case starts beside it ends at once.
TIMER_KEYS = {
    "case": "timers_demo",
    "absence_followup": "fixture_noop",
    "police_track": "fixture_noop",
    "handover": "fixture_noop",
}


def use_timer_fixture(app, tmp_path) -> dict:
    workflows, forms = tmp_path / "workflows", tmp_path / "forms"
    workflows.mkdir()
    for name in ("timers_demo.bpmn", "fixture_noop.bpmn"):
        shutil.copy(FIXTURES / "bpmn" / name, workflows)
    shutil.copytree(FIXTURES / "forms", forms)
    config = {"WORKFLOWS_DIR": str(workflows), "FORMS_DIR": str(forms), "WORKFLOW_KEYS": TIMER_KEYS}
    app.config.update(config)
    return config


def open_case(login, user="zorg1", pupil=0) -> dict:
    client = login(user)
    pupils = client.get("/api/pupils?per_page=100").get_json()["items"]
    response = client.post(
        "/api/cases", json={"pupil_id": pupils[pupil]["id"], "reason": "Test: de termijnen"}
    )
    assert response.status_code == 201, response.get_json()
    case = response.get_json()
    # The opener owns the case and holds its tasks (issue 20); these tests are about
    # a task nobody holds: the team's, reminded as a team.
    for task in case["open_tasks"]:
        released = client.post(f"/api/tasks/{task['id']}/unclaim")
        assert released.status_code == 200, released.get_json()
        task["assignee"] = None
    return case


def break_main_instance(app, case_id: int) -> None:
    """Make a case's main workflow state unreadable (as a corrupt row would be)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import WorkflowInstance

    with app.app_context():
        row = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == case_id, WorkflowInstance.kind == "case"
            )
        )
        row.state = '{"not": "a workflow"}'
        db.session.commit()
