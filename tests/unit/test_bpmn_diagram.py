"""The BPMN opens cleanly in a modeler: complete diagram interchange, lanes."""
from pathlib import Path

from lxml import etree

BPMN = Path(__file__).resolve().parents[2] / "workflows" / "zorgpad_case.bpmn"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = (
    "task", "userTask", "scriptTask", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "exclusiveGateway", "inclusiveGateway", "parallelGateway", "subProcess",
)


def _tree():
    return etree.parse(str(BPMN))


def _ids(tree, xpath):
    return {el.get("id") for el in tree.xpath(xpath, namespaces=NS)}


def test_every_element_has_a_shape_and_every_flow_an_edge():
    tree = _tree()
    nodes = set()
    for kind in FLOW_NODES:
        nodes |= _ids(tree, f"//bpmn:process//bpmn:{kind}")
    flows = _ids(tree, "//bpmn:process//bpmn:sequenceFlow")
    lanes = _ids(tree, "//bpmn:lane")
    shapes = {el.get("bpmnElement") for el in tree.xpath("//bpmndi:BPMNShape", namespaces=NS)}
    edges = tree.xpath("//bpmndi:BPMNEdge", namespaces=NS)
    assert nodes and flows
    assert nodes | lanes <= shapes
    assert flows == {edge.get("bpmnElement") for edge in edges}
    for edge in edges:
        assert len(edge.xpath("di:waypoint", namespaces=NS)) >= 2


def test_every_main_process_node_sits_in_exactly_one_lane():
    tree = _tree()
    process = tree.xpath("//bpmn:process[@id='zorgpad_case']", namespaces=NS)[0]
    top_level = {el.get("id") for el in process if etree.QName(el).localname in FLOW_NODES}
    refs = [ref.text for ref in tree.xpath("//bpmn:lane/bpmn:flowNodeRef", namespaces=NS)]
    assert sorted(refs) == sorted(top_level)
    lane_names = sorted(lane.get("name") for lane in tree.xpath("//bpmn:lane", namespaces=NS))
    assert lane_names == ["CLB", "School"]
