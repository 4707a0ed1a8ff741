"""The school sees what it must carry out; legal tracks by whoever files.

- case_notices: what the CLB wrote "voor de school" on a step, acknowledged by
  school staff (who, when);
- case_events.kind gains `notice_acknowledged`; notifications.kind `notice`;
- workflow_instances.kind gains `m_document` and `agodi_report` (the M-document
  and AGODI tracks, started from phase 2 on by the side that files) and
  `school_offer` (the school's part of phase 3's tailored offer).

The CHECK lists are frozen here (app/vocabulary.py at this revision).

Revision ID: 0018_school_notices
Revises: 0017_clb_hears
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0018_school_notices"
down_revision = "0017_clb_hears"
branch_labels = None
depends_on = None

EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
    "reminder_sent", "escalated", "timer_fired", "due_date_moved",
    "document_generated", "absences_imported", "signal_due",
    "followup_cancelled", "case_cancelled", "followups_adopted", "below_signal_floor",
    "workflow_migrated", "owner_changed", "notice_acknowledged",
)
VISIBILITIES = ("shared", "clb")
NOTIFICATION_KINDS = (
    "reminder", "escalation", "signal", "referral", "police_advice", "school_change", "new_absences", "notice",
)
INSTANCE_KINDS = (
    "case", "absence_followup", "police_track", "handover", "m_document", "agodi_report", "school_offer",
)


def upgrade():
    op.create_table(
        "case_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("bpmn_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_notices_case_id_cases"),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name="fk_case_notices_school_id_schools"),
        sa.ForeignKeyConstraint(["task_id"], ["case_tasks.id"], name="fk_case_notices_task_id_case_tasks"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_case_notices_created_by_id_users"),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"], ["users.id"], name="fk_case_notices_acknowledged_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_notices"),
    )
    op.create_index("ix_case_notices_case_id", "case_notices", ["case_id"])
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})
    set_checks("notifications", {"kind": NOTIFICATION_KINDS})
    set_checks("workflow_instances", {"kind": INSTANCE_KINDS})


def downgrade():
    set_checks("workflow_instances", {"kind": INSTANCE_KINDS[:-3]})
    set_checks("notifications", {"kind": NOTIFICATION_KINDS[:-1]})
    set_checks("case_events", {"kind": EVENT_KINDS[:-1], "visibility": VISIBILITIES})
    op.drop_index("ix_case_notices_case_id", table_name="case_notices")
    op.drop_table("case_notices")
