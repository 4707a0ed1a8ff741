"""The real server for browser tests: `zorgpad` migrates, seeds and serves over HTTP,
on SQLite and (when ZORGPAD_TEST_POSTGRES_URL is set) on a fresh PostgreSQL database.

Started through the `zorgpad serve` command, whatever serves behind it, on the served
clock (tests/clocks.py: `served_at` of its database when it starts, running on from there), never on
the real date: `served_now(base)` is its "now".
"""

import atexit
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import normalise_database_url
from tests.clocks import SERVED_AT, day_of, served_at

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))
_ENVIRONMENTS: dict[str, dict] = {}  # base URL → the environment its server runs with


def clock_env(at: datetime = SERVED_AT) -> dict[str, str]:
    """The settings that start a `zorgpad` process's clock at `at` now; give the same to
    every process of one served app so they share one timeline."""
    return {"ZORGPAD_NOW": at.isoformat(), "ZORGPAD_NOW_SINCE": repr(time.time())}


def served_now(base: str) -> datetime:
    """What the served app's clock shows now."""
    env = _ENVIRONMENTS[base]
    started = datetime.fromisoformat(env["ZORGPAD_NOW"])
    return (started + timedelta(seconds=time.time() - float(env["ZORGPAD_NOW_SINCE"]))).replace(microsecond=0)


def served_today(base: str) -> date:
    return day_of(served_now(base))


# Ports for served apps: below the kernel's ephemeral range (32768-60999 on Linux), so
# no outgoing connection takes one meanwhile, and a slice per xdist worker, so two
# workers never pick the same; nothing may listen on it when picked. Without xdist,
# or past the slices, the kernel picks.
PORT_SLICES = range(20000, 32000, 3000)


def free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None
    if index is not None and index < len(PORT_SLICES):
        start = PORT_SLICES[index]
        offset = random.randrange(3000)  # other test runs on the machine pick elsewhere
        for step in range(3000):
            port = start + (offset + step) % 3000
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_database(admin_url: str):
    """A database of its own for one served app, dropped afterwards."""
    admin_url = make_url(normalise_database_url(admin_url))
    name = f"zorgpad_web_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Migrated and seeded databases, one per kind of database and server settings, made
# once per test process and copied for each served app (a file copy on SQLite, CREATE
# DATABASE … TEMPLATE on PostgreSQL): `db upgrade` and `seed-demo` are two processes
# and several seconds of CPU, for the same rows every time. Their clock starts at
# SERVED_AT as the served app's does, so the copy holds what a fresh seed would.
_SEEDED: dict[tuple, str] = {}


def _prepare(database_url: str, env: dict) -> None:
    for args in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(
            [ZORGPAD, *args],
            env={**env, "DATABASE_URL": database_url},
            check=True,
            capture_output=True,
            timeout=120,
        )


