"""Work reaches a named person: a case's dossierverantwoordelijken.

cases gains `owner_id` (the school's: by default who opened the case) and
`clb_owner_id` (the CLB's, named when it accepts); case_events.kind gains
`owner_changed`. Running cases get as school owner who opened them, when that
user may own a case (zorgcoördinator, directie, leerlingbegeleider). The CHECK
list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0016_owners
Revises: 0015_migrations
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0016_owners"
down_revision = "0015_migrations"
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
    "workflow_migrated", "owner_changed",
)
PREVIOUS = EVENT_KINDS[:-1]
VISIBILITIES = ("shared", "clb")
SCHOOL_OWNER_ROLES = ("zorgcoordinator", "directie", "leerlingbegeleider")


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("clb_owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_cases_owner_id_users", "users", ["owner_id"], ["id"])
        batch.create_foreign_key("fk_cases_clb_owner_id_users", "users", ["clb_owner_id"], ["id"])
        batch.create_index("ix_cases_owner_id", ["owner_id"])
        batch.create_index("ix_cases_clb_owner_id", ["clb_owner_id"])
    roles = ", ".join(f"'{role}'" for role in SCHOOL_OWNER_ROLES)
    op.execute(
        "UPDATE cases SET owner_id = opened_by_id WHERE opened_by_id IS NOT NULL AND EXISTS "
        f"(SELECT 1 FROM user_roles WHERE user_roles.user_id = cases.opened_by_id AND role IN ({roles}))"
    )
    set_checks("case_events", {"kind": EVENT_KINDS, "visibility": VISIBILITIES})


def downgrade():
    set_checks("case_events", {"kind": PREVIOUS, "visibility": VISIBILITIES})
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_clb_owner_id")
        batch.drop_index("ix_cases_owner_id")
        batch.drop_constraint("fk_cases_clb_owner_id_users", type_="foreignkey")
        batch.drop_constraint("fk_cases_owner_id_users", type_="foreignkey")
        batch.drop_column("clb_owner_id")
        batch.drop_column("owner_id")
