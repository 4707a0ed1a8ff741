"""Reading a case's documents: the .docx or PDF of a version, or why it is not there yet.

A step's document is rendered after the step's commit (app/tasks/documents.py) and every
version's PDF in the background (app/tasks/document_pdfs.py): a download never makes
either; until the file is there it answers Pending (the API 202 with Retry-After, the page
"wordt aangemaakt", which asks `file_ready` until it is). Every download is audited.
"""

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import undefer

from app import clock
from app.extensions import db
from app.models import Case, Document
from app.services.access import Actor, case_in_scope, in_scope
from app.services.audit import audit
from app.services.documents import pdfs
from app.services.documents.templates import TEMPLATES
from app.services.errors import Invalid, NotFound, Unavailable
from app.services.transaction import writing
from app.vocabulary import AuditAction, DocumentStatus, Lane

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMATS = tuple(MIMETYPES)


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    mimetype: str
    filename: str


@dataclass(frozen=True)
class Pending:
    """The version's file is still being made in the background: try again shortly (the
    .docx of a step's document just after the step, or any version's PDF)."""

    document_id: int
    case_id: int
    title: str
    version: int
    fmt: str = "pdf"
    retry_after: int = 5

    @property
    def code(self) -> str:
        return "pdf_pending" if self.fmt == "pdf" else "document_pending"

    @property
    def message(self) -> str:
        made = "De PDF wordt" if self.fmt == "pdf" else "Het document wordt"
        return f"{made} aangemaakt; probeer het over enkele seconden opnieuw."


PDF_MISSING = "PDF is op deze server niet beschikbaar (LibreOffice ontbreekt); download het Word-bestand."
PDF_FAILED = "De PDF kon niet gemaakt worden; download het Word-bestand."
DOCUMENT_FAILED = "Het document kon niet gemaakt worden; maak een nieuwe versie."


def visible(actor: Actor):
    """Documents of the actor's schools' periods (a handover also for the receiving
    school's CLB); CLB-side ones for CLB staff only."""
    where = or_(in_scope(Document.school_id, actor), in_scope(Document.handed_to_school_id, actor))
    return where if actor.is_clb else and_(where, Document.side == Lane.SCHOOL)


def _slug(words: str) -> str:
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_words.lower()).strip("-") or "leerling"


def file_ready(actor: Actor, document_id: int, fmt: str = "pdf") -> bool | None:
    """Is the version's file there (True), still being made (False), or will it not come
    (None)? For the page that waits for it; reads no content, so nothing is audited."""
    found = db.session.execute(
        select(Document.status, Document.pdf_made_at, Document.pdf_attempts).where(
            Document.id == document_id, case_in_scope(Document.case_id, actor), visible(actor)
        )
    ).first()
    if found is None:
        raise NotFound("Document niet gevonden.")
    if found.status == DocumentStatus.FAILED:
        return None
    if fmt != "pdf":
        return found.status == DocumentStatus.READY
    if found.pdf_made_at is not None:
        return True
    return False if found.pdf_attempts < pdfs.ATTEMPTS and pdfs.available() else None


def _pending(document: Document, fmt: str) -> Pending:
    return Pending(document.id, document.case_id, TEMPLATES[document.template].title, document.version, fmt)


def _file(document: Document, fmt: str) -> bytes | Pending:
    """The stored .docx or PDF of the version; never made here (app/tasks/documents.py,
    app/tasks/document_pdfs.py)."""
    if document.status == DocumentStatus.FAILED:
        raise Unavailable(DOCUMENT_FAILED)
    if fmt != "pdf":
        return _pending(document, fmt) if document.content is None else document.content
    if document.pdf is not None:
        return document.pdf
    if document.pdf_attempts >= pdfs.ATTEMPTS:
        raise Unavailable(PDF_FAILED)
    if not pdfs.available():
        raise Unavailable(PDF_MISSING)
    return _pending(document, fmt)


def download(actor: Actor, document_id: int, fmt: str = "docx") -> DocumentFile | Pending:
    """A document's bytes, or its stored PDF, under a Dutch file name; audited. A file not
    made yet is a Pending (the API answers 202, the page says it is being made)."""
    if fmt not in MIMETYPES:
        raise Invalid("Onbekend formaat.", {"format": [f"Kies uit: {', '.join(FORMATS)}."]})
    document = db.session.scalar(
        select(Document)
        .where(Document.id == document_id, case_in_scope(Document.case_id, actor), visible(actor))
        .options(undefer(Document.pdf if fmt == "pdf" else Document.content))
    )
    if document is None:
        raise NotFound("Document niet gevonden.")
    content = _file(document, fmt)
    if isinstance(content, Pending):
        return content
    case = db.session.get(Case, document.case_id)
    assert case is not None, "the document's foreign key"
    pupil = case.pupil
    name = f"{document.template}-{_slug(f'{pupil.first_name} {pupil.last_name}')}-v{document.version}.{fmt}"
    with writing() as session:
        audit(
            session,
            actor,
            clock.now(),
            AuditAction.DOCUMENT_READ,
            "document",
            document.id,
            detail=f"case={document.case_id} {document.template} v{document.version} {fmt}",
        )
    return DocumentFile(content, MIMETYPES[fmt], name)
