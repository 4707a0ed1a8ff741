"""Two versions of one process, compared element by element (the basis of a migration plan).

An element is a BPMN flow node (its id); Spiff's own helper specs (the start and end
tasks, the split and join it puts around a task with boundary events) follow the
element they belong to. Elements with the same id map to themselves. What changed is
told per element, in terms that matter to a running case: its kind, name or lane, a
gateway's routing (conditions and default, their targets read through the mapping, so
a renamed target alone is no change), a timer's expression, a message, a script, a
document, a boundary event's task. A wait that the new version races against
another behind an event-based gateway (`raced`) moves onto that gateway by itself.
`suggested` is SpiffWorkflow's own guess
(`SpecDiff`: aligned by the surrounding flow) for removed elements: a hint for the
person writing the plan, never applied by itself.
"""

import ast
import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.task_spec import BpmnTaskSpecConverter
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent, EventBasedGateway
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.bpmn.util.diff import SpecDiff

from app.engine.documents import DocumentTask
from app.engine.effects import SCRIPT_FUNCTIONS
from app.engine.serialization import SERIALIZER_CONFIG
from app.engine.specs import SpecBundle
from app.engine.timers import START_KEY
from app.vocabulary import Lane

HELPER_SUFFIXES = (".BoundaryEventSplit", ".BoundaryEventJoin")
GATEWAYS = ("ExclusiveGateway", "InclusiveGateway", "ParallelGateway", "EventBasedGateway")
# Names an expression may read that are not case data.
KNOWN_NAMES = frozenset(dir(builtins)) | SCRIPT_FUNCTIONS | {START_KEY, "add_school_days", "deadline"}


@dataclass(frozen=True)
class VersionChanges:
    """What differs between two versions of one process (element ids)."""

    key: str
    old_version: int
    new_version: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: Mapping[str, tuple[str, ...]]  # element → what changed ("routing", "timer", "name", …)
    moved: Mapping[str, str]  # element → the subprocess of the new version it went into
    suggested: Mapping[str, str]  # removed element → SpiffWorkflow's guess at its new id
    # A catch event the new version races against another behind an event-based gateway
    # (e.g. a date wait that "Nu evalueren" may cut short): a token waiting on it waits on
    # that gateway now, with its timer's start.
    raced: Mapping[str, str]
    new_names: tuple[str, ...]  # variables the new version reads that the old never read nor set

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved)


def element_of(spec_name: str) -> str:
    """The element a (helper) spec belongs to: `task_x.BoundaryEventSplit` → `task_x`."""
    for suffix in HELPER_SUFFIXES:
        if spec_name.endswith(suffix):
            return spec_name[: -len(suffix)]
    return spec_name


def wait_kind(spec) -> str | None:
    """What a token rests on: a user task, an event (or event-based gateway), a join;
    None for what runs through at once (scripts, other gateways, end events)."""
    if getattr(spec, "manual", False):
        return "user"
    if isinstance(spec, EventBasedGateway):
        return "events"
    if isinstance(spec, CatchingEvent) and not isinstance(spec, BoundaryEvent):
        return "event"
    if isinstance(spec, UnstructuredJoin):
        return "join"
    return None


def elements(bundle: SpecBundle) -> dict[str, Any]:
    """Flow node id → spec of the top-level process."""
    process: Any = bundle.spec
    return {name: spec for name, spec in process.task_specs.items() if getattr(spec, "bpmn_id", None)}


@dataclass(frozen=True)
class Element:
    """A flow node as a plan talks about it: its name and lane, and what a token does
    there (`wait_kind`: user, event, events, join; None: it runs through)."""

    id: str
    name: str
    lane: Lane | None
    kind: str | None


def element_info(bundle: SpecBundle) -> dict[str, Element]:
    return {
        name: Element(
            name,
            spec.bpmn_name or name,
            Lane(spec.lane.strip().lower()) if spec.lane else None,
            wait_kind(spec),
        )
        for name, spec in elements(bundle).items()
    }


def _definition(spec):
    """A catch event's definition; behind an event-based gateway Spiff moved it onto the gateway."""
    definition = getattr(spec, "event_definition", None)
    for parent in spec.inputs:
        if isinstance(parent, EventBasedGateway) and spec in parent.outputs:
            return parent.event_definition.event_definitions[parent.outputs.index(spec)]
    return definition


