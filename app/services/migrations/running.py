"""Migrating the running instances of one process version to another, case by case.

Every running instance of `key` v`old` moves, whatever it belongs to: a case, or a
pupil without one (a follow-up below the signal floor). The instances of one case
(or one pupil's file) move together in one transaction, or not at all: a failure
rolls that case back to the old version and is reported; the next case goes on.
Each write goes through the step funnel (`apply_step`): the instance under its
optimistic lock, taken only if no other transaction holds it (on PostgreSQL `FOR
UPDATE SKIP LOCKED`, as the sweep does), with its `workflow_version`; the open task
rows keep their engine tasks (their element, name and lane follow the new version,
and with them the form), tasks the path moved on from are cancelled, new ones
created, due dates follow the timers; and a `workflow_migrated` event on the case.

A dry run does all of this but the writing, so it says what the real run will do.
A second run finds only what is still on the old version: it is restartable, and two
at once do not move a case twice (the loser of a race skips it).
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, undefer

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask, Incident, Pupil, WorkflowInstance
from app.services import workflows
from app.services.access import Actor
from app.services.audit import audit
from app.services.calendar.functions import FunctionsBySchool
from app.services.errors import Conflict, NotFound
from app.services.migrations import texts
from app.services.migrations.plans import Plan, digest, load_plan, provided_names
from app.services.migrations.workers import EngineWorkers, MigrationFailed, Work, workers_for
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.records import PupilFile, Subject, event
from app.services.transaction import writing
from app.vocabulary import (
    CLB_INSTANCE_KINDS,
    AuditAction,
    EventKind,
    InstanceStatus,
    Lane,
    TaskStatus,
    Visibility,
)

BATCH = 100  # cases read together (each still moves in its own transaction)


@dataclass
class Outcome:
    """One instance: `verdict` as_is | plan | blocked | failed | skipped, why (Dutch), if written."""

    instance_id: int
    case_id: int | None
    pupil_id: int
    kind: str
    verdict: str
    reasons: list[str] = field(default_factory=list)
    moved: bool = False


@dataclass
class MigrationReport:
    key: str
    old: int
    new: int
    plan: str | None  # the plan file, None: generated
    dry_run: bool
    changes: engine.VersionChanges
    outcomes: list[Outcome] = field(default_factory=list)
    workers: int = 0  # processes that did the engine's part (0: this one)

    def count(self, verdict: str) -> int:
        return sum(1 for o in self.outcomes if o.verdict == verdict)

    @property
    def counts(self) -> dict[str, int]:
        return {verdict: self.count(verdict) for verdict in texts.VERDICTS}

    @property
    def moved(self) -> int:
        return sum(1 for o in self.outcomes if o.moved)

    @property
    def cases(self) -> int:
        return len({(o.case_id, o.pupil_id if o.case_id is None else None) for o in self.outcomes})


@dataclass
class _Run:
    """What every instance of one run shares."""

    report: MigrationReport
    old: engine.SpecBundle
    new: engine.SpecBundle
    plan: engine.VersionPlan
    names_old: dict
    names_new: dict
    actor: Actor | None
    now: datetime
    functions: FunctionsBySchool
    incidents: set[int] = field(default_factory=set)  # instances with an open incident
    workers: EngineWorkers | None = None  # a large run's engine work in forked processes
    # instance id → the state handed to the workers, and its migration to wait for
    computing: dict[int, tuple[str, Callable[[], engine.Migrated]]] = field(default_factory=dict)


def migrate_process(
    key: str,
    old: int,
    new: int,
    *,
    plan: Plan | None = None,
    dry_run: bool = False,
    actor: Actor | None = None,
    limit: int | None = None,
    now: datetime | None = None,
    parallel: bool = False,
) -> MigrationReport:
    """Move (or, dry, judge) every running instance of `key` v`old` to v`new`; `limit`: at
    most that many cases this time (a later run does the rest); `parallel`: a large run may
    fork engine workers (the command line; never in a web request, whose server runs threads)."""
    _require_versions(key, old, new)
    plan = plan or load_plan(key, old, new)
    old_bundle, new_bundle = workflows.bundle(key, old), workflows.bundle(key, new)
    changes = engine.compare_versions(old_bundle, new_bundle, plan.elements)
    report = MigrationReport(key, old, new, plan.path, dry_run, changes)
    run = _Run(
        report,
        old_bundle,
        new_bundle,
        plan.for_engine(provided_names(new_bundle)),
        engine.element_info(old_bundle),
        engine.element_info(new_bundle),
        actor,
        now or clock.now(),
        FunctionsBySchool(),
    )
    groups = _groups(key, old)[:limit]
    instances = sum(map(len, groups)) if parallel else 0
    with _engine_workers(run, changes, instances), _own_session(dry_run):
        for start in range(0, len(groups), BATCH):
            chunk = groups[start : start + BATCH]
            loaded = _load(key, old, [i for group in chunk for i in group])
            run.incidents |= _with_open_incident(list(loaded))
            _submit(run, loaded)
            for group in chunk:
                _one_case(
                    run, [loaded[i] for i in group if i in loaded], [i for i in group if i not in loaded]
                )
            run.computing = {}
            db.session.expunge_all()  # the next batch starts from fresh rows; the session stays small
    if not dry_run and actor is not None and report.outcomes:
        with writing() as session:
            detail = f"{key} v{old} → v{new}: {report.moved} verplaatst; plan {digest(plan) or 'gegenereerd'}"
            audit(session, actor, run.now, AuditAction.WORKFLOWS_MIGRATED, "workflow", None, detail[:500])
    return report


@contextmanager
def _engine_workers(run: _Run, changes: engine.VersionChanges, instances: int):
    """Forked processes for the engine's part of each instance, for a large run."""
    count = workers_for(instances)
    if not count:
        yield
        return
    run.workers = EngineWorkers(count, Work(run.old, run.new, changes, run.plan, run.now))
    run.report.workers = count
    try:
        yield
    finally:
        run.workers.close()
        run.workers = None


