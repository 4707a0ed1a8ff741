"""What the served figures share: a throwaway database, `zorgpad serve` on loopback,
and a small keep-alive HTTP client (the JSON API with a bearer token, the web pages
with the session cookie)."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))


def admin_url() -> str | None:
    """The PostgreSQL server to make throwaway databases on, if any."""
    return os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")


@contextmanager
def database(backend: str, label: str = "bench"):
    """A fresh database: an SQLite file in a temp folder, or zorgpad_bench_<uuid> on the
    PostgreSQL server (dropped afterwards, WITH (FORCE))."""
    if backend == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix=f"zorgpad-{label}-"))
        try:
            yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    admin = create_engine(normalise_database_url(admin_url()), isolation_level="AUTOCOMMIT")
    name = f"zorgpad_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clock_env(now: datetime) -> dict[str, str]:
    """Every process of one run on one timeline: `now` from this moment on."""
    return {"ZORGPAD_NOW": now.isoformat(), "ZORGPAD_NOW_SINCE": repr(time.time())}


def server_env(url: str, now: datetime, **extra) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "ZORGPAD_DEMO_MODE": "1",
        "ZORGPAD_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ZORGPAD_LOG_LEVEL": "WARNING",
        "ZORGPAD_SCHEDULER_IN_SERVER": "0",
        # No LibreOffice behind the timed steps: each document step's PDF (a second or
        # two of CPU, a few a day per school in use) would run beside the next rounds on
        # the same two cores and be counted as the steps' time (bench/README.md).
        "ZORGPAD_PDF_IN_BACKGROUND": "0",
        **clock_env(now),
        **extra,
    }


@contextmanager
def server(env: dict, workers: int = 2, threads: int = 4):
    """`zorgpad serve` (gunicorn) on a free loopback port; yields (host, port, pid)."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; a full pipe would stall it
    args = [ZORGPAD, "serve", "--port", str(port), "--workers", str(workers), "--threads", str(threads)]
    process = subprocess.Popen([*args, "--no-scheduler"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                Client("127.0.0.1", port).get("/api/health")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(log.read().decode(errors="replace")[-3000:]) from None
                time.sleep(0.2)
        yield "127.0.0.1", port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class HttpError(RuntimeError):
    def __init__(self, status: int, body: str):
        super().__init__(f"{status}: {body[:500]}")
        self.status = status


class Client:
    """One keep-alive connection; `token` for the API, `cookie` for the web pages."""

    def __init__(self, host: str, port: int, token: str | None = None):
        self.host, self.port, self.token, self.cookie = host, port, token, None
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # the server closed an idle keep-alive connection: once more
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("zorgpad_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data

    def call(self, method: str, path: str, body=None, ok=(200, 201)):
        payload = json.dumps(body).encode() if body is not None else None
        status, data = self.request(method, path, payload, {"Content-Type": "application/json"})
        if status not in ok:
            raise HttpError(status, data.decode(errors="replace"))
        return json.loads(data or b"null")

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body=None):
        return self.call("POST", path, body)

    def login(self, username: str) -> "Client":
        self.token = self.post("/api/auth/login", {"username": username, "password": "demo"})["token"]
        return self

    def web_login(self, username: str) -> "Client":
        """Signs in on the web pages as a browser would: the form's CSRF token, the cookie."""
        _, page = self.request("GET", "/login")
        csrf = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        form = urlencode({"username": username, "password": "demo", "csrf_token": csrf}).encode()
        status, body = self.request(
            "POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status not in (302, 303):
            raise HttpError(status, body.decode(errors="replace"))
        return self

    def page(self, path: str) -> bytes:
        status, body = self.request("GET", path)
        if status != 200:
            raise HttpError(status, body.decode(errors="replace"))
        return body

    def close(self):
        self.conn.close()


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
