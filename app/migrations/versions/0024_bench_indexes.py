"""Mijn taken at a region's scale: a school's open tasks in deadline order read from one
index (app/services/tasks/worklist.py orders by due_at NULLS LAST, id; bench/README.md,
task_list_p95_ms: the page query at 50,000 open tasks 9 ms → under 1 ms on PostgreSQL).

Revision ID: 0024_bench_indexes
Revises: 0022_document_pdfs
"""

from alembic import op

revision = "0024_bench_indexes"
down_revision = "0022_document_pdfs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_case_tasks_open_due", "case_tasks", ["status", "lane", "school_id", "due_at", "id"])


def downgrade():
    op.drop_index("ix_case_tasks_open_due", table_name="case_tasks")
