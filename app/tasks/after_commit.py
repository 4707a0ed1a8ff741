"""Work handed to a thread of this process once the transaction that made it commits.

A step's document (app/tasks/documents.py) and each version's PDF
(app/tasks/document_pdfs.py) are made after the commit, never in it: the session
collects the new rows' ids at flush, hands them over after the commit, forgets them
on a rollback. What a thread misses (a process that stopped, a failed try) the
scheduler's jobs pick up, so a lost hand-over only delays the work.
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

log = logging.getLogger("zorgpad.after_commit")


class WorkerQueue:
    """One worker thread per process, started on the first id handed to it; `work(id)`
    runs in an app context of its own, one id at a time."""

    def __init__(self, app: Flask, name: str, work: Callable[[int], object]):
        self.app, self.name, self.work = app, name, work
        self.lock = threading.Lock()
        self.pid: int | None = None
        self.ids: queue.Queue[int] = queue.Queue()
        self.queued: set[int] = set()
        self.thread: threading.Thread | None = None

    def put(self, ids) -> None:
        with self.lock:
            if self.pid != os.getpid():  # forked: the parent's thread and queue stayed there
                self.pid, self.ids, self.queued, self.thread = os.getpid(), queue.Queue(), set(), None
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self.thread.start()
            for one in ids:
                if one not in self.queued:
                    self.queued.add(one)
                    self.ids.put(one)

    def join(self) -> None:
        """Until every queued id was tried (tests)."""
        self.ids.join()

    def _run(self) -> None:
        ids = self.ids
        while True:
            one = ids.get()
            try:
                with self.app.app_context():
                    try:
                        self.work(one)
                    finally:
                        db.session.remove()
            except Exception:  # the scheduler's job tries again
                log.exception("%s: %s", self.name, one)
            finally:
                with self.lock:
                    self.queued.discard(one)
                ids.task_done()


_hand_overs: dict[str, tuple[Callable[[object], bool], Callable[[Flask, list[int]], None]]] = {}


def hand_over(key: str, picks: Callable[[object], bool], deliver: Callable[[Flask, list[int]], None]) -> None:
    """After each commit, `deliver(app, ids)` the ids of the rows that transaction added
    for which `picks(row)`; registered once per key (every app's sessions)."""
    if not _hand_overs:  # on the Session class, once for every hand-over
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
    _hand_overs[key] = (picks, deliver)


def _after_flush(session: Session, _context) -> None:
    for key, (picks, _deliver) in _hand_overs.items():
        added = [obj.id for obj in session.new if picks(obj)]
        if added:
            session.info.setdefault(key, []).extend(added)


def _after_commit(session: Session) -> None:
    pending = [(key, session.info.pop(key)) for key in _hand_overs if key in session.info]
    if not pending:
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:  # committed outside an app context: the scheduler's jobs pick them up
        return
    for key, ids in pending:
        _hand_overs[key][1](app, ids)


def _after_rollback(session: Session) -> None:
    for key in _hand_overs:
        session.info.pop(key, None)
