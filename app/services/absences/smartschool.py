"""Reading Smartschool's per-day JSON, with a line number for every value.

Smartschool answers per day with `{internalNumber: {"am": code, "pm": code}}`.
A file holds either several days keyed by date, `{"2026-11-23": {...}, ...}`,
or one day's answer alone with the date in the file name
(afwezigheden-2026-11-23.json). A null or empty code: the pupil was there.
"""

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from json.decoder import scanstring  # type: ignore[attr-defined]  # typeshed omits it (not in __all__)

from app.services.absences.codes import map_code
from app.services.absences.decoding import SAVE_AS, decode_whole
from app.services.absences.rows import (
    BELGIAN_DATE,
    ISO_DATE,
    KEY_MAX,
    ParsedRow,
    Problem,
    code_problem,
    parse_day,
)
from app.vocabulary import HalfDay

# Read whole to know its line numbers; a day's answer is small, so a bigger
# file is a mistake (a year's bulk goes by CSV).
SMARTSCHOOL_MAX_BYTES = 32 * 1024 * 1024


class _JsonError(ValueError):
    def __init__(self, position: int, message: str):
        super().__init__(message)
        self.position = position


class _Cursor:
    """Walks JSON text keeping positions, so every value has its line number."""

    SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str):
        self.text, self.pos = text, 0
        self.decoder = json.JSONDecoder()
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return bisect_right(self.newlines, position - 1) + 1

    def peek(self) -> str:
        space = self.SPACE.match(self.text, self.pos)
        assert space is not None, "SPACE matches anywhere, if only the empty string"
        self.pos = space.end()
        return self.text[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _JsonError(self.pos, f"verwacht '{char}'")
        self.pos += 1

    def value(self):
        self.peek()
        try:
            value, self.pos = self.decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            raise _JsonError(exc.pos, exc.msg) from None
        return value

    def members(self) -> Iterator[tuple[str, int]]:
        """(key, line) of each member of the object here; the caller reads each value."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise _JsonError(self.pos, "verwacht een sleutel tussen aanhalingstekens")
            line = self.line(self.pos)
            try:
                key, self.pos = scanstring(self.text, self.pos + 1)
            except json.JSONDecodeError as exc:
                raise _JsonError(exc.pos, exc.msg) from None
            self.expect(":")
            yield key, line
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return


# Public names for the pupil roster's reader of Smartschool accounts (app/services/roster/smartschool.py).
JsonCursor = _Cursor
JsonError = _JsonError

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read_smartschool(stream, today: date, filename: str | None = None) -> Iterator[ParsedRow | Problem]:
    raw = stream.read(SMARTSCHOOL_MAX_BYTES + 1)
    if len(raw) > SMARTSCHOOL_MAX_BYTES:
        yield Problem(1, None, "Dit Smartschool-bestand is te groot; lever grote hoeveelheden aan als CSV.")
        return
    text, bad_line = decode_whole(raw)
    if text is None:
        yield Problem(bad_line, None, f"Het bestand is geen geldige UTF-8. {SAVE_AS}.")
        return
    cursor = _Cursor(text)
    named_day = DATE_IN_NAME.search(filename or "")
    try:
        if not _keyed_by_date(text):
            if not named_day:
                yield Problem(
                    1,
                    "date",
                    'Geen datum: zet de dagen als sleutels ({"2026-11-23": {...}}) of '
                    "de datum in de bestandsnaam (bv. afwezigheden-2026-11-23.json).",
                )
                return
            day, message = parse_day(named_day.group(1), today)
            if message:
                yield Problem(1, "date", f"Datum in de bestandsnaam: {message}")
                return
            assert day is not None, "parse_day gives a day or a message"
            yield from _smartschool_day(cursor, day)
        else:
            for key, line in cursor.members():
                day, message = parse_day(key, today)
                if message:
                    yield Problem(line, "date", message)
                    cursor.value()  # skip the day
                    continue
                assert day is not None, "parse_day gives a day or a message"
                yield from _smartschool_day(cursor, day)
        if cursor.peek():
            raise _JsonError(cursor.pos, "tekst na het einde van het JSON-object")
    except _JsonError as exc:
        yield Problem(cursor.line(exc.position), None, f"Ongeldige JSON: {exc}.")


FIRST_KEY = re.compile(r'\s*\{\s*(?:"([^"]*)"|\})')


def _keyed_by_date(text: str) -> bool:
    """Whether the top-level object's first key is a date (a multi-day file); an
    empty object is a multi-day file without days."""
    match = FIRST_KEY.match(text)
    if not match:
        return True  # not an object: the walk reports where
    key = match.group(1)
    return key is None or bool(ISO_DATE.match(key) or BELGIAN_DATE.match(key))


def _smartschool_day(cursor: _Cursor, day: date) -> Iterator[ParsedRow | Problem]:
    for pupil_key, pupil_line in cursor.members():
        if cursor.peek() != "{":
            yield Problem(pupil_line, None, f'Leerling \'{pupil_key}\': verwacht {{"am": code, "pm": code}}.')
            cursor.value()
            continue
        for half, line in cursor.members():
            exported = cursor.value()
            half_day = {"am": HalfDay.AM, "pm": HalfDay.PM}.get(half)
            if half_day is None:
                yield Problem(line, "half_day", f"Onbekende sleutel '{half}': enkel am en pm.")
                continue
            if exported is None or exported == "":
                continue  # present
            if not isinstance(exported, str):
                yield Problem(line, "code", "De afwezigheidscode moet tekst zijn.")
                continue
            code = map_code(exported)
            if code is None:
                yield Problem(line, "code", code_problem(exported))
                continue
            if not pupil_key.strip() or len(pupil_key) > KEY_MAX or not pupil_key.isprintable():
                yield Problem(pupil_line, "external_id", "Ongeldig leerlingnummer.")
                continue
            yield ParsedRow(line, pupil_key.strip(), day, half_day, code, exported.strip(), None)
