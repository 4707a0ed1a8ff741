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
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import Document, WorkflowInstance
from app.tasks import document_pdfs, documents
from app.tasks.sweep import run_due_timers

log = logging.getLogger("zorgpad.scheduler")


def database_unreadable() -> str | None:
    """Why the jobs could not read the database (an unmigrated one), or None."""
    try:
        for table in (WorkflowInstance, Document):  # what the jobs read
            db.session.execute(select(table.id).limit(1))
    except DBAPIError as error:
        return type(error.orig).__name__
    finally:
        db.session.remove()
    return None


def sweep_once(app: Flask, now=None):
    with app.app_context():
        try:
            return run_due_timers(now)
        finally:
            db.session.remove()


# The jobs, each with the setting that says how often (0: not in this process). The
# documents job renders what steps left in preparation and no worker thread rendered
# (one that stopped, a command's, a forked sweep worker's); the PDF job converts the
# versions still without a PDF (another scheduler may do it, or a browser test's server).
JOBS = (
    ("timer_sweep", sweep_once, "SWEEP_SECONDS"),
    ("documents", documents.sweep, "DOCUMENT_SWEEP_SECONDS"),
    ("document_pdfs", document_pdfs.sweep, "PDF_SWEEP_SECONDS"),
)


def run_forever(app: Flask) -> None:
    scheduler = BlockingScheduler(timezone="UTC")
    # APScheduler ticks on the real clock (every n seconds from now); each job reads
    # the app's clock (which a demo or test may have set to another day).
    for job_id, job, setting in JOBS:
        if app.config[setting] > 0:
            scheduler.add_job(
                job,
                "interval",
                args=[app],
                seconds=app.config[setting],
                id=job_id,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )

    def stop(_signum, _frame):
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info(
        "scheduler: %s", ", ".join(f"{job.id} every {job.trigger.interval}" for job in scheduler.get_jobs())
    )
    scheduler.start()
