"""The only package that imports SpiffWorkflow.

It hands plain data back to the services (ready tasks, effects such as a phase
change, the next timer due time, the serialized state), never Spiff objects.
"""

from app.engine.documents import DOCUMENTS_NS, document_tasks
from app.engine.results import Effect, FiredTimer, MessageWait, ReadyTask, StepResult, TaskNotReady
from app.engine.runtime import (
    complete_task,
    deliver_message,
    fire_timers,
    inspect,
    message_waits,
    reschedule_timers,
    start,
    waiting_messages,
)
from app.engine.scripting import ScriptRejected
from app.engine.specs import (
    SpecBundle,
    SpecError,
    load_bundle,
    read_workflow_files,
    timer_expressions,
    user_task_ids,
)
from app.engine.specs import parse as parse_spec
from app.engine.starts import Starter
from app.engine.timers import as_moment

__all__ = [
    "DOCUMENTS_NS",
    "Effect",
    "FiredTimer",
    "MessageWait",
    "ReadyTask",
    "ScriptRejected",
    "SpecBundle",
    "SpecError",
    "Starter",
    "StepResult",
    "TaskNotReady",
    "as_moment",
    "complete_task",
    "deliver_message",
    "document_tasks",
    "fire_timers",
    "inspect",
    "load_bundle",
    "message_waits",
    "parse_spec",
    "read_workflow_files",
    "reschedule_timers",
    "start",
    "timer_expressions",
    "user_task_ids",
    "waiting_messages",
]
