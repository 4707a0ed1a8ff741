"""Retention: a pupil's guidance data purged after its clocks ran out, pseudonymous traces kept.

- pupils.purged_on: the day the pupil's guidance data were purged;
  pupils.school_part_purged_on: the day only the school's part went, while the CLB's
  file must still be kept (its legal floor, app/services/rights/retention.py).
- schools.special_education: buitengewoon onderwijs (the CLB keeps the file until 30).
- case_events stays append-only, with one exception: a redaction that only erases the
  free text (reason, old_value, new_value → NULL) and changes nothing else.

Revision ID: 0021_retention
Revises: 0020_document_choices
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_retention"
down_revision = "0020_document_choices"
branch_labels = None
depends_on = None

KEPT = ("id", "case_id", "pupil_id", "school_id", "at", "actor_id", "kind", "what", "visibility", "task_id")
ERASED = ("reason", "old_value", "new_value")


def _pg_events_function() -> str:
    """case_events' own trigger function: refuse, except a whole redaction (audit_log
    keeps the plain append-only function of 0002)."""
    new = ", ".join(f"NEW.{c}" for c in KEPT)
    old = ", ".join(f"OLD.{c}" for c in KEPT)
    erased = " AND ".join(f"NEW.{c} IS NULL" for c in ERASED)
    return f"""
        CREATE FUNCTION zorgpad_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF {erased} AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$;
    """


def _pg_trigger(function: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
    op.execute(f"""
        CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION {function}();
    """)


def _sqlite_update_trigger(redaction_allowed: bool) -> str:
    when = ""
    if redaction_allowed:
        kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in KEPT)
        erased = " AND ".join(f"NEW.{c} IS NULL" for c in ERASED)
        when = f"WHEN NOT ({erased} AND {kept})"
    return f"""
        CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events {when}
        BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
    """


def _triggers(redaction_allowed: bool) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        if redaction_allowed:
            op.execute(_pg_events_function())
            _pg_trigger("zorgpad_events_append_only")
        else:
            _pg_trigger("zorgpad_append_only")
            op.execute("DROP FUNCTION IF EXISTS zorgpad_events_append_only()")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS case_events_no_update")
        op.execute(_sqlite_update_trigger(redaction_allowed))


def upgrade():
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("purged_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("school_part_purged_on", sa.Date(), nullable=True))
    with op.batch_alter_table("schools") as batch:
        batch.add_column(
            sa.Column("special_education", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _triggers(redaction_allowed=True)


def downgrade():
    _triggers(redaction_allowed=False)
    with op.batch_alter_table("schools") as batch:
        batch.drop_column("special_education")
    with op.batch_alter_table("pupils") as batch:
        batch.drop_column("school_part_purged_on")
        batch.drop_column("purged_on")
