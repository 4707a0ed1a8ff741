"""Reading a roster file: which format it is, and its lines one by one.

Every reader takes a binary stream and yields, in file order, first a `Header`
(what the file's columns give), then a `RosterRow` for every pupil line it
read well and a `Problem` (line number as a text editor counts them, from 1)
for everything else. Text files go through the one decoding layer
(app/services/absences/decoding.py: UTF-8, cp1252, UTF-16, `sep=;`).
"""

import csv
import io
from collections.abc import Iterator
from datetime import date

from app.services.absences.decoding import (
    SAVE_AS,
    Lines,
    delimiter_of,
    first_line,
    head_text,
    workbook_problem,
)
from app.services.absences.rows import FormatError, Problem, numbered_lines
from app.services.contacts import MAX_CONTACTS
from app.services.roster.columns import EXPECTED, REQUIRED, Column, column_of, detect
from app.services.roster.records import Header, RosterRow, record
from app.services.roster.smartschool import read_accounts
from app.vocabulary import ImportFormat

Item = Header | RosterRow | Problem


def detect_format(head: bytes) -> ImportFormat:
    """The roster format from a file's first bytes."""
    if message := workbook_problem(head):
        raise FormatError(message)
    text = head_text(head).lstrip("\ufeff").lstrip()
    if text.startswith(("[", "{")):
        return ImportFormat.SMARTSCHOOL
    line = first_line(text)
    delimiter = delimiter_of(line, None)
    found = detect(next(csv.reader([line], delimiter=delimiter)) if delimiter else [line])
    if found is None:
        raise FormatError(
            "Het formaat van de leerlingenlijst is niet herkend: verwacht een kopregel met "
            f"{EXPECTED[ImportFormat.CSV]}; een lijst uit Informat (Stamnummer, Naam, Voornaam, …) "
            f"of uit Smartschool (internnummer, voornaam, naam, … of JSON). {SAVE_AS}."
        )
    return found


def _header(format: ImportFormat, number: int, names: list[str]) -> tuple[Header, list[Column]] | Problem:
    columns = [column_of(format, name) for name in names]
    fields = {(c.field, c.contact) for c in columns if c.field}
    unknown = [name for name, column in zip(names, columns, strict=True) if column.field is None and name]
    too_far = sorted({c.contact for c in columns if c.contact and c.contact > MAX_CONTACTS})
    missing = [name for name in REQUIRED if (name, None) not in fields]
    parts = []
    if missing:
        parts.append("ontbrekend: " + ", ".join(missing))
    if unknown and format == ImportFormat.CSV:  # a vendor's export has columns we do not need
        parts.append("onbekend: " + ", ".join(unknown))
    if too_far:
        parts.append(f"hoogstens {MAX_CONTACTS} contactpersonen per leerling")
    if len(fields) != sum(1 for c in columns if c.field):
        parts.append("een kolom staat er twee keer")
    if parts:
        return Problem(
            number, None, f"Kopregel klopt niet ({'; '.join(parts)}). Verwacht: {EXPECTED[format]}."
        )
    header = Header(
        format,
        has_class=("class_name", None) in fields,
        has_domicile=any(f in fields for f in (("domicile_address", None), ("street", None), ("city", None))),
        has_contacts=any(contact is not None for _, contact in fields),
        ignored=[name for name in unknown if name],
    )
    return header, columns


def read_csv(format: ImportFormat, stream, today: date) -> Iterator[Item]:
    problems: list[Problem] = []
    decoded = Lines(stream)
    lines = numbered_lines(stream, problems, decoded)
    first = next(lines, None)
    if first is None:
        yield Problem(1, None, "Het bestand is leeg.")
        return
    number, text = first
    delimiter = delimiter_of(text, decoded.delimiter)
    if delimiter is None:
        yield Problem(number, None, f"Kopregel zonder scheidingsteken (komma, puntkomma of tab). {SAVE_AS}.")
        return
    names = [name.strip() for name in next(csv.reader([text], delimiter=delimiter))]
    while names and not names[-1]:  # spreadsheets add trailing separators
        names.pop()
    header = _header(format, number, names)
    yield from problems
    problems.clear()
    if isinstance(header, Problem):
        yield header
        return
    yield header[0]
    columns = header[1]
    line_numbers: list[int] = []

    def numbered():
        for line_number, line_text in lines:
            line_numbers.append(line_number)
            yield line_text + "\n"  # a quoted field may hold a line break

    reader = csv.reader(numbered(), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Problem(
                line_numbers[0] if line_numbers else 0, None, f"Deze regel is geen geldige CSV ({exc})."
            )
            line_numbers.clear()
            continue
        number = line_numbers[0]  # a quoted field may span lines: report the first
        line_numbers.clear()
        if problems:  # an undecodable line: reported, not read
            yield from problems
            problems.clear()
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        while len(cells) > len(columns) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(columns):
            yield Problem(number, None, f"Te veel kolommen: {len(cells)} in plaats van {len(columns)}.")
            continue
        cells += [""] * (len(columns) - len(cells))  # a spreadsheet drops empty cells at the end
        cells_of = list(zip(names, columns, cells, strict=True))
        yield from record(number, cells_of, today, lenient=format == ImportFormat.SMARTSCHOOL)
    yield from problems


def read(format: ImportFormat, stream, today: date) -> Iterator[Item]:
    if format == ImportFormat.SMARTSCHOOL:
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)
        head = stream.peek(64)[:64]
        text = head_text(head).lstrip("\ufeff").lstrip()
        if text.startswith(("[", "{")):
            return read_accounts(stream, today)
    return read_csv(format, stream, today)
