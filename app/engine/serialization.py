"""Workflow state without the spec.

Spiff's default serializer embeds the whole process spec in every saved state.
We keep specs once per deployed version (workflow_specs) and store only the
instance: smaller rows, and restoring reuses the parsed spec from memory.
"""

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


class _Ids(dict):
    """One UUID object per task id while a state is restored. A state names each
    id three times (the task, its parent's children, its children's parent):
    one object is parsed once, and the many lookups of the task map by these ids
    then find the very key (identity, not UUID.__eq__). The timer sweep restores
    a state per due instance: this was a fifth of its engine time."""

    def __missing__(self, text: str) -> UUID:
        # As UUID(text) for the canonical text our states hold, without its checks.
        value = object.__new__(UUID)
        object.__setattr__(value, "int", int(text.replace("-", ""), 16))
        object.__setattr__(value, "is_safe", SafeUUID.unknown)
        self[text] = value
        return value


class SharedIdTaskConverter(TaskConverter):
    """Spiff's TaskConverter.from_dict (SpiffWorkflow 3), with the ids from `_Ids`."""

    def from_dict(self, dct, workflow, ids: _Ids | None = None):
        ids = _Ids() if ids is None else ids
        task_spec = workflow.spec.task_specs.get(dct["task_spec"])
        task = self.target_class(workflow, task_spec, state=dct["state"], id=ids[dct["id"]])
        task._parent = ids[dct["parent"]] if dct["parent"] is not None else None
        task._children = [ids[child] for child in dct["children"]]
        task.last_state_change = dct["last_state_change"]
        task.triggered = dct["triggered"]
        task.internal_data = self.registry.restore(dct["internal_data"])
        if isinstance(task_spec, CatchingEvent) and task.has_state(TaskState.WAITING):
            task.workflow.top_workflow.event_manager.add_task(task)
        delta = dct.get("delta")
        if delta and task.parent is not None:
            data = DeepMerge.merge({}, task.parent.data)
            data.update(self.registry.restore(delta.get("updates", {})))
            for key in delta.get("deletions", {}):
                if key in data:
                    del data[key]
        else:
            data = self.registry.restore(dct["data"])
        task.data = data
        return task


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec=None, subprocess_specs=None):
        if spec is None:
            raise ValueError("a specless state needs its spec to be restored")
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        ids = _Ids()
        workflow.tasks = {
            ids[key]: self.registry.restore(task, workflow=workflow, ids=ids)
            for key, task in dct["tasks"].items()
        }
        workflow.task_tree = workflow.tasks.get(ids[dct["root"]])
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


SERIALIZER_CONFIG = dict(DEFAULT_CONFIG)
SERIALIZER_CONFIG[BpmnWorkflow] = SpeclessWorkflowConverter
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
