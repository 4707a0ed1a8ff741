"""The care path as the sources describe it.

- cases.clb_since: the CLB sees a school's case from the signal or the
  referral on, not before (cases already in phase 2/3 or with CLB work count
  as seen since they were opened);
- cases.b_count / b_count_on: the school-year B count as the case knows it
  (it moves with the pupil at a school change, the dates do not);
- cases.followup_agreements: what the CLB agreed with the school, shared;
- pupils.diploma_on: a secondary-education diploma ends compulsory education;
- schools.parent_contact_role / pupil_talk_role: the school's own agreement on
  who contacts the parents and who talks with the pupil on return;
- new instance kinds (absence follow-up, police track, handover) and event
  kinds (clb_involved, notice, agreements_shared, process_started,
  process_cancelled).

Revision ID: 0005_carepath
Revises: 0004_instances
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0005_carepath"
down_revision = "0004_instances"
branch_labels = None
depends_on = None

SCHOOL_ROLES = ("directie", "klastitularis", "secretariaat", "zorgcoordinator")
INSTANCE_KINDS = ("case", "absence_followup", "police_track", "handover")
EVENT_KINDS = (
    "case_opened", "status_changed", "phase_changed", "absence_type_changed", "task_created",
    "task_completed", "task_cancelled", "task_claimed", "task_unclaimed", "task_assigned",
    "message_received", "school_changed", "journal_added", "clb_involved", "notice",
    "agreements_shared", "process_started", "process_cancelled",
)


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("clb_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("b_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("b_count_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("followup_agreements", sa.JSON(), nullable=True))
    op.execute("""
        UPDATE cases SET clb_since = opened_at
        WHERE phase IN ('fase2', 'fase3')
           OR EXISTS (SELECT 1 FROM case_tasks WHERE case_tasks.case_id = cases.id AND case_tasks.lane = 'clb')
    """)
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("diploma_on", sa.Date(), nullable=True))
    with op.batch_alter_table("schools") as batch:
        batch.add_column(sa.Column("parent_contact_role", sa.String(length=30), nullable=False,
                                   server_default="secretariaat"))
        batch.add_column(sa.Column("pupil_talk_role", sa.String(length=30), nullable=False,
                                   server_default="klastitularis"))
    set_checks("schools", {"parent_contact_role": SCHOOL_ROLES, "pupil_talk_role": SCHOOL_ROLES})
    set_checks("workflow_instances", {"kind": INSTANCE_KINDS})
    set_checks("case_events", {"kind": EVENT_KINDS})
    if sqlite:  # a batch rebuild of `cases` drops its partial unique index
        op.execute("DROP INDEX IF EXISTS uq_cases_one_open_per_pupil")
        op.execute("CREATE UNIQUE INDEX uq_cases_one_open_per_pupil ON cases (pupil_id) "
                   "WHERE status != 'closed'")


def downgrade():
    raise NotImplementedError("0005_carepath is not reversible: restore a backup to go back")
