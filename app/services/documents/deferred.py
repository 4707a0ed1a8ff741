"""A step's document, rendered after the step's commit (bench/README.md, document_step_ratio).

The step builds the template's context as the document's side reads the case at that
moment and freezes it in the version's row (`inputs`, JSON), with the status
`preparing`; rendering (docxtpl: ~60 % of a document's time, the rest is the context's
reads) happens after the commit, from those inputs only, so the bytes are the ones
rendering in the step would have made. Who renders: this process's worker thread right
after the commit, and the scheduler's job for what no thread did
(app/tasks/documents.py). A renderer first claims the version (`render_claimed_at`, in a
short transaction of its own), so two schedulers render it once; a claim older than
CLAIM_TTL counts as abandoned (a process that died while rendering).

DOCUMENTS_IN_BACKGROUND: True/False, or None (the default): on, except under TESTING,
where a step renders its document inline as before (deterministic tests; a test that
turns it on waits for the worker with `app.tasks.documents.drain`).
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, or_, select, update

from app import clock
from app.documents import render_docx
from app.extensions import db
from app.models import Document
from app.services.transaction import writing
from app.vocabulary import DocumentStatus

log = logging.getLogger("zorgpad.documents")
ATTEMPTS = 3  # renders tried before the version says it could not be made
BATCH = 20
CLAIM_TTL = timedelta(minutes=2)  # a render takes well under a second


@dataclass(frozen=True)
class RenderRun:
    made: int = 0
    failed: int = 0


def enabled() -> bool:
    """Does a step leave its document to the background (else it renders it inline)?"""
    setting = current_app.config.get("DOCUMENTS_IN_BACKGROUND")
    return (not current_app.testing) if setting is None else bool(setting)


def frozen(context: dict) -> dict:
    """The context as the row keeps it (JSON: tuples become lists, which Jinja loops alike;
    a value JSON cannot hold fails here, in every step, not later in the background)."""
    return json.loads(json.dumps(context))


def _claimable(now):
    return (
        Document.status == DocumentStatus.PREPARING,
        Document.render_attempts < ATTEMPTS,
        or_(Document.render_claimed_at.is_(None), Document.render_claimed_at < now - CLAIM_TTL),
    )


def pending(limit: int = BATCH) -> list[int]:
    """The versions still to render that nobody holds, oldest first."""
    return list(
        db.session.scalars(
            select(Document.id).where(*_claimable(clock.now())).order_by(Document.id).limit(limit)
        )
    )


def _claim(document_id: int):
    """Take the version for this renderer; its template file and inputs, or None when
    another renderer holds it or it is rendered already."""
    now = clock.now()
    with writing() as session:
        taken = session.execute(
            update(Document)
            .where(Document.id == document_id, *_claimable(now))
            .values(render_claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        found = (
            db.session.execute(
                select(Document.template_file, Document.inputs).where(Document.id == document_id)
            ).first()
            if taken
            else None
        )
    return (now, found) if found is not None else None


def render(document_id: int) -> bool | None:
    """Render one version from its frozen inputs and store it: True when stored, False
    when rendering failed (an attempt counted), None when not this renderer's (another
    holds it, or it is done)."""
    claimed = _claim(document_id)
    if claimed is None:
        return None
    claimed_at, (template_file, inputs) = claimed
    mine = (
        Document.id == document_id,
        Document.status == DocumentStatus.PREPARING,
        Document.render_claimed_at == claimed_at,
    )
    try:
        rendered = render_docx(current_app.config["DOCUMENT_TEMPLATES_DIR"], template_file, inputs)
    except Exception as failure:  # noqa: BLE001 - kept on the row; the job tries again
        log.exception("rendering document %s", document_id)
        with writing():
            db.session.execute(
                update(Document)
                .where(*mine)
                .values(
                    render_attempts=Document.render_attempts + 1,
                    render_error=str(failure)[:500] or type(failure).__name__,
                    render_claimed_at=None,
                    # the right-hand side reads the row before this update
                    status=case(
                        (Document.render_attempts + 1 >= ATTEMPTS, DocumentStatus.FAILED.value),
                        else_=DocumentStatus.PREPARING.value,
                    ),
                )
                .execution_options(synchronize_session=False)
            )
        return False
    with writing() as session:
        stored = session.execute(
            update(Document)
            .where(*mine)
            .values(
                status=DocumentStatus.READY,
                content=rendered.content,
                sha256=rendered.sha256,
                size=len(rendered.content),
                template_file=rendered.template_file,
                template_sha256=rendered.template_sha256,
                inputs=None,
                render_claimed_at=None,
                render_error=None,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    return True if stored else None  # None: its claim went stale and another renderer took it


def render_pending(limit: int = BATCH) -> tuple[RenderRun, list[int]]:
    """Up to `limit` versions still to render (the scheduler's job); with the ids made."""
    made, failed = [], 0
    for document_id in pending(limit):
        result = render(document_id)
        if result:
            made.append(document_id)
        elif result is False:
            failed += 1
    return RenderRun(len(made), failed), made
