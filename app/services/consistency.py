"""`zorgpad check`: do every instance's saved workflow, its task index, its timer,
the event log and the documents agree? Run nightly, and after anything that may
have cut a step short (a `kill -9` during completions, an import or a sweep).

Read-only. Per running instance (in batches, states read with their open task rows):
- the saved state restores (`state`);
- its ready user tasks are exactly the open rows of its task index (`tasks`:
  a ready task without a row, or an open row the engine no longer has);
- its earliest waiting timer is the indexed `next_timer_due_at` (`timer`; an
  instance being retried after a failure keeps its retry time instead);
- a finished workflow is not left running (`status`).
And over the whole database:
- every task row belongs to an instance, open rows only to running ones
  (`orphans`), every task has its `task_created` event (`events`);
- every case that is neither closed nor cancelled runs a main path (`paths`);
- every case's kept earliest due dates match its open tasks (`due`,
  storage/case_due.py: the caseload's overdue filter reads them);
- every document a step asked for was made: none failed, none still in preparation
  after STUCK (the scheduler's job renders within a minute; longer means no
  scheduler runs it) (`documents`);
- with `documents=True`, every stored document's bytes match their sha256.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import undefer

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseEvent, CaseTask, Document, WorkflowInstance
from app.services import workflows
from app.storage.case_due import CASES, earliest_per_case
from app.vocabulary import ENDED_STATUSES, DocumentStatus, EventKind, InstanceKind, InstanceStatus, TaskStatus

BATCH = 500
STUCK = timedelta(minutes=15)  # a document in preparation for longer: nobody renders it


@dataclass(frozen=True)
class Finding:
    kind: str
    detail: str
    instance_id: int | None = None
    case_id: int | None = None


@dataclass
class CheckReport:
    instances: int = 0
    documents: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def check(*, documents: bool = False) -> CheckReport:
    report = CheckReport()
    bundles: dict[tuple[str, int], engine.SpecBundle] = {}
    last_id = 0
    while True:
        batch = list(
            db.session.scalars(
                select(WorkflowInstance)
                .where(WorkflowInstance.status == InstanceStatus.RUNNING, WorkflowInstance.id > last_id)
                .order_by(WorkflowInstance.id)
                .limit(BATCH)
                .options(undefer(WorkflowInstance.state))
            )
        )
        if not batch:
            break
        last_id = batch[-1].id
        rows: dict[int, set[str]] = {i.id: set() for i in batch}
        for instance_id, engine_task_id in db.session.execute(
            select(CaseTask.instance_id, CaseTask.engine_task_id).where(
                CaseTask.instance_id.in_(rows), CaseTask.status == TaskStatus.OPEN
            )
        ):
            rows[instance_id].add(engine_task_id)
        for instance in batch:
            report.instances += 1
            report.findings += _instance(instance, rows[instance.id], bundles)
        db.session.expunge_all()  # a region's instances do not stay in memory
    report.findings += _orphans() + _missing_events() + _cases_without_a_path() + _documents_not_made()
    report.findings += due_date_drift()
    if documents:
        report.documents, bad = _documents()
        report.findings += bad
    return report


def _instance(instance: WorkflowInstance, open_rows: set[str], bundles: dict) -> list[Finding]:
    def finding(kind: str, detail: str) -> Finding:
        return Finding(kind, detail, instance.id, instance.case_id)

    key = (instance.workflow_key, instance.workflow_version)
    try:
        if key not in bundles:
            bundles[key] = workflows.bundle(*key)
        snapshot = engine.inspect(bundles[key], instance.state)
    except Exception as exc:  # noqa: BLE001 - what does not restore is the finding
        return [finding("state", f"{type(exc).__name__}: {exc}"[:300])]
    found = []
    ready = {t.engine_task_id for t in snapshot.ready_tasks}
    if ready - open_rows:
        found.append(finding("tasks", f"ready in the engine without a task row: {sorted(ready - open_rows)}"))
    if open_rows - ready:
        found.append(
            finding("tasks", f"open task rows the engine no longer has: {sorted(open_rows - ready)}")
        )
    retrying = instance.timer_failures > 0
    if not retrying and snapshot.next_timer_due_at != instance.next_timer_due_at:
        found.append(
            finding(
                "timer",
                f"indexed {instance.next_timer_due_at}, the workflow waits until {snapshot.next_timer_due_at}",
            )
        )
    if snapshot.completed:
        found.append(finding("status", "the workflow ended but the instance is still running"))
    return found


def _orphans() -> list[Finding]:
    stale = db.session.execute(
        select(CaseTask.id, CaseTask.instance_id, CaseTask.case_id)
        .join(WorkflowInstance, WorkflowInstance.id == CaseTask.instance_id)
        .where(CaseTask.status == TaskStatus.OPEN, WorkflowInstance.status != InstanceStatus.RUNNING)
        .limit(100)
    ).all()
    return [
        Finding("orphans", f"open task {task_id} of an instance that no longer runs", i, c)
        for task_id, i, c in stale
    ]


def _missing_events() -> list[Finding]:
    created = exists().where(CaseEvent.task_id == CaseTask.id, CaseEvent.kind == EventKind.TASK_CREATED)
    missing = db.session.execute(
        select(CaseTask.id, CaseTask.instance_id, CaseTask.case_id).where(~created).limit(100)
    ).all()
    return [Finding("events", f"task {task_id} has no task_created event", i, c) for task_id, i, c in missing]


def _cases_without_a_path() -> list[Finding]:
    running = exists().where(
        and_(
            WorkflowInstance.case_id == Case.id,
            WorkflowInstance.kind == InstanceKind.CASE,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
    )
    lost = db.session.scalars(
        select(Case.id).where(Case.status.not_in(ENDED_STATUSES), ~running).limit(100)
    ).all()
    return [Finding("paths", "an open case without a running main path", case_id=case_id) for case_id in lost]


def due_date_drift() -> list[Finding]:
    """Up to 100 cases whose kept earliest due dates (storage/case_due.py) differ from
    their open tasks': a write of task rows went past the session's hooks (a Core UPDATE
    without `case_due.touch`, a bulk load); `case_due.refresh` of the case puts it right."""
    earliest = earliest_per_case(None)
    drifted = db.session.execute(
        select(
            CASES.c.id, CASES.c.next_due_at, earliest.c.every, CASES.c.school_next_due_at, earliest.c.school
        )
        .join(earliest, earliest.c.case_id == CASES.c.id)
        .where(
            or_(
                CASES.c.next_due_at.is_distinct_from(earliest.c.every),
                CASES.c.school_next_due_at.is_distinct_from(earliest.c.school),
            )
        )
        .order_by(CASES.c.id)
        .limit(100)
    ).all()
    return [
        Finding(
            "due",
            f"kept earliest due {kept} (school lane {kept_school}), "
            f"the open tasks say {actual} (school lane {actual_school})",
            case_id=case_id,
        )
        for case_id, kept, actual, kept_school, actual_school in drifted
    ]


def _documents_not_made() -> list[Finding]:
    stuck_since = clock.now() - STUCK
    rows = db.session.execute(
        select(Document.id, Document.case_id, Document.status, Document.render_error)
        .where(
            (Document.status == DocumentStatus.FAILED)
            | ((Document.status == DocumentStatus.PREPARING) & (Document.created_at < stuck_since))
        )
        .order_by(Document.id)
        .limit(100)
    ).all()
    return [
        Finding(
            "documents",
            f"document {document_id}: could not be made ({error or 'no reason kept'})"
            if status == DocumentStatus.FAILED
            else f"document {document_id}: still in preparation after {STUCK} (is a scheduler running?)",
            case_id=case_id,
        )
        for document_id, case_id, status, error in rows
    ]


def _documents() -> tuple[int, list[Finding]]:
    count, bad = 0, []
    for document in db.session.scalars(
        select(Document)
        .where(Document.content.is_not(None))  # a step's document still in preparation: no bytes yet
        .options(undefer(Document.content))
        .execution_options(yield_per=50)
    ):
        count += 1
        assert document.content is not None, "the query's filter"
        if hashlib.sha256(document.content).hexdigest() != document.sha256:
            bad.append(
                Finding(
                    "documents",
                    f"document {document.id}: its bytes do not match their sha256",
                    case_id=document.case_id,
                )
            )
    return count, bad