def _signature(spec, mapping: Mapping[str, str]) -> dict[str, object]:
    """The parts of an element a running case depends on (targets read through `mapping`)."""

    def target(name: str) -> str:
        return mapping.get(element_of(name), element_of(name))

    definition = _definition(spec)
    found: dict[str, object] = {"kind": type(spec).__name__, "name": spec.bpmn_name, "lane": spec.lane}
    conditions = getattr(spec, "cond_task_specs", None)
    if conditions is not None:
        found["routing"] = (
            sorted((c.args[0] if c is not None else "", target(name)) for c, name in conditions),
            getattr(spec, "default_task_spec", None) and target(spec.default_task_spec),
        )
    elif type(spec).__name__ in GATEWAYS:
        found["routing"] = sorted(target(o.name) for o in spec.outputs)
    if definition is not None:
        found["timer" if hasattr(definition, "expression") else "event"] = (
            type(definition).__name__,
            getattr(definition, "expression", None) or getattr(definition, "name", None),
        )
    if getattr(spec, "script", None):
        found["script"] = spec.script
    if isinstance(spec, DocumentTask):
        found["document"] = spec.template
    if isinstance(spec, BoundaryEvent):
        found["boundary"] = (spec.cancel_activity, target(spec.inputs[0].name))
    return found


def _names(bundle: SpecBundle) -> tuple[set[str], set[str]]:
    """(names read, names assigned) by the expressions and scripts of a version."""
    read: set[str] = set()
    assigned: set[str] = set()
    process: Any = bundle.spec
    for spec in process.task_specs.values():
        sources = [c.args[0] for c, _ in getattr(spec, "cond_task_specs", []) if c is not None]
        definition = _definition(spec) if getattr(spec, "bpmn_id", None) else None
        expression = getattr(definition, "expression", None)
        if expression:
            sources.append(expression)
        if getattr(spec, "script", None):
            sources.append(spec.script)
        for source in sources:
            for node in ast.walk(ast.parse(source.strip())):
                if isinstance(node, ast.Name):
                    (read if isinstance(node.ctx, ast.Load) else assigned).add(node.id)
    return read, assigned


def _suggested(old: SpecBundle, new: SpecBundle, removed: set[str]) -> dict[str, str]:
    try:
        diff = SpecDiff(_DIFF_REGISTRY, old.spec, new.spec)
    except Exception:  # noqa: BLE001 - a hint only: Spiff's alignment may not know a spec
        return {}
    return {
        old_spec.name: new_spec.name
        for old_spec, new_spec in diff.alignment.items()
        if new_spec is not None and old_spec.name in removed and getattr(new_spec, "bpmn_id", None)
    }


def _raced(before: dict, after: dict) -> dict[str, str]:
    """Catch events that wait alone in `before` and behind an event-based gateway in `after`."""

    def gateway_of(spec):
        return next((g for g in spec.inputs if isinstance(g, EventBasedGateway)), None)

    found = {}
    for name, spec in after.items():
        gateway = gateway_of(spec)
        old = before.get(name)
        if gateway is not None and wait_kind(old) == "event" and gateway_of(old) is None:
            found[name] = gateway.name
    return found


def compare(old: SpecBundle, new: SpecBundle, mapping: Mapping[str, str] | None = None) -> VersionChanges:
    """`old` against `new`; `mapping` (old id → new id, the plan's) says which removed
    elements live on under another id, so a gateway routing to them is unchanged."""
    mapping = dict(mapping or {})
    before, after = elements(old), elements(new)
    raced = _raced(before, after)
    routing = {**raced, **mapping}
    in_subprocesses = {
        name: process_name
        for process_name, process in new.subprocess_specs.items()
        for name in process.task_specs
    }
    removed = {name for name in before if name not in after}
    changed = {}
    for name, spec in before.items():
        counterpart = after.get(mapping.get(name, name))
        if counterpart is None:
            continue
        was, now = _signature(spec, routing), _signature(counterpart, {})
        differences = tuple(sorted(key for key in was.keys() | now.keys() if was.get(key) != now.get(key)))
        if differences:
            changed[name] = differences
    old_read, old_assigned = _names(old)
    new_read, new_assigned = _names(new)
    return VersionChanges(
        key=new.key,
        old_version=old.version,
        new_version=new.version,
        added=tuple(sorted(name for name in after if name not in before and name not in mapping.values())),
        removed=tuple(sorted(removed)),
        changed=changed,
        moved={name: in_subprocesses[name] for name in sorted(removed) if name in in_subprocesses},
        suggested=_suggested(old, new, removed - mapping.keys()),
        raced=raced,
        new_names=tuple(sorted(new_read - new_assigned - old_read - old_assigned - KNOWN_NAMES)),
    )


class _DocumentTaskConverter(BpmnTaskSpecConverter):
    """Spiff's spec comparison serializes each spec; ours needs its template too."""

    def to_dict(self, spec):
        return {**self.get_default_attributes(spec), "template": spec.template}


_DIFF_REGISTRY = BpmnWorkflowSerializer.configure({**SERIALIZER_CONFIG, DocumentTask: _DocumentTaskConverter})
