"""Phase 1's plan for truancy (task_action_plan): a begeleidingsplan made with the
pupil (the pupil's own goals) and the parents, no contract and no signatures;
under a local police protocol, the formal spijbelactieplan that all sign. The
school's absence settings decide, not the form."""

import shutil
from pathlib import Path

from tests.integration.documents_support import (
    POLICE_PROTOCOL,
    SIGNED,
    documents,
    fetch,
    name_police_protocol,
)
from tests.walk import CaseWalk

SIGNATURES = ("pupil_agreed", "parents_agreed", "signed_on")


def _form(walk) -> dict:
    return walk.detail("task_action_plan", "zorg1")["form"]["schema"]


def test_without_a_police_protocol_the_plan_asks_the_pupils_goals_and_no_signatures(login):
    walk = CaseWalk(login)
    form = _form(walk)
    assert form["title"] == "Begeleidingsplan opstellen"
    assert (
        "pupil_goals" in form["required"]
        and "in de woorden van de leerling" in (form["properties"]["pupil_goals"]["description"])
    )
    assert "parents_view" in form["properties"] and "police_protocol_applies" not in form["properties"]
    assert not set(SIGNATURES) & set(form["properties"])  # not offered
    refused = walk.submit("task_action_plan", "zorg1", **SIGNED)  # nor accepted
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert set(errors) == set(SIGNATURES) and "geen contract" in errors["signed_on"][0]
    missing = walk.submit("task_action_plan", "zorg1", pupil_goals="")
    assert missing.status_code == 422 and "pupil_goals" in missing.get_json()["errors"]
    walk.complete("task_action_plan", "zorg1")
    assert [d["template"] for d in documents(login, "zorg1", walk.id)] == ["begeleidingsplan"]


def test_under_a_police_protocol_the_signatures_are_offered_and_required(login, demo):
    name_police_protocol(login, demo["school_ids"][0])
    walk = CaseWalk(login)
    form = _form(walk)
    assert set(SIGNATURES) <= set(form["properties"]) and set(SIGNATURES) <= set(form["required"])
    assert POLICE_PROTOCOL in form["description"]
    unsigned = walk.submit("task_action_plan", "zorg1")
    assert unsigned.status_code == 422
    errors = unsigned.get_json()["errors"]
    assert set(errors) == set(SIGNATURES) and POLICE_PROTOCOL in errors["pupil_agreed"][0]
    walk.complete("task_action_plan", "zorg1", **SIGNED)
    assert [d["template"] for d in documents(login, "zorg1", walk.id)] == ["spijbelactieplan"]
    # The school drops its protocol: the next plan (another pupil) is a begeleidingsplan again.
    name_police_protocol(login, demo["school_ids"][0], None)
    other = CaseWalk(login, pupil=1)
    other.complete("task_action_plan", "zorg1")
    assert [d["template"] for d in documents(login, "zorg1", other.id)] == ["begeleidingsplan"]


def test_a_case_on_the_version_before_completes_its_plan_with_todays_form(app, login, tmp_path):
    """Deployed before the begeleidingsplan (tests/data/zorgpad_case_before_begeleidingsplan.bpmn),
    a case keeps its version's steps: the plan's form as it is now completes it, its step makes the
    spijbelactieplan it always made (no signatures now: the school names no protocol), and the
    evaluation opens on the plan's date."""
    real_dir = app.config["WORKFLOWS_DIR"]
    workflows_dir = tmp_path / "workflows"
    shutil.copytree(real_dir, workflows_dir)
    shutil.copy(
        Path(__file__).resolve().parents[1] / "data" / "zorgpad_case_before_begeleidingsplan.bpmn",
        workflows_dir / "zorgpad_case.bpmn",
    )
    app.config["WORKFLOWS_DIR"] = str(workflows_dir)
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    old = CaseWalk(login)
    app.config["WORKFLOWS_DIR"] = real_dir
    result = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert "1 running instance(s) stay on zorgpad_case" in result
    new = CaseWalk(login, pupil=1)
    assert new.case["workflow_version"] > old.case["workflow_version"]
    old.complete("task_action_plan", "zorg1")
    assert [d["template"] for d in documents(login, "zorg1", old.id)] == ["spijbelactieplan"]
    _, read = fetch(login, "zorg1", old.id, "spijbelactieplan")
    assert "Leerling, ouders en school ondertekenen de afspraken in dit plan." in read.paragraphs
    assert read.facts()["Lokaal politieprotocol"] == "—" and "None" not in read.text
    old.until_open("task_phase1_evaluation", "zorg1")
    new.complete("task_action_plan", "zorg1")
    assert [d["template"] for d in documents(login, "zorg1", new.id)] == ["begeleidingsplan"]
