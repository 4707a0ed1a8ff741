"""Documents made for a case (app/documents): every version kept, never overwritten."""

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.org import User
from app.models.types import UTCDateTime, one_of
from app.vocabulary import DocumentStatus, DocumentTemplate, Lane


class Document(Model):
    """One generated document: a .docx, its template and version, who made it.

    `side` decides who reads it: a school-side document (its content read as
    the school may read the case) reaches the school and its CLB; a CLB-side
    one never reaches school users. `school_id` is the school period it
    belongs to, as for tasks and journal entries; a warm handover is also
    read by the receiving school's CLB (`handed_to_school_id`). The bytes are
    kept in the row (a few tens of KB each), loaded only on download.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("case_id", "template", "version", name="uq_documents_case_template_version"),
        one_of("template", DocumentTemplate),
        one_of("side", Lane),
        one_of("status", DocumentStatus),
        # The versions whose PDF the background job still has to make.
        Index(
            "ix_documents_pdf_pending",
            "id",
            sqlite_where=text("pdf_made_at IS NULL"),
            postgresql_where=text("pdf_made_at IS NULL"),
        ),
        # The versions a step froze and the background has still to render.
        Index(
            "ix_documents_preparing",
            "id",
            sqlite_where=text("status = 'preparing'"),
            postgresql_where=text("status = 'preparing'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    handed_to_school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    template: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10))
    # 1, 2, ... per case and template: generating again adds a version.
    version: Mapped[int] = mapped_column()
    template_file: Mapped[str] = mapped_column(String(100))
    template_sha256: Mapped[str] = mapped_column(String(64))
    # The completed task whose form it was filled from (None: no form, e.g. the dossier).
    source_task_id: Mapped[int | None] = mapped_column(ForeignKey("case_tasks.id"))
    # The BPMN service task that made it; None when made on demand.
    service_task: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The CLB-only journal entries the sender chose to include (ids); None: none.
    included_entries: Mapped[list | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    # The .docx: None while the version is in preparation (a step's document is rendered
    # after the step's commit, app/tasks/documents.py, from `inputs`: the template's
    # context as the step saw it, dropped once rendered).
    status: Mapped[str] = mapped_column(String(12), default=DocumentStatus.READY, server_default="ready")
    inputs: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    render_claimed_at = mapped_column(UTCDateTime(), nullable=True)  # a renderer holds it since
    render_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    render_error: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column()
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # The PDF of this version, made once in the background (app/tasks/document_pdfs.py),
    # never in a request; None until it is made. A failed conversion counts an attempt
    # and keeps the reason; after PDF_ATTEMPTS the download says so.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_made_at = mapped_column(UTCDateTime(), nullable=True)
    pdf_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    pdf_error: Mapped[str | None] = mapped_column(String(500))

    created_by: Mapped[User | None] = relationship()
