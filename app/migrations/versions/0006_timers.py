"""Timers: school days off and deadlines, notifications, incidents.

- school_days_off, school_deadlines: each school's own calendar and deadlines;
- notifications (with an e-mail outbox state) and users.email;
- incidents, and workflow_instances.timer_failures for the sweep's retries, and an
  index (status, next_timer_due_at) for the sweep's one query;
- event kinds reminder_sent, escalated, timer_fired, due_date_moved.

Revision ID: 0006_timers
Revises: 0005_carepath
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0006_timers"
down_revision = "0005_carepath"
branch_labels = None
depends_on = None

EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
    "reminder_sent", "escalated", "timer_fired", "due_date_moved",
)
VISIBILITIES = ("shared", "clb")
NOTIFICATION_KINDS = ("reminder", "escalation")
EMAIL_STATUSES = ("none", "pending", "sent", "failed")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "school_days_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name="fk_school_days_off_school_id_schools"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_school_days_off_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_school_days_off"),
        sa.UniqueConstraint("school_id", "day", name="uq_school_days_off_school_day"),
    )
    op.create_index("ix_school_days_off_school_id", "school_days_off", ["school_id"])
    op.create_table(
        "school_deadlines",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("school_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name="fk_school_deadlines_school_id_schools"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name="fk_school_deadlines_updated_by_id_users"),
        sa.PrimaryKeyConstraint("school_id", "name", name="pk_school_deadlines"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_status", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notifications_user_id_users"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_notifications_case_id_cases"),
        sa.ForeignKeyConstraint(["task_id"], ["case_tasks.id"], name="fk_notifications_task_id_case_tasks"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.CheckConstraint(_in("kind", NOTIFICATION_KINDS), name=op.f("ck_notifications_kind")),
        sa.CheckConstraint(_in("email_status", EMAIL_STATUSES), name=op.f("ck_notifications_email_status")),
    )
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at"])
    op.create_index("ix_notifications_case_id", "notifications", ["case_id"])
    op.create_index("ix_notifications_email_status", "notifications", ["email_status"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["workflow_instances.id"],
                                name="fk_incidents_instance_id_workflow_instances"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_incidents_case_id_cases"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name="fk_incidents_resolved_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_instance_id", "incidents", ["instance_id"])
    op.create_index("ix_incidents_resolved_at", "incidents", ["resolved_at"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("workflow_instances") as batch:
        batch.add_column(sa.Column("timer_failures", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("workflow_instances") as batch:
        batch.alter_column("timer_failures", existing_type=sa.Integer(), server_default=None)
    # The sweep selects running instances whose next timer passed: status first, then the time.
    op.create_index("ix_workflow_instances_due", "workflow_instances", ["status", "next_timer_due_at"])
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})


def downgrade():
    raise NotImplementedError("0006_timers is not reversible: restore a backup to go back")
