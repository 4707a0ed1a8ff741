"""Files as Windows saves them: the encoding, the separator and the headers of an
import file, for every importer (absences: formats.py, smartschool.py; the pupil
roster: app/services/roster).

Excel on Windows writes "CSV (gescheiden door lijstscheidingsteken)" in cp1252
with semicolons, "CSV UTF-8" with a byte-order mark, "Unicode-tekst" in UTF-16
with tabs, and reads (and sometimes writes) a first line `sep=;` that names the
separator. A stream is read line by line and its encoding decided at the first
line that is not plain ASCII: UTF-8 if that line is valid UTF-8, else cp1252
(latin-1 for the five bytes cp1252 leaves undefined). A later line that is not
valid in the encoding chosen is a problem on its line, with how to save the
file correctly (SAVE_AS).
"""

import codecs
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator

BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SAVE_AS = "Sla op als CSV UTF-8 (door lijstscheidingsteken gescheiden)"
SEPARATOR_LINE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
DELIMITERS = (";", ",", "\t")
# A workbook is a zip (xlsx) or an OLE2 compound file (xls), never text.
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def workbook_problem(head: bytes) -> str | None:
    """A message when the file is an Excel workbook rather than a text file."""
    if head.startswith(WORKBOOK_MAGIC):
        return (
            "Dit is een Excel-werkmap, geen tekstbestand. Open het in Excel en kies "
            f"Bestand > Opslaan als > {SAVE_AS}."
        )
    return None


def _decode_line(raw: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252
            return raw.decode("latin-1")
    return raw.decode(encoding)


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, to recognise its format."""
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", "ignore")
    head = head.removeprefix(BOM)
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # a character cut off by the head's end
            return head[: exc.start].decode("utf-8", "replace")
        return _decode_line(head, "cp1252")


def decode_whole(raw: bytes) -> tuple[str | None, int]:
    """(text, 0) of a file read at once (JSON), or (None, the line of the first
    byte that cannot be read). Without a byte-order mark, a file whose first
    non-ASCII byte is not UTF-8 is read as cp1252, as line by line."""
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16"), 0
        except UnicodeDecodeError:
            return None, 1
    marked = raw.startswith(BOM)
    raw = raw.removeprefix(BOM)
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError as exc:
        if not marked and raw[: exc.start].isascii():
            return _decode_line(raw, "cp1252"), 0
        return None, raw[: exc.start].count(b"\n") + 1


class _Prefixed(io.RawIOBase):
    """A stream's first bytes (already read) in front of the rest."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Lines:
    """(line number, text without its line ending) of every line of a binary stream,
    as a text editor numbers them (from 1). A first line `sep=X` is read, not
    yielded: `delimiter` is then X. Lines that cannot be decoded are yielded as
    replaced text and recorded in `problems` as (line, message); the reader
    reports them on their line and skips the line."""

    def __init__(self, stream):
        self.stream = stream
        self.encoding: str | None = None  # None while every line read was plain ASCII
        self.delimiter: str | None = None
        self.problems: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for number, line in self._lines():
            line = line.rstrip("\r\n")
            if number == 1 and (separator := SEPARATOR_LINE.match(line)):
                self.delimiter = separator.group(1)
                continue
            yield number, line

    def _lines(self) -> Iterator[tuple[int, str]]:
        raw_lines = iter(self.stream)
        first = next(raw_lines, None)
        if first is None:
            return
        if first.startswith(UTF16_BOMS):  # Excel's "Unicode-tekst": decoded as a text stream
            self.encoding = "utf-16"
            binary = io.BufferedReader(_Prefixed(first, self.stream))
            text = io.TextIOWrapper(binary, encoding="utf-16", errors="replace", newline="")
            yield from enumerate(text, start=1)
            return
        yield from self._bytes_lines(itertools.chain([first], raw_lines))

    def _bytes_lines(self, raw_lines) -> Iterator[tuple[int, str]]:
        for number, raw in enumerate(raw_lines, start=1):
            if number == 1 and raw.startswith(BOM):
                raw, self.encoding = raw[len(BOM) :], "utf-8"
            if raw.isascii():
                yield number, raw.decode("ascii")
                continue
            if self.encoding is None:
                try:
                    raw.decode("utf-8")
                    self.encoding = "utf-8"
                except UnicodeDecodeError:
                    self.encoding = "cp1252"
            try:
                yield number, _decode_line(raw, self.encoding)
            except UnicodeDecodeError:
                self.problems.append((number, f"Deze regel is geen geldige UTF-8. {SAVE_AS}."))
                yield number, raw.decode("utf-8", "replace")


def delimiter_of(header: str, declared: str | None) -> str | None:
    """The separator of a header line: the one `sep=` declared, else the most
    frequent of ; , and tab (None: none of them)."""
    if declared:
        return declared
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def header_key(name: str) -> str:
    """A column name compared loosely: case, accents, spaces, underscores, dashes
    and dots do not count ("E-mail" = "email", "Geboorte datum" = "geboortedatum")."""
    plain = unicodedata.normalize("NFKD", name.strip().strip('"').lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-.]+", "", plain)


def first_line(text: str) -> str:
    """The first line of a file's head that is not `sep=X`."""
    lines = text.lstrip("\ufeff").splitlines()
    for index, line in enumerate(lines):
        if index == 0 and SEPARATOR_LINE.match(line):
            continue
        if line.strip():
            return line
    return ""
