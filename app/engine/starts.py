"""Starting many instances of one process at once (an absence import opens
thousands of follow-ups in one transaction).

A start is deterministic for a given spec, data, moment and script functions:
only the task ids (random UUIDs) differ from one instance to the next. So
each distinct start runs once through the engine and every other instance
with the same data gets a copy of its state with fresh task ids. The copy
renames every task id wherever it occurs in the serialized state (parents,
children, the last task, a subprocess's id, a boundary event's reference),
so it is the state the engine would have written itself.
"""

import dataclasses
import json
import re
import uuid
from datetime import datetime

from app.engine.results import StepResult
from app.engine.runtime import start
from app.engine.specs import SpecBundle

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _renamed(result: StepResult, task_ids: list[str]) -> StepResult:
    fresh = {old: str(uuid.uuid4()) for old in task_ids}
    state = result.state
    for old, new in fresh.items():  # a UUID is unique text: a plain replace cannot hit anything else
        state = state.replace(old, new)
    ready = [dataclasses.replace(t, engine_task_id=fresh[t.engine_task_id]) for t in result.ready_tasks]
    return dataclasses.replace(result, state=state, ready_tasks=ready)


class Starter:
    """Starts instances of one process version as of one moment, reusing the
    engine's work for instances whose initial data are equal."""

    def __init__(self, bundle: SpecBundle, *, now: datetime | None = None, functions: dict | None = None):
        self.bundle, self.now, self.functions = bundle, now, functions
        self._started: dict[str, tuple[StepResult, list[str]]] = {}

    def start(self, data: dict) -> StepResult:
        key = json.dumps(data, sort_keys=True, default=str)
        found = self._started.get(key)
        if found is None:
            result = start(self.bundle, data, now=self.now, functions=self.functions)
            self._started[key] = result, list(json.loads(result.state)["tasks"])
            return result
        return _renamed(*found)
