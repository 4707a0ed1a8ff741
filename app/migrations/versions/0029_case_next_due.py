"""The case's earliest open task due dates on the case row, for the caseload's filters.

- cases.next_due_at: the earliest due date of the case's open tasks, any lane;
- cases.school_next_due_at: the same over the school lane's open tasks (a school
  user sees only those);
- indexes (phase, school_next_due_at) and (phase, next_due_at): `phase=…&overdue=true`
  from one index range instead of joining each filter's ~10,000 rows;
- every existing case is filled in from case_tasks (both dialects: one UPDATE with
  one grouped read of the open tasks). From here on app/storage/case_due.py keeps them.

Revision ID: 0029_case_next_due
Revises: 0028_document_state
"""

import sqlalchemy as sa
from alembic import op

revision = "0029_case_next_due"
down_revision = "0028_document_state"
branch_labels = None
depends_on = None

# Each case's earliest open due dates, grouped once (a subquery per case read every open
# task per case on PostgreSQL when the planner had no statistics yet).
BACKFILL = (
    "UPDATE cases SET next_due_at = earliest.every, school_next_due_at = earliest.school "
    "FROM (SELECT case_id, min(due_at) AS every, min(CASE WHEN lane = 'school' THEN due_at END) AS school "
    "FROM case_tasks WHERE status = 'open' AND case_id IS NOT NULL GROUP BY case_id) AS earliest "
    "WHERE cases.id = earliest.case_id"
)


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("school_next_due_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(BACKFILL)
    op.create_index("ix_cases_phase_school_due", "cases", ["phase", "school_next_due_at"])
    op.create_index("ix_cases_phase_due", "cases", ["phase", "next_due_at"])


def downgrade():
    op.drop_index("ix_cases_phase_due", table_name="cases")
    op.drop_index("ix_cases_phase_school_due", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("school_next_due_at")
        batch.drop_column("next_due_at")
