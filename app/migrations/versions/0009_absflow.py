"""Absences drive the path: a case opened by an absence import (no signed-in
user when the command line imports), the B count carried over at a school
change kept apart from the registrations, and two event kinds (new B-codes
imported into the case, the signal to the CLB due).

The CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0009_absflow
Revises: 0008_documents
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0009_absflow"
down_revision = "0008_documents"
branch_labels = None
depends_on = None

EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
    "reminder_sent", "escalated", "timer_fired", "due_date_moved",
    "document_generated", "absences_imported", "signal_due",
)
VISIBILITIES = ("shared", "clb")


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.alter_column("opened_by_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("carried_b_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("carried_b_count_on", sa.Date(), nullable=True))
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})


def downgrade():
    raise NotImplementedError("0009_absflow is not reversible: restore a backup to go back")