def _submit(run: _Run, loaded: dict) -> None:
    """The batch's engine work handed to the workers, in the order it will be judged."""
    if run.workers is None:
        return
    for instance_id, (instance, _subject, rows) in loaded.items():
        if instance_id not in run.incidents and _on_old(run, instance):
            submitted = run.workers.submit(instance.state, instance.school_id, _started(rows))
            run.computing[instance_id] = instance.state, submitted


def _started(rows: list[CaseTask]) -> dict:
    return {row.engine_task_id: row.created_at for row in rows}


@contextmanager
def _own_session(dry_run: bool):
    """One connection for the run, and a session that keeps a batch's rows over the
    commits of its cases (the default session expires them all at each commit). On
    PostgreSQL a real run's commits do not wait for their disk flush, as the sweep's
    (app/tasks/sweep.py): a crash may lose the last few hundred milliseconds of cases,
    each whole, and those are simply still on the old version for the next run."""
    db.session.remove()
    connection = db.engine.connect()
    unflushed = not dry_run and db.engine.dialect.name == "postgresql"
    if unflushed:
        connection.exec_driver_sql("SET synchronous_commit = off")
        connection.commit()
    db.session.registry.set(Session(bind=connection, expire_on_commit=False))  # type: ignore[arg-type]
    try:
        yield
    finally:
        db.session.remove()
        if unflushed and not connection.invalidated:
            connection.rollback()
            connection.exec_driver_sql("RESET synchronous_commit")
            connection.commit()
        connection.close()


def _require_versions(key: str, old: int, new: int) -> None:
    latest = workflows.latest_version(key)
    for version in (old, new):
        if not 1 <= version <= latest:
            raise NotFound(f"{key} heeft geen versie {version} (de laatste is v{latest}).")
    if old == new:
        raise Conflict("Van een versie naar dezelfde versie valt niets te migreren.")


def _groups(key: str, old: int) -> list[list[int]]:
    """The running instances of the version, by case (or pupil without a case)."""
    groups: dict[tuple, list[int]] = {}
    for instance_id, case_id, pupil_id in db.session.execute(
        select(WorkflowInstance.id, WorkflowInstance.case_id, WorkflowInstance.pupil_id)
        .where(*_on_version(key, old))
        .order_by(WorkflowInstance.id)
    ):
        groups.setdefault(("case", case_id) if case_id is not None else ("pupil", pupil_id), []).append(
            instance_id
        )
    return list(groups.values())


def _on_version(key: str, old: int) -> tuple:
    return (
        WorkflowInstance.workflow_key == key,
        WorkflowInstance.workflow_version == old,
        WorkflowInstance.status == InstanceStatus.RUNNING,
    )


def _load(key: str, old: int, ids: list[int]) -> dict[int, tuple[WorkflowInstance, Subject, list[CaseTask]]]:
    """The instances still on the old version, with their cases (or pupils) and open task rows."""
    instances = list(
        db.session.scalars(
            select(WorkflowInstance)
            .where(WorkflowInstance.id.in_(ids), *_on_version(key, old))
            .options(undefer(WorkflowInstance.state))
        )
    )
    cases: dict[int | None, Case] = {
        c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_({i.case_id for i in instances})))
    }
    pupils = {
        p.id: p
        for p in db.session.scalars(
            select(Pupil).where(Pupil.id.in_({i.pupil_id for i in instances if i.case_id is None}))
        )
    }
    rows: dict[int, list[CaseTask]] = {i.id: [] for i in instances}
    for row in db.session.scalars(
        select(CaseTask)
        .where(CaseTask.instance_id.in_(rows), CaseTask.status == TaskStatus.OPEN)
        .order_by(CaseTask.id)
    ):
        rows[row.instance_id].append(row)
    return {
        i.id: (i, cases.get(i.case_id) or PupilFile(pupils[i.pupil_id], i.school_id), rows[i.id])
        for i in instances
    }


def _with_open_incident(ids: list[int]) -> set[int]:
    """Instances the sweep leaves alone until an admin retries them: they stay too."""
    return set(
        db.session.scalars(
            select(Incident.instance_id).where(Incident.instance_id.in_(ids), Incident.resolved_at.is_(None))
        )
    )


