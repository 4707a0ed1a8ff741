"""PDF once per version: each document version is converted to PDF once, in the
background (app/tasks/document_pdfs.py: a worker thread right after the version is
committed, and the scheduler's job for whatever it missed), and stored with the
version. A download serves the stored PDF and never waits for LibreOffice.

The conversion runs outside any transaction (it takes seconds); its result is written
in a short one of its own, only if no other process stored a PDF meanwhile.
"""

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.documents.pdf import PdfFailed, PdfUnavailable, soffice, to_pdf
from app.extensions import db
from app.models import Document
from app.services.transaction import writing
from app.vocabulary import DocumentStatus

log = logging.getLogger("zorgpad.pdfs")
ATTEMPTS = 3  # conversions tried before a download says the PDF could not be made
BATCH = 20


@dataclass(frozen=True)
class PdfRun:
    made: int = 0
    failed: int = 0
    unavailable: bool = False  # LibreOffice is not installed here: nothing was tried


def available() -> bool:
    return soffice() is not None


def pending(limit: int = BATCH) -> list[int]:
    """The versions without a PDF that still get a try, oldest first (a version still in
    preparation gets its PDF once its .docx is rendered)."""
    return list(
        db.session.scalars(
            select(Document.id)
            .where(
                Document.pdf_made_at.is_(None),
                Document.pdf_attempts < ATTEMPTS,
                Document.status == DocumentStatus.READY,
            )
            .order_by(Document.id)
            .limit(limit)
        )
    )


def make(document_id: int) -> bool | None:
    """Convert one version and store its PDF: True when stored (or already there), False
    when the conversion failed (an attempt counted), None without LibreOffice."""
    content = db.session.scalar(
        select(Document.content).where(Document.id == document_id, Document.pdf_made_at.is_(None))
    )
    db.session.rollback()  # no transaction (nor SQLite read lock) held while LibreOffice runs
    if content is None:
        return True  # made meanwhile, gone (purged), or its .docx not rendered yet
    try:
        made = to_pdf(content, timeout=current_app.config["PDF_TIMEOUT"])
    except PdfUnavailable:
        return None
    except PdfFailed as failure:
        log.warning("PDF of document %s failed: %s", document_id, failure)
        with writing():
            db.session.execute(
                update(Document)
                .where(Document.id == document_id, Document.pdf_made_at.is_(None))
                .values(pdf_attempts=Document.pdf_attempts + 1, pdf_error=str(failure)[:500])
            )
        return False
    with writing():
        db.session.execute(
            update(Document)
            .where(Document.id == document_id, Document.pdf_made_at.is_(None))
            .values(pdf=made, pdf_made_at=clock.now(), pdf_error=None)
        )
    return True


def make_pending(limit: int = BATCH) -> PdfRun:
    """The PDFs of up to `limit` versions that have none yet (the scheduler's job)."""
    made = failed = 0
    for document_id in pending(limit):
        result = make(document_id)
        if result is None:
            return PdfRun(made, failed, unavailable=True)
        made, failed = made + result, failed + (not result)
    return PdfRun(made, failed)
