"""Smartschool's accounts as JSON (its API's account list, e.g. getAllAccountsExtended),
with a line number for every field.

A file holds a list of accounts, `[{...}, ...]`, or an object with that list
under "accounts" (`{"accounts": [...]}` or `{"accounts": {"account": [...]}}`).
Each account has Smartschool's user fields (`internnummer`, `voornaam`, `naam`,
`geboortedatum`, `straat`, …, `type_coaccount1`, `naam_coaccount1`, …); the class
is `klas` or the official class among its `groups`. Accounts whose `basisrol`
is not `leerling` (staff) are passed over.
"""

from collections.abc import Iterator
from datetime import date

from app.services.absences.decoding import SAVE_AS, decode_whole
from app.services.absences.rows import Problem
from app.services.absences.smartschool import SMARTSCHOOL_MAX_BYTES, JsonCursor, JsonError
from app.services.roster.columns import Column, column_of
from app.services.roster.records import Header, RosterRow, record
from app.vocabulary import ImportFormat

PUPIL_ROLES = frozenset({"", "leerling", "1"})


def _official_class(groups) -> str | None:
    """The code (or name) of the official class among an account's groups."""
    if isinstance(groups, dict):
        groups = groups.get("group") or []
    for group in groups if isinstance(groups, list) else []:
        if isinstance(group, dict) and group.get("isKlas") and group.get("isOfficial"):
            return str(group.get("code") or group.get("name") or "") or None
    return None


def _accounts(cursor: JsonCursor) -> Iterator[int]:
    """Walk to each account of the list; yields the line of its opening brace,
    the cursor on it (the caller reads the account's members)."""
    if cursor.peek() == "{":
        for key, _line in cursor.members():
            if key == "accounts":
                if cursor.peek() == "{":  # {"accounts": {"account": [...]}}
                    for inner, _ in cursor.members():
                        if inner == "account":
                            yield from _accounts(cursor)
                        else:
                            cursor.value()
                else:
                    yield from _accounts(cursor)
            else:
                cursor.value()
        return
    cursor.expect("[")
    if cursor.peek() == "]":
        cursor.pos += 1
        return
    while True:
        if cursor.peek() != "{":
            raise JsonError(cursor.pos, "verwacht een account {…}")
        yield cursor.line(cursor.pos)
        if cursor.peek() == ",":
            cursor.pos += 1
            continue
        cursor.expect("]")
        return


def read_accounts(stream, today: date) -> Iterator[Header | RosterRow | Problem]:
    raw = stream.read(SMARTSCHOOL_MAX_BYTES + 1)
    if len(raw) > SMARTSCHOOL_MAX_BYTES:
        yield Problem(1, None, "Dit Smartschool-bestand is te groot (hoogstens 32 MB).")
        return
    text, bad_line = decode_whole(raw)
    if text is None:
        yield Problem(bad_line, None, f"Het bestand is geen geldige UTF-8. {SAVE_AS}.")
        return
    cursor = JsonCursor(text)
    # Every field Smartschool has: a field an account leaves out is empty, not "not given".
    yield Header(ImportFormat.SMARTSCHOOL, has_class=True, has_domicile=True, has_contacts=True)
    try:
        for line in _accounts(cursor):
            cells: list[tuple[str, Column, object]] = []
            role, groups = "", None
            for key, _key_line in cursor.members():
                value = cursor.value()
                if key == "basisrol":
                    role = str(value or "").strip().lower()
                elif key == "groups":
                    groups = value
                elif isinstance(value, str | int | float) or value is None:
                    cells.append((key, column_of(ImportFormat.SMARTSCHOOL, key), value))
            if role not in PUPIL_ROLES:
                continue  # a staff account
            if not any(column.field == "class_name" for _, column, _ in cells):
                cells.append(("groups", Column("class_name"), _official_class(groups)))
            yield from record(line, cells, today, lenient=True)
        if cursor.peek():
            raise JsonError(cursor.pos, "tekst na het einde van de lijst")
    except JsonError as exc:
        yield Problem(cursor.line(exc.position), None, f"Ongeldige JSON: {exc}.")
