"""The import's scratch table: a file's rows on their way in.

Rows are validated one by one while the file streams in and land here in
batches, so a year of a large school (a million rows) never sits in memory.
The database then does what needs the whole file: duplicates within it, the
counts of new / changed / unchanged rows, and one upsert (INSERT … ON
CONFLICT) into absence_registrations. The table is temporary: on PostgreSQL it
goes with the transaction; SQLite keeps temporary tables per connection, so
they are dropped before and after use.
"""

from datetime import datetime

from sqlalchemy import Date, Integer, String, bindparam, text

from app.models.types import UTCDateTime
from app.vocabulary import AbsenceCode

STAGING = "absence_staging"
FLIPS = "absence_flips"
COLUMNS = "line, pupil_id, day, half_day, code, original, note, extended_holiday"
SAME_HALF_DAY = "r.pupil_id = s.pupil_id AND r.day = s.day AND r.half_day = s.half_day"
# Unjustified or not yet justified: what a follow-up is for (B, and the unannounced -).
OPEN_CODES = f"('{AbsenceCode.B}', '{AbsenceCode.PENDING}')"
NOW_OPEN, WAS_OPEN = f"s.code IN {OPEN_CODES}", f"COALESCE(r.code IN {OPEN_CODES}, FALSE)"
NOW_B, WAS_B = f"s.code = '{AbsenceCode.B}'", f"COALESCE(r.code = '{AbsenceCode.B}', FALSE)"
# The half-days whose status the import flips: newly open (B or -) or no longer, newly B or no longer.
FLIPPED = (
    f"FROM {STAGING} s LEFT JOIN absence_registrations r ON {SAME_HALF_DAY} "
    f"WHERE ({NOW_OPEN}) <> ({WAS_OPEN}) OR ({NOW_B}) <> ({WAS_B})"
)


