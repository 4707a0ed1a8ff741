"""States saved by the engine before its faster restore and serialization
(tests/unit/stored_states.py) restore and take each step exactly as they did then."""

import json

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
