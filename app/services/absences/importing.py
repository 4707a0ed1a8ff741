"""Use case: import a school's absence registrations from its software's export.

The whole file is checked first: one bad line and nothing is imported; the
refusal lists every problem with its line number (up to a cap, with the total).
An accepted file is written in one transaction, so a failure leaves nothing
half-written. Rows stream in and are validated one by one into a scratch
table (app/storage/absence_staging.py), so memory stays bounded whatever the
size of the file.
"""

import heapq
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from flask import current_app
from sqlalchemy import select

from app import clock
from app.calendar.school_days import BRUSSELS
from app.extensions import db
from app.models import AbsenceImport, Pupil, School
from app.services.absences import episodes as absence_episodes
from app.services.absences import path as absence_path
from app.services.absences import settings as absence_settings
from app.services.absences.formats import FormatError, ParsedRow, Problem, detect_format, read
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Invalid
from app.services.schools import ABSENCE_IMPORT_ROLES, require_school_role, school_in_scope
from app.services.transaction import writing
from app.storage.absence_staging import Staging
from app.vocabulary import AbsenceCode, AuditAction, ImportChannel, ImportFormat

BATCH = 10_000
HEAD = 8192  # bytes read to detect the format
DEFAULT_MAX_PROBLEMS = 10_000
AMBIGUOUS = -1


@dataclass
class ImportReport:
    import_id: int
    school_id: int
    format: str
    rows: int
    new: int
    changed: int
    unchanged: int
    # Per pupil and school year whose B half-days changed: see BChange.
    b_changes: list[absence_episodes.BChange] = field(default_factory=list)
    # What the new B half-days did to the cases (absence_path).
    path: absence_path.PathReport = field(default_factory=absence_path.PathReport)

    @property
    def b_summary(self) -> "BSummary":
        return BSummary(
            pupils_with_new_b=len({c.pupil_id for c in self.b_changes if c.gained}),
            new_episodes=sum(len(c.new_episode_ids) for c in self.b_changes),
            signal_due_pupil_ids=sorted({c.pupil_id for c in self.b_changes if c.signal_due}),
        )


@dataclass(frozen=True)
class BSummary:
    pupils_with_new_b: int
    new_episodes: int
    signal_due_pupil_ids: list[int]


class ImportRefused(Invalid):
    """The file was not imported; `problems` holds what is wrong, by line."""

    def __init__(self, problems: list[Problem], total: int, rows_read: int):
        shown = len(problems)
        more = f" De eerste {shown} staan hieronder." if total > shown else ""
        super().__init__(
            f"Het bestand werd niet ingelezen: {total} {'probleem' if total == 1 else 'problemen'}.{more} "
            "Verbeter het bestand en lees het opnieuw in; er werd niets gewijzigd.",
            {f"regel {p.line}": [] for p in problems},
        )
        for problem in problems:
            self.errors[f"regel {problem.line}"].append(problem.message)
        self.problems, self.total, self.rows_read = problems, total, rows_read
        self.extra = {
            "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in problems],
            "problem_count": total,
        }


class _Counted(io.RawIOBase):
    """The upload again, its first bytes (read to detect the format) in front;
    tells `progress` how many bytes were read."""

    def __init__(self, head: bytes, rest, progress: Callable[[int], None] | None):
        self.head, self.rest, self.progress = memoryview(head), rest, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
        else:
            data = self.rest.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        if self.progress and n:
            self.progress(n)
        return n


class _Pupils:
    """The school's pupils by their own pupil number: exactly as registered, or
    by numeric value when both are digits (Informat pads to 10 digits)."""

    def __init__(self, school_id: int):
        self.exact: dict[str, int] = {}
        self.numeric: dict[int, int] = {}
        for pupil_id, external_id in db.session.execute(
            select(Pupil.id, Pupil.external_id).where(Pupil.school_id == school_id)
        ):
            self.exact[external_id] = pupil_id
            if external_id.isdigit():
                value = int(external_id)
                self.numeric[value] = AMBIGUOUS if value in self.numeric else pupil_id

    def find(self, key: str) -> int | None | str:
        """A pupil id, None if unknown, or a message when the number is ambiguous."""
        found = self.exact.get(key)
        if found is not None or not key.isdigit():
            return found
        found = self.numeric.get(int(key))
        if found == AMBIGUOUS:
            return f"Leerlingnummer {key} past bij meer dan één leerling (voorloopnullen)."
        return found


# The same rule for the pupil roster's import (app/services/roster/importing.py).
PupilNumbers = _Pupils


