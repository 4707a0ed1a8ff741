"""The graded path: follow-ups of a pupil without a case, cases that can be cancelled,
the return path after a long justified absence.

- workflow_instances, case_tasks, case_events: `pupil_id` (and the instance's
  `school_id`), `case_id` nullable: a per-absence follow-up runs for the pupil until
  a case opens (from 5 half-days with B-code) and adopts it;
- incidents.case_id nullable (a follow-up without a case can fail too);
- cases: status `cancelled` (opened in error), `track` (care path or return path);
  the one-open-case index excludes cancelled cases;
- absence_episodes: `pending_half_days` (unannounced, code -) and the episode's
  follow-up instance, so a justified absence cancels its follow-up;
- event kinds followup_cancelled, case_cancelled, followups_adopted,
  below_signal_floor; meeting decisions open_case and return_path.

Revision ID: 0010_graded
Revises: 0009_absflow
"""

import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks, sqlite_append_only

revision = "0010_graded"
down_revision = "0009_absflow"
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
)
VISIBILITIES = ("shared", "clb")
CASE_STATUSES = ("open", "monitoring", "closed", "cancelled")
TRACKS = ("care", "return")
MEETING_DECISIONS = ("discussed", "action_agreed", "signal_clb", "refer_clb", "open_case", "return_path")
OPEN = "status NOT IN ('closed', 'cancelled')"


def _pupil_of_case(table: str) -> None:
    op.execute(f"UPDATE {table} SET pupil_id = (SELECT pupil_id FROM cases WHERE cases.id = {table}.case_id)")


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("workflow_instances") as batch:
        batch.add_column(sa.Column("pupil_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
    _pupil_of_case("workflow_instances")
    op.execute(
        "UPDATE workflow_instances SET school_id = (SELECT school_id FROM cases WHERE cases.id = "
        "workflow_instances.case_id)"
    )
    with op.batch_alter_table("workflow_instances") as batch:
        batch.alter_column("pupil_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("school_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key("fk_workflow_instances_pupil_id_pupils", "pupils", ["pupil_id"], ["id"])
        batch.create_foreign_key("fk_workflow_instances_school_id_schools", "schools", ["school_id"], ["id"])
        batch.create_index("ix_workflow_instances_pupil_id", ["pupil_id"])

    with op.batch_alter_table("case_tasks") as batch:
        batch.add_column(sa.Column("pupil_id", sa.Integer(), nullable=True))
    _pupil_of_case("case_tasks")
    with op.batch_alter_table("case_tasks") as batch:
        batch.alter_column("pupil_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key("fk_case_tasks_pupil_id_pupils", "pupils", ["pupil_id"], ["id"])
        batch.create_index("ix_case_tasks_pupil_id", ["pupil_id"])

    # case_events is append-only: its backfill runs with the guard lifted, in this transaction.
    if postgres:
        op.execute("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS case_events_no_update")
    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("pupil_id", sa.Integer(), nullable=True))
    _pupil_of_case("case_events")
    with op.batch_alter_table("case_events") as batch:
        batch.alter_column("pupil_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key("fk_case_events_pupil_id_pupils", "pupils", ["pupil_id"], ["id"])
        batch.create_index("ix_case_events_pupil_id", ["pupil_id"])
    if postgres:
        op.execute("ALTER TABLE case_events ENABLE TRIGGER case_events_append_only")
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})
    if not postgres:
        sqlite_append_only("case_events")

    with op.batch_alter_table("incidents") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)

    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("track", sa.String(length=10), nullable=False, server_default="care"))
        batch.drop_index("uq_cases_one_open_per_pupil")
        batch.create_index(
            "uq_cases_one_open_per_pupil",
            ["pupil_id"],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    set_checks("cases", {"status": CASE_STATUSES, "track": TRACKS})
    set_checks("case_schools", {"status_at_leaving": CASE_STATUSES})

    with op.batch_alter_table("absence_episodes") as batch:
        batch.add_column(sa.Column("pending_half_days", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("followup_instance_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_absence_episodes_followup_instance_id_workflow_instances",
            "workflow_instances",
            ["followup_instance_id"],
            ["id"],
        )
    set_checks("absence_meeting_items", {"decision": MEETING_DECISIONS})


def downgrade():
    raise NotImplementedError("0010_graded is not reversible: restore a backup to go back")
