"""Documents: every generated version of a case's documents, with its bytes;
the event kind `document_generated`.

The CHECK lists are frozen here (app/vocabulary.py at this revision).

Revision ID: 0008_documents
Revises: 0007_absences
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0008_documents"
down_revision = "0007_absences"
branch_labels = None
depends_on = None

TEMPLATES = ("spijbelactieplan", "dossier_maatregelen", "mdoc_bijlage", "agodi_melding", "politie_melding",
             "warme_overdracht")
SIDES = ("school", "clb")
EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
    "reminder_sent", "escalated", "timer_fired", "due_date_moved",
    "document_generated",
)
VISIBILITIES = ("shared", "clb")


def _check(column: str, values) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})",
                              name=f"ck_documents_{column}")


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_documents_{column}_{target}")


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("handed_to_school_id", sa.Integer(), nullable=True),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("template_file", sa.String(length=100), nullable=False),
        sa.Column("template_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_task_id", sa.Integer(), nullable=True),
        sa.Column("service_task", sa.String(length=100), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        _fk("case_id", "cases"),
        _fk("school_id", "schools"),
        _fk("handed_to_school_id", "schools"),
        _fk("source_task_id", "case_tasks"),
        _fk("created_by_id", "users"),
        sa.UniqueConstraint("case_id", "template", "version", name="uq_documents_case_template_version"),
        _check("template", TEMPLATES),
        _check("side", SIDES),
    )
    op.create_index("ix_documents_case_id", "documents", ["case_id"])
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})


def downgrade():
    raise NotImplementedError("0008_documents is not reversible: restore a backup to go back")
