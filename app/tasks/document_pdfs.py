"""PDF once per version, in the background (app/services/documents/pdfs.py).

Two ways a version gets its PDF, neither in a request:

- right after the transaction that added the version commits (on demand, by a step,
  by the sweep), its id goes to this process's worker thread (one conversion at a
  time, so a burst of documents never runs many LibreOffices side by side);
- the scheduler's job (`sweep`, every PDF_SWEEP_SECONDS in app/runners/scheduler.py)
  converts what no thread did: a process that stopped, a forked sweep worker, a
  failed try (up to pdfs.ATTEMPTS).

PDF_IN_BACKGROUND: True/False, or None (the default): on, except under TESTING,
where tests run the job themselves (`drain`) on their fixed clock.
"""

from flask import Flask

from app.extensions import db
from app.models import Document
from app.services.documents import pdfs
from app.tasks.after_commit import WorkerQueue, hand_over

EXTENSION = "zorgpad.pdf_queue"


def enabled(app: Flask) -> bool:
    setting = app.config.get("PDF_IN_BACKGROUND")
    return (not app.testing) if setting is None else bool(setting)


def enqueue(app: Flask, document_ids) -> None:
    """Hand versions to this process's worker thread (returns at once)."""
    if document_ids and enabled(app) and pdfs.available():
        app.extensions[EXTENSION].put(document_ids)


def _rendered(obj: object) -> bool:
    # A version in preparation is handed over once rendered (app/tasks/documents.py).
    return isinstance(obj, Document) and obj.content is not None


def _deliver(app: Flask, document_ids: list[int]) -> None:
    if EXTENSION in app.extensions:
        enqueue(app, document_ids)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = WorkerQueue(app, "zorgpad-pdf", pdfs.make)
    hand_over("zorgpad.new_documents", _rendered, _deliver)


def sweep(app: Flask, limit: int = pdfs.BATCH) -> pdfs.PdfRun:
    """The scheduler's job: the versions still without a PDF, in this thread."""
    with app.app_context():
        try:
            return pdfs.make_pending(limit)
        finally:
            db.session.remove()


def drain(app: Flask) -> None:
    """Until this process's worker thread tried every version handed to it (tests)."""
    app.extensions[EXTENSION].join()
