"""Workflow state without the spec.

Spiff's default serializer embeds the whole process spec in every saved state.
We keep specs once per deployed version (workflow_specs) and store only the
instance: smaller rows, and restoring reuses the parsed spec from memory.
"""

from copy import copy
from uuid import UUID, SafeUUID

import orjson
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    TaskConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState

from app.engine.timers import SCHOOL_TIMERS
from app.engine.workflow import ZorgpadWorkflow

TASK_TYPENAME = "Task"
UNKNOWN_SAFETY = SafeUUID.unknown  # read once: an enum member's lookup costs a microsecond, per task


class _TaskId(UUID):
    """A task id read from a state, keeping the text it was read from: a save
    writes most ids three times, and UUID formats its text anew each time.
    Equal to (and hashed as) the plain UUID; copied or pickled, it is one."""

    __slots__ = ("text",)
    text: str

    def __str__(self) -> str:
        return self.text

    def __reduce__(self):
        return (UUID, (self.text,))


class _Ids(dict):
    """One UUID object per task id while a state is restored. A state names each
    id three times (the task, its parent's children, its children's parent):
    one object is parsed once, and the many lookups of the task map by these ids
    then find the very key (identity, not UUID.__eq__). The timer sweep restores
    a state per due instance: this was a fifth of its engine time."""

    def __missing__(self, text: str) -> UUID:
        # As UUID(text) for the canonical text our states hold (str(UUID) wrote it), without its checks.
        value = object.__new__(_TaskId)
        object.__setattr__(value, "int", int(text.replace("-", ""), 16))
        object.__setattr__(value, "is_safe", UNKNOWN_SAFETY)
        object.__setattr__(value, "text", text)
        self[text] = value
        return value


# What JSON holds as is; a dict of only these needs no converting by Spiff's registry.
PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _typed(value) -> bool:
    """Whether parsed JSON holds something Spiff's registry restores to an object
    (a dict with a typename); most task data and internal data hold nothing such."""
    if not value:
        return False
    if type(value) is dict:
        return "typename" in value or any(_typed(v) for v in value.values() if type(v) not in PLAIN_TYPES)
    if type(value) is list:
        return any(_typed(v) for v in value if type(v) not in PLAIN_TYPES)
    return False


def _restored(registry, value):
    # Spiff's registry.restore copies every dict and list it walks; the parsed JSON is this
    # restore's own, so plain data is taken as it is.
    return registry.restore(value) if _typed(value) else value


def _converted(registry, value: dict) -> dict:
    # registry.convert (with its clean, which drops callables) gives a copy of a dict of plain values.
    if all(type(v) in PLAIN_TYPES for v in value.values()):
        return dict(value)
    return registry.convert(value)


def _inherited(data: dict) -> dict:
    """A child task's data from its parent's, as Spiff's DeepMerge.merge({}, data) makes
    it (a shallow copy of each dict, list or set) without its walk."""
    inherited = data.copy()
    for key, value in data.items():
        if type(value) not in PLAIN_TYPES and isinstance(value, (dict, list, set)):
            inherited[key] = copy(value)
    return inherited


def task_to_dict(registry, task) -> dict:
    """Spiff's TaskConverter.to_dict (SpiffWorkflow 3), the same dict: its data as a
    delta on the parent's, its internal data converted."""
    parent = task.parent
    if parent is None:
        data, delta = task.data, {}
    else:
        data = {}
        delta = {
            "updates": DeepMerge.get_updated_keys(parent.data, task.data),
            "deletions": DeepMerge.get_deleted_keys(parent.data, task.data),
        }
    return {
        "id": str(task.id),
        "parent": str(task._parent) if parent is not None else None,
        "children": [str(child) for child in task._children],
        "last_state_change": task.last_state_change,
        "state": task.state,
        "task_spec": task.task_spec.name,
        "triggered": task.triggered,
        "internal_data": _converted(registry, task.internal_data),
        "data": data,
        "delta": delta,
        "typename": TASK_TYPENAME,
    }


