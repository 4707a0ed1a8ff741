"""A step's document, rendered after the step's commit (app/services/documents/deferred.py).

Two ways a version in preparation gets its .docx, neither in the step's transaction:

- right after the transaction that added it commits, its id goes to this process's
  worker thread (one render at a time; a render is tens of milliseconds, so it does not
  wait behind LibreOffice: the PDFs have their own thread);
- the scheduler's job (`sweep`, every DOCUMENT_SWEEP_SECONDS in app/runners/scheduler.py)
  renders what no thread did: a process that stopped (a command, a forked sweep worker),
  a failed try (up to deferred.ATTEMPTS), a claim left by a renderer that died.

Either claims the version first, so it is rendered once; once rendered, its PDF is
queued as any new version's (app/tasks/document_pdfs.py).
"""

from flask import Flask, current_app

from app.extensions import db
from app.models import Document
from app.services.documents import deferred
from app.tasks import document_pdfs
from app.tasks.after_commit import WorkerQueue, hand_over
from app.vocabulary import DocumentStatus

EXTENSION = "zorgpad.document_queue"


def _render(document_id: int) -> None:
    """The worker thread's job (in an app context): render, then hand over to the PDF."""
    if deferred.render(document_id):
        document_pdfs.enqueue(current_app._get_current_object(), [document_id])  # type: ignore[attr-defined]


def _preparing(obj: object) -> bool:
    return isinstance(obj, Document) and obj.status == DocumentStatus.PREPARING


def _deliver(app: Flask, document_ids: list[int]) -> None:
    if EXTENSION in app.extensions:
        app.extensions[EXTENSION].put(document_ids)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = WorkerQueue(app, "zorgpad-documents", _render)
    hand_over("zorgpad.documents_preparing", _preparing, _deliver)


def sweep(app: Flask, limit: int = deferred.BATCH) -> deferred.RenderRun:
    """The scheduler's job: the versions still in preparation that nobody holds."""
    with app.app_context():
        try:
            run, made = deferred.render_pending(limit)
        finally:
            db.session.remove()
        document_pdfs.enqueue(app, made)
        return run


def drain(app: Flask) -> None:
    """Until this process's worker thread tried every version handed to it (tests)."""
    app.extensions[EXTENSION].join()
