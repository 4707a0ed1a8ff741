"""The sweep on a clock: APScheduler runs `run_due_timers` every SWEEP_SECONDS.

One job, never overlapping itself (max_instances=1) and never catching up
missed runs one by one (coalesce): a sweep always does everything that is due
as of its own start, so one late run covers the runs it missed. Several
scheduler processes may run against one PostgreSQL: claims keep them apart.
Two more jobs, alike, render the documents steps left in preparation
(app/tasks/documents.py) and make the PDFs of versions that have none yet
(app/tasks/document_pdfs.py).
"""

import logging
import signal
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.extensions import db
from app.tasks import document_pdfs, documents
from app.tasks.sweep import run_due_timers

log = logging.getLogger("zorgpad.scheduler")


def sweep_once(app: Flask, now=None):
    with app.app_context():
        try:
            return run_due_timers(now)
        finally:
            db.session.remove()


def run_forever(app: Flask) -> None:
    interval = app.config["SWEEP_SECONDS"]
    scheduler = BlockingScheduler(timezone="UTC")
    # APScheduler ticks on the real clock (every `interval` seconds from now); each
    # sweep reads the app's clock (which a demo or test may have set to another day).
    scheduler.add_job(
        sweep_once,
        "interval",
        args=[app],
        seconds=interval,
        id="timer_sweep",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )

    # Documents a step left in preparation that no worker thread rendered (one that
    # stopped, a command's, a forked sweep worker's); DOCUMENT_SWEEP_SECONDS=0: not here.
    if app.config["DOCUMENT_SWEEP_SECONDS"] > 0:
        scheduler.add_job(
            documents.sweep,
            "interval",
            args=[app],
            seconds=app.config["DOCUMENT_SWEEP_SECONDS"],
            id="documents",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    # Document versions still without a PDF (the request threads' queue missed them);
    # PDF_SWEEP_SECONDS=0: not here (another scheduler does it, or a browser test's server).
    if app.config["PDF_SWEEP_SECONDS"] > 0:
        scheduler.add_job(
            document_pdfs.sweep,
            "interval",
            args=[app],
            seconds=app.config["PDF_SWEEP_SECONDS"],
            id="document_pdfs",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    def stop(_signum, _frame):
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler: a sweep every %d s", interval)
    scheduler.start()
