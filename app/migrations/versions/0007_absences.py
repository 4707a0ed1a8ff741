"""Absences: registrations per half-day, imports, episodes, school thresholds,
the absence meeting and its agenda.

The CHECK lists are frozen here (app/vocabulary.py at this revision).

Revision ID: 0007_absences
Revises: 0006_timers
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_absences"
down_revision = "0006_timers"
branch_labels = None
depends_on = None

ABSENCE_CODES = ("A", "R", "Z", "H", "P", "M", "B", "L", "-")
HALF_DAYS = ("am", "pm")
IMPORT_FORMATS = ("csv", "informat", "smartschool")
IMPORT_CHANNELS = ("api", "cli")
MEETING_CADENCES = ("biweekly", "monthly")
MEETING_DECISIONS = ("discussed", "action_agreed", "signal_clb", "refer_clb")


def _check(table: str, column: str, values) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})",
                              name=f"ck_{table}_{column}")


def _fk(table: str, column: str, target: str, target_column: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.{target_column}"],
                                   name=f"fk_{table}_{column}_{target}")


def upgrade():
    op.create_table(
        "absence_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_absence_imports"),
        _fk("absence_imports", "school_id", "schools"),
        _fk("absence_imports", "user_id", "users"),
        _check("absence_imports", "format", IMPORT_FORMATS),
        _check("absence_imports", "channel", IMPORT_CHANNELS),
    )
    op.create_index("ix_absence_imports_school_id", "absence_imports", ["school_id"])

    op.create_table(
        "absence_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("half_day", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=1), nullable=False),
        sa.Column("original_code", sa.String(length=8), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_absence_registrations"),
        _fk("absence_registrations", "pupil_id", "pupils"),
        _fk("absence_registrations", "school_id", "schools"),
        _fk("absence_registrations", "import_id", "absence_imports"),
        sa.UniqueConstraint("pupil_id", "day", "half_day", name="uq_absence_registrations_pupil_half_day"),
        _check("absence_registrations", "half_day", HALF_DAYS),
        _check("absence_registrations", "code", ABSENCE_CODES),
    )
    op.create_index("ix_absence_registrations_school_day", "absence_registrations", ["school_id", "day"])

    op.create_table(
        "absence_episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.String(length=9), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("first_half_day", sa.String(length=2), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("last_half_day", sa.String(length=2), nullable=False),
        sa.Column("b_half_days", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("followup_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_absence_episodes"),
        _fk("absence_episodes", "pupil_id", "pupils"),
        _fk("absence_episodes", "school_id", "schools"),
        _fk("absence_episodes", "import_id", "absence_imports"),
        _fk("absence_episodes", "merged_into_id", "absence_episodes"),
        _fk("absence_episodes", "case_id", "cases"),
        _check("absence_episodes", "first_half_day", HALF_DAYS),
        _check("absence_episodes", "last_half_day", HALF_DAYS),
    )
    op.create_index("ix_absence_episodes_pupil_year", "absence_episodes", ["pupil_id", "school_year"])
    op.create_index("ix_absence_episodes_case_id", "absence_episodes", ["case_id"])

    op.create_table(
        "school_absence_settings",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("meeting_cadence", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("school_id", name="pk_school_absence_settings"),
        _fk("school_absence_settings", "school_id", "schools"),
        _fk("school_absence_settings", "updated_by_id", "users"),
        _check("school_absence_settings", "meeting_cadence", MEETING_CADENCES),
    )

    op.create_table(
        "absence_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("school_year", sa.String(length=9), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_absence_meetings"),
        _fk("absence_meetings", "school_id", "schools"),
        _fk("absence_meetings", "created_by_id", "users"),
        sa.UniqueConstraint("school_id", "held_on", name="uq_absence_meetings_school_held_on"),
    )
    op.create_index("ix_absence_meetings_school_id", "absence_meetings", ["school_id"])

    op.create_table(
        "absence_meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("b_count", sa.Integer(), nullable=False),
        sa.Column("compulsory", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_absence_meeting_items"),
        _fk("absence_meeting_items", "meeting_id", "absence_meetings"),
        _fk("absence_meeting_items", "pupil_id", "pupils"),
        _fk("absence_meeting_items", "case_id", "cases"),
        _fk("absence_meeting_items", "decided_by_id", "users"),
        _fk("absence_meeting_items", "journal_entry_id", "journal_entries"),
        sa.UniqueConstraint("meeting_id", "pupil_id", name="uq_absence_meeting_items_meeting_pupil"),
        _check("absence_meeting_items", "decision", MEETING_DECISIONS),
    )
    op.create_index("ix_absence_meeting_items_pupil_id", "absence_meeting_items", ["pupil_id"])


def downgrade():
    for table in ("absence_meeting_items", "absence_meetings", "school_absence_settings",
                  "absence_episodes", "absence_registrations", "absence_imports"):
        op.drop_table(table)
