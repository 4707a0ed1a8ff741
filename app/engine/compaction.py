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
that joins and gateways inspect stay intact. Task data is materialised per
task, so the first kept task's data is unaffected.
"""
from SpiffWorkflow.util.task import TaskState

# Completed tasks kept just above the frontier, for anything that looks a few
# steps back (a join's parent, the last completed task).
KEEP_TAIL = 8


def _straight_completed_run(workflow, head) -> list:
    run = []
    node = head
    while node.state == TaskState.COMPLETED and len(node._children) == 1:
        child = node.children[0]
        if child is None or child.state != TaskState.COMPLETED or child.id in workflow.subprocesses:
            break
        run.append(child)
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
        doomed, first_kept = run[:-KEEP_TAIL], run[-KEEP_TAIL]
        for task in doomed:
            del workflow.tasks[task.id]
        head._children = [first_kept.id]
        first_kept._parent = head.id
        if workflow.last_task is not None and workflow.last_task.id not in workflow.tasks:
            workflow.last_task = first_kept
        removed += len(doomed)
    return removed
