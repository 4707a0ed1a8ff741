"""What an absence file reader yields, and what every format shares.

A reader yields, in file order, a `ParsedRow` for every half-day it read well
and a `Problem` (line number as a text editor counts them, from 1) for
everything else.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.calendar.words import day_words
from app.services.absences.codes import ACCEPTED
from app.services.absences.decoding import Lines

NOTE_MAX = 500
KEY_MAX = 64
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 23/11/2026, or as a spreadsheet may write it: 23-11-2026, 23.11.2026.
BELGIAN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
MINUTES_LATE_MAX = 300  # a half-day holds some four hours of lessons
YES = frozenset({"1", "ja", "j", "x", "true", "yes", "y"})
NO = frozenset({"", "0", "nee", "n", "false", "no"})


@dataclass(slots=True)
class ParsedRow:
    line: int
    pupil_key: str
    day: date
    half_day: str
    code: str
    original: str
    note: str | None
    # CSV only (optional columns): how late a pupil came (code L), and the school's
    # mark that the half-day is an extended holiday (luxeverzuim).
    minutes_late: int | None = None
    extended_holiday: bool | None = None  # None: the file has no such column (a mark stays as it was)


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
            return None, f"Ongeldige datum '{text[:40]}': gebruik JJJJ-MM-DD of DD/MM/JJJJ."
    except ValueError:
        return None, f"Deze datum bestaat niet: '{text}'."
    if day > today:
        return None, f"De datum {day_words(day)} ligt in de toekomst."
    return day, None


def code_problem(exported: str) -> str:
    if not exported.strip():
        return "De afwezigheidscode ontbreekt."
    return f"Onbekende afwezigheidscode '{exported.strip()}'. Toegestaan: {ACCEPTED}."


def minutes_late_of(text: str | None) -> tuple[int | None, str | None]:
    """(minutes or None, None) or (None, message): a whole number of minutes, or empty."""
    text = (text or "").strip()
    if not text:
        return None, None
    if not text.isdigit() or int(text) > MINUTES_LATE_MAX:
        return (
            None,
            f"Ongeldig aantal minuten te laat '{text[:20]}': een geheel getal van 0 tot {MINUTES_LATE_MAX}.",
        )
    return int(text), None


def yes_no(text: str | None) -> tuple[bool | None, str | None]:
    """(True/False, None) or (None, message): 1/ja/x or 0/nee/empty."""
    value = (text or "").strip().lower()
    if value in YES:
        return True, None
    if value in NO:
        return False, None
    return None, f"Ongeldige waarde '{value[:20]}': gebruik 1 (ja) of 0 (nee), of laat leeg."


def note_of(text: str | None) -> tuple[str | None, str | None]:
    note = (text or "").strip()
    if not note:
        return None, None
    if len(note) > NOTE_MAX:
        return None, f"De opmerking is te lang ({len(note)} tekens, hoogstens {NOTE_MAX})."
    if any(not ch.isprintable() and ch not in "\n\t" for ch in note):
        return None, "De opmerking bevat stuurtekens."
    return note, None


def numbered_lines(stream, problems: list[Problem], lines: Lines | None = None) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line, decoded as app/services/absences/decoding.py
    says (UTF-8, cp1252 or UTF-16; a first line `sep=X` is read into `lines.delimiter`,
    not yielded); undecodable lines become problems."""
    lines = lines if lines is not None else Lines(stream)
    for number, text in lines:
        if lines.problems:
            problems.extend(Problem(line, None, message) for line, message in lines.problems)
            lines.problems.clear()
        yield number, text
