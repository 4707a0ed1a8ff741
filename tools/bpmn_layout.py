"""A BPMN diagram described on a grid: its nodes, flows and lanes, and their geometry.

Hand-writing diagram interchange for a large diagram is error-prone; here each
node gets a lane, a column and a row, and each flow an orthogonal route computed
from them (or a corridor for flows that go back). This module builds and lays
out the Diagram and checks the layout (no overlapping shapes, no flow through a
shape); tools/bpmn_xml.py writes it as a .bpmn file. Used by tools/care_path.py.
"""

from dataclasses import dataclass, field

SIZES = {"task": (100, 80), "gateway": (50, 50), "event": (36, 36)}
BPMN_TAG = {
    "start": ("startEvent", "event"),
    "end": ("endEvent", "event"),
    "catch_message": ("intermediateCatchEvent", "event"),
    "catch_timer": ("intermediateCatchEvent", "event"),
    "boundary_timer": ("boundaryEvent", "event"),
    "user": ("userTask", "task"),
    "script": ("scriptTask", "task"),
    "service": ("serviceTask", "task"),
    "xgw": ("exclusiveGateway", "gateway"),
    "pgw": ("parallelGateway", "gateway"),
    "egw": ("eventBasedGateway", "gateway"),
}
# A row's nodes sit half a standard row below its top; a taller row (TALL)
# keeps the space below its tasks for their deadline timers (Diagram.watch).
TALL = 230


@dataclass
class Node:
    id: str
    kind: str
    name: str
    lane: str
    col: float
    row: float
    doc: str
    script: str | None = None
    message: str | None = None
    document: str | None = None  # a service task's document template (app/engine/documents.py)
    default: str | None = None
    label: str | None = None  # where the name goes: "above", "below", "upper_right", "lower_right"
    timer: str | None = None  # a timer event's timeDate expression
    attached_to: str | None = None  # a boundary event's task
    at: tuple | None = None  # an explicit centre (x, y) instead of the grid's
    size: tuple | None = None  # an explicit (width, height)
    incoming: list = field(default_factory=list)
    outgoing: list = field(default_factory=list)

    @property
    def shape(self) -> str:
        return BPMN_TAG[self.kind][1]


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str | None
    cond: str | None
    points: list | None  # explicit waypoints, or None to route
    style: str | None  # "h" or "v": which way to turn first
    label: str | None = None  # "last": put the name beside the last segment


@dataclass
class Lane:
    id: str
    name: str
    heights: list  # of its rows
    pad: int  # corridor space above the first row, for flows that go back

    def top_of(self, row: float) -> float:
        """Where row `row` starts, below the lane's padding (fractions interpolate)."""
        whole = int(row)
        return sum(self.heights[:whole]) + (row - whole) * (self.heights[whole] if row > whole else 0)


