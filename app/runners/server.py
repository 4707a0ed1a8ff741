"""`zorgpad serve`: gunicorn, plus one scheduler process.

Gunicorn's workers (processes) each build their own app after the fork, so no
database connection crosses a fork; each runs `threads` request threads
(gthread). The scheduler runs once per server, not once per worker: the
gunicorn master starts `zorgpad scheduler` as a child process when it is
ready and stops it when it exits (SCHEDULER_IN_SERVER=0 leaves it out, e.g.
when schedulers run elsewhere). Should the scheduler die, the master starts it
again, after 1 s, then waiting twice as long each time up to a minute: without
it no reminder or escalation fires, and nobody would notice.
Defaults suit 2 cores: 2 workers × 4 threads.
"""

import logging
import os
import subprocess
import sys
import time

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

log = logging.getLogger("zorgpad.server")


def default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 1))


RESTART_FIRST_DELAY = 1.0  # seconds
RESTART_MAX_DELAY = 60.0
STABLE_AFTER = 300.0  # a scheduler that ran this long starts the backoff afresh when it dies


class _Arbiter(Arbiter):
    """Gunicorn's master; its loop (about once a second) also minds the scheduler."""

    def manage_workers(self):
        super().manage_workers()
        self.app.mind_scheduler()


class ZorgpadServer(BaseApplication):
    def __init__(self, options: dict, with_scheduler: bool, create_app):
        self.options, self.create_app = options, create_app
        self.with_scheduler = with_scheduler
        self.scheduler_process: subprocess.Popen | None = None
        self._started_at = 0.0
        self._restart_at: float | None = None
        self._delay = RESTART_FIRST_DELAY
        self._stopping = False
        super().__init__()

    def run(self):
        try:
            _Arbiter(self).run()
        except RuntimeError as error:
            print(f"\nError: {error}\n", file=sys.stderr)
            sys.exit(1)

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if self.with_scheduler:
            self.cfg.set("when_ready", self._start_scheduler)
            self.cfg.set("on_exit", self._stop_scheduler)

    def load(self):
        return self.create_app()

    def _start_scheduler(self, _arbiter=None):
        # The same interpreter and environment (DATABASE_URL, ZORGPAD_*) as the server.
        self.scheduler_process = subprocess.Popen([sys.executable, "-m", "app", "scheduler"])
        self._started_at = time.monotonic()
        log.info("scheduler process %s started", self.scheduler_process.pid)

    def mind_scheduler(self) -> None:
        """Start the scheduler again if it died (gunicorn's master may have reaped it:
        Popen then reads its exit status as 0)."""
        process = self.scheduler_process
        if not self.with_scheduler or self._stopping or process is None:
            return
        now = time.monotonic()
        if self._restart_at is None:
            if process.poll() is None:
                return
            if now - self._started_at >= STABLE_AFTER:
                self._delay = RESTART_FIRST_DELAY
            self._restart_at = now + self._delay
            # 0 also when gunicorn's master reaped it first and the real status is lost.
            status = f"exit status {process.returncode}" if process.returncode else "reaped by the server"
            log.error(
                "scheduler process %s stopped (%s); starting it again in %.0f s",
                process.pid,
                status,
                self._delay,
            )
            self._delay = min(self._delay * 2, RESTART_MAX_DELAY)
        elif now >= self._restart_at:
            self._restart_at = None
            self._start_scheduler()

    def _stop_scheduler(self, _arbiter):
        self._stopping = True
        process = self.scheduler_process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def serve(host: str, port: int, workers: int, threads: int, with_scheduler: bool, create_app) -> None:
    """Gunicorn on host:port; each worker builds its app with `create_app()` after the fork."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": None,  # our own request log (app/request_log.py) says more
        "timeout": 60,
        "graceful_timeout": 20,
        # gunicorn's most (its default, 4094, answered long search URLs with an HTML 414
        # before the app could say anything); a proxy in front usually allows 8 KB too.
        "limit_request_line": 8190,
    }
    ZorgpadServer(options, with_scheduler, create_app).run()
