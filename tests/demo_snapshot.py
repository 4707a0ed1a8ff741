"""The demo data, seeded once per test worker and database, copied into later tests.

`seed_demo()` parses the five BPMN files and checks their forms: half a second,
paid by every test that uses the `demo` fixture. The state it leaves behind is
the same each time when it runs under the same conditions: an untouched
(migrated, empty) database, the same settings, the same workflow and form
files and a fixed clock at the same moment. So the first such test of a worker
seeds for real and the rows are taken down (SQLite: the database file;
PostgreSQL: each table with COPY, and the sequences); every later test under
those conditions gets exactly those rows and sequences back, and the same ids.
Under any other condition (another workflows folder, another clock, rows
already written) the test seeds for real, as before.
"""

import hashlib
import os
import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.clock import FixedClock
from app.extensions import db
from app.services.demo import seed_demo

_TAKEN: dict[tuple, dict] = {}  # conditions → {"ids": …, "sqlite": path | "tables": …, "sequences": …}


def demo_data(snapshot_dir: Path) -> dict:
    """In an app context: what `seed_demo()` returns, with its rows in the database."""
    conditions = _conditions()
    if conditions is None or not _untouched():
        return seed_demo()
    taken = _TAKEN.get(conditions)
    if taken is not None and _put_back(taken):
        return dict(taken["ids"])
    if taken is not None:
        return seed_demo()
    ids = seed_demo()
    taken = _take(snapshot_dir, len(_TAKEN))
    if taken is not None:
        _TAKEN[conditions] = {"ids": dict(ids), **taken}
    return ids


def _conditions() -> tuple | None:
    """Everything the seeding reads besides the (untouched) database; None: do not reuse."""
    clock = current_app.extensions["zorgpad.clock"]
    if type(clock) is not FixedClock:  # a running clock stamps another moment each time
        return None
    config = repr(
        sorted(
            (key, repr(value))
            for key, value in current_app.config.items()
            if key != "SQLALCHEMY_DATABASE_URI"
        )
    )
    files = hashlib.sha256()
    for folder in (current_app.config["WORKFLOWS_DIR"], current_app.config["FORMS_DIR"]):
        for path in sorted(Path(folder).iterdir()):
            if path.is_file():
                files.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return (db.engine.dialect.name, config, clock.now().isoformat(), files.hexdigest())


def _untouched() -> bool:
    """No row in any table, no sequence moved: the database as the migration left it."""
    probes = " UNION ALL ".join(
        f'SELECT 1 FROM (SELECT 1 FROM "{table.name}" LIMIT 1) AS "{table.name}"'
        for table in db.metadata.sorted_tables
    )
    with db.engine.connect() as conn:
        if conn.execute(text(probes)).first() is not None:
            return False
        if db.engine.dialect.name == "postgresql":
            moved = (
                "SELECT 1 FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        else:
            has_sequences = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
            ).first()
            moved = "SELECT 1 FROM sqlite_sequence" if has_sequences else None
        return moved is None or conn.execute(text(moved)).first() is None


def _in_use() -> int:
    """Connections checked out of the pool (dispose() closes only the others)."""
    return getattr(db.engine.pool, "checkedout", lambda: 0)()


def _sqlite_path() -> Path:
    return Path(db.engine.url.database)


def _take(snapshot_dir: Path, number: int) -> dict | None:
    """The seeded rows; None (nothing kept) when an SQLite file cannot be copied whole."""
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        in_use = _in_use()
        db.engine.dispose()  # the last connection folds the WAL into the file
        source = _sqlite_path()
        if in_use or Path(f"{source}-wal").exists():
            return None
        path = snapshot_dir / f"demo-{number}.sqlite3"
        shutil.copy(source, path)
        return {"sqlite": path}
    tables = {}
    with db.engine.begin() as conn:
        cursor = conn.connection.cursor()
        for table in db.metadata.sorted_tables:
            with cursor.copy(f'COPY "{table.name}" TO STDOUT') as copy:
                rows = b"".join(bytes(block) for block in copy)
            if rows:
                tables[table.name] = rows
        sequences = conn.execute(
            text(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        ).all()
    return {"tables": tables, "sequences": [tuple(row) for row in sequences]}


def _put_back(taken: dict) -> bool:
    """The rows back; False (nothing done) when an SQLite file cannot be swapped safely."""
    db.session.remove()
    if "sqlite" in taken:
        in_use = _in_use()
        db.engine.dispose()
        path = _sqlite_path()
        if in_use or Path(f"{path}-wal").exists() or Path(f"{path}-journal").exists():
            return False  # a connection still open elsewhere, or a journal not folded in
        Path(f"{path}-shm").unlink(missing_ok=True)  # the index of a WAL that is gone
        swap = path.with_name(path.name + ".demo")
        shutil.copy(taken["sqlite"], swap)
        os.replace(swap, path)
        return True
    with db.engine.begin() as conn:
        cursor = conn.connection.cursor()
        for table in db.metadata.sorted_tables:
            if table.name in taken["tables"]:
                with cursor.copy(f'COPY "{table.name}" FROM STDIN') as copy:
                    copy.write(taken["tables"][table.name])
        for name, value in taken["sequences"]:
            conn.execute(
                text("SELECT setval(CAST(:name AS regclass), :value, true)"),
                {"name": f'"{name}"', "value": value},
            )
    return True