def import_absences(
    actor: Actor | None,
    school_id: int,
    stream,
    format: str | None = None,
    *,
    filename: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file for one school. `actor` None: the command line on the
    server (an operator, trusted); otherwise the school's secretariaat,
    zorgcoördinator or directie. Raises ImportRefused (a 422) when any line is wrong."""
    if actor is None:
        school = db.session.get(School, school_id)
        if school is None:
            raise Invalid("Onbekende school.", {"school": [f"Er is geen school met id {school_id}."]})
    else:
        school = school_in_scope(actor, school_id)
        require_school_role(
            actor,
            ABSENCE_IMPORT_ROLES,
            "Enkel het secretariaat, de zorgcoördinator of de directie van de school leest afwezigheden in.",
        )
    head = stream.read(HEAD)
    if not head.strip():
        _refuse(actor, school.id, ImportRefused([Problem(1, None, "Het bestand is leeg.")], 1, 0), format)
    if format is None:
        try:
            format = detect_format(head)
        except FormatError as exc:
            _refuse(actor, school.id, ImportRefused([Problem(1, None, str(exc))], 1, 0), None)
    format = ImportFormat(format)
    body = io.BufferedReader(_Counted(head, stream, progress), buffer_size=1 << 16)
    try:
        return _import(actor, school.id, format, body, filename)
    except ImportRefused as refused:
        _refuse(actor, school.id, refused, format)


def _refuse(actor, school_id: int, refused: ImportRefused, format) -> NoReturn:
    """Record the refusal (the import's own transaction was rolled back) and raise it."""
    with writing() as session:
        audit(
            session,
            actor,
            clock.now(),
            AuditAction.ABSENCES_IMPORT_REFUSED,
            "school",
            school_id,
            detail=f"format={format or '?'} problems={refused.total}",
        )
    raise refused


def _import(actor, school_id: int, format: ImportFormat, body, filename) -> ImportReport:
    now = clock.now()
    today = now.astimezone(BRUSSELS).date()
    cap = current_app.config.get("ABSENCE_IMPORT_MAX_PROBLEMS", DEFAULT_MAX_PROBLEMS)
    pupils = _Pupils(school_id)
    session = db.session
    with writing():
        # Creating the scratch table drops a leftover of a failed import on this connection.
        staging = Staging(session.connection())
        staging.create()
        late_after = absence_settings.effective(school_id).late_b_after_minutes
        problems, problem_total, rows = _stage(
            read(format, body, today, filename), pupils, staging, cap, late_after
        )
        duplicate_total, duplicates = staging.duplicates(cap)
        if problem_total or duplicate_total:
            problems = list(
                heapq.merge(
                    problems,
                    (
                        Problem(line, None, f"Dubbel: deze leerling en halve dag staan al op regel {first}.")
                        for line, first in duplicates
                    ),
                    key=lambda p: p.line,
                )
            )[:cap]
            raise ImportRefused(problems, problem_total + duplicate_total, rows)
        report = _write(actor, school_id, format, filename, staging, now)
        staging.drop()
    return report


def _code(item: ParsedRow, late_after: int | None) -> str:
    """The code to store: an L late beyond the school's rule (`late_becomes_b`) is a B;
    its letter as exported (L) stays in `original_code`."""
    minutes = item.minutes_late
    if (
        item.code == AbsenceCode.LATE
        and minutes is not None
        and late_after is not None
        and minutes >= late_after
    ):
        return AbsenceCode.B
    return item.code


def _stage(
    parsed, pupils: _Pupils, staging: Staging, cap: int, late_after: int | None = None
) -> tuple[list[Problem], int, int]:
    """Validate every row into the scratch table; (problems up to cap, problem count, rows)."""
    problems: list[Problem] = []
    total = rows = 0
    batch: list[tuple] = []
    for item in parsed:
        if type(item) is ParsedRow:
            pupil = pupils.find(item.pupil_key)
            if isinstance(pupil, int):  # else None (unknown) or why it is ambiguous
                rows += 1
                batch.append(
                    (
                        item.line,
                        pupil,
                        item.day,
                        item.half_day,
                        _code(item, late_after),
                        item.original[:8],
                        item.note,
                        item.extended_holiday,
                    )
                )
                if len(batch) >= BATCH:
                    staging.add(batch)
                    batch = []
                continue
            item = Problem(
                item.line,
                "external_id",
                pupil
                or f"Onbekende leerling '{item.pupil_key}': geen leerling met dit nummer in deze school.",
            )
        total += 1
        if len(problems) < cap:
            problems.append(item)
    staging.add(batch)
    return problems, total, rows


def _write(actor, school_id: int, format: ImportFormat, filename, staging: Staging, now) -> ImportReport:
    session = db.session
    row = AbsenceImport(
        school_id=school_id,
        user_id=actor.user_id if actor else None,
        channel=ImportChannel.API if actor else ImportChannel.CLI,
        format=format,
        filename=(filename or "")[:255] or None,
        imported_at=now,
        rows_total=0,
        rows_new=0,
        rows_changed=0,
        rows_unchanged=0,
    )
    session.add(row)
    session.flush()  # first write to the main database: SQLite takes its write lock here
    # Imports of one school one at a time (PostgreSQL; SQLite has one writer anyway).
    session.execute(select(School.id).where(School.id == school_id).with_for_update())
    total, new, changed = staging.counts(school_id)
    row.rows_total, row.rows_new, row.rows_changed = total, new, changed
    row.rows_unchanged = total - new - changed
    staging.keep_flips()
    staging.upsert(school_id, row.id, now)
    signal_b = absence_settings.effective(school_id).thresholds["signal_b"]
    # The care path, in this same transaction: a follow-up per new episode (a case
    # opened, followed or reopened) and the signal to the CLB when it became due.
    path = absence_path.begin(school_id, actor, now)
    b_changes = []
    for changes, new_episodes in absence_episodes.reconcile(
        session, staging, school_id, row.id, now, signal_b
    ):
        absence_path.apply_chunk(path, changes, new_episodes)
        b_changes += changes
    audit(
        session,
        actor,
        now,
        AuditAction.ABSENCES_IMPORTED,
        "school",
        school_id,
        detail=f"import={row.id} format={format} rows={total} new={new} changed={changed} "
        f"cases_opened={len(path.report.opened)} followups={path.report.followups_started}",
    )
    return ImportReport(
        row.id, school_id, format, total, new, changed, row.rows_unchanged, b_changes, path.report
    )
