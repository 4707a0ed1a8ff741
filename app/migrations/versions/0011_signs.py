"""Warning signs on their true basis: a half-day marked as extended holiday
(luxeverzuim), the school's local police protocol by name, and when a late
arrival becomes B.

The school's stored thresholds are brought in line with the new rules (frozen
here, app/services/absences/settings.py at this revision):
- `signal_b` above 5 is dropped (back to 5): the 5-B signal is regulation, a
  school may act earlier, never later;
- `allowance_b` is dropped: 30 is the law (groeipakket.be), no setting; an
  `allowance_warning_b` of 30 or more is dropped (back to 25);
- `many_z`, `z_with_b_min_z`, `z_with_b_min_b` are dropped: the rules now count
  medical certificates (the letter D), not every Z, under new names;
- `police_protocol_b` is dropped: it only counts under a named protocol, and
  no school has named one yet.

The CHECK list is frozen here (app/vocabulary.py at this revision).

Revision ID: 0011_signs
Revises: 0010_graded
"""
import sqlalchemy as sa
from alembic import op

from app.migrations.checks import set_checks

revision = "0011_signs"
down_revision = "0010_graded"
branch_labels = None
depends_on = None

MEETING_CADENCES = ("biweekly", "monthly")
LATE_RULES = ("none", "minutes", "lesson_hour")
DROPPED = frozenset({"allowance_b", "many_z", "z_with_b_min_z", "z_with_b_min_b", "police_protocol_b"})
CEILINGS = {"signal_b": 5, "allowance_warning_b": 29}


def kept(thresholds: dict) -> dict:
    return {
        key: value
        for key, value in thresholds.items()
        if key not in DROPPED and not (key in CEILINGS and value is not None and value > CEILINGS[key])
    }


def upgrade():
    op.add_column(
        "absence_registrations",
        sa.Column("extended_holiday", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("school_absence_settings", sa.Column("police_protocol", sa.String(length=200), nullable=True))
    op.add_column(
        "school_absence_settings",
        sa.Column("late_becomes_b", sa.String(length=12), nullable=False, server_default="none"),
    )
    op.add_column("school_absence_settings", sa.Column("late_becomes_b_minutes", sa.Integer(), nullable=True))
    set_checks("school_absence_settings", {"meeting_cadence": MEETING_CADENCES, "late_becomes_b": LATE_RULES})

    settings = sa.table(
        "school_absence_settings", sa.column("school_id", sa.Integer()), sa.column("thresholds", sa.JSON())
    )
    bind = op.get_bind()
    for school_id, thresholds in bind.execute(sa.select(settings.c.school_id, settings.c.thresholds)).all():
        new = kept(thresholds or {})
        if new != thresholds:
            bind.execute(settings.update().where(settings.c.school_id == school_id).values(thresholds=new))


def downgrade():
    raise NotImplementedError("0011_signs is not reversible: restore a backup to go back")
