"""Mijn taken from one index: a user's open tasks in the page's order.

The page's default tab reads `assignee_id = me AND status = 'open'` ordered by
`due_at NULLS LAST, id` (services/tasks/worklist.py). With only an index on
assignee_id, SQLite walked the due_at index over every task of the region to
find the 25 of a user who has few (100,000 cases: 190 ms → 0.1 ms); PostgreSQL
sorted the user's tasks. (assignee_id, status, due_at, id) answers it in order;
it replaces the index on assignee_id alone, which it begins with.

Revision ID: 0030_mine_index
Revises: 0029_case_next_due
"""

from alembic import op

revision = "0030_mine_index"
down_revision = "0029_case_next_due"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_case_tasks_mine", "case_tasks", ["assignee_id", "status", "due_at", "id"])
    op.drop_index("ix_case_tasks_assignee_id", table_name="case_tasks")


def downgrade():
    op.create_index("ix_case_tasks_assignee_id", "case_tasks", ["assignee_id"])
    op.drop_index("ix_case_tasks_mine", table_name="case_tasks")
