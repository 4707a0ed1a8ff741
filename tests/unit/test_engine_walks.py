"""app/engine/workflow.py walks the task tree as Spiff's own iterator does."""

import json

import pytest
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

from app.engine import workflow as engine_workflow
from app.engine.serialization import load_state
from app.engine.workflow import ZorgpadWorkflow, walk
from tests.unit.stored_states import STEPS, bundle

RECORDED = json.loads(STEPS.read_text(encoding="utf-8"))
STATES = [
    TaskState.ANY_MASK,
    TaskState.READY,
    TaskState.WAITING,
    TaskState.NOT_FINISHED_MASK,
    TaskState.FINISHED_MASK,
    TaskState.PREDICTED_MASK,
    TaskState.DEFINITE_MASK,
    TaskState.COMPLETED,
    TaskState.MAYBE | TaskState.READY,
]


def _restored(step):
    found = bundle(step["key"])
    return load_state(step["state"], found.spec, found.subprocess_specs, None)


@pytest.mark.parametrize("step", RECORDED, ids=[f"{s['key']}-{i}" for i, s in enumerate(RECORDED)])
def test_the_walk_gives_the_tasks_spiffs_iterator_gives_in_its_order(step):
    workflow = _restored(step)
    assert isinstance(workflow, ZorgpadWorkflow)
    for state in STATES:
        for manual in (None, True, False):
            expected = list(TaskIterator(workflow.task_tree, state=state, manual=manual))
            assert list(walk(workflow.task_tree, state, manual)) == expected, (state, manual)
            assert workflow.get_tasks(state=state, manual=manual) == list(
                BpmnTaskIterator(workflow.task_tree, state=state, manual=manual)
            )
    inner = workflow.task_tree.children[0]
    assert list(walk(inner, TaskState.ANY_MASK)) == list(TaskIterator(inner))


def test_the_walk_takes_a_tasks_children_when_it_reaches_the_task():
    """As Spiff's iterator: children added below a task while it is handed out are not visited."""
    step = RECORDED[0]
    workflow, spiffs = _restored(step), _restored(step)

    def grow(tasks):
        seen = []
        for task in tasks:
            seen.append(task.task_spec.name)
            if not task._children:
                task._add_child(task.task_spec)  # a predicted child under each leaf
        return seen

    assert grow(walk(workflow.task_tree)) == grow(TaskIterator(spiffs.task_tree))


def test_a_tree_as_big_as_spiffs_depth_limit_is_walked_by_spiff(monkeypatch):
    workflow = _restored(RECORDED[1])
    monkeypatch.setattr(engine_workflow, "MAX_DEPTH", len(workflow.tasks))
    monkeypatch.setattr(engine_workflow, "TaskIterator", _Counted)
    assert workflow.get_tasks(state=TaskState.WAITING) == list(
        TaskIterator(workflow.task_tree, state=TaskState.WAITING)
    )
    assert _Counted.made == 1


class _Counted(TaskIterator):
    made = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _Counted.made += 1


def test_other_filters_and_completion_are_spiffs():
    workflow = _restored(RECORDED[0])
    named = workflow.get_tasks(spec_name="task_follow_up")
    assert [t.task_spec.name for t in named] == ["task_follow_up"]
    assert not workflow.is_completed()
    finished = _restored(RECORDED[4])
    for task in list(finished.get_tasks(state=TaskState.NOT_FINISHED_MASK)):
        task._set_state(TaskState.CANCELLED)
    assert finished.is_completed()
