"""A next version of the care path, built from workflows/ with lxml (never a hand copy).

`case_v2(xml)` takes workflows/zorgpad_case.bpmn and
- renames `task_hgd` to `task_hgd_trajectory` ("HGD-traject"): cases waiting there need the
  plan's mapping (tests/fixtures/migrations/zorgpad_case_1_2.json);
- removes `task_monitoring_review` (with its reminder, escalation and escalation task): the end
  of monitoring goes straight to `script_reopen` and the evaluation; a case waiting there needs
  the plan to name its target;
- adds a reminder on `task_short_term` (`task_short_term_reminder`, the CLB lane's
  `clb_reminder`): a task already open is reminded counted from when it opened.

`followup_v2(xml)` changes the absence follow-up: the talk with the pupil gets a new name and
its reminder the shorter first-contact deadline (counted again from the talk's own start).
`use_versions(app, tmp_path)` points the app at copies of workflows/ and forms/ holding them.
"""

import json
import shutil
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = FIXTURES / "migrations" / "zorgpad_case_1_2.json"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {
    "bpmn": BPMN,
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
RENAMED = ("task_hgd", "task_hgd_trajectory", "HGD-traject")
REMOVED = "task_monitoring_review"
NEW_TIMER = "task_short_term_reminder"


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _by_id(root, element_id: str):
    found = root.xpath("//*[@id=$id]", id=element_id)
    assert len(found) == 1, element_id
    return found[0]


def _drop(root, element_id: str) -> None:
    """An element, its flow node reference and its diagram shape or edge."""
    element = _by_id(root, element_id)
    element.getparent().remove(element)
    for ref in root.xpath("//bpmn:flowNodeRef[text()=$id]", namespaces=NS, id=element_id):
        ref.getparent().remove(ref)
    for shape in root.xpath("//*[@bpmnElement=$id]", id=element_id):
        shape.getparent().remove(shape)


def _retarget(root, flow_id: str, target: str) -> None:
    flow = _by_id(root, flow_id)
    old = flow.get("targetRef")
    flow.set("targetRef", target)
    for incoming in _by_id(root, old).findall("bpmn:incoming", NS):
        if incoming.text == flow_id:
            incoming.getparent().remove(incoming)
    etree.SubElement(_by_id(root, target), _q("bpmn:incoming")).text = flow_id
    # Put the new <incoming> before the element's <outgoing> (the XSD's order).
    node = _by_id(root, target)
    added = node[-1]
    first_out = node.find("bpmn:outgoing", NS)
    if first_out is not None:
        first_out.addprevious(added)


def _rename(root, old: str, new: str, name: str) -> None:
    element = _by_id(root, old)
    element.set("id", new)
    element.set("name", name)
    for attr in ("sourceRef", "targetRef", "bpmnElement", "attachedToRef"):
        for node in root.xpath(f"//*[@{attr}=$id]", id=old):
            node.set(attr, new)
    for ref in root.xpath("//bpmn:flowNodeRef[text()=$id]", namespaces=NS, id=old):
        ref.text = new


def _remove_task(root, task_id: str, into: str) -> None:
    """The task goes; what led to it leads to `into` (the task's one successor)."""
    task = _by_id(root, task_id)
    outgoing = [o.text for o in task.findall("bpmn:outgoing", NS)]
    for incoming in [i.text for i in task.findall("bpmn:incoming", NS)]:
        _retarget(root, incoming, into)
    for flow_id in outgoing:
        _drop(root, flow_id)
        for ref in _by_id(root, into).findall("bpmn:incoming", NS):
            if ref.text == flow_id:
                ref.getparent().remove(ref)
    for boundary in root.xpath("//bpmn:boundaryEvent[@attachedToRef=$id]", namespaces=NS, id=task_id):
        remove_boundary(root, boundary.get("id"))
    _drop(root, task_id)


def _add_reminder(root, task_id: str, deadline: str) -> None:
    process = _by_id(root, task_id).getparent()
    reminder, end = f"{task_id}_reminder", f"end_{task_id}_reminder"
    flow = f"flow_{reminder}_to_{end}"
    boundary = etree.SubElement(
        process,
        _q("bpmn:boundaryEvent"),
        id=reminder,
        name="Herinnering",
        attachedToRef=task_id,
        cancelActivity="false",
    )
    etree.SubElement(boundary, _q("bpmn:outgoing")).text = flow
    timer = etree.SubElement(boundary, _q("bpmn:timerEventDefinition"), id=f"ted_{reminder}")
    date = etree.SubElement(timer, _q("bpmn:timeDate"))
    date.set(_q("xsi:type"), "tFormalExpression")  # the files use BPMN as the default namespace
    date.text = f'add_school_days(timer_start, deadline("{deadline}"))'
    end_event = etree.SubElement(process, _q("bpmn:endEvent"), id=end, name="")
    etree.SubElement(end_event, _q("bpmn:incoming")).text = flow
    etree.SubElement(process, _q("bpmn:sequenceFlow"), id=flow, sourceRef=reminder, targetRef=end)
    lane = root.xpath("//bpmn:lane[bpmn:flowNodeRef[text()=$id]]", namespaces=NS, id=task_id)[0]
    for node in (reminder, end):
        etree.SubElement(lane, _q("bpmn:flowNodeRef")).text = node
    # The diagram: the timer on the task's lower edge, its end below it.
    bounds = root.xpath("//bpmndi:BPMNShape[@bpmnElement=$id]/dc:Bounds", namespaces=NS, id=task_id)[0]
    x, y = float(bounds.get("x")), float(bounds.get("y")) + float(bounds.get("height"))
    plane = bounds.getparent().getparent()
    for node, (nx, ny) in ((reminder, (x + 12, y - 18)), (end, (x + 12, y + 40))):
        shape = etree.SubElement(plane, _q("bpmndi:BPMNShape"), id=f"{node}_di", bpmnElement=node)
        etree.SubElement(shape, _q("dc:Bounds"), x=str(nx), y=str(ny), width="36", height="36")
    edge = etree.SubElement(plane, _q("bpmndi:BPMNEdge"), id=f"{flow}_di", bpmnElement=flow)
    etree.SubElement(edge, _q("di:waypoint"), x=str(x + 30), y=str(y + 18))
    etree.SubElement(edge, _q("di:waypoint"), x=str(x + 30), y=str(y + 40))


def edit(xml: str, change) -> str:
    """`change(root)` applied to the BPMN text (tests build other variants with it)."""
    return _edit(xml, change)


def set_condition(root, flow_id: str, expression: str) -> None:
    _by_id(root, flow_id).find("bpmn:conditionExpression", NS).text = expression


def remove_boundary(root, boundary_id: str) -> None:
    """A boundary event and what only it leads to (its end event, an escalation task)."""
    todo = [boundary_id]
    while todo:
        current = todo.pop()
        for flow_id in [o.text for o in _by_id(root, current).findall("bpmn:outgoing", NS)]:
            todo.append(_by_id(root, flow_id).get("targetRef"))
            _drop(root, flow_id)
        _drop(root, current)


def _edit(xml: str, change) -> str:
    root = etree.fromstring(xml.encode("utf-8"))
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def case_v2(xml: str) -> str:
    def change(root):
        _rename(root, *RENAMED)
        _remove_task(root, REMOVED, into="script_reopen")
        _add_reminder(root, "task_short_term", "clb_reminder")

    return _edit(xml, change)


def followup_v2(xml: str) -> str:
    def change(root):
        talk = _by_id(root, "task_absence_pupil_talk")
        talk.set("name", "Gesprek met de leerling na de terugkeer")
        date = _by_id(root, "ted_task_absence_pupil_talk_reminder").find("bpmn:timeDate", NS)
        date.text = 'add_school_days(timer_start, deadline("first_contact_reminder"))'

    return _edit(xml, change)


def write_versions(workflows: Path, forms: Path) -> None:
    """The next versions into a copy of workflows/ (and the renamed task's form into a
    copy of forms/): the next `zorgpad deploy-workflows` takes them."""
    for name, change in (("zorgpad_case.bpmn", case_v2), ("zorgpad_absence_followup.bpmn", followup_v2)):
        path = workflows / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    old, new, title = RENAMED
    for suffix in (".schema.json", ".uischema.json"):
        source = forms / f"{old}{suffix}"
        if source.exists():
            form = json.loads(source.read_text(encoding="utf-8"))
            if suffix == ".schema.json":
                form["title"] = title
            (forms / f"{new}{suffix}").write_text(json.dumps(form, ensure_ascii=False, indent=2), "utf-8")
    (workflows / "migrations").mkdir(exist_ok=True)


def use_versions(app, tmp_path) -> dict:
    """Copies of workflows/ and forms/ with the next versions of the case and the follow-up
    (and the renamed task's form); the app reads them from now on. Deploy to take them."""
    workflows, forms = tmp_path / "workflows_v2", tmp_path / "forms_v2"
    shutil.copytree(ROOT / "workflows", workflows)
    shutil.copytree(ROOT / "forms", forms)
    write_versions(workflows, forms)
    config = {"WORKFLOWS_DIR": str(workflows), "FORMS_DIR": str(forms)}
    app.config.update(config)
    return config
