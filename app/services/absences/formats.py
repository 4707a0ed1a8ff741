"""Reading absence files: CSV, Informat's block text, Smartschool's per-day JSON.

Each reader takes a binary stream and yields, in file order, a `ParsedRow` for
every half-day it read well and a `Problem` (line number as a text editor
counts them, from 1) for everything else. Readers check the file's own syntax;
whether a pupil exists is the import's business. Formats: see README.md.
"""

import csv
import re
from collections.abc import Iterator
from datetime import date

from app.services.absences.codes import map_code
from app.services.absences.decoding import (
    SAVE_AS,
    Lines,
    delimiter_of,
    first_line,
    head_text,
    header_key,
    workbook_problem,
)
from app.services.absences.rows import (
    KEY_MAX,
    FormatError,
    ParsedRow,
    Problem,
    code_problem,
    minutes_late_of,
    note_of,
    numbered_lines,
    parse_day,
    yes_no,
)
from app.services.absences.smartschool import read_smartschool
from app.vocabulary import AbsenceCode, HalfDay, ImportFormat

HALF_DAYS = {
    "am": HalfDay.AM,
    "vm": HalfDay.AM,
    "voormiddag": HalfDay.AM,
    "pm": HalfDay.PM,
    "nm": HalfDay.PM,
    "namiddag": HalfDay.PM,
}
CSV_COLUMNS = ("external_id", "date", "half_day", "code", "note", "minutes_late", "extended_holiday")
CSV_REQUIRED = frozenset({"external_id", "date", "half_day", "code"})
CSV_EXPECTED = "external_id,date,half_day,code,note (optioneel ook minutes_late, extended_holiday)"
# The Dutch headers of the schools' own exports and spreadsheets, compared loosely
# (decoding.header_key: case, accents, spaces, underscores and dashes do not count).
CSV_ALIASES = {
    **{header_key(name): name for name in CSV_COLUMNS},
    **{
        header_key(alias): column
        for column, aliases in {
            "external_id": ("leerlingnummer", "leerling nummer", "stamnummer", "internnummer"),
            "date": ("datum",),
            "half_day": ("voormiddag/namiddag", "vm/nm", "halve dag", "dagdeel", "moment"),
            "code": ("afwezigheidscode", "registratiecode"),
            "note": ("opmerking", "notitie", "commentaar"),
            "minutes_late": ("minuten te laat", "minuten"),
            "extended_holiday": ("luxeverzuim", "verlengde vakantie"),
        }.items()
        for alias in aliases
    },
}
INFORMAT_HEADER = re.compile(r"^(\d{2})(\d{2})(\d{2})T(\d{1,2})$")
INFORMAT_HALF_DAYS = {1: HalfDay.AM, 6: HalfDay.PM}  # Informat's default moments
INFORMAT_PUPIL = re.compile(r"^\d{10}$")

__all__ = ["FormatError", "ParsedRow", "Problem", "detect_format", "parse_day", "read"]


def detect_format(head: bytes) -> ImportFormat:
    """The format of a file from its first bytes (UTF-8, cp1252 or UTF-16)."""
    if problem := workbook_problem(head):
        raise FormatError(problem)
    text = head_text(head).lstrip("\ufeff").lstrip()
    if text.startswith("{"):
        return ImportFormat.SMARTSCHOOL
    line = first_line(text).strip()
    if INFORMAT_HEADER.match(line):
        return ImportFormat.INFORMAT
    delimiter = delimiter_of(line, None) or ","
    names = [header_key(name) for name in line.split(delimiter)]
    if any(CSV_ALIASES.get(name) == "external_id" for name in names):
        return ImportFormat.CSV
    raise FormatError(
        "Het formaat van het bestand is niet herkend: verwacht een CSV met de kopregel "
        "external_id,date,half_day,code,note (of leerlingnummer;datum;voormiddag/namiddag;code), "
        f"een Informat-tekstbestand (eerste regel bv. 240926T1) of Smartschool-JSON. {SAVE_AS}."
    )


# --- CSV ------------------------------------------------------------------------------------


def _csv_header(line: int, text: str, declared: str | None) -> tuple[str, list[str]] | Problem:
    delimiter = delimiter_of(text, declared)
    if delimiter is None:
        return Problem(
            line,
            None,
            "Kopregel zonder scheidingsteken: verwacht external_id,date,half_day,code,note "
            f"(komma, puntkomma of tab). {SAVE_AS}.",
        )
    found = [name.strip() for name in next(csv.reader([text], delimiter=delimiter))]
    while found and not found[-1]:  # spreadsheets add trailing separators
        found.pop()
    names = [CSV_ALIASES.get(header_key(name), name.lower()) for name in found]
    unknown = [given for given, name in zip(found, names, strict=True) if name not in CSV_COLUMNS]
    missing = [n for n in CSV_COLUMNS if n in CSV_REQUIRED and n not in names]
    if unknown or missing or len(set(names)) != len(names):
        parts = []
        if missing:
            parts.append("ontbrekend: " + ", ".join(missing))
        if unknown:
            parts.append("onbekend: " + ", ".join(unknown))
        if len(set(names)) != len(names):
            parts.append("een kolom staat er twee keer")
        return Problem(
            line,
            None,
            "Kopregel klopt niet (" + "; ".join(parts) + f"). Verwacht: {CSV_EXPECTED}, "
            "of de Nederlandse namen (leerlingnummer, datum, voormiddag/namiddag, code, opmerking).",
        )
    return delimiter, names


