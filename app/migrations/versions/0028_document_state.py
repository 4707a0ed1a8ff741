"""A document made by a step is rendered after the step's commit, its state visible.

- documents.status: preparing | ready | failed (every existing version: ready);
- documents.inputs: the template's context as the step saw it (JSON), frozen in the row
  so that rendering later gives what rendering in the step gave; dropped once rendered;
- documents.render_claimed_at: when a worker thread or scheduler took the version (two
  schedulers render it once); render_attempts and render_error as for the PDF;
- content, sha256 and size are NULL while the version is in preparation.

The CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0028_document_state
Revises: 0026_read_indexes
"""

import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0028_document_state"
down_revision = "0026_read_indexes"
branch_labels = None
depends_on = None

STATUSES = ("preparing", "ready", "failed")
PREPARING = "status = 'preparing'"


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("status", sa.String(length=12), nullable=False, server_default="ready"))
        batch.add_column(sa.Column("inputs", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("render_claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("render_attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("render_error", sa.String(length=500), nullable=True))
        batch.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch.alter_column("size", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    set_checks("documents", {"status": STATUSES})
    # What the background looks for: the versions still to render.
    op.create_index(
        "ix_documents_preparing",
        "documents",
        ["id"],
        sqlite_where=sa.text(PREPARING),
        postgresql_where=sa.text(PREPARING),
    )


def downgrade():
    bind = op.get_bind()
    op.drop_index("ix_documents_preparing", table_name="documents")
    op.execute("DELETE FROM documents WHERE status <> 'ready'")  # no bytes to keep
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE documents DROP CONSTRAINT IF EXISTS ck_documents_status")
    with op.batch_alter_table(
        "documents", recreate="always" if bind.dialect.name == "sqlite" else "auto"
    ) as batch:
        if bind.dialect.name == "sqlite":
            batch.drop_constraint(op.f("ck_documents_status"), type_="check")
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch.alter_column("size", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch.drop_column("render_error")
        batch.drop_column("render_attempts")
        batch.drop_column("render_claimed_at")
        batch.drop_column("inputs")
        batch.drop_column("status")
