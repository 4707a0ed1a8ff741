"""`kill -9` in the middle of the work, then `zorgpad check`: nothing half-applied.

The served app (gunicorn and the scheduler beside it), an absence import and a
sweep are killed together while task completions are in flight. After a restart
the check finds no disagreement between workflows, task index, timers and
events; the import is whole or absent; every completion the server acknowledged
is still there; and the interrupted work simply runs again.
"""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from app.calendar.school_year import school_year_bounds, school_year_of
from tests.clocks import last_school_half_days
from tests.e2e.conftest import PG_URL, REQUIRE_PG
from tests.e2e.served import ZORGPAD, Api, clock_env, free_port, postgres_database, served_now, served_today
from tests.walk import example

PUPILS = 150  # enough rows that the second import is still running when the kill comes
ACKNOWLEDGED_BEFORE_KILL = 5


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    with postgres_database(PG_URL) as url:
        yield url


def _zorgpad(env, *args, timeout=300):
    done = subprocess.run([ZORGPAD, *args], env=env, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def _started(env, *args, log):
    """A `zorgpad` process in a process group of its own, so one signal reaches all its children."""
    return subprocess.Popen(
        [ZORGPAD, *args], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _kill(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


@contextmanager
def _serving(env, log):
    """`zorgpad serve` (gunicorn and the scheduler); yields the process, killed with -9 if still alive."""
    from tests.e2e.served import _ENVIRONMENTS

    process = _started(env, "serve", log=log)
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/health", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    _ENVIRONMENTS[base] = env  # served_now() reads the server's clock settings
    try:
        yield process
    finally:
        _ENVIRONMENTS.pop(base, None)
        _kill(process)


def _absence_file(path, rows):
    path.write_text("external_id,date,half_day,code,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _registrations(url) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM absence_registrations")).scalar_one()
    finally:
        engine.dispose()


def _complete_until_killed(api, task_ids, acknowledged, stop):
    """Complete the tasks from 8 clients; `acknowledged` gets the ids the server said 200 to."""

    def complete(task_id):
        if stop.is_set():
            return
        data = example("task_absence_contact_parents", contact_date=api.today, absence_date=api.absence_day)
        try:
            api.call("POST", f"/api/tasks/{task_id}/complete", {"data": data})
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            return  # killed mid-request (or refused): not acknowledged
        acknowledged.append(task_id)

    pool = ThreadPoolExecutor(8)
    futures = [pool.submit(complete, task_id) for task_id in task_ids]
    return pool, futures


def test_killed_during_completions_an_import_and_a_sweep_the_check_finds_nothing(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ZORGPAD_DEMO_MODE": "1",
        "PORT": str(free_port()),
        "ZORGPAD_SECRET_KEY": uuid.uuid4().hex,
        "ZORGPAD_LOG_LEVEL": "WARNING",
        **clock_env(),
    }
    for args in (["db", "upgrade"], ["seed-demo"]):
        code, output = _zorgpad(env, *args)
        assert code == 0, output
    base = f"http://127.0.0.1:{env['PORT']}"
    log = (tmp_path / "processes.log").open("wb")
    with _serving(env, log) as server:
        director, secretary = Api(base, "dir1"), Api(base, "secr1")
        today = served_today(base)
        school = director.call("GET", "/api/pupils?per_page=1")["items"][0]["school_id"]
        for i in range(PUPILS):
            director.call(
                "POST",
                "/api/pupils",
                {
                    "external_id": f"K-{i}",
                    "first_name": "Kill",
                    "last_name": f"Leerling {i}",
                    "birth_date": "2012-02-02",
                },
            )
        year_start = school_year_bounds(school_year_of(today))[0]
        half_days = last_school_half_days(today, 200, year_start)
        # Five B's each: a case and an absence follow-up for every pupil.
        first = _absence_file(
            tmp_path / "eerste.csv", [f"K-{i},{d},{h},B," for i in range(PUPILS) for d, h in half_days[:5]]
        )
        code, output = _zorgpad(env, "import-absences", first, "--school", str(school))
        assert code == 0, output
        before_second = _registrations(database_url)
        second_rows = [
            f"K-{i},{d},{h},{'B' if n % 7 else 'Z'},"
            for i in range(PUPILS)
            for n, (d, h) in enumerate(half_days[5:])
        ]
        second = _absence_file(tmp_path / "tweede.csv", second_rows)
        tasks = secretary.call("GET", "/api/tasks?scope=group&per_page=100")["items"]
        task_ids = [t["id"] for t in tasks if t["bpmn_id"] == "task_absence_contact_parents"]
        assert len(task_ids) >= 40, [t["bpmn_id"] for t in tasks]
        secretary.today, secretary.absence_day = today.isoformat(), half_days[4][0].isoformat()

        # The crash: everything at once, killed once five completions are acknowledged.
        importing = _started(env, "import-absences", second, "--school", str(school), log=log)
        later = (served_now(base) + timedelta(days=40)).isoformat()
        sweeping = _started(env, "scheduler", "run-once", "--now", later, log=log)
        acknowledged, stop = [], threading.Event()
        pool, futures = _complete_until_killed(secretary, task_ids, acknowledged, stop)
        deadline = time.monotonic() + 60
        while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
        in_flight = sum(not f.done() for f in futures)
        import_running = importing.poll() is None
        for process in (server, importing, sweeping):
            _kill(process)
        stop.set()
        pool.shutdown(wait=True)
        acknowledged_at_kill = list(acknowledged)
    assert len(acknowledged_at_kill) >= ACKNOWLEDGED_BEFORE_KILL and in_flight > 0
    assert import_running, "the import ended before the kill: make the second file larger"

    code, output = _zorgpad(env, "check", "--documents")
    assert code == 0, output
    assert _registrations(database_url) in (before_second, before_second + len(second_rows)), "half an import"

    env["PORT"] = str(free_port())
    with _serving(env, log):
        base = f"http://127.0.0.1:{env['PORT']}"
        secretary = Api(base, "secr1")
        for task_id in acknowledged_at_kill:  # what the server acknowledged survived the crash
            assert secretary.call("GET", f"/api/tasks/{task_id}")["status"] == "completed", task_id
        # The interrupted work runs again, whole, and still agrees.
        code, output = _zorgpad(env, "import-absences", second, "--school", str(school))
        assert code == 0, output
        assert _registrations(database_url) == before_second + len(second_rows)
        code, output = _zorgpad(env, "scheduler", "run-once", "--now", later)
        assert code == 0, output
        code, output = _zorgpad(env, "check", "--documents")
        assert code == 0, output
    log.close()
