"""The region's reads (issue 24): the pupil search through an index.

- PostgreSQL: the extension pg_trgm and a trigram GIN index on the one expression
  the search reads, `lower(first_name || ' ' || last_name)`
  (services/pupils.search_name: `q` is a part of it, `LIKE '%…%'`); SQLite keeps
  its scan.
- pupils.external_id on its own (the search's other half: exactly the pupil
  number, any school), so PostgreSQL ORs the two index scans instead of
  reading every pupil.
- PostgreSQL: `ix_case_tasks_open_due` (0024) also carries `case_id` (INCLUDE),
  so "a task over its deadline" (the caseload's `overdue`) reads the late tasks'
  cases from the index alone: 10,000 late tasks of a school 54 ms → 1.4 ms.

100,000 pupils, `q=peeters` (11,000 match): the pupils' part of the caseload's
query from a sequential scan (~85 ms) to a bitmap scan of both indexes (~16 ms).

Revision ID: 0026_read_indexes
Revises: 0025_mail_frequency
"""

from alembic import op

revision = "0026_read_indexes"
down_revision = "0025_mail_frequency"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_pupils_external_id", "pupils", ["external_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_pupils_search_name ON pupils "
            "USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops)"
        )
        op.drop_index("ix_case_tasks_open_due", table_name="case_tasks")
        op.create_index(
            "ix_case_tasks_open_due",
            "case_tasks",
            ["status", "lane", "school_id", "due_at", "id"],
            postgresql_include=["case_id"],
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_case_tasks_open_due", table_name="case_tasks")
        op.create_index(
            "ix_case_tasks_open_due", "case_tasks", ["status", "lane", "school_id", "due_at", "id"]
        )
        op.execute("DROP INDEX IF EXISTS ix_pupils_search_name")  # the extension stays: others may use it
    op.drop_index("ix_pupils_external_id", table_name="pupils")
