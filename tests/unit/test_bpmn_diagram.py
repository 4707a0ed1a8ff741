"""The BPMN files open cleanly in a modeler: complete diagram interchange, lanes,
and every step names its source; deadlines follow the timer convention."""

import json
import re
from pathlib import Path

import pytest
from lxml import etree

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
FILES = sorted(WORKFLOWS.glob("*.bpmn"))
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = (
    "task",
    "userTask",
    "scriptTask",
    "serviceTask",
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "subProcess",
)
FORMS = WORKFLOWS.parent / "forms"
SEEDS = (
    "000_32e939cdea7a1057.txt",
    "001_dc7eb8f1eb325aa8.txt",
    "002_67dbec2f3010347c.txt",
    "003_8de0ff0e2f1d2316.txt",
    "004_3dd1676b5d2b55ad.txt",
    "shared/domain.md",
)


def _ids(tree, xpath):
    return {el.get("id") for el in tree.xpath(xpath, namespaces=NS)}


def _nodes(tree):
    return [el for kind in FLOW_NODES for el in tree.xpath(f"//bpmn:process//bpmn:{kind}", namespaces=NS)]


def test_the_eight_processes_are_there():
    assert [f.name for f in FILES] == [
        "zorgpad_absence_followup.bpmn",
        "zorgpad_agodi_report.bpmn",
        "zorgpad_case.bpmn",
        "zorgpad_m_document.bpmn",
        "zorgpad_police_track.bpmn",
        "zorgpad_return.bpmn",
        "zorgpad_school_change.bpmn",
        "zorgpad_school_offer.bpmn",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_element_has_a_shape_and_every_flow_an_edge(path):
    tree = etree.parse(str(path))
    nodes = {el.get("id") for el in _nodes(tree)}
    flows = _ids(tree, "//bpmn:process//bpmn:sequenceFlow")
    lanes = _ids(tree, "//bpmn:lane")
    shapes = {el.get("bpmnElement") for el in tree.xpath("//bpmndi:BPMNShape", namespaces=NS)}
    edges = tree.xpath("//bpmndi:BPMNEdge", namespaces=NS)
    assert nodes and flows
    assert nodes | lanes <= shapes
    assert flows == {edge.get("bpmnElement") for edge in edges}
    for edge in edges:
        assert len(edge.xpath("di:waypoint", namespaces=NS)) >= 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_two_shapes_overlap(path):
    tree = etree.parse(str(path))
    lanes_and_pools = _ids(tree, "//bpmn:lane") | _ids(tree, "//bpmn:participant")
    # A boundary event sits on the edge of its task.
    attached = {
        (el.get("id"), el.get("attachedToRef")) for el in tree.xpath("//bpmn:boundaryEvent", namespaces=NS)
    }
    boxes = []
    for shape in tree.xpath("//bpmndi:BPMNShape", namespaces=NS):
        if shape.get("bpmnElement") in lanes_and_pools:
            continue
        b = shape.xpath("dc:Bounds", namespaces=NS)[0]
        boxes.append((shape.get("bpmnElement"), *(float(b.get(k)) for k in ("x", "y", "width", "height"))))
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1 :]:
            if (a, b) in attached or (b, a) in attached:
                continue
            assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah), (a, b)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_node_sits_in_exactly_one_lane_named_school_or_clb(path):
    tree = etree.parse(str(path))
    process = tree.xpath("//bpmn:process", namespaces=NS)[0]
    top_level = {el.get("id") for el in process if etree.QName(el).localname in FLOW_NODES}
    refs = [ref.text for ref in tree.xpath("//bpmn:lane/bpmn:flowNodeRef", namespaces=NS)]
    assert sorted(refs) == sorted(top_level)
    assert {lane.get("name") for lane in tree.xpath("//bpmn:lane", namespaces=NS)} <= {"School", "CLB"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_step_names_its_source(path):
    """Tasks, scripts and events cite a seed document (or the domain primer);
    gateways and end events at least say what they decide or mean."""
    tree = etree.parse(str(path))
    for node in _nodes(tree):
        text = " ".join(node.xpath("bpmn:documentation/text()", namespaces=NS))
        assert text.strip(), f"{node.get('id')} has no documentation"
        kind = etree.QName(node).localname
        if kind.endswith("Task") or kind in ("startEvent", "intermediateCatchEvent", "boundaryEvent"):
            assert "Bron:" in text and any(seed in text for seed in SEEDS), f"{node.get('id')}: {text!r}"


DIRECTORS = {"School": "directie", "CLB": "clb_directeur"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_deadlines_follow_the_timer_convention(path):
    """<task>_reminder and <task>_escalation: non-interrupting timers in school
    days on that task; the reminder ends at once; the escalation opens
    <task>_escalated in the same lane, a task for that lane's director."""
    tree = etree.parse(str(path))
    lane_of = {
        ref.text: lane.get("name")
        for lane in tree.xpath("//bpmn:lane", namespaces=NS)
        for ref in lane.xpath("bpmn:flowNodeRef", namespaces=NS)
    }
    flows = tree.xpath("//bpmn:sequenceFlow", namespaces=NS)
    target = {f.get("sourceRef"): f.get("targetRef") for f in flows}
    kinds = {el.get("id"): etree.QName(el).localname for el in _nodes(tree)}
    boundaries = tree.xpath("//bpmn:boundaryEvent", namespaces=NS)
    watched = {el.get("attachedToRef") for el in boundaries}
    for event in boundaries:
        task, event_id = event.get("attachedToRef"), event.get("id")
        suffix = event_id.removeprefix(task)
        assert suffix in ("_reminder", "_escalation") and event.get("cancelActivity") == "false", event_id
        (expression,) = event.xpath("bpmn:timerEventDefinition/bpmn:timeDate/text()", namespaces=NS)
        assert re.fullmatch(r'add_school_days\(timer_start, deadline\("\w+"\)\)', expression), expression
        if suffix == "_reminder":
            assert kinds[target[event_id]] == "endEvent"
            continue
        escalated = target[event_id]
        assert escalated == f"{task}_escalated" and kinds[escalated] == "userTask"
        assert lane_of[escalated] == lane_of[task] and kinds[target[escalated]] == "endEvent"
        form = json.loads((FORMS / f"{escalated}.schema.json").read_text(encoding="utf-8"))
        assert form["x-roles"] == [DIRECTORS[lane_of[task]]]
    for task in watched:  # both timers, never one alone
        ids = {el.get("id") for el in boundaries if el.get("attachedToRef") == task}
        assert ids == {f"{task}_reminder", f"{task}_escalation"}


def test_every_deadline_name_in_a_timer_is_known():
    from app.calendar.deadlines import DEADLINES

    used = set()
    for path in FILES:
        for text in etree.parse(str(path)).xpath("//bpmn:timeDate/text()", namespaces=NS):
            used |= set(re.findall(r'deadline\("(\w+)"\)', text))
    assert used and used <= set(DEADLINES), used - set(DEADLINES)
