"""What the sender chose to send: the CLB-only journal entries a document version carries.

documents.included_entries holds the ids of the CLB-only journal entries the CLB worker
ticked when making that version (NULL: none; a CLB-only entry never goes out unchosen).

Revision ID: 0020_document_choices
Revises: 0019_caseload
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_document_choices"
down_revision = "0019_caseload"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("included_entries", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("included_entries")