def _drop_seeded() -> None:
    for (kind, _settings), source in list(_SEEDED.items()):
        if kind == "sqlite":
            Path(source).unlink(missing_ok=True)
            continue
        url = make_url(source)
        admin = create_engine(_admin_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()
    _SEEDED.clear()


atexit.register(_drop_seeded)


def _admin_url(url):
    """The server's admin database (ZORGPAD_TEST_POSTGRES_URL's), to create and drop others."""
    given = os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
    return url.set(database=(given and make_url(normalise_database_url(given)).database) or "postgres")


def _migrated_and_seeded(database_url: str, env: dict, extra_env: dict) -> None:
    """`database_url` (a new SQLite file, or a new empty PostgreSQL database) as `db
    upgrade` and `seed-demo` leave it, from this process's copy for these settings."""
    url = make_url(database_url)
    kind = url.get_backend_name()
    key = (kind, tuple(sorted(extra_env.items())))
    if kind == "sqlite":
        if key not in _SEEDED:
            source = Path(tempfile.mkdtemp(prefix="zorgpad-seeded-")) / "seeded.sqlite3"
            _prepare(f"sqlite:///{source}", env)
            with closing(sqlite3.connect(source)) as conn:  # all of it in the file that is copied
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _SEEDED[key] = str(source)
        shutil.copyfile(_SEEDED[key], url.database)
        return
    admin = create_engine(_admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        if key not in _SEEDED:
            name = f"zorgpad_seeded_{uuid.uuid4().hex[:10]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            source = url.set(database=name).render_as_string(hide_password=False)
            _prepare(source, env)
            _SEEDED[key] = source
        with admin.connect() as conn:  # the served app's database is new and empty: made again from the copy
            conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
            conn.execute(
                text(f'CREATE DATABASE "{url.database}" TEMPLATE "{make_url(_SEEDED[key]).database}"')
            )
    finally:
        admin.dispose()


@contextmanager
def serve(database_url: str, extra_env: dict[str, str] | None = None):
    """Migrate, seed the demo and serve; yields the base URL. `extra_env`: more
    settings for the server (e.g. another workflows folder). Its clock starts at
    `served_at` of its kind of database (tests/clocks.py)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ZORGPAD_DEMO_MODE": "1",
        "PORT": str(free_port()),
        "ZORGPAD_SECRET_KEY": uuid.uuid4().hex,
        "ZORGPAD_LOG_LEVEL": "WARNING",
        # No LibreOffice behind every document the browser tests make (the PDF tests convert):
        # neither the request's thread nor the scheduler's job.
        "ZORGPAD_PDF_IN_BACKGROUND": "0",
        "ZORGPAD_PDF_SWEEP_SECONDS": "0",
        # No scheduler process beside the server: timers fire when a test moves time
        # (`sweep_as_of`); the schedulers have tests of their own (test_schedulers.py,
        # test_server.py, test_crash_recovery.py). A module may turn it on in `extra_env`.
        "ZORGPAD_SCHEDULER_IN_SERVER": "0",
        # A step's document rendered in the step, so a page right after it lists it ready.
        "ZORGPAD_DOCUMENTS_IN_BACKGROUND": "0",
        "ZORGPAD_DOCUMENT_SWEEP_SECONDS": "0",
        **clock_env(served_at(make_url(database_url).get_backend_name())),
        **(extra_env or {}),
    }
    _migrated_and_seeded(database_url, env, extra_env or {})
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; not a pipe: a full pipe would stall the server
    process = subprocess.Popen([ZORGPAD, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 60  # two workers and their browsers share the CPU
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/health", timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")) from None
            time.sleep(0.2)
    _ENVIRONMENTS[base] = env
    try:
        yield base
    finally:
        _ENVIRONMENTS.pop(base, None)
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def sweep_as_of(base: str, now: str) -> str:
    """`zorgpad scheduler run-once --now …` against the served app's database: time
    passes for the timers (the served app's own clock runs on from where it started)."""
    done = subprocess.run(
        [ZORGPAD, "scheduler", "run-once", "--now", now],
        env=_ENVIRONMENTS[base],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class Api:
    """The served JSON API as one user: to prepare a case quickly before a page test."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.token = self.call("POST", "/api/auth/login", {"username": username, "password": "demo"})["token"]

    def call(self, method: str, path: str, body=None):
        headers = {"Content-Type": "application/json"}
        if getattr(self, "token", None):
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def open_case(self, last_name: str, **fields) -> dict:
        """A case for the demo pupil of that name (its case as the API answers it)."""
        pupils = {p["last_name"]: p["id"] for p in self.call("GET", "/api/pupils?per_page=100")["items"]}
        return self.call("POST", "/api/cases", {"pupil_id": pupils[last_name], **fields})

    def task_id(self, case_id: int, bpmn_id: str) -> int:
        items = self.call("GET", f"/api/tasks?scope=all&case_id={case_id}&per_page=100")["items"]
        return next(t["id"] for t in items if t["bpmn_id"] == bpmn_id)

    def complete(self, case_id: int, bpmn_id: str, data: dict) -> dict:
        return self.call("POST", f"/api/tasks/{self.task_id(case_id, bpmn_id)}/complete", {"data": data})
