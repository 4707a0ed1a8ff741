"""Reading absence files: CSV, Informat's block text, Smartschool's per-day JSON.

Each reader takes a binary stream and yields, in file order, a `ParsedRow` for
every half-day it read well and a `Problem` (line number as a text editor
counts them, from 1) for everything else. Readers check the file's own syntax;
whether a pupil exists is the import's business. Formats: see README.md.
"""
import csv
import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from json.decoder import scanstring

from app.services.absence_codes import ACCEPTED, map_code
from app.vocabulary import AbsenceCode, HalfDay, ImportFormat

BOM = b"\xef\xbb\xbf"
NOTE_MAX = 500
KEY_MAX = 64
# A Smartschool file is read whole to know its line numbers; a day's answer is
# small, so a bigger file is a mistake (a year's bulk goes by CSV).
SMARTSCHOOL_MAX_BYTES = 32 * 1024 * 1024
HALF_DAYS = {"am": HalfDay.AM, "vm": HalfDay.AM, "pm": HalfDay.PM, "nm": HalfDay.PM}
CSV_COLUMNS = ("external_id", "date", "half_day", "code", "note")
CSV_REQUIRED = frozenset(CSV_COLUMNS) - {"note"}
INFORMAT_HEADER = re.compile(r"^(\d{2})(\d{2})(\d{2})T(\d{1,2})$")
INFORMAT_HALF_DAYS = {1: HalfDay.AM, 6: HalfDay.PM}  # Informat's default moments
INFORMAT_PUPIL = re.compile(r"^\d{10}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BELGIAN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(slots=True)
class ParsedRow:
    line: int
    pupil_key: str
    day: date
    half_day: str
    code: str
    original: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    field: str | None
    message: str


class FormatError(ValueError):
    """The file as a whole is not in any format we read."""


def detect_format(head: bytes) -> ImportFormat:
    """The format of a file from its first bytes."""
    text = head.removeprefix(BOM).lstrip()
    if text.startswith(b"{"):
        return ImportFormat.SMARTSCHOOL
    first_line = text.split(b"\n", 1)[0].strip()
    if INFORMAT_HEADER.match(first_line.decode("ascii", "replace")):
        return ImportFormat.INFORMAT
    if b"external_id" in first_line.lower():
        return ImportFormat.CSV
    raise FormatError("Het formaat van het bestand is niet herkend: verwacht een CSV met de kopregel "
                      "external_id,date,half_day,code,note, een Informat-tekstbestand (eerste regel "
                      "bv. 240926T1) of Smartschool-JSON.")


def parse_day(text: str, today: date) -> tuple[date | None, str | None]:
    """(day, None) or (None, message): YYYY-MM-DD or DD/MM/YYYY, not in the future."""
    text = text.strip()
    try:
        if ISO_DATE.match(text):
            day = date.fromisoformat(text)
        elif match := BELGIAN_DATE.match(text):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            return None, f"Ongeldige datum '{text}': gebruik JJJJ-MM-DD of DD/MM/JJJJ."
    except ValueError:
        return None, f"Deze datum bestaat niet: '{text}'."
    if day > today:
        return None, f"De datum {day.isoformat()} ligt in de toekomst."
    return day, None


def _code_problem(exported: str) -> str:
    if not exported.strip():
        return "De afwezigheidscode ontbreekt."
    return f"Onbekende afwezigheidscode '{exported.strip()}'. Toegestaan: {ACCEPTED}."


def _note(text: str | None) -> tuple[str | None, str | None]:
    note = (text or "").strip()
    if not note:
        return None, None
    if len(note) > NOTE_MAX:
        return None, f"De opmerking is te lang ({len(note)} tekens, hoogstens {NOTE_MAX})."
    if any(not ch.isprintable() and ch not in "\n\t" for ch in note):
        return None, "De opmerking bevat stuurtekens."
    return note, None


def _lines(stream, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line; undecodable lines become problems."""
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(number, None, "Deze regel is geen geldige UTF-8: bewaar het bestand "
                                                  "als UTF-8."))
            text = raw.decode("utf-8", "replace")
        yield number, text.rstrip("\r\n")


# --- CSV ------------------------------------------------------------------------------------

def _csv_header(text: str) -> tuple[str, list[str]] | Problem:
    commas, semicolons = text.count(","), text.count(";")
    if not commas and not semicolons:
        return Problem(1, None, "Kopregel zonder scheidingsteken: verwacht "
                                "external_id,date,half_day,code,note (komma of puntkomma).")
    delimiter = ";" if semicolons > commas else ","
    names = [name.strip().lower() for name in next(csv.reader([text], delimiter=delimiter))]
    unknown = [n for n in names if n not in CSV_COLUMNS]
    missing = [n for n in CSV_COLUMNS if n in CSV_REQUIRED and n not in names]
    if unknown or missing or len(set(names)) != len(names):
        parts = []
        if missing:
            parts.append("ontbrekend: " + ", ".join(missing))
        if unknown:
            parts.append("onbekend: " + ", ".join(unknown))
        if len(set(names)) != len(names):
            parts.append("een kolom staat er twee keer")
        return Problem(1, None, "Kopregel klopt niet (" + "; ".join(parts) + "). Verwacht: "
                                "external_id,date,half_day,code,note.")
    return delimiter, names


def read_csv(stream, today: date) -> Iterator[ParsedRow | Problem]:
    problems: list[Problem] = []
    lines = _lines(stream, problems)
    first = next(lines, None)
    if first is None:
        yield Problem(1, None, "Het bestand is leeg.")
        return
    header = _csv_header(first[1])
    yield from problems
    problems.clear()
    if isinstance(header, Problem):
        yield header
        return
    delimiter, names = header
    width = len(names)
    position = {name: names.index(name) for name in names}
    note_at = position.get("note")
    line_numbers: list[int] = []

    def numbered():
        for number, text in lines:
            line_numbers.append(number)
            yield text + "\n"  # a quoted field may hold a line break

    reader = csv.reader(numbered(), delimiter=delimiter)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Problem(line_numbers[0] if line_numbers else reader.line_num, None,
                          f"Deze regel is geen geldige CSV ({exc}).")
            line_numbers.clear()
            continue
        number = line_numbers[0]  # a quoted field may span lines: report the first
        line_numbers.clear()
        if problems:  # an undecodable line: reported, not read
            yield from problems
            problems.clear()
            continue
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if len(record) > width:
            yield Problem(number, None, f"Te veel kolommen: {len(record)} in plaats van {width}.")
            continue
        if len(record) < width and (note_at is None or len(record) < width - 1 or note_at != width - 1):
            yield Problem(number, None, f"Te weinig kolommen: {len(record)} in plaats van {width}.")
            continue
        yield from _csv_row(number, record, position, note_at, today)
    yield from problems


def _csv_row(number, record, position, note_at, today) -> Iterator[ParsedRow | Problem]:
    bad = False
    key = record[position["external_id"]].strip()
    if not key:
        bad = True
        yield Problem(number, "external_id", "Het leerlingnummer ontbreekt.")
    elif len(key) > KEY_MAX or not key.isprintable():
        bad = True
        yield Problem(number, "external_id", f"Ongeldig leerlingnummer (gewone tekens, hoogstens {KEY_MAX}).")
    day, message = parse_day(record[position["date"]], today)
    if message:
        bad = True
        yield Problem(number, "date", message)
    raw_half = record[position["half_day"]].strip()
    half_day = HALF_DAYS.get(raw_half.lower())
    if half_day is None:
        bad = True
        yield Problem(number, "half_day", f"Ongeldige halve dag '{raw_half}': gebruik am of pm (of VM/NM).")
    exported = record[position["code"]]
    code = map_code(exported)
    if code is None:
        bad = True
        yield Problem(number, "code", _code_problem(exported))
    note, message = _note(record[note_at] if note_at is not None and note_at < len(record) else None)
    if message:
        bad = True
        yield Problem(number, "note", message)
    if not bad:
        yield ParsedRow(number, key, day, half_day, code, exported.strip(), note)


# --- Informat -------------------------------------------------------------------------------

def read_informat(stream, today: date) -> Iterator[ParsedRow | Problem]:
    """Blocks of: a line DDMMYYTn (T1 morning, T6 afternoon), an optional code
    line (none: '-', unknown), then 10-digit pupil numbers, one per line."""
    problems: list[Problem] = []
    block = None  # (day, half_day, code, exported) of the current block; False: a bad block
    expect_code = False
    for number, text in _lines(stream, problems):
        if problems:  # an undecodable line: reported, not read
            yield from problems
            problems.clear()
            continue
        line = text.strip()
        if not line:
            continue
        header = INFORMAT_HEADER.match(line)
        if header:
            block, expect_code = _informat_block(number, header, today), True
            if isinstance(block, Problem):
                yield block
                block = False
            continue
        if block is None:
            yield Problem(number, None, "Deze regel hoort bij geen blok: een blok begint met een regel "
                                        "DDMMJJTn (bv. 240926T1).")
            continue
        if expect_code:
            expect_code = False
            if not line.isdigit():
                code = map_code(line)
                if code is None:
                    yield Problem(number, "code", _code_problem(line))
                    block = False
                elif block:
                    block = (block[0], block[1], code, line)
                continue
        if not INFORMAT_PUPIL.match(line):
            message = ("Een leerlingnummer telt 10 cijfers (vul aan met voorloopnullen)." if line.isdigit()
                       else f"Onverwachte regel '{line[:40]}': verwacht een leerlingnummer van 10 cijfers.")
            yield Problem(number, "external_id", message)
            continue
        if block:  # rows of a bad block are skipped: its header line was reported
            day, half_day, code, exported = block
            yield ParsedRow(number, line, day, half_day, code, exported, None)
    yield from problems


def _informat_block(number: int, header, today: date):
    dd, mm, yy, moment = header.groups()
    day, message = parse_day(f"{dd}/{mm}/20{yy}", today)
    if message:
        return Problem(number, "date", message)
    half_day = INFORMAT_HALF_DAYS.get(int(moment))
    if half_day is None:
        return Problem(number, "half_day", f"Onbekend tijdstip T{moment}: enkel T1 (voormiddag) en T6 "
                                           "(namiddag) worden ingelezen.")
    return day, half_day, AbsenceCode.PENDING, "-"


# --- Smartschool ----------------------------------------------------------------------------

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
        self.pos = self.SPACE.match(self.text, self.pos).end()
        return self.text[self.pos:self.pos + 1]

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


DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read_smartschool(stream, today: date, filename: str | None = None) -> Iterator[ParsedRow | Problem]:
    """`{"YYYY-MM-DD": {internalNumber: {"am": code, "pm": code}}}`, one member per day
    (Smartschool answers per day); or one day's answer alone, with the date in the
    file name (e.g. afwezigheden-2026-11-23.json). A null or empty code: no absence."""
    raw = stream.read(SMARTSCHOOL_MAX_BYTES + 1)
    if len(raw) > SMARTSCHOOL_MAX_BYTES:
        yield Problem(1, None, "Dit Smartschool-bestand is te groot; lever grote hoeveelheden aan als CSV.")
        return
    try:
        text = raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Problem(raw[:exc.start].count(b"\n") + 1, None, "Het bestand is geen geldige UTF-8.")
        return
    cursor = _Cursor(text)
    named_day = DATE_IN_NAME.search(filename or "")
    try:
        if not _keyed_by_date(text):
            if not named_day:
                yield Problem(1, "date", "Geen datum: zet de dagen als sleutels ({\"2026-11-23\": {...}}) of "
                                         "de datum in de bestandsnaam (bv. afwezigheden-2026-11-23.json).")
                return
            day, message = parse_day(named_day.group(1), today)
            if message:
                yield Problem(1, "date", f"Datum in de bestandsnaam: {message}")
                return
            yield from _smartschool_day(cursor, day)
        else:
            for key, line in cursor.members():
                day, message = parse_day(key, today)
                if message:
                    yield Problem(line, "date", message)
                    cursor.value()  # skip the day
                    continue
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
            yield Problem(pupil_line, None,
                          f"Leerling '{pupil_key}': verwacht {{\"am\": code, \"pm\": code}}.")
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
                yield Problem(line, "code", _code_problem(exported))
                continue
            if not pupil_key.strip() or len(pupil_key) > KEY_MAX or not pupil_key.isprintable():
                yield Problem(pupil_line, "external_id", "Ongeldig leerlingnummer.")
                continue
            yield ParsedRow(line, pupil_key.strip(), day, half_day, code, exported.strip(), None)


READERS = {
    ImportFormat.CSV: read_csv,
    ImportFormat.INFORMAT: read_informat,
}


def read(format: ImportFormat, stream, today: date, filename: str | None = None):
    if format == ImportFormat.SMARTSCHOOL:
        return read_smartschool(stream, today, filename)
    return READERS[format](stream, today)
