"""Write a Diagram (tools/bpmn_layout.py) as a BPMN 2.0 file: the process, then
its diagram interchange (shapes and edges where the layout put them).

The output is plain text built line by line, so the same Diagram gives the
same bytes (tests/unit/test_generated_files.py relies on that).
"""

from xml.sax.saxutils import escape

from tools.bpmn_layout import BPMN_TAG, Diagram

# Service tasks that make a document (app/engine/documents.py: the same namespace).
DOCUMENTS_NS = "http://zorgpad.local/bpmn/documents"


def _process(d: Diagram) -> list[str]:
    """The process: its lanes, its nodes (with documentation, scripts, timers) and its flows."""
    out = [
        f'  <process id="{d.process_id}" name="{escape(d.name)}" isExecutable="true">',
        f"    <documentation>{escape(d.doc)}</documentation>",
        f'    <laneSet id="laneset_{d.process_id}">',
    ]
    for lane in d.lanes:
        out.append(f'      <lane id="{lane.id}" name="{escape(lane.name)}">')
        out += [f"        <flowNodeRef>{n.id}</flowNodeRef>" for n in d.nodes.values() if n.lane == lane.id]
        out.append("      </lane>")
    out.append("    </laneSet>")
    for node in d.nodes.values():
        tag = BPMN_TAG[node.kind][0]
        attrs = f'id="{node.id}" name="{escape(node.name, {chr(34): "&quot;"})}"'
        if node.kind == "script":
            attrs += ' scriptFormat="python"'
        if node.attached_to:
            attrs += f' attachedToRef="{node.attached_to}" cancelActivity="false"'
        if node.default:
            attrs += f' default="{node.default}"'
        out.append(f"    <{tag} {attrs}>")
        out.append(f"      <documentation>{escape(node.doc)}</documentation>")
        if node.document:
            out += [
                "      <extensionElements>",
                f'        <zorgpad:document template="{node.document}" />',
                "      </extensionElements>",
            ]
        out += [f"      <incoming>{f}</incoming>" for f in node.incoming]
        out += [f"      <outgoing>{f}</outgoing>" for f in node.outgoing]
        if node.kind == "catch_message":
            out.append(f'      <messageEventDefinition id="med_{node.id}" messageRef="msg_{node.message}" />')
        if node.timer:
            out += [
                f'      <timerEventDefinition id="ted_{node.id}">',
                f'        <timeDate xsi:type="tFormalExpression">{escape(node.timer)}</timeDate>',
                "      </timerEventDefinition>",
            ]
        if node.script:
            out.append(f"      <script>{escape(node.script)}</script>")
        out.append(f"    </{tag}>")
    for flow in d.flows:
        name = f' name="{escape(flow.name, {chr(34): "&quot;"})}"' if flow.name else ""
        head = f'    <sequenceFlow id="{flow.id}" sourceRef="{flow.source}" targetRef="{flow.target}"{name}'
        if flow.cond:
            out.append(head + ">")
            out.append(
                f'      <conditionExpression xsi:type="tFormalExpression">{escape(flow.cond)}'
                "</conditionExpression>"
            )
            out.append("    </sequenceFlow>")
        else:
            out.append(head + " />")
    out.append("  </process>")
    return out