def read_csv(stream, today: date) -> Iterator[ParsedRow | Problem]:
    problems: list[Problem] = []
    decoded = Lines(stream)
    lines = numbered_lines(stream, problems, decoded)
    first = next(lines, None)
    if first is None:
        yield Problem(1, None, "Het bestand is leeg.")
        return
    header = _csv_header(first[0], first[1], decoded.delimiter)
    yield from problems
    problems.clear()
    if isinstance(header, Problem):
        yield header
        return
    delimiter, names = header
    width = len(names)
    position = {name: names.index(name) for name in names}
    # A row may stop early when only optional columns are left (a spreadsheet drops empty ones).
    needed = max(position[name] for name in CSV_REQUIRED) + 1
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
            yield Problem(
                line_numbers[0] if line_numbers else reader.line_num,
                None,
                f"Deze regel is geen geldige CSV ({exc}).",
            )
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
        while len(record) > width and not record[-1].strip():
            record.pop()
        if len(record) > width:
            yield Problem(number, None, f"Te veel kolommen: {len(record)} in plaats van {width}.")
            continue
        if len(record) < needed:
            yield Problem(number, None, f"Te weinig kolommen: {len(record)} in plaats van {width}.")
            continue
        yield from _csv_row(number, record, position, today)
    yield from problems


def _optional(record: list[str], position: dict, name: str) -> str | None:
    at = position.get(name)
    return record[at] if at is not None and at < len(record) else None


def _csv_row(number, record, position, today) -> Iterator[ParsedRow | Problem]:
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
        yield Problem(number, "code", code_problem(exported))
    note, message = note_of(_optional(record, position, "note"))
    if message:
        bad = True
        yield Problem(number, "note", message)
    minutes, message = minutes_late_of(_optional(record, position, "minutes_late"))
    if message:
        bad = True
        yield Problem(number, "minutes_late", message)
    holiday, message = None, None
    if "extended_holiday" in position:
        holiday, message = yes_no(_optional(record, position, "extended_holiday"))
    if message:
        bad = True
        yield Problem(number, "extended_holiday", message)
    if bad:
        return
    # Each of them missing was reported above (parse_day gives a day or a message).
    assert day is not None and half_day is not None and code is not None
    yield ParsedRow(number, key, day, half_day, code, exported.strip(), note, minutes, holiday)


# --- Informat -------------------------------------------------------------------------------


def read_informat(stream, today: date) -> Iterator[ParsedRow | Problem]:
    """Blocks of: a line DDMMYYTn (T1 morning, T6 afternoon), an optional code
    line (none: '-', unknown), then 10-digit pupil numbers, one per line."""
    problems: list[Problem] = []
    block = None  # (day, half_day, code, exported) of the current block; False: a bad block
    expect_code = False
    for number, text in numbered_lines(stream, problems):
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
            yield Problem(
                number,
                None,
                "Deze regel hoort bij geen blok: een blok begint met een regel DDMMJJTn (bv. 240926T1).",
            )
            continue
        if expect_code:
            expect_code = False
            if not line.isdigit():
                code = map_code(line)
                if code is None:
                    yield Problem(number, "code", code_problem(line))
                    block = False
                elif block:
                    block = (block[0], block[1], code, line)
                continue
        if not INFORMAT_PUPIL.match(line):
            message = (
                "Een leerlingnummer telt 10 cijfers (vul aan met voorloopnullen)."
                if line.isdigit()
                else f"Onverwachte regel '{line[:40]}': verwacht een leerlingnummer van 10 cijfers."
            )
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
        return Problem(
            number,
            "half_day",
            f"Onbekend tijdstip T{moment}: enkel T1 (voormiddag) en T6 (namiddag) worden ingelezen.",
        )
    return day, half_day, AbsenceCode.PENDING, "-"


READERS = {
    ImportFormat.CSV: read_csv,
    ImportFormat.INFORMAT: read_informat,
}


def read(format: ImportFormat, stream, today: date, filename: str | None = None):
    if format == ImportFormat.SMARTSCHOOL:
        return read_smartschool(stream, today, filename)
    return READERS[format](stream, today)
