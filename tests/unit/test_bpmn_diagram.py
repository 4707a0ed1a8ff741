"""The BPMN files open cleanly in a modeler: complete diagram interchange, lanes,
and every step names its source."""
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
    "task", "userTask", "scriptTask", "serviceTask", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "exclusiveGateway", "inclusiveGateway", "parallelGateway", "subProcess",
)
SEEDS = ("000_32e939cdea7a1057.txt", "001_dc7eb8f1eb325aa8.txt", "002_67dbec2f3010347c.txt",
         "003_8de0ff0e2f1d2316.txt", "004_3dd1676b5d2b55ad.txt", "shared/domain.md")


def _ids(tree, xpath):
    return {el.get("id") for el in tree.xpath(xpath, namespaces=NS)}


def _nodes(tree):
    return [el for kind in FLOW_NODES for el in tree.xpath(f"//bpmn:process//bpmn:{kind}", namespaces=NS)]


def test_the_four_processes_are_there():
    assert [f.name for f in FILES] == ["zorgpad_absence_followup.bpmn", "zorgpad_case.bpmn",
                                       "zorgpad_police_track.bpmn", "zorgpad_school_change.bpmn"]


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
    boxes = []
    for shape in tree.xpath("//bpmndi:BPMNShape", namespaces=NS):
        if shape.get("bpmnElement") in lanes_and_pools:
            continue
        b = shape.xpath("dc:Bounds", namespaces=NS)[0]
        boxes.append((shape.get("bpmnElement"), *(float(b.get(k)) for k in ("x", "y", "width", "height"))))
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1:]:
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
        if kind.endswith("Task") or kind in ("startEvent", "intermediateCatchEvent"):
            assert "Bron:" in text and any(seed in text for seed in SEEDS), f"{node.get('id')}: {text!r}"
