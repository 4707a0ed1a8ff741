"""PDF once per version: the PDF of a document version, made in the background.

documents.pdf holds the PDF LibreOffice made of the version's .docx (NULL until made);
pdf_made_at when, pdf_attempts the conversions tried, pdf_error the last failure. A
download serves the stored PDF and never waits for LibreOffice.

Revision ID: 0022_document_pdfs
Revises: 0021_retention
"""
import sqlalchemy as sa
from alembic import op


revision = "0022_document_pdfs"
down_revision = "0021_retention"
branch_labels = None
depends_on = None
PENDING = "pdf_made_at IS NULL"


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("pdf_made_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("pdf_attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("pdf_error", sa.String(length=500), nullable=True))
    # The versions without a PDF yet are what the background job looks for.
    op.create_index(
        "ix_documents_pdf_pending",
        "documents",
        ["id"],
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )


def downgrade():
    op.drop_index("ix_documents_pdf_pending", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("pdf_error")
        batch.drop_column("pdf_attempts")
        batch.drop_column("pdf_made_at")
        batch.drop_column("pdf")
