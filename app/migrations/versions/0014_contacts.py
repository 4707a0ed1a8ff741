"""A pupil's domicile and their parents' and guardians' contacts, each with the
date it was last checked and by whom (the police, AGODI and OCJ documents need
them). No national register number is stored.

The CHECK list is frozen here (app/vocabulary.ContactRelation at this revision).

Revision ID: 0014_contacts
Revises: 0013_begeleidingsplan
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import check_sql

revision = "0014_contacts"
down_revision = "0013_begeleidingsplan"
branch_labels = None
depends_on = None

RELATIONS = ("moeder", "vader", "ouder", "plusouder", "pleegouder", "voogd", "grootouder", "andere")


def upgrade():
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("domicile_address", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("domicile_checked_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("domicile_checked_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_pupils_domicile_checked_by_id_users", "users", ["domicile_checked_by_id"], ["id"]
        )
    op.create_table(
        "pupil_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("parental_authority", sa.Boolean(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(check_sql("relation", RELATIONS), name="ck_pupil_contacts_relation"),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name="fk_pupil_contacts_pupil_id_pupils", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name="fk_pupil_contacts_checked_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_pupil_contacts"),
    )
    op.create_index("ix_pupil_contacts_pupil_id", "pupil_contacts", ["pupil_id"])


def downgrade():
    op.drop_index("ix_pupil_contacts_pupil_id", table_name="pupil_contacts")
    op.drop_table("pupil_contacts")
    with op.batch_alter_table("pupils") as batch:
        batch.drop_constraint("fk_pupils_domicile_checked_by_id_users", type_="foreignkey")
        batch.drop_column("domicile_checked_by_id")
        batch.drop_column("domicile_checked_on")
        batch.drop_column("domicile_address")
