"""A sweep over many due instances in forked worker processes (app/tasks/sweep.py
decides when: SWEEP_PARALLEL_FROM due, SWEEP_WORKERS processes).

- PostgreSQL (`in_shares`): the instances are split in shares (id modulo a
  few times the workers); each worker sweeps one share after another and
  writes them itself. Row locks keep schedulers apart, shares keep these
  workers from even meeting.
- SQLite (`EngineWorkers`): one writer at a time is what the file allows,
  so this process keeps the writes (a batch per transaction, app/tasks/sweep.py)
  while the workers compute the engine steps (restore, fire the timers, run,
  serialize) from the states this process read.

Workers are forked: they start at once with the parent's parsed specs, and
drop the parent's pooled connections (`engine.dispose(close=False)`) for their
own. Nothing of the parent's session is open across the fork.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from flask import Flask, current_app

from app import engine
from app.extensions import db
from app.services.calendar.functions import FunctionsBySchool

_APP: Flask | None = None  # the app the forked workers run in (set before forking, inherited)
_FUNCTIONS: FunctionsBySchool | None = None  # an engine worker's per-school functions and bundles


def may_fork() -> bool:
    url = db.engine.url  # an in-memory SQLite database lives in this process only
    return "fork" in multiprocessing.get_all_start_methods() and not (
        url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    )


def _pool(workers: int, initializer=None) -> ProcessPoolExecutor:
    global _APP
    # Flask types `current_app` as the Flask it stands for; it is a werkzeug LocalProxy.
    _APP = current_app._get_current_object()  # type: ignore[attr-defined]
    db.session.remove()  # no transaction or connection of ours open across the fork
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=initializer
    )


# --- PostgreSQL: shares ----------------------------------------------------------

SHARES_PER_WORKER = 4


def in_shares(sweep, now: datetime, limit: int, workers: int) -> list:
    """`sweep(now, limit, share=(k, n))` for n shares, a few per worker: a worker
    that is done takes the next share, so none waits long for a slower one."""
    shares = workers * SHARES_PER_WORKER
    with _pool(workers, initializer=_start_worker) as pool:
        return list(
            pool.map(
                _sweep_share,
                [sweep] * shares,
                [now] * shares,
                [-(-limit // shares)] * shares,
                [(k, shares) for k in range(shares)],
            )
        )


def _start_worker() -> None:
    assert _APP is not None, "_pool sets it before forking"
    _APP.app_context().push()  # for the worker's life
    db.engine.dispose(close=False)


def _sweep_share(sweep, now: datetime, limit: int, share: tuple[int, int]):
    return sweep(now, limit, share=share)


# --- SQLite: engine workers ------------------------------------------------------


class EngineStepFailed(RuntimeError):
    """An engine step that failed in a worker (its exception, as text)."""


class EngineWorkers:
    """Computes a batch's engine steps in forked workers; `fire(batch)` gives one
    callable per instance that waits for its step (or raises why it failed)."""

    def __init__(self, workers: int):
        self.pool = _pool(workers, initializer=_start_engine_worker)

    def fire(self, batch, now: datetime) -> list:
        futures = [
            self.pool.submit(
                _fire,
                instance.workflow_key,
                instance.workflow_version,
                instance.state,
                instance.school_id,
                now,
            )
            for instance, _case, _rows in batch
        ]
        return [lambda future=future: _unwrap(future.result()) for future in futures]

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _unwrap(result):
    if isinstance(result, str):
        raise EngineStepFailed(result)
    return result


def _start_engine_worker() -> None:
    global _FUNCTIONS
    _start_worker()
    _FUNCTIONS = FunctionsBySchool()


def _fire(key: str, version: int, state: str, school_id: int, now: datetime):
    try:
        assert _FUNCTIONS is not None, "_start_engine_worker, the pool's initializer, sets it"
        return engine.fire_timers(
            _FUNCTIONS.bundle(key, version), state, now=now, functions=_FUNCTIONS[school_id]
        )
    except Exception as exc:  # noqa: BLE001 - reported per instance, like a step in this process
        return f"{type(exc).__name__}: {exc}"