def task_from_dict(registry, dct, workflow, ids: _Ids) -> Task:
    """Spiff's TaskConverter.from_dict (SpiffWorkflow 3), with the ids from `_Ids`."""
    task_spec = workflow.spec.task_specs.get(dct["task_spec"])
    task = Task(workflow, task_spec, state=dct["state"], id=ids[dct["id"]])
    task._parent = ids[dct["parent"]] if dct["parent"] is not None else None
    task._children = [ids[child] for child in dct["children"]]
    task.last_state_change = dct["last_state_change"]
    task.triggered = dct["triggered"]
    task.internal_data = _restored(registry, dct["internal_data"])
    if isinstance(task_spec, CatchingEvent) and task.has_state(TaskState.WAITING):
        task.workflow.top_workflow.event_manager.add_task(task)
    delta = dct.get("delta")
    parent = task.parent
    if delta and parent is not None:
        data = _inherited(parent.data)
        data.update(_restored(registry, delta.get("updates", {})))
        for key in delta.get("deletions", {}):
            if key in data:
                del data[key]
    else:
        data = _restored(registry, dct["data"])
    task.data = data
    return task


class SharedIdTaskConverter(TaskConverter):
    """Tasks met elsewhere than in a workflow's task map (none today) still convert the same."""

    def to_dict(self, task):
        dct = task_to_dict(self.registry, task)
        del dct["typename"]  # the registry adds it
        return dct

    def from_dict(self, dct, workflow, ids: _Ids | None = None):
        return task_from_dict(self.registry, dct, workflow, _Ids() if ids is None else ids)


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Saves a ZorgpadWorkflow (app/engine/workflow.py) under Spiff's typename, as
    before it existed: a saved state does not say which of the two saved it."""

    def __init__(self, target_class, registry, typename=None):
        super().__init__(ZorgpadWorkflow, registry, typename="BpmnWorkflow")

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def mapping_to_dict(self, mapping, **kwargs):
        # The task map (keyed by each task's id) without the registry's dispatch per task.
        if mapping and all(type(v) is Task for v in mapping.values()):
            return {str(k): task_to_dict(self.registry, task) for k, task in mapping.items()}
        return super().mapping_to_dict(mapping, **kwargs)

    def from_dict(self, dct, spec=None, subprocess_specs=None):
        if spec is None:
            raise ValueError("a specless state needs its spec to be restored")
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        ids = _Ids()
        workflow.tasks = {
            ids[key]: task_from_dict(self.registry, task, workflow, ids) for key, task in dct["tasks"].items()
        }
        workflow.task_tree = workflow.tasks.get(ids[dct["root"]])
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


SERIALIZER_CONFIG = dict(DEFAULT_CONFIG)
SERIALIZER_CONFIG[BpmnWorkflow] = SpeclessWorkflowConverter  # builds a ZorgpadWorkflow
SERIALIZER_CONFIG[Task] = SharedIdTaskConverter
for _timer_class in SCHOOL_TIMERS.values():  # our timers on the app's clock (timers.py)
    SERIALIZER_CONFIG[_timer_class] = TimerConditionalEventDefinitionConverter
_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SERIALIZER_CONFIG))


def _leftover(value):
    # The registry turned every typed value into plain data; sets are the one
    # kind Spiff's own JSON encoder still lists.
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in a workflow state")


def dump_state(workflow: BpmnWorkflow) -> str:
    # Spiff's serialize_json, with orjson: a step writes a state, so the JSON
    # work is on every step's path (the sweep's most of all).
    dct = _serializer.to_dict(workflow)
    dct[_serializer.VERSION_KEY] = _serializer.VERSION
    return orjson.dumps(dct, default=_leftover).decode()


def load_state(state: str, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
    dct = orjson.loads(state)
    _serializer.migrate(dct)
    workflow = _serializer.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs)
    workflow.script_engine = script_engine
    return workflow