def _diagram(d: Diagram) -> list[str]:
    """Diagram interchange: the pool, the lanes, a shape per node and a routed edge per flow."""
    width = d.col_x(max(n.col for n in d.nodes.values())) + d.col_width / 2 + 40 - 100
    out = [
        f'  <bpmndi:BPMNDiagram id="diagram_{d.process_id}">',
        f'    <bpmndi:BPMNPlane id="plane_{d.process_id}" bpmnElement="collaboration_{d.process_id}">',
        f'      <bpmndi:BPMNShape id="participant_{d.process_id}_di" '
        f'bpmnElement="participant_{d.process_id}" isHorizontal="true">',
        f'        <dc:Bounds x="100" y="{d.y0}" width="{width:.0f}" height="{d.bottom - d.y0:.0f}" />',
        "      </bpmndi:BPMNShape>",
    ]
    for lane in d.lanes:
        height = lane.pad + sum(lane.heights)
        out += [
            f'      <bpmndi:BPMNShape id="{lane.id}_di" bpmnElement="{lane.id}" isHorizontal="true">',
            f'        <dc:Bounds x="130" y="{d.lane_top[lane.id]:.0f}" width="{width - 30:.0f}" '
            f'height="{height:.0f}" />',
            "      </bpmndi:BPMNShape>",
        ]
    for node in d.nodes.values():
        x, y, w, h = d.box(node)
        marker = ' isMarkerVisible="true"' if node.kind == "xgw" else ""
        out.append(f'      <bpmndi:BPMNShape id="{node.id}_di" bpmnElement="{node.id}"{marker}>')
        out.append(f'        <dc:Bounds x="{x:.0f}" y="{y:.0f}" width="{w}" height="{h}" />')
        if node.shape != "task" and node.name:
            # External labels: above a gateway, below an event, unless told.
            where = node.label or ("above" if node.shape == "gateway" else "below")
            lx, ly, lw = {
                "above": (x + w / 2 - 55, y - 32, 110),
                "below": (x + w / 2 - 55, y + h + 4, 110),
                "upper_right": (x + w + 2, y - 26, 110),
                "lower_right": (x + w + 2, y + h - 4, 110),
                # the deadline timers' names, beside their satellites (watch)
                "reminder": (x + w + 2, y + 22, 62),
                "escalation": (x - 52, y + 2, 50),
            }[where]
            out += [
                "        <bpmndi:BPMNLabel>",
                f'          <dc:Bounds x="{lx:.0f}" y="{ly:.0f}" width="{lw}" height="27" />',
                "        </bpmndi:BPMNLabel>",
            ]
        out.append("      </bpmndi:BPMNShape>")
    for flow in d.flows:
        points = d.route(flow)
        out.append(f'      <bpmndi:BPMNEdge id="{flow.id}_di" bpmnElement="{flow.id}">')
        out += [f'        <di:waypoint x="{px:.0f}" y="{py:.0f}" />' for px, py in points]
        if flow.name:
            lx, ly = _label_at(points[-2:] if flow.label == "last" else points)
            out += [
                "        <bpmndi:BPMNLabel>",
                f'          <dc:Bounds x="{lx:.0f}" y="{ly:.0f}" width="66" height="27" />',
                "        </bpmndi:BPMNLabel>",
            ]
        out.append("      </bpmndi:BPMNEdge>")
    out += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
    return out


def _label_at(points):
    """Where a flow's name goes: above its longest horizontal stretch, near
    where that stretch starts; else beside its longest segment."""
    segments = list(zip(points, points[1:], strict=False))
    flat = [seg for seg in segments if abs(seg[0][1] - seg[1][1]) < 1]
    longest = max(flat, key=lambda seg: abs(seg[1][0] - seg[0][0]), default=None)
    if longest is not None and abs(longest[1][0] - longest[0][0]) >= 70:
        (ax, ay), (bx, _) = longest
        return (ax + 6 if bx > ax else ax - 72), ay - 30
    (ax, ay), (bx, by) = max(
        segments, key=lambda seg: abs(seg[1][1] - seg[0][1]) + abs(seg[1][0] - seg[0][0])
    )
    return ax + 6, ay + 0.7 * (by - ay) - 14


def to_xml(d: Diagram) -> str:
    """The whole .bpmn file."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- Written by tools/care_path.py (python tools/care_path.py): edit that, not this. -->",
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"',
        '             xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
        '             xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"',
        '             xmlns:di="http://www.omg.org/spec/DD/20100524/DI"',
        '             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        *([f'             xmlns:zorgpad="{DOCUMENTS_NS}"'] if _has_documents(d) else []),
        f'             id="definitions_{d.process_id}" targetNamespace="http://zorgpad.local/bpmn"',
        '             exporter="zorgpad tools/care_path.py" exporterVersion="2.0">',
        f'  <collaboration id="collaboration_{d.process_id}">',
        f'    <participant id="participant_{d.process_id}" name="{escape(d.name)}" '
        f'processRef="{d.process_id}" />',
        "  </collaboration>",
    ]
    out += [f'  <message id="msg_{m}" name="{m}" />' for m in d.messages]
    out += _process(d)
    out += _diagram(d)
    out.append("</definitions>")
    return "\n".join(out) + "\n"


def _has_documents(d: Diagram) -> bool:
    return any(node.document for node in d.nodes.values())