def _outcome(instance: WorkflowInstance, verdict: str, reasons: list[str]) -> Outcome:
    return Outcome(instance.id, instance.case_id, instance.pupil_id, instance.kind, verdict, reasons)


def _one_case(run: _Run, items: list, gone: list[int]) -> None:
    """The instances of one case: judged, then (not dry) moved together in one transaction."""
    report = run.report
    # A rollback (a case another run took) expires what the session holds: read again,
    # an instance may have moved meanwhile.
    still = [item for item in items if _on_old(run, item[0])]
    gone += [item[0].id for item in items if not _on_old(run, item[0])]
    for instance_id in gone:  # moved (or ended) since the run listed it
        report.outcomes.append(Outcome(instance_id, None, 0, "", "skipped"))
    judged = [(item, _judge(run, item)) for item in still]
    outcomes = [outcome for _item, (outcome, _migrated) in judged]
    if any(o.verdict in ("blocked", "failed") for o in outcomes):
        for outcome in outcomes:
            if outcome.verdict in ("as_is", "plan"):
                outcome.verdict, outcome.reasons = "blocked", [texts.HELD_BACK]
    elif not report.dry_run and judged:
        try:
            with writing():
                for (instance, subject, rows), (outcome, migrated) in judged:
                    _write(run, instance, subject, rows, migrated, outcome)
        except (Conflict, OperationalError):  # taken by another run, or SQLite's writer lock was busy
            for outcome in outcomes:
                outcome.verdict, outcome.reasons = "skipped", []
        except Exception as exc:  # noqa: BLE001 - one case's failure must not stop the others
            for outcome in outcomes:
                outcome.verdict, outcome.reasons = "failed", [texts.failure(exc)]
        else:
            for outcome in outcomes:
                outcome.moved = True
    report.outcomes += outcomes


def _on_old(run: _Run, instance: WorkflowInstance) -> bool:
    return instance.workflow_version == run.report.old and instance.status == InstanceStatus.RUNNING


def _judge(run: _Run, item) -> tuple[Outcome, engine.Migrated | None]:
    instance, _subject, rows = item
    if instance.id in run.incidents:
        return _outcome(instance, "blocked", [texts.INCIDENT]), None
    state, computed = run.computing.pop(instance.id, (None, None))
    try:
        if computed is not None and state == instance.state:  # not read again since (a rollback)
            migrated = computed()
        else:
            migrated = engine.migrate_instance(
                run.old,
                run.new,
                instance.state,
                run.report.changes,
                run.plan,
                now=run.now,
                functions=run.functions[instance.school_id],
                started=_started(rows),
            )
    except MigrationFailed as exc:  # the worker's exception, already as text
        return _outcome(instance, "failed", [str(exc)]), None
    except Exception as exc:  # noqa: BLE001 - reported; the case stays where it is
        return _outcome(instance, "failed", [texts.failure(exc)]), None
    if migrated.blockers:
        reasons = [texts.blocker(b, run.names_old, run.names_new, run.report.new) for b in migrated.blockers]
        return _outcome(instance, "blocked", reasons), migrated
    reasons = [texts.need(n, run.names_old, run.names_new) for n in migrated.needs]
    return _outcome(instance, "plan" if migrated.needs else "as_is", reasons), migrated


def _write(run: _Run, instance, subject: Subject, rows: list[CaseTask], migrated, outcome: Outcome) -> None:
    step = migrated.step
    ready = {task.engine_task_id: task for task in step.ready_tasks}
    for row in rows:  # the open task follows its engine task onto the new element
        task = ready.get(row.engine_task_id)
        if task is not None and (row.bpmn_id, row.title, row.lane) != (task.bpmn_id, task.title, task.lane):
            row.bpmn_id, row.title, row.lane = task.bpmn_id, task.title[:200], task.lane
    old_name = f"{instance.workflow_key} v{instance.workflow_version}"
    options = StepOptions(claim=True, workflow_version=run.report.new)
    apply_step(subject, instance, step, run.actor, run.now, rows, options)
    db.session.add_all(_events(run, subject, instance, old_name, migrated))


def _events(run: _Run, subject: Subject, instance, old_name: str, migrated) -> list:
    """The case's record of the move: who, from, to, and the mapping applied. What the
    plan did with CLB-lane work goes in an event only the CLB reads."""
    new_name = f"{instance.workflow_key} v{run.report.new}"
    shared: list[str] = []
    clb: list[str] = []
    for item in migrated.needs:
        element = run.names_old.get(item.element)
        side = clb if element is not None and element.lane == Lane.CLB else shared
        side.append(texts.need(item, run.names_old, run.names_new))
    visibility = Visibility.CLB if instance.kind in CLB_INSTANCE_KINDS else Visibility.SHARED
    kind = EventKind.WORKFLOW_MIGRATED
    reason = "; ".join(shared if visibility == Visibility.SHARED else shared + clb) or None
    names = (kind, instance.kind, old_name, new_name)
    events = [event(subject, run.actor, run.now, *names, reason, visibility)]
    if clb and visibility == Visibility.SHARED:
        events.append(event(subject, run.actor, run.now, *names, "; ".join(clb), Visibility.CLB))
    return events
