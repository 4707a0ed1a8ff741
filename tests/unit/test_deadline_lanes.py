"""Whose agreement each deadline is: every timer on a task reads a deadline of the
task's own lane (the school's directie sets the school lane's, the CLB's director the
CLB lane's), and each lane escalates to its own director."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.calendar.deadlines import DEADLINES, names_of
from app.services.access import LANE_ROLES
from app.services.steps.alerts import DIRECTOR_ROLE
from app.vocabulary import Lane, Role

ROOT = Path(__file__).resolve().parents[2]
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DEADLINE = re.compile(r'deadline\("([a-z_]+)"\)')
# The waits that count a deadline, and whose agreement it is (docs/care-path.md).
WAITS = {
    "wait_plan_evaluation": Lane.SCHOOL,  # a phase-1 plan without a date
    "wait_round_evaluation": Lane.CLB,  # a CLB round continued without a date
    "wait_relapse_check": Lane.CLB,  # S1 §3: the CLB's closing agreements with the school
}


def _timers(path: Path):
    """(element id, its lane, the task it watches or None, deadline names) per timer."""
    root = ET.parse(path).getroot()
    lanes = {
        ref.text: lane.get("name").lower()
        for lane in root.iter(f"{BPMN}lane")
        for ref in lane.findall(f"{BPMN}flowNodeRef")
    }
    for element in root.iter():
        expression = element.find(f".//{BPMN}timeDate")
        if (
            element.tag in (f"{BPMN}boundaryEvent", f"{BPMN}intermediateCatchEvent")
            and expression is not None
        ):
            watched = element.get("attachedToRef")
            yield element.get("id"), lanes[element.get("id")], watched, DEADLINE.findall(expression.text)


@pytest.mark.parametrize("path", sorted((ROOT / "workflows").glob("*.bpmn")), ids=lambda p: p.name)
def test_a_tasks_timers_read_its_own_lanes_deadlines(path):
    for element_id, lane, watched, names in _timers(path):
        for name in names:
            expected = WAITS.get(element_id, lane) if watched is None else lane
            assert DEADLINES[name].lane == expected, f"{element_id} ({lane}) reads {name}"


def test_the_timer_fixture_follows_the_convention_too():
    for element_id, lane, watched, names in _timers(ROOT / "tests/fixtures/bpmn/timers_demo.bpmn"):
        if watched is not None:
            assert all(DEADLINES[name].lane == lane for name in names), element_id


def test_each_lane_has_its_own_general_pair_and_every_name_a_lane():
    assert {"reminder", "escalation"} <= set(names_of(Lane.SCHOOL))
    assert {"clb_reminder", "clb_escalation"} <= set(names_of(Lane.CLB))
    assert set(names_of(Lane.SCHOOL)) | set(names_of(Lane.CLB)) == set(DEADLINES)


def test_each_lane_escalates_to_its_own_director():
    assert DIRECTOR_ROLE == {Lane.SCHOOL: Role.DIRECTIE, Lane.CLB: Role.CLB_DIRECTEUR}
    lanes = {}
    for path in (ROOT / "workflows").glob("*.bpmn"):
        root = ET.parse(path).getroot()
        for lane in root.iter(f"{BPMN}lane"):
            for ref in lane.findall(f"{BPMN}flowNodeRef"):
                lanes[ref.text] = Lane(lane.get("name").lower())
    escalated = sorted((ROOT / "forms").glob("*_escalated.schema.json"))
    assert escalated
    for form in escalated:
        task_id = form.name.removesuffix(".schema.json")
        roles = json.loads(form.read_text(encoding="utf-8"))["x-roles"]
        assert roles == [DIRECTOR_ROLE[lanes[task_id]]], task_id


def test_the_clb_doctor_does_the_medical_steps_only():
    assert Role.CLB_ARTS not in LANE_ROLES[Lane.CLB]
    assert LANE_ROLES[Lane.CLB] == {Role.CLB_MEDEWERKER, Role.CLB_DIRECTEUR}
    doctor = json.loads((ROOT / "forms/task_absence_clb_doctor.schema.json").read_text(encoding="utf-8"))
    assert doctor["x-roles"] == ["clb_arts"]
    medical = [
        path.name
        for path in (ROOT / "forms").glob("*.schema.json")
        if "clb_arts" in json.loads(path.read_text(encoding="utf-8")).get("x-roles", [])
    ]
    assert medical == ["task_absence_clb_doctor.schema.json"]
