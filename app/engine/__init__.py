"""The only package that imports SpiffWorkflow.

It hands plain data back to the services (ready tasks, effects such as a phase
change, the next timer due time, the serialized state), never Spiff objects.
"""

from app.engine.documents import DOCUMENTS_NS, document_tasks
from app.engine.migration import Blocker, Migrated, Need, VersionPlan
from app.engine.migration import migrate as migrate_instance
from app.engine.results import Effect, FiredTimer, MessageWait, ReadyTask, StepResult, TaskNotReady
from app.engine.runtime import (
    TASK_ABOUT,
    complete_task,
    deliver_message,
    fire_timers,
    inspect,
    message_waits,
    process_value,
    reschedule_timers,
    start,
    waiting_messages,
)
from app.engine.scripting import ScriptRejected
from app.engine.specs import (
    SpecBundle,
    SpecError,
    load_bundle,
    process_name,
    read_workflow_files,
    timer_expressions,
    user_task_ids,
)
from app.engine.specs import parse as parse_spec
from app.engine.starts import Starter
from app.engine.timers import as_moment
from app.engine.versions import Element, VersionChanges, element_info
from app.engine.versions import compare as compare_versions

__all__ = [
    "DOCUMENTS_NS",
    "TASK_ABOUT",
    "process_name",
    "process_value",
    "Blocker",
    "Effect",
    "Element",
    "FiredTimer",
    "MessageWait",
    "Migrated",
    "Need",
    "ReadyTask",
    "ScriptRejected",
    "SpecBundle",
    "SpecError",
    "Starter",
    "StepResult",
    "TaskNotReady",
    "VersionChanges",
    "VersionPlan",
    "as_moment",
    "compare_versions",
    "complete_task",
    "deliver_message",
    "document_tasks",
    "element_info",
    "fire_timers",
    "inspect",
    "load_bundle",
    "message_waits",
    "migrate_instance",
    "parse_spec",
    "read_workflow_files",
    "reschedule_timers",
    "start",
    "timer_expressions",
    "user_task_ids",
    "waiting_messages",
]
