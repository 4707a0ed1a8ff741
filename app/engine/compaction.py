"""Keeping a long-running case's live state small.

SpiffWorkflow keeps every completed task in the tree, so a case that loops
(monitoring cycles, a referral sent back) grows with each pass, and so does
the cost of every later step. What was done is already on record in our own
rows (the task index keeps each submission, the event log the story), so the
live tree does not need it: we splice long straight runs of completed tasks
out of it, keeping the head of each branch and a short tail before the
frontier.

Only straight runs are touched (completed tasks with exactly one child, not
subprocess tasks), never a split or anything below one, so the structures
that joins and gateways inspect stay intact. A user task watched by deadline
timers counts as straight once it is done: Spiff hangs it under a
BoundaryEventSplit beside its boundary events, with a BoundaryEventJoin
beside its successor; when those side branches are finished (cancelled, or a
reminder and an escalation task that are done) they go with the run. Task
data is materialised per task, so the first kept task's data is unaffected.
"""

from SpiffWorkflow.bpmn.specs.control import BoundaryEventJoin, BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState

# Completed tasks kept just above the frontier, for anything that looks a few
# steps back (a join's parent, the last completed task).
KEEP_TAIL = 8


FINISHED = (TaskState.COMPLETED, TaskState.CANCELLED)


def _finished(task) -> bool:
    """The task and everything below it are done (side branches are a few tasks deep)."""
    return task.state in FINISHED and all(_finished(child) for child in task.children)


def _next_in_run(node):
    """The one child a completed node continues with, and its finished side
    branches to drop with it; None when the node is a real split."""
    children = [c for c in node.children if c is not None]
    if isinstance(node.task_spec, BoundaryEventSplit):
        main = [c for c in children if not isinstance(c.task_spec, BoundaryEvent)]
    else:
        main = [c for c in children if not isinstance(c.task_spec, BoundaryEventJoin)]
    sides = [c for c in children if c not in main]
    if len(main) != 1 or len(children) != len(node._children) or not all(map(_finished, sides)):
        return None
    return main[0], sides


def _subtree(task) -> list:
    found, todo = [], [task]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(c for c in current.children if c is not None)
    return found


def _straight_completed_run(workflow, head) -> list:
    """(task, its side branches) along the straight completed run below head."""
    run = []
    node = head
    while node.state == TaskState.COMPLETED:
        step = _next_in_run(node)
        if step is None:
            break
        child, sides = step
        if child.state != TaskState.COMPLETED or child.id in workflow.subprocesses:
            break
        run.append((child, sides))
        node = child
    return run


def compact(workflow) -> int:
    """Splice history out of the main process tree; returns tasks removed."""
    removed = 0
    root = workflow.task_tree
    for head in root.children:
        if head is None or head.id in workflow.subprocesses:
            continue
        run = _straight_completed_run(workflow, head)
        if len(run) <= KEEP_TAIL:
            continue
        # The head's own side branches (if it is a split) go too: its one child becomes the first kept.
        doomed = [t for task, _sides in run[:-KEEP_TAIL] for t in [task]]
        doomed += [t for _task, sides in run[: -KEEP_TAIL + 1] for side in sides for t in _subtree(side)]
        first_kept = run[-KEEP_TAIL][0]
        for task in doomed:
            workflow.tasks.pop(task.id, None)
        head._children = [first_kept.id]
        first_kept._parent = head.id
        if workflow.last_task is not None and workflow.last_task.id not in workflow.tasks:
            workflow.last_task = first_kept
        removed += len(doomed)
    return removed
