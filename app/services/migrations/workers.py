"""A migration's engine work in forked processes, while the run's own process writes.

Moving an instance is mostly CPU in the engine (restore the state on the old version,
rebuild the tree on the new one, run on, serialize, read it back): two thirds of a
case's time. On the command line (`migrate_process(parallel=True)`: a web server runs
threads, and forking under threads is not safe), with many instances (config
MIGRATE_PARALLEL_FROM, default 200) that
work is done by MIGRATE_WORKERS forked processes (default 2; none on one core): each
batch's instances are handed to them as the batch is read, and the run's own process
judges and writes each case as its result comes back (as the sweep does on SQLite,
app/tasks/sweep_workers.py). Each case still moves in its own transaction, written
by the one process, and the report is made there, so the dry run, the real run and
two runs at once behave as before. `engine.migrate_instance` is pure (a state in, a
state out): where it runs changes nothing.

Workers are forked: they start at once with the parent's parsed specs, and drop the
parent's pooled connections for their own (their per-school script functions read
the school's days off). Nothing of the parent's session is open across the fork.
"""

import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from app import engine
from app.extensions import db
from app.services.calendar.functions import FunctionsBySchool

DEFAULT_WORKERS = min(2, os.cpu_count() or 1)  # as the sweep's (config SWEEP_WORKERS)
DEFAULT_PARALLEL_FROM = 200  # instances: below that, forking costs more than it saves


@dataclass(frozen=True)
class Work:
    """What every instance of one run shares (inherited by the forked workers)."""

    old: engine.SpecBundle
    new: engine.SpecBundle
    changes: engine.VersionChanges
    plan: engine.VersionPlan
    now: datetime


_APP: Flask | None = None  # set before forking, inherited
_WORK: Work | None = None
_FUNCTIONS: FunctionsBySchool | None = None  # a worker's per-school script functions


class MigrationFailed(RuntimeError):
    """`engine.migrate_instance` raised in a worker (its exception, as text)."""


def workers_for(instances: int) -> int:
    """How many processes to fork for a run of this many instances (0: none)."""
    config = current_app.config
    workers = config.get("MIGRATE_WORKERS", DEFAULT_WORKERS)
    if workers < 2 or instances < config.get("MIGRATE_PARALLEL_FROM", DEFAULT_PARALLEL_FROM):
        return 0
    url = db.engine.url  # an in-memory SQLite database lives in this process only
    in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    return 0 if in_memory or "fork" not in multiprocessing.get_all_start_methods() else workers


class EngineWorkers:
    """`submit(state, school_id, started)` gives a callable that waits for that
    instance's `Migrated` (or raises MigrationFailed)."""

    def __init__(self, workers: int, work: Work):
        global _APP, _WORK
        # Flask types `current_app` as the Flask it stands for; it is a werkzeug LocalProxy.
        _APP, _WORK = current_app._get_current_object(), work  # type: ignore[attr-defined]
        db.session.remove()  # no transaction or connection of ours open across the fork
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_start
        )
        self.pool.submit(int).result()  # forks them all now, before the run opens its connection

    def submit(
        self, state: str, school_id: int, started: Mapping[str, datetime]
    ) -> Callable[[], engine.Migrated]:
        future: Future = self.pool.submit(_migrate, state, school_id, dict(started))
        return lambda: _unwrap(future.result())

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _unwrap(result):
    if isinstance(result, str):
        raise MigrationFailed(result)
    return result


def _start() -> None:
    global _FUNCTIONS
    assert _APP is not None, "EngineWorkers sets it before forking"
    _APP.app_context().push()  # for the worker's life
    db.engine.dispose(close=False)
    _FUNCTIONS = FunctionsBySchool()


def _migrate(state: str, school_id: int, started: dict):
    try:
        assert _WORK is not None and _FUNCTIONS is not None, "set before forking / by _start"
        work = _WORK
        return engine.migrate_instance(
            work.old,
            work.new,
            state,
            work.changes,
            work.plan,
            now=work.now,
            functions=_FUNCTIONS[school_id],
            started=started,
        )
    except Exception as exc:  # noqa: BLE001 - reported per instance, as in the run's own process
        return f"{type(exc).__name__}: {str(exc)[:200]}"
