"""Roles and who decides the deadlines.

- user_roles.role and the schools' per-absence roles (parent_contact_role,
  pupil_talk_role) take the school roles the seeds name: leerlingbegeleider,
  zorgleerkracht, coordinator_spijbelbeleid;
- clb_deadlines: the CLB lane's deadlines are the CLB's agreement, set by its
  CLB-directeur for every school it serves (school_deadlines keeps the school
  lane's, set by the school's directie);
- a school's own value for a name that is now the CLB's (clb_start_reminder,
  clb_start_escalation, clb_evaluation, relapse_check) is dropped: one school's
  director no longer sets a CLB's deadline; the CLB's default holds until its
  director sets it. `reminder`/`escalation` stay the school's (for the school
  lane's tasks); the CLB lane's tasks use the new `clb_reminder`/`clb_escalation`.

The CHECK lists and names are frozen here (app/vocabulary.py and
app/calendar/deadlines.py at this revision).

Revision ID: 0012_roles
Revises: 0011_signs
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0012_roles"
down_revision = "0011_signs"
branch_labels = None
depends_on = None

SCHOOL_ROLES = (
    "coordinator_spijbelbeleid", "directie", "klastitularis", "leerlingbegeleider", "secretariaat",
    "zorgcoordinator", "zorgleerkracht",
)
ROLES = (
    "zorgcoordinator", "secretariaat", "directie", "klastitularis", "leerlingbegeleider", "zorgleerkracht",
    "coordinator_spijbelbeleid", "clb_medewerker", "clb_arts", "clb_directeur", "admin",
)
CLB_LANE_NAMES = ("clb_start_reminder", "clb_start_escalation", "clb_evaluation", "relapse_check")


def upgrade():
    set_checks("user_roles", {"role": ROLES})
    set_checks("schools", {"parent_contact_role": SCHOOL_ROLES, "pupil_talk_role": SCHOOL_ROLES})
    op.create_table(
        "clb_deadlines",
        sa.Column("clb_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("school_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["clb_id"], ["clbs.id"], name="fk_clb_deadlines_clb_id_clbs"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_clb_deadlines_updated_by_id_users"),
        sa.PrimaryKeyConstraint("clb_id", "name", name="pk_clb_deadlines"),
    )
    names = ", ".join(f"'{name}'" for name in CLB_LANE_NAMES)
    op.execute(f"DELETE FROM school_deadlines WHERE name IN ({names})")


def downgrade():
    raise NotImplementedError("0012_roles is not reversible: restore a backup to go back")
