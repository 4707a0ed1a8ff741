"""Helpers for migrations that change a vocabulary CHECK constraint.

A migration lists the allowed values literally (frozen at that revision), so
an old migration keeps its meaning when app/vocabulary.py grows. To add a
value later (a new event kind, say), write a migration that calls
`set_check(table, column, values)` with the full new list.

SQLite cannot alter a constraint: the table is rebuilt (batch mode), which
drops its triggers, so the append-only triggers are put back afterwards.
"""
import sqlalchemy as sa
from alembic import op

APPEND_ONLY = ("case_events", "audit_log")


def check_sql(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def _names(table: str, column: str) -> tuple[str, str]:
    """The constraint's name, and the doubled name 0007 gave its checks (the naming
    convention applied to a name that already had it): both are replaced."""
    return f"ck_{table}_{column}", f"ck_{table}_ck_{table}_{column}"


def set_checks(table: str, checks: dict[str, tuple]) -> None:
    """Replace (or add) the CHECK constraint `ck_<table>_<column>` of each column."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for column, values in checks.items():
            name, doubled = _names(table, column)
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {doubled}")
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({check_sql(column, values)})")
        return
    existing = {c["name"] for c in sa.inspect(bind).get_check_constraints(table)}
    with op.batch_alter_table(table, recreate="always") as batch:
        for column, values in checks.items():
            name, doubled = _names(table, column)
            for old in (name, doubled):
                if old in existing:
                    batch.drop_constraint(op.f(old), type_="check")  # op.f: the name is final
            batch.create_check_constraint(op.f(name), sa.text(check_sql(column, values)))
    if table in APPEND_ONLY:
        sqlite_append_only(table)


def sqlite_append_only(table: str) -> None:
    for action in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}")
        op.execute(f"""
            CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
        """)
