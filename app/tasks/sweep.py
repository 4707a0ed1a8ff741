"""The timer sweep: fire every due timer once, a batch of instances per transaction.

`run_due_timers(now)` reads the running instances whose indexed
`next_timer_due_at` has passed in batches of BATCH (with their cases and open
task rows: three queries a batch, four with follow-ups without a case), computes each instance's engine step (the
engine refreshes its timers and runs), and writes the whole batch in one
transaction with one commit (app/tasks/sweep_writes.py): each instance's new
state under its optimistic lock, with its events and notifications. On
PostgreSQL the batch's rows are first claimed in one statement (`FOR UPDATE
SKIP LOCKED`, and only at the version read): a row another transaction holds
(another scheduler, a user's step), or that someone stepped since the batch was
read, is left at once (a lost race: its engine step was wasted, the timer still
fires once), and the rest are written in one statement. Several schedulers so
share the work without waiting for each other. Open cases whose timers are not
due are never read.

On SQLite there is no row lock: the batch is written with its version checks
(one executemany UPDATE); should one instance have moved since the batch was
read (a user stepped it, another sweep), the batch rolls back, the moved ones
are left and the others are read again with the next batch. A timer still
fires once.

A batch commits whole or not at all, and each instance in it is written whole:
should a crash come before the commit, the batch's instances are still due, as
a whole, and the next sweep fires them. The sweep keeps one connection for all
its transactions; on PostgreSQL its commits do not wait for their disk flush
(`synchronous_commit` off for that connection): a crash may lose the last
batches the same way.

An instance whose engine step fails is retried with backoff
(TIMER_RETRY_SECONDS doubling up to an hour), the rest of its batch is written;
one whose write fails rolls its batch back and is retried the same way, the
rest are read again. After TIMER_MAX_ATTEMPTS it becomes an incident and the
sweep leaves it alone until an admin retries it. It never blocks the others.

When many are due (SWEEP_PARALLEL_FROM) the sweep forks SWEEP_WORKERS
processes (app/tasks/sweep_workers.py): on PostgreSQL each sweeps a share
of the instances; on SQLite they compute the engine steps while this process
writes.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, undefer

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask, Incident, Pupil, WorkflowInstance
from app.services import mail
from app.services.calendar.functions import FunctionsBySchool
from app.services.errors import Conflict
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.records import PupilFile, Subject
from app.services.transaction import writing
from app.tasks import sweep_workers, sweep_writes
from app.tasks.memory import young_garbage_only
from app.vocabulary import InstanceStatus, TaskStatus

log = logging.getLogger("zorgpad.timers")
MAX_BACKOFF = timedelta(hours=1)
BATCH = 100  # instances read, claimed and written together, in one transaction


@dataclass
class SweepReport:
    now: datetime
    instances: int = 0  # stepped and committed
    timers_fired: int = 0
    lost_races: int = 0  # another scheduler had it
    failures: int = 0
    incidents: int = 0
    emails_sent: int = 0
    failed_ids: list[int] = field(default_factory=list)


def _is_due(now: datetime):
    return (WorkflowInstance.status == InstanceStatus.RUNNING) & (WorkflowInstance.next_timer_due_at <= now)


def _due_batch(now: datetime, skip: set[int], share: tuple[int, int] | None, size: int):
    """The next due instances (of this worker's share) with their cases, read
    together; each is then locked and stepped in its own transaction."""
    # The instances on their index alone (a join here lets a planner scan every case),
    # then their cases and open tasks by key.
    query = (
        select(WorkflowInstance)
        .where(_is_due(now))
        .order_by(WorkflowInstance.next_timer_due_at, WorkflowInstance.id)
        .limit(size)
        .options(undefer(WorkflowInstance.state))
    )
    if share is not None:
        query = query.where(WorkflowInstance.id % share[1] == share[0])
    if skip:
        query = query.where(WorkflowInstance.id.not_in(skip))
    instances = list(db.session.scalars(query))
    if not instances:
        return []
    # A follow-up without a case belongs to its pupil's file.
    without_case = {i.pupil_id for i in instances if i.case_id is None}
    pupils = (
        {pupil.id: pupil for pupil in db.session.scalars(select(Pupil).where(Pupil.id.in_(without_case)))}
        if without_case
        else {}
    )
    cases: dict[int | None, Case] = {
        case.id: case
        for case in db.session.scalars(select(Case).where(Case.id.in_({i.case_id for i in instances})))
    }
    rows: dict[int, list[CaseTask]] = {instance.id: [] for instance in instances}
    for row in db.session.scalars(
        select(CaseTask)
        .where(CaseTask.instance_id.in_(rows), CaseTask.status == TaskStatus.OPEN)
        .order_by(CaseTask.id)
    ):
        rows[row.instance_id].append(row)
    return [
        (
            instance,
            cases.get(instance.case_id) or PupilFile(pupils[instance.pupil_id], instance.school_id),
            rows[instance.id],
        )
        for instance in instances
    ]


def run_due_timers(
    now: datetime | None = None, *, limit: int | None = None, workers: int | None = None
) -> SweepReport:
    """One sweep as of `now` (default: the app's clock); with `workers` processes
    (default SWEEP_WORKERS) when at least SWEEP_PARALLEL_FROM instances are due."""
    now = now or clock.now()
    config = current_app.config
    limit = limit or config["SWEEP_LIMIT"]
    workers = workers or config["SWEEP_WORKERS"]
    with young_garbage_only():
        report = _run(now, limit, workers, config)
    report.emails_sent = mail.send_mail(now)
    if report.instances or report.failures:
        log.info("sweep as of %s: %s", now.isoformat(), report)
    return report


def _run(now: datetime, limit: int, workers: int, config) -> SweepReport:
    if (
        workers > 1
        and sweep_workers.may_fork()
        and _count_due(now, config["SWEEP_PARALLEL_FROM"]) >= config["SWEEP_PARALLEL_FROM"]
    ):
        if db.engine.dialect.name == "sqlite":
            pool = sweep_workers.EngineWorkers(workers)
            try:
                report = _sweep(now, limit, fire=pool.fire)
            finally:
                pool.close()
        else:
            report = _merged(now, sweep_workers.in_shares(_sweep, now, limit, workers))
    else:
        report = _sweep(now, limit)
    return report


def _count_due(now: datetime, enough: int) -> int:
    """How many are due, counting no further than `enough` (on the index)."""
    due = select(WorkflowInstance.id).where(_is_due(now)).limit(enough).subquery()
    return db.session.execute(select(func.count()).select_from(due)).scalar_one()


def _merged(now: datetime, reports: list[SweepReport]) -> SweepReport:
    total = SweepReport(now)
    for part in reports:
        for name in ("instances", "timers_fired", "lost_races", "failures", "incidents"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        total.failed_ids += part.failed_ids
    return total


def _sweep(now: datetime, limit: int, share: tuple[int, int] | None = None, fire=None) -> SweepReport:
    """Batches of due instances (of `share`, if given), each instance stepped in its
    own transaction. `fire(batch, now)` may compute the engine steps elsewhere
    (one callable per instance); by default they run here, in its transaction."""
    report = SweepReport(now)
    functions = FunctionsBySchool()
    skip: set[int] = set()  # instances that failed or were busy in this sweep
    with _own_connection():
        _sweep_batches(report, skip, now, limit, share, fire, functions)
    return report


@contextmanager
def _own_connection():
    """The sweep's session on one connection for all its transactions (the
    pool's would check one out, ping it and return it for every instance)."""
    db.session.remove()
    connection = db.engine.connect()
    postgresql = db.engine.dialect.name == "postgresql"
    if postgresql:  # see the module's docstring; reset before the pool has it back
        connection.exec_driver_sql("SET synchronous_commit = off")
        connection.commit()
    # A batch's rows are read once; committing one instance must not expire the others.
    # A plain Session: Flask-SQLAlchemy's own picks the engine by bind key and would not
    # use `bind`, while its scoped_session is typed as holding only its own.
    db.session.registry.set(Session(bind=connection, expire_on_commit=False))  # type: ignore[arg-type]
    try:
        yield
    finally:
        db.session.remove()
        if postgresql and not connection.invalidated:
            connection.rollback()
            connection.exec_driver_sql("RESET synchronous_commit")
            connection.commit()
        connection.close()


def _sweep_batches(
    report: SweepReport,
    skip: set[int],
    now: datetime,
    limit: int,
    share: tuple[int, int] | None,
    fire,
    functions: FunctionsBySchool,
) -> None:
    alone = 0  # instances to step one to a batch: a batch failed without saying whose fault
    while report.instances + len(skip) < limit:
        size = 1 if alone else BATCH
        batch = _due_batch(now, skip, share, min(size, limit - report.instances - len(skip)))
        if not batch:
            break
        steps = (
            fire(batch, now)
            if fire
            else [partial(_fire_here, instance, case, now, functions) for instance, case, _rows in batch]
        )
        split = _sweep_group(report, skip, batch, steps, now)
        alone = len(batch) if split else max(alone - 1, 0)
        db.session.expunge_all()  # the next batch starts from fresh rows; the session stays small


def _fire_here(instance: WorkflowInstance, case: Subject, now: datetime, functions: FunctionsBySchool):
    return engine.fire_timers(
        functions.bundle(instance.workflow_key, instance.workflow_version),
        instance.state,
        now=now,
        functions=functions[instance.school_id],
    )


@dataclass
class _Group:
    """What one batch's transaction did, counted once it commits."""

    written: int = 0
    fired: int = 0
    current: int | None = None  # the instance being written, when a write fails
    read: dict[int, int] = field(default_factory=dict)  # the versions the batch read
    engine_failures: list[tuple[int, Exception]] = field(default_factory=list)


def _sweep_group(report: SweepReport, skip: set[int], batch: list, steps: list, now: datetime) -> bool:
    """A batch's steps in one transaction, one commit (not one per instance: on
    PostgreSQL a commit is a round trip, on SQLite a write of the WAL). Each
    instance is still written whole, under its own optimistic lock, and the batch
    commits whole or not at all. An engine step that fails leaves the others going
    (it wrote nothing); a write that fails rolls the batch back: the instance it
    names is left (a lost race) or counted as failing, and the others, still due,
    are read again with the next batch. True when the batch failed without naming
    an instance (its statement or commit): its instances are then stepped one to a
    batch, so one that cannot be written fails alone and keeps no other waiting."""
    ids = _ids(batch)
    group = _Group()
    split = False
    try:
        with writing():
            _write_batch(group, report, skip, batch, steps, now)
    except Conflict:  # someone stepped one of them since we read it
        left = sweep_writes.moved(group.read) or ([group.current] if group.current else [])
        if left or len(ids) == 1:
            _left(report, skip, left or ids)
        else:
            split = True
    except OperationalError as exc:  # e.g. SQLite's writer lock: not the instances' fault
        log.warning("sweep: batch busy at instance %s (%s)", group.current, exc.orig)
        _left(report, skip, [group.current] if group.current else ids)
    except Exception as exc:  # noqa: BLE001 - one bad instance must not stop the sweep
        if group.current is not None or len(ids) == 1:
            group.engine_failures.append((group.current or ids[0], exc))
        else:
            log.warning("sweep: a batch of %d failed at its write (%s); one by one now", len(ids), exc)
            split = True
    else:
        report.instances += group.written
        report.timers_fired += group.fired
    for instance_id, error in group.engine_failures:
        if instance_id not in skip:
            log.error("sweep: instance %s failed: %s", instance_id, error, exc_info=error)
            skip.add(instance_id)
            report.failures += 1
            report.failed_ids.append(instance_id)
            report.incidents += _record_failure(instance_id, error, now)
    return split


def _write_batch(
    group: _Group, report: SweepReport, skip: set[int], batch: list, steps: list, now: datetime
) -> None:
    """The engine steps (here, or waited for from the workers); on PostgreSQL then
    the rows that nobody else holds and nobody stepped since they were read are
    claimed (the rest are lost races, left at once); each claimed step is applied,
    and all are written together (app/tasks/sweep_writes.py)."""
    group.read = {instance.id: instance.version for instance, _case, _rows in batch}
    stepped = []
    for (instance, case, rows), step in zip(batch, steps, strict=True):
        try:
            stepped.append((instance, case, rows, step()))
        except Exception as exc:  # noqa: BLE001 - its own failure; nothing of it is written
            group.engine_failures.append((instance.id, exc))
    if db.engine.dialect.name == "postgresql":
        held = sweep_writes.claim([instance for instance, _case, _rows, _result in stepped])
        for instance, *_rest in stepped:
            if instance.id not in held:  # another scheduler or a user has it
                report.lost_races += 1
                skip.add(instance.id)
        stepped = [step for step in stepped if step[0].id in held]
    writes: list = []
    for instance, case, rows, result in stepped:
        group.current = instance.id
        apply_step(case, instance, result, None, now, rows, StepOptions(writes_out=writes))
        group.fired += len(result.fired_timers)
    group.current = None
    group.written = len(writes)
    if not sweep_writes.write_steps(writes):  # one moved since it was read (claimed: cannot)
        raise Conflict("an instance moved since the sweep read it")


def _ids(batch: list) -> list[int]:
    return [instance.id for instance, _case, _rows in batch]


def _left(report: SweepReport, skip: set[int], instance_ids: list[int]) -> None:
    """Instances another scheduler or a user has (or had): left to them, or to the
    next sweep; the rest of a rolled-back batch is read again."""
    report.lost_races += len(instance_ids)
    skip.update(instance_ids)


def _record_failure(instance_id: int, exc: Exception, now: datetime) -> int:
    """Count the failure, retry later; past the limit open an incident. Returns 1 for a new incident."""
    config = current_app.config
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with writing() as session:
        # Fresh: the batch's copy was read before its commit (the session keeps it unexpired).
        instance = session.get(WorkflowInstance, instance_id, with_for_update=True, populate_existing=True)
        instance.timer_failures += 1
        if instance.timer_failures < config["TIMER_MAX_ATTEMPTS"]:
            delay = timedelta(seconds=config["TIMER_RETRY_SECONDS"] * 2 ** (instance.timer_failures - 1))
            instance.next_timer_due_at = now + min(delay, MAX_BACKOFF)
            return 0
        instance.next_timer_due_at = None  # the sweep leaves it alone until retried
        session.add(
            Incident(
                instance_id=instance.id,
                case_id=instance.case_id,
                error=error,
                attempts=instance.timer_failures,
                opened_at=now,
            )
        )
    log.error(
        "instance %s is now an incident after %d attempts: %s",
        instance_id,
        config["TIMER_MAX_ATTEMPTS"],
        error,
    )
    return 1
