"""The roster import's scratch tables: a file's pupils and contacts on their way in.

Rows land here while the file streams in (one row per pupil, the contacts in
file order); the database then compares them with what is stored (new,
changed, unchanged), inserts the new pupils, updates the changed ones, and
names the pupils whose contact lists changed. Temporary tables: on PostgreSQL
they go with the transaction; SQLite keeps them per connection, so they are
dropped before and after use (as app/storage/absence_staging.py).
"""

from datetime import date

from sqlalchemy import Date, Integer, String, bindparam, text

PUPILS = "roster_pupils"
CONTACTS = "roster_contacts"
PUPIL_COLUMNS = "line, external_id, pupil_id, first_name, last_name, birth_date, class_name, domicile"
CONTACT_COLUMNS = (
    "external_id, position, name, relation, address, phones, email, language, parental_authority"
)
CONTACT_FIELDS = ("name", "relation", "address", "phones", "email", "language", "parental_authority")


class RosterStaging:
    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.distinct = "IS DISTINCT FROM" if self.postgres else "IS NOT"

    def _temporary(self, name: str, body: str) -> None:
        schema = "pg_temp" if self.postgres else "temp"
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {schema}.{name}")
        suffix = " ON COMMIT DROP" if self.postgres else ""
        self.connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} ({body}){suffix}")

    def create(self) -> None:
        self._temporary(
            PUPILS,
            "line INTEGER NOT NULL, external_id VARCHAR(64) NOT NULL, pupil_id INTEGER, "
            "first_name VARCHAR(100) NOT NULL, last_name VARCHAR(100) NOT NULL, birth_date DATE NOT NULL, "
            "class_name VARCHAR(40), domicile VARCHAR(300), status VARCHAR(10), new_contacts INTEGER",
        )
        self._temporary(
            CONTACTS,
            "external_id VARCHAR(64) NOT NULL, position INTEGER NOT NULL, name VARCHAR(200) NOT NULL, "
            "relation VARCHAR(20) NOT NULL, address VARCHAR(300), phones TEXT NOT NULL, email VARCHAR(254), "
            "language VARCHAR(8), parental_authority BOOLEAN",
        )
        self.connection.exec_driver_sql(f"CREATE INDEX ix_{CONTACTS} ON {CONTACTS} (external_id, position)")
        self.connection.exec_driver_sql(f"CREATE INDEX ix_{PUPILS} ON {PUPILS} (pupil_id)")

    def drop(self) -> None:
        if not self.postgres:  # PostgreSQL drops them at commit or rollback
            for name in (PUPILS, CONTACTS):
                self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")

    def _copy(self, table: str, columns: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns.split(","))
        self.connection.exec_driver_sql(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows],
        )

    def add_pupils(self, rows: list[tuple]) -> None:
        """(line, external_id, pupil_id or None, first_name, last_name, birth_date, class_name, domicile)."""
        self._copy(PUPILS, PUPIL_COLUMNS, rows)

    def add_contacts(self, rows: list[tuple]) -> None:
        """(external_id, position, name, relation, address, phones as lines, email, language, authority)."""
        self._copy(CONTACTS, CONTACT_COLUMNS, rows)

    def _contacts_differ(self) -> str:
        """A condition on the staged pupil being updated and its stored row `p`: the
        file's contact list is not the stored one (count, or a position that differs)."""
        differs = " OR ".join(f"c.{f} {self.distinct} x.{f}" for f in CONTACT_FIELDS)
        return (
            f"(SELECT COUNT(*) FROM pupil_contacts k WHERE k.pupil_id = p.id) <> "
            f"(SELECT COUNT(*) FROM {CONTACTS} k WHERE k.external_id = {PUPILS}.external_id) "
            f"OR EXISTS (SELECT 1 FROM {CONTACTS} x LEFT JOIN pupil_contacts c "
            "ON c.pupil_id = p.id AND c.position = x.position "
            f"WHERE x.external_id = {PUPILS}.external_id AND (c.id IS NULL OR {differs}))"
        )

    def mark(self, has_class: bool, has_contacts: bool) -> tuple[int, int, int]:
        """Set each staged pupil's status (new, changed, unchanged) against what is
        stored; (new, changed, unchanged). A domicile the file leaves empty, a class
        column it does not have and a pupil without contacts in it change nothing.
        Each staged row is compared with its own stored row (by id) and contacts (by
        pupil number, indexed): no join of the scratch table with itself."""
        d, s = self.distinct, PUPILS
        if self.postgres:  # autovacuum never analyses temporary tables: give the planner their sizes
            self.connection.exec_driver_sql(f"ANALYZE {PUPILS}, {CONTACTS}")
        differs = [
            f"p.first_name <> {s}.first_name",
            f"p.last_name <> {s}.last_name",
            f"p.birth_date <> {s}.birth_date",
            f"({s}.domicile IS NOT NULL AND p.domicile_address {d} {s}.domicile)",
        ]
        if has_class:
            differs.append(f"p.class_name {d} {s}.class_name")
        self.connection.exec_driver_sql(f"UPDATE {s} SET status = 'new', new_contacts = 0")
        if has_contacts:
            # A pupil's list is replaced when the file gives one and it is not the stored one.
            self.connection.exec_driver_sql(
                f"UPDATE {s} SET new_contacts = 1 WHERE EXISTS (SELECT 1 FROM {CONTACTS} y "
                f"WHERE y.external_id = {s}.external_id) AND (pupil_id IS NULL OR EXISTS "
                f"(SELECT 1 FROM pupils p WHERE p.id = {s}.pupil_id AND ({self._contacts_differ()})))"
            )
            differs.append(f"{s}.new_contacts = 1")
        self.connection.exec_driver_sql(
            f"UPDATE {s} SET status = CASE WHEN EXISTS (SELECT 1 FROM pupils p "
            f"WHERE p.id = {s}.pupil_id AND ({' OR '.join(differs)})) "
            "THEN 'changed' ELSE 'unchanged' END WHERE pupil_id IS NOT NULL"
        )
        counts = dict(
            self.connection.exec_driver_sql(f"SELECT status, COUNT(*) FROM {s} GROUP BY status").all()
        )
        return counts.get("new", 0), counts.get("changed", 0), counts.get("unchanged", 0)

    def insert_new(self, school_id: int, today: date, actor_id: int | None) -> list[int]:
        """Insert the new pupils (their domicile checked today by the actor); their ids."""
        self.connection.execute(
            text(
                "INSERT INTO pupils (school_id, external_id, first_name, last_name, birth_date, class_name, "
                "domicile_address, domicile_checked_on, domicile_checked_by_id) "
                "SELECT :school_id, external_id, first_name, last_name, birth_date, class_name, domicile, "
                "CASE WHEN domicile IS NULL THEN NULL ELSE :today END, "
                f"CASE WHEN domicile IS NULL THEN NULL ELSE :actor END FROM {PUPILS} WHERE status = 'new'"
            ).bindparams(bindparam("today", type_=Date()), bindparam("actor", type_=Integer())),
            {"school_id": school_id, "today": today, "actor": actor_id},
        )
        self.connection.execute(
            text(
                f"UPDATE {PUPILS} SET pupil_id = (SELECT p.id FROM pupils p WHERE p.school_id = :school_id "
                f"AND p.external_id = {PUPILS}.external_id) WHERE status = 'new'"
            ),
            {"school_id": school_id},
        )
        return self.ids("new")

    def update_changed(self, has_class: bool, today: date, actor_id: int | None) -> None:
        """Update the changed pupils; a domicile that changed is checked today by the actor."""
        new_domicile = f"s.domicile IS NOT NULL AND s.domicile {self.distinct} pupils.domicile_address"
        sets = [
            "first_name = s.first_name",
            "last_name = s.last_name",
            "birth_date = s.birth_date",
            "domicile_address = COALESCE(s.domicile, pupils.domicile_address)",
            f"domicile_checked_on = CASE WHEN {new_domicile} THEN :today ELSE pupils.domicile_checked_on END",
            f"domicile_checked_by_id = CASE WHEN {new_domicile} THEN :actor "
            "ELSE pupils.domicile_checked_by_id END",
        ]
        if has_class:
            sets.append("class_name = s.class_name")
        self.connection.execute(
            text(
                f"UPDATE pupils SET {', '.join(sets)} FROM {PUPILS} s "
                "WHERE s.status = 'changed' AND pupils.id = s.pupil_id"
            ).bindparams(bindparam("today", type_=Date()), bindparam("actor", type_=Integer())),
            {"today": today, "actor": actor_id},
        )

    def ids(self, status: str) -> list[int]:
        return list(
            self.connection.execute(
                text(f"SELECT pupil_id FROM {PUPILS} WHERE status = :status ORDER BY pupil_id"),
                {"status": status},
            ).scalars()
        )

    def contact_changes(self) -> list[int]:
        """The pupils whose stored contacts are to be replaced by the file's (after insert_new)."""
        return list(
            self.connection.exec_driver_sql(
                f"SELECT pupil_id FROM {PUPILS} WHERE new_contacts = 1 ORDER BY pupil_id"
            ).scalars()
        )

    def missing(self, school_id: int, limit: int) -> tuple[int, list[tuple]]:
        """The school's pupils the file does not name: (how many, the first `limit` as
        (id, external_id, first_name, last_name, class_name), by name)."""
        where = (
            f"FROM pupils p WHERE p.school_id = :school_id AND p.id NOT IN (SELECT pupil_id FROM {PUPILS})"
        )
        total = self.connection.execute(
            text(f"SELECT COUNT(*) {where}"), {"school_id": school_id}
        ).scalar_one()
        rows = self.connection.execute(
            text(
                f"SELECT p.id, p.external_id, p.first_name, p.last_name, p.class_name {where} "
                "ORDER BY p.last_name, p.first_name, p.id LIMIT :limit"
            ),
            {"school_id": school_id, "limit": limit},
        )
        return int(total), [tuple(row) for row in rows]

    def staged_contacts(self, pupil_ids: list[int]) -> list[tuple]:
        """(pupil_id, name, relation, address, phones, email, language, authority) in order."""
        statement = (
            text(
                f"SELECT s.pupil_id, x.name, x.relation, x.address, x.phones, x.email, x.language, "
                f"x.parental_authority FROM {CONTACTS} x JOIN {PUPILS} s ON s.external_id = x.external_id "
                "WHERE s.pupil_id IN :ids ORDER BY s.pupil_id, x.position"
            )
            .bindparams(bindparam("ids", expanding=True))
            .columns(pupil_id=Integer, name=String, relation=String)
        )
        return [tuple(row) for row in self.connection.execute(statement, {"ids": pupil_ids})]


def insert_rows(connection, table, rows: list[dict]) -> None:
    """Rows into a table (all with the same keys), the fast way for each dialect: COPY
    on PostgreSQL (an executemany there goes row by row: 4,700 round trips for a
    school's contacts), an executemany on SQLite (in process). Values pass through
    the columns' types (e.g. a contact's phones as lines)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    names = list(rows[0])
    processors = [table.c[name].type.bind_processor(connection.dialect) for name in names]
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                tuple(
                    process(row[name]) if process else row[name]
                    for name, process in zip(names, processors, strict=True)
                )
            )
