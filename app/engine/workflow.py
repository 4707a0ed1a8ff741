"""SpiffWorkflow's BpmnWorkflow with cheaper walks of its task tree.

Spiff finds tasks by walking the whole tree with a general iterator (a filter
object, depth bookkeeping up the parents at every leaf, a list popped at its
front). An engine step walks many times: the ready tasks of each round, the
waiting tasks after every completed task, whether the workflow is done, the
ready user tasks a step returns; a third of a timer step's engine time went
there. `walk` visits the same tasks in the same order with a plain stack: depth
first, a task's children taken when the task is reached (before it is handed
out, as Spiff does, so a step that changes the tree below the task does not
change the walk), not below a task whose state is under the filter's lowest.
Spiff's iterator also stops 1,000 deep, which a tree of fewer tasks never is
(a bigger one is left to it). Only the filters our code and Spiff's workflow
use (state, manual) take this way, and only in a workflow without
subprocesses (ours have none); the rest goes to Spiff's own iterator.
"""

from collections.abc import Iterator

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskIterator, TaskState

MAX_DEPTH = 1000  # Spiff's TaskIterator: no deeper than this
WALK_FILTERS = frozenset({"state", "manual"})


def _lowest_state(state: int) -> int:
    """The state a task needs for the walk to go below it: predicted tasks only
    follow definite ones, definite ones finished ones (Spiff's TaskIterator.min_state)."""
    if state & TaskState.PREDICTED_MASK:
        return TaskState.MAYBE
    if state & TaskState.DEFINITE_MASK:
        return TaskState.FUTURE
    return TaskState.COMPLETED


def walk(first: Task, state: int = TaskState.ANY_MASK, manual: bool | None = None) -> Iterator[Task]:
    """The tasks from `first` down (one workflow's tree) in `state`, as Spiff's
    TaskIterator(first, state=state, manual=manual) gives them."""
    tasks = first.workflow.tasks
    if len(tasks) >= MAX_DEPTH:  # only a tree this big can reach Spiff's depth limit
        yield from TaskIterator(first, state=state, manual=manual)
        return
    lookup = tasks.get
    lowest = _lowest_state(state)
    todo = [first]
    while todo:
        task = todo.pop()
        # Task._state and _children: Spiff's own fields behind its properties, read in every walk.
        if task._children and task._state >= lowest:
            todo.extend(map(lookup, reversed(task._children)))
        if task._state & state and (manual is None or task.task_spec.manual == manual):
            yield task


class ZorgpadWorkflow(BpmnWorkflow):
    """Saved and restored as a BpmnWorkflow (app/engine/serialization.py)."""

    completed: bool  # Spiff's, set in its constructor

    def get_tasks_iterator(self, first_task=None, **kwargs):
        if self.subprocess_specs or self.subprocesses or not WALK_FILTERS.issuperset(kwargs):
            return super().get_tasks_iterator(first_task, **kwargs)
        return walk(first_task or self.task_tree, **kwargs)

    # Spiff's base Workflow walks its own tree here, subprocesses or not: so does `walk`.
    def update_waiting_tasks(self) -> None:
        for task in walk(self.task_tree, TaskState.WAITING):
            task.task_spec._update(task)

    def is_completed(self) -> bool:
        if not self.completed and next(walk(self.task_tree, TaskState.NOT_FINISHED_MASK), None) is None:
            self.completed = True
        return self.completed
