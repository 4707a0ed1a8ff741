"""States saved by the engine before its faster restore and serialization
(tests/unit/stored_states.py) restore and take each step exactly as they did then."""

import copy
import json
import pickle
from uuid import UUID

import pytest

from app.engine.serialization import dump_state, load_state
from tests.unit.stored_states import STEPS, bundle, outcome, take

RECORDED = json.loads(STEPS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("step", RECORDED, ids=[f"{s['key']}-{s['op']}-{i}" for i, s in enumerate(RECORDED)])
def test_a_stored_state_steps_as_it_did(step):
    assert outcome(take(step)) == step["outcome"]


@pytest.mark.parametrize("step", RECORDED, ids=[f"{s['key']}-{i}" for i, s in enumerate(RECORDED)])
def test_a_stored_state_saves_again_as_it_was(step):
    """Restored and saved without a step, a state is the very same text (ids, clock and all)."""
    found = bundle(step["key"])
    workflow = load_state(step["state"], found.spec, found.subprocess_specs, None)
    assert dump_state(workflow) == step["state"]


def test_ids_read_from_a_state_print_as_read_and_copy_as_plain_uuids():
    step = RECORDED[1]
    found = bundle(step["key"])
    workflow = load_state(step["state"], found.spec, found.subprocess_specs, None)
    saved = json.loads(step["state"])["tasks"]
    for task_id, task in workflow.tasks.items():
        assert task_id is task.id and str(task_id) in saved and str(task_id) == str(UUID(int=task_id.int))
        for again in (copy.copy(task_id), copy.deepcopy(task_id), pickle.loads(pickle.dumps(task_id))):
            assert type(again) is UUID and again == task_id and hash(again) == hash(task_id)
