"""The caseload's orders: the newest cases first and pupils by name, read from an index
at 100,000 cases (app/services/cases/caseload.py; bench/caseload.py measures it).

Revision ID: 0019_caseload
Revises: 0018_school_notices
"""
from alembic import op

revision = "0019_caseload"
down_revision = "0018_school_notices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_cases_opened", "cases", ["opened_at", "id"])
    op.create_index("ix_pupils_name", "pupils", ["last_name", "first_name", "id"])


def downgrade():
    op.drop_index("ix_pupils_name", table_name="pupils")
    op.drop_index("ix_cases_opened", table_name="cases")
