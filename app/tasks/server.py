"""`zorgpad serve`: gunicorn, plus one scheduler process.

Gunicorn's workers (processes) each build their own app after the fork, so no
database connection crosses a fork; each runs `threads` request threads
(gthread). The scheduler runs once per server, not once per worker: the
gunicorn master starts `zorgpad scheduler` as a child process when it is
ready and stops it when it exits (SCHEDULER_IN_SERVER=0 leaves it out, e.g.
when schedulers run elsewhere). Defaults suit 2 cores: 2 workers × 4 threads.
"""
import logging
import os
import subprocess
import sys

from gunicorn.app.base import BaseApplication

log = logging.getLogger("zorgpad.server")


def default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 1))


class ZorgpadServer(BaseApplication):
    def __init__(self, options: dict, with_scheduler: bool):
        self.options = options
        self.with_scheduler = with_scheduler
        self.scheduler_process: subprocess.Popen | None = None
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if self.with_scheduler:
            self.cfg.set("when_ready", self._start_scheduler)
            self.cfg.set("on_exit", self._stop_scheduler)

    def load(self):
        from app import create_app

        return create_app()

    def _start_scheduler(self, _arbiter):
        # The same interpreter and environment (DATABASE_URL, ZORGPAD_*) as the server.
        self.scheduler_process = subprocess.Popen([sys.executable, "-m", "app", "scheduler"])
        log.info("scheduler process %s started", self.scheduler_process.pid)

    def _stop_scheduler(self, _arbiter):
        process = self.scheduler_process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def serve(host: str, port: int, workers: int, threads: int, with_scheduler: bool) -> None:
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
    ZorgpadServer(options, with_scheduler).run()
