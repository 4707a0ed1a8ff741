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

import logging
import os
import queue
import threading
from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Document
from app.services.documents import pdfs

log = logging.getLogger("zorgpad.pdfs")
NEW_DOCUMENTS = "zorgpad.new_documents"
EXTENSION = "zorgpad.pdf_queue"


class WorkerQueue:
    """One worker thread per process, started on the first id handed to it; `work(id)`
    runs in an app context of its own (here each version's PDF, in app/tasks/documents.py
    each step's .docx)."""

    def __init__(self, app: Flask, name: str, work: Callable[[int], object]):
        self.app, self.name, self.work = app, name, work
        self.lock = threading.Lock()
        self.pid: int | None = None
        self.ids: queue.Queue[int] = queue.Queue()
        self.queued: set[int] = set()
        self.thread: threading.Thread | None = None

    def put(self, document_ids) -> None:
        with self.lock:
            if self.pid != os.getpid():  # forked: the parent's thread and queue stayed there
                self.pid, self.ids, self.queued, self.thread = os.getpid(), queue.Queue(), set(), None
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self.thread.start()
            for document_id in document_ids:
                if document_id not in self.queued:
                    self.queued.add(document_id)
                    self.ids.put(document_id)

    def join(self) -> None:
        """Until every queued id was tried (tests)."""
        self.ids.join()

    def _run(self) -> None:
        ids = self.ids
        while True:
            document_id = ids.get()
            try:
                with self.app.app_context():
                    try:
                        self.work(document_id)
                    finally:
                        db.session.remove()
            except Exception:  # the scheduler's job tries again
                log.exception("%s: document %s", self.name, document_id)
            finally:
                with self.lock:
                    self.queued.discard(document_id)
                ids.task_done()


def enabled(app: Flask) -> bool:
    setting = app.config.get("PDF_IN_BACKGROUND")
    return (not app.testing) if setting is None else bool(setting)


def enqueue(app: Flask, document_ids) -> None:
    """Hand versions to this process's worker thread (returns at once)."""
    if document_ids and enabled(app) and pdfs.available():
        app.extensions[EXTENSION].put(document_ids)


def _after_flush(session: Session, _context) -> None:
    # A version in preparation is handed over once rendered (app/tasks/documents.py).
    added = [obj.id for obj in session.new if isinstance(obj, Document) and obj.content is not None]
    if added:
        session.info.setdefault(NEW_DOCUMENTS, []).extend(added)


def _after_commit(session: Session) -> None:
    added = session.info.pop(NEW_DOCUMENTS, None)
    if added:
        try:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
        except RuntimeError:  # committed outside an app context: the job picks them up
            return
        if EXTENSION in app.extensions:
            enqueue(app, added)


def _after_rollback(session: Session) -> None:
    session.info.pop(NEW_DOCUMENTS, None)


_listening = False


def init_app(app: Flask) -> None:
    global _listening
    app.extensions[EXTENSION] = WorkerQueue(app, "zorgpad-pdf", pdfs.make)
    if not _listening:  # on the Session class: every app's sessions, registered once
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
        _listening = True


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