class Diagram:
    def __init__(
        self,
        process_id: str,
        name: str,
        doc: str,
        lanes: list[tuple],
        *,
        col_width=150,
        row_height=120,
        messages=(),
        stretch=None,
    ):
        self.process_id, self.name, self.doc = process_id, name, doc
        # A lane's rows: a count (of row_height each) or a list of heights (TALL for
        # rows whose tasks carry deadline timers).
        self.lanes = [
            Lane(id_, name, [row_height] * rows if isinstance(rows, int) else list(rows), pad)
            for id_, name, rows, pad in lanes
        ]
        self.col_width, self.row_height = col_width, row_height
        # {column: width}: the span from that column to the next is `width` columns
        # wide, so elements added later fit between two columns without renumbering.
        self.stretch = dict(stretch or {})
        self.node_y = row_height / 2
        self.messages = list(messages)
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.x0 = 160  # left edge of column 0 (pool header and lane labels to its left)
        self.y0 = 40
        self.lane_top = {}
        y = self.y0
        for lane in self.lanes:
            self.lane_top[lane.id] = y
            y += lane.pad + sum(lane.heights)
        self.bottom = y

    # --- building --------------------------------------------------------------
    def node(self, kind, id, name, lane, col=0, row=0, doc="", **extra) -> Node:
        assert id not in self.nodes, id
        node = Node(id, kind, name, lane, col, row, doc, **extra)
        self.nodes[id] = node
        return node

    def flow(
        self,
        source,
        target,
        name=None,
        cond=None,
        *,
        default=False,
        points=None,
        style=None,
        id=None,
        label=None,
    ) -> Flow:
        flow_id = id or f"flow_{source}_to_{target}"
        flow = Flow(flow_id, source, target, name, cond, points, style, label)
        self.flows.append(flow)
        self.nodes[source].outgoing.append(flow_id)
        self.nodes[target].incoming.append(flow_id)
        if default:
            self.nodes[source].default = flow_id
        return flow

    def watch(self, task_id, *, reminder, escalation, escalated_name, docs) -> Node:
        """The deadline convention (DEVELOPERS.md, "Timers"): a reminder and an
        escalation as non-interrupting boundary timers on the task, the reminder
        ending at once, the escalation opening a task for the lane's director.
        Drawn in the space a TALL row keeps below the task. `docs` holds the
        documentation of: reminder, escalation, escalated task, their ends."""
        task = self.nodes[task_id]
        lane = self.lane_of(task.lane)
        assert lane.heights[int(task.row)] >= TALL, f"{task_id}: its row needs TALL for its timers"
        cx, cy = self.col_x(task.col), self.row_y(task.lane, task.row)
        bottom = cy + SIZES["task"][1] / 2
        ids = {
            "reminder": f"{task_id}_reminder",
            "escalation": f"{task_id}_escalation",
            "escalated": f"{task_id}_escalated",
            "end_reminder": f"end_{task_id}_reminder",
            "end_escalated": f"end_{task_id}_escalated",
        }
        place = {"col": task.col, "row": task.row}
        right, left = cx + 42, cx - 30  # where the reminder and the escalation sit on the task's edge
        self.node(
            "boundary_timer",
            ids["reminder"],
            "Herinnering",
            task.lane,
            doc=docs["reminder"],
            timer=reminder,
            attached_to=task_id,
            at=(right, bottom),
            label="reminder",
            **place,
        )
        self.node(
            "boundary_timer",
            ids["escalation"],
            "Escalatie",
            task.lane,
            doc=docs["escalation"],
            timer=escalation,
            attached_to=task_id,
            at=(left, bottom),
            label="escalation",
            **place,
        )
        self.node(
            "end",
            ids["end_reminder"],
            "",
            task.lane,
            doc=docs["end_reminder"],
            at=(right, bottom + 46),
            **place,
        )
        escalated = self.node(
            "user",
            ids["escalated"],
            escalated_name,
            task.lane,
            doc=docs["escalated"],
            at=(cx - 42, bottom + 60),
            size=(100, 60),
            **place,
        )
        self.node(
            "end",
            ids["end_escalated"],
            "",
            task.lane,
            doc=docs["end_escalated"],
            at=(right, bottom + 100),
            **place,
        )
        self.flow(ids["reminder"], ids["end_reminder"], points=[(right, bottom + 18), (right, bottom + 28)])
        self.flow(ids["escalation"], ids["escalated"], points=[(left, bottom + 18), (left, bottom + 30)])
        # into the end event's circle, 12 px above its centre
        self.flow(
            ids["escalated"],
            ids["end_escalated"],
            points=[(cx + 8, bottom + 88), (right - (18**2 - 12**2) ** 0.5, bottom + 88)],
        )
        return escalated

    # --- geometry --------------------------------------------------------------
    def lane_of(self, lane_id) -> Lane:
        return next(lane for lane in self.lanes if lane.id == lane_id)

    def row_y(self, lane_id, row) -> float:
        """The vertical centre of a row."""
        lane = self.lane_of(lane_id)
        return self.lane_top[lane_id] + lane.pad + lane.top_of(row) + self.node_y

    def col_x(self, col) -> float:
        position = col
        for start, width in self.stretch.items():
            if col > start:
                position += (width - 1) * min(col - start, 1)
        return self.x0 + position * self.col_width + self.col_width / 2

    def boundary(self, lane_id, row, dy=0) -> float:
        """The y between row-1 and row of a lane (row 0: the top of its rows)."""
        lane = self.lane_of(lane_id)
        return self.lane_top[lane_id] + lane.pad + lane.top_of(row) + dy

    def corridor(self, lane_id, dy) -> float:
        """A y in the lane's top padding (for flows that go back over the lane)."""
        return self.lane_top[lane_id] + dy

    def box(self, node: Node):
        w, h = node.size or SIZES[node.shape]
        cx, cy = node.at or (self.col_x(node.col), self.row_y(node.lane, node.row))
        return cx - w / 2, cy - h / 2, w, h

    def centre(self, node):
        x, y, w, h = self.box(node)
        return x + w / 2, y + h / 2

    def port(self, node, side):
        x, y, w, h = self.box(node)
        return {
            "left": (x, y + h / 2),
            "right": (x + w, y + h / 2),
            "top": (x + w / 2, y),
            "bottom": (x + w / 2, y + h),
        }[side]

    def back(self, source, target, y):
        """Waypoints for a flow that goes back (or far) along a corridor at height y."""
        s, t = self.nodes[source], self.nodes[target]
        sx, sy = self.centre(s)
        tx, ty = self.centre(t)
        start = self.port(s, "bottom" if y > sy else "top")
        end = self.port(t, "bottom" if y > ty else "top")
        return [start, (sx, y), (tx, y), end]

    def route(self, flow: Flow):
        if flow.points:
            return flow.points
        s, t = self.nodes[flow.source], self.nodes[flow.target]
        sx, sy = self.centre(s)
        tx, ty = self.centre(t)
        if abs(sy - ty) < 1:
            if tx > sx:
                return [self.port(s, "right"), self.port(t, "left")]
            raise ValueError(f"{flow.id}: goes back on the same row; give points")
        if abs(sx - tx) < 1:
            down = ty > sy
            return [self.port(s, "bottom" if down else "top"), self.port(t, "top" if down else "bottom")]
        if tx < sx:
            raise ValueError(f"{flow.id}: goes back; give points")
        style = flow.style or ("v" if s.shape == "gateway" else "h")
        down = ty > sy
        if style == "v":
            return [self.port(s, "bottom" if down else "top"), (sx, ty), self.port(t, "left")]
        if t.shape != "task":
            return [self.port(s, "right"), (tx, sy), self.port(t, "top" if down else "bottom")]
        elbow = self.box(t)[0] - 25
        return [self.port(s, "right"), (elbow, sy), (elbow, ty), self.port(t, "left")]

    # --- checks ----------------------------------------------------------------
    def check_crossings(self) -> list[tuple[str, str]]:
        """(flow, node) pairs where a flow's straight segment runs through a shape
        that is neither its source nor its target (there should be none)."""
        found = []
        for flow in self.flows:
            points = self.route(flow)
            ends = {flow.source, flow.target}
            for node in self.nodes.values():
                if node.id in ends or node.attached_to in ends:
                    continue
                x, y, w, h = self.box(node)
                x0, y0, x1, y1 = x + 2, y + 2, x + w - 2, y + h - 2
                for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                    if (abs(ay - by) < 1 and y0 < ay < y1 and min(ax, bx) < x1 and max(ax, bx) > x0) or (
                        abs(ax - bx) < 1 and x0 < ax < x1 and min(ay, by) < y1 and max(ay, by) > y0
                    ):
                        found.append((flow.id, node.id))
                        break
        return found

    def check_overlaps(self) -> list[tuple[str, str]]:
        """Pairs of nodes whose shapes overlap (there should be none but a
        boundary event on its task)."""
        found = []
        items = list(self.nodes.values())
        for i, a in enumerate(items):
            ax, ay, aw, ah = self.box(a)
            for b in items[i + 1 :]:
                if a.id == b.attached_to or b.id == a.attached_to:
                    continue  # a boundary event sits on its task's edge
                bx, by, bw, bh = self.box(b)
                if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                    found.append((a.id, b.id))
        return found
