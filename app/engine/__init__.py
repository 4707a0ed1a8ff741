"""The only package that imports SpiffWorkflow.

It hands plain data back to the services (ready tasks, effects such as a phase
change, the next timer due time, the serialized state), never Spiff objects.
"""
from app.engine.runtime import (
    Effect,
    ReadyTask,
    StepResult,
    TaskNotReady,
    complete_task,
    deliver_message,
    start,
    waiting_messages,
)
from app.engine.scripting import ScriptRejected
from app.engine.specs import SpecBundle, SpecError, load_bundle, read_workflow_files, user_task_ids
from app.engine.specs import parse as parse_spec

__all__ = [
    "Effect", "ReadyTask", "ScriptRejected", "SpecBundle", "SpecError", "StepResult", "TaskNotReady",
    "complete_task", "deliver_message", "load_bundle", "parse_spec", "read_workflow_files", "start",
    "user_task_ids", "waiting_messages",
]