class Staging:
    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        # SQL's "differs, NULLs included", per dialect.
        self.distinct = "IS DISTINCT FROM" if self.postgres else "IS NOT"

    def _temporary(self, name: str, body: str) -> None:
        schema = "pg_temp" if self.postgres else "temp"
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {schema}.{name}")
        suffix = " ON COMMIT DROP" if self.postgres else ""
        if body.startswith("AS "):
            self.connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {name}{suffix} {body}")
        else:
            self.connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} ({body}){suffix}")

    def create(self) -> None:
        self._temporary(
            STAGING,
            "line INTEGER NOT NULL, pupil_id INTEGER NOT NULL, day DATE NOT NULL, "
            "half_day VARCHAR(2) NOT NULL, code VARCHAR(1) NOT NULL, "
            "original VARCHAR(8) NOT NULL, note VARCHAR(500), extended_holiday BOOLEAN",
        )

    def drop(self) -> None:
        if not self.postgres:  # PostgreSQL drops them at commit or rollback
            for name in (STAGING, FLIPS):
                self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")

    def add(self, rows: list[tuple]) -> None:
        """Rows as (line, pupil_id, day, half_day, code, original, note, extended_holiday);
        `extended_holiday` None: the file says nothing about it (the registration keeps its mark)."""
        if not rows:
            return
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY {STAGING} ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            self.connection.exec_driver_sql(
                f"INSERT INTO {STAGING} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        line,
                        pupil,
                        day.isoformat(),
                        half,
                        code,
                        original,
                        note,
                        None if holiday is None else int(holiday),
                    )
                    for line, pupil, day, half, code, original, note, holiday in rows
                ],
            )

    def duplicates(self, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(how many, the first `limit` as (line, line of its first occurrence))."""
        groups = (
            f"SELECT pupil_id, day, half_day, MIN(line) AS first_line FROM {STAGING} "
            "GROUP BY pupil_id, day, half_day HAVING COUNT(*) > 1"
        )
        joined = (
            f"FROM {STAGING} s JOIN ({groups}) d ON s.pupil_id = d.pupil_id AND s.day = d.day "
            "AND s.half_day = d.half_day AND s.line > d.first_line"
        )
        total = self.connection.execute(text(f"SELECT COUNT(*) {joined}")).scalar_one()
        if not total:
            return 0, []
        rows = self.connection.execute(
            text(f"SELECT s.line, d.first_line {joined} ORDER BY s.line LIMIT :limit"), {"limit": limit}
        )
        return total, [tuple(row) for row in rows]

    def counts(self, school_id: int) -> tuple[int, int, int]:
        """(rows, new, changed) against what is registered now."""
        differs = " OR ".join(
            f"r.{target} {self.distinct} {source}"
            for target, source in (
                ("code", "s.code"),
                ("original_code", "s.original"),
                ("note", "s.note"),
                ("extended_holiday", "COALESCE(s.extended_holiday, r.extended_holiday)"),
                ("school_id", ":school_id"),
            )
        )
        row = self.connection.execute(
            text(
                f"SELECT COUNT(*), "
                f"COALESCE(SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END), 0), "
                f"COALESCE(SUM(CASE WHEN r.id IS NOT NULL AND ({differs}) THEN 1 ELSE 0 END), 0) "
                f"FROM {STAGING} s LEFT JOIN absence_registrations r ON {SAME_HALF_DAY}"
            ),
            {"school_id": school_id},
        ).one()
        return int(row[0]), int(row[1]), int(row[2])

    def keep_flips(self) -> None:
        """Remember, before the upsert, which half-days become open (B or -) or stop
        being so, and which become B or stop being B."""
        self._temporary(
            FLIPS,
            f"AS SELECT s.pupil_id, s.day, s.half_day, CASE WHEN {NOW_OPEN} THEN 1 ELSE 0 END AS now_open, "
            f"CASE WHEN {NOW_B} THEN 1 ELSE 0 END AS now_b, CASE WHEN {WAS_B} THEN 1 ELSE 0 END AS was_b "
            f"{FLIPPED}",
        )

    def flipped_pupils(self) -> list[int]:
        return list(
            self.connection.execute(
                text(f"SELECT DISTINCT pupil_id FROM {FLIPS} ORDER BY pupil_id")
            ).scalars()
        )

    def flips_of(self, pupil_ids: list[int]) -> list[tuple]:
        """(pupil_id, day, half_day, now_open, now_b, was_b) of these pupils."""
        query = text(
            f"SELECT pupil_id, day, half_day, now_open, now_b, was_b FROM {FLIPS} "
            "WHERE pupil_id IN :ids ORDER BY pupil_id, day, half_day"
        )
        # Typed columns: SQLite hands dates back as text otherwise.
        statement = query.bindparams(bindparam("ids", expanding=True)).columns(
            pupil_id=Integer, day=Date, half_day=String, now_open=Integer, now_b=Integer, was_b=Integer
        )
        return [tuple(row) for row in self.connection.execute(statement, {"ids": pupil_ids})]

    def upsert(self, school_id: int, import_id: int, now: datetime) -> int:
        """Write the staged rows: new ones inserted, changed ones updated, the
        rest untouched (so `import_id` keeps naming the import that last changed
        a row). Returns how many rows were written."""
        updated = (
            "school_id",
            "code",
            "original_code",
            "note",
            "extended_holiday",
            "import_id",
            "updated_at",
        )
        differs = " OR ".join(
            f"absence_registrations.{c} {self.distinct} excluded.{c}"
            for c in ("school_id", "code", "original_code", "note", "extended_holiday")
        )
        statement = text(
            "INSERT INTO absence_registrations (pupil_id, school_id, day, half_day, code, original_code, "
            "note, extended_holiday, import_id, updated_at) "
            "SELECT s.pupil_id, :school_id, s.day, s.half_day, s.code, s.original, s.note, "
            # A file without the column leaves the mark as it was.
            "COALESCE(s.extended_holiday, r.extended_holiday, false), :import_id, :now "
            f"FROM {STAGING} s LEFT JOIN absence_registrations r ON {SAME_HALF_DAY} "
            "WHERE true "  # WHERE: SQLite's parser needs it before ON CONFLICT
            "ON CONFLICT (pupil_id, day, half_day) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in updated)
            + f" WHERE {differs}"
        ).bindparams(bindparam("now", type_=UTCDateTime()))
        values = {"school_id": school_id, "import_id": import_id, "now": now}
        return self.connection.execute(statement, values).rowcount
