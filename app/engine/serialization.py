"""Workflow state without the spec.

Spiff's default serializer embeds the whole process spec in every saved state.
We keep specs once per deployed version (workflow_specs) and store only the
instance: smaller rows, and restoring reuses the parsed spec from memory.
"""

from uuid import UUID

import orjson
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter

from app.engine.timers import SCHOOL_TIMERS


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
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


SERIALIZER_CONFIG = dict(DEFAULT_CONFIG)
SERIALIZER_CONFIG[BpmnWorkflow] = SpeclessWorkflowConverter
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
