"""What an absence file reader yields, and what every format shares.

A reader yields, in file order, a `ParsedRow` for every half-day it read well
and a `Problem` (line number as a text editor counts them, from 1) for
everything else.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.services.absences.codes import ACCEPTED

BOM = b"\xef\xbb\xbf"
NOTE_MAX = 500
KEY_MAX = 64
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


def code_problem(exported: str) -> str:
    if not exported.strip():
        return "De afwezigheidscode ontbreekt."
    return f"Onbekende afwezigheidscode '{exported.strip()}'. Toegestaan: {ACCEPTED}."


def note_of(text: str | None) -> tuple[str | None, str | None]:
    note = (text or "").strip()
    if not note:
        return None, None
    if len(note) > NOTE_MAX:
        return None, f"De opmerking is te lang ({len(note)} tekens, hoogstens {NOTE_MAX})."
    if any(not ch.isprintable() and ch not in "\n\t" for ch in note):
        return None, "De opmerking bevat stuurtekens."
    return note, None


def numbered_lines(stream, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line; undecodable lines become problems."""
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(
                Problem(number, None, "Deze regel is geen geldige UTF-8: bewaar het bestand als UTF-8.")
            )
            text = raw.decode("utf-8", "replace")
        yield number, text.rstrip("\r\n")
