"""Use case: import a school's pupils and their contacts from its software's export
(Zorgpad's CSV, Informat's pupil list, Smartschool's accounts: README.md,
"Leerlingenlijst").

As the absence import (app/services/absences/importing.py): the whole file is
checked first, and one bad line refuses it all, with every problem by line;
an accepted file is written in one transaction. Rows stream into scratch
tables (app/storage/roster_staging.py); what stays in memory is one small
entry per pupil number (to join a pupil's lines and catch a number used for
two pupils). Importing the same file again changes nothing.

What the file gives replaces what is stored: names, birth date, class (when
the file has a class column); the domicile and the contacts only when the
file gives them for that pupil (an empty cell never erases what staff typed).
A contact list that changed is replaced whole, and each contact that came back
unchanged keeps the date it was checked (app/services/contacts.py). Pupils of
the school missing from the file are not deleted: the report names them
("niet in het bestand"); the school decides (a partial list, a pupil who left).
"""

import io
from dataclasses import dataclass, field
from typing import NoReturn

from flask import current_app
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import AuditEntry, PupilContact, School
from app.services.absences.importing import DEFAULT_MAX_PROBLEMS, HEAD, ImportRefused, PupilNumbers
from app.services.absences.rows import FormatError, Problem
from app.services.access import PUPIL_WRITE_ROLES, Actor
from app.services.audit import audit
from app.services.contacts import MAX_CONTACTS, ContactData, contact_rows
from app.services.errors import Conflict, Invalid
from app.services.roster.reading import detect_format, read
from app.services.roster.records import Header, RosterRow
from app.services.schools import require_school_role, school_in_scope
from app.services.transaction import writing
from app.storage.roster_staging import RosterStaging, insert_rows
from app.vocabulary import AuditAction, ImportFormat

BATCH = 2_000
CHUNK = 500  # pupils whose contacts are rewritten per round trip
MISSING_SHOWN = 200
LOST_RACE = Conflict(
    "Een leerling van dit bestand werd intussen geregistreerd; lees het bestand opnieuw in.",
    {"file": ["Lees het bestand opnieuw in."]},
)


@dataclass
class MissingPupil:
    id: int
    external_id: str
    first_name: str
    last_name: str
    class_name: str | None


@dataclass
class RosterReport:
    school_id: int
    format: str
    pupils: int  # in the file
    created: int
    updated: int
    unchanged: int
    contacts: int  # in the file
    contacts_replaced: int  # pupils whose list changed
    not_in_file: int
    not_in_file_pupils: list[MissingPupil] = field(default_factory=list)  # the first MISSING_SHOWN
    ignored_columns: list[str] = field(default_factory=list)


def import_roster(actor: Actor | None, school_id: int, stream, format: str | None = None) -> RosterReport:
    """Import one roster file for one school. `actor` None: the server's command
    line (an operator); otherwise staff of the school who keep its pupils'
    records (access.PUPIL_WRITE_ROLES). Raises ImportRefused (a 422) when any line is wrong."""
    if actor is None:
        school = db.session.get(School, school_id)
        if school is None:
            raise Invalid("Onbekende school.", {"school": [f"Er is geen school met id {school_id}."]})
    else:
        school = school_in_scope(actor, school_id)
        require_school_role(
            actor,
            PUPIL_WRITE_ROLES,
            "Enkel het secretariaat, de zorgcoördinator, de leerlingbegeleider of de directie van de "
            "school leest de leerlingenlijst in.",
        )
    head = stream.read(HEAD)
    if not head.strip():
        _refuse(actor, school.id, ImportRefused([Problem(1, None, "Het bestand is leeg.")], 1, 0), format)
    if format is None:
        try:
            format = detect_format(head)
        except FormatError as exc:
            _refuse(actor, school.id, ImportRefused([Problem(1, None, str(exc))], 1, 0), None)
    body = io.BufferedReader(_Joined(head, stream), buffer_size=1 << 16)
    try:
        return _import(actor, school.id, ImportFormat(format), body)
    except ImportRefused as refused:
        _refuse(actor, school.id, refused, format)


class _Joined(io.RawIOBase):
    """The upload again, its first bytes (read to detect the format) in front."""

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


def _refuse(actor, school_id: int, refused: ImportRefused, format) -> NoReturn:
    """Record the refusal (the import's own transaction was rolled back) and raise it."""
    with writing() as session:
        audit(
            session,
            actor,
            clock.now(),
            AuditAction.PUPILS_IMPORT_REFUSED,
            "school",
            school_id,
            detail=f"format={format or '?'} problems={refused.total}",
        )
    raise refused


@dataclass
class _Seen:
    """A pupil number met in the file: its first line, what that line said, its contacts."""

    line: int
    pupil: tuple
    contacts: int = 0


class _Stager:
    """The file's pupils into the scratch tables: a pupil's later lines (Informat writes
    one per relation) must say the same of the pupil and may add contacts."""

    def __init__(self, staging: RosterStaging, numbers: PupilNumbers, cap: int):
        self.staging, self.numbers, self.cap = staging, numbers, cap
        self.seen: dict[str, _Seen] = {}
        # Two ways of writing one number (12345, 0000012345) are one pupil: refused.
        self.numbers_seen: dict[tuple[str, int], tuple[str, int]] = {}
        self.problems: list[Problem] = []
        self.total = self.rows = self.contacts = 0
        self.pupils: list[tuple] = []
        self.contact_rows: list[tuple] = []
        self.header: Header | None = None

    def problem(self, problem: Problem) -> None:
        self.total += 1
        if len(self.problems) < self.cap:
            self.problems.append(problem)

    def add(self, row: RosterRow) -> None:
        self.rows += 1
        pupil = (row.first_name, row.last_name, row.birth_date, row.class_name, row.domicile)
        seen = self.seen.get(row.external_id)
        if seen is None:
            found = self.numbers.find(row.external_id)
            if isinstance(found, str):  # ambiguous
                self.problem(Problem(row.line, "external_id", found))
                return
            same = (
                ("pupil", found)
                if found is not None
                else ("number", int(row.external_id))
                if row.external_id.isdigit()
                else None
            )
            if same is not None and same in self.numbers_seen:
                number, line = self.numbers_seen[same]
                self.problem(
                    Problem(
                        row.line,
                        "external_id",
                        f"Leerlingnummer {row.external_id} is dezelfde leerling als {number} op regel {line} "
                        "(voorloopnullen): schrijf het nummer overal hetzelfde.",
                    )
                )
                return
            if same is not None:
                self.numbers_seen[same] = (row.external_id, row.line)
            seen = self.seen[row.external_id] = _Seen(row.line, pupil)
            self.pupils.append((row.line, row.external_id, found, *pupil))
        elif seen.pupil != pupil:
            self.problem(
                Problem(
                    row.line,
                    "external_id",
                    f"Leerlingnummer {row.external_id} staat al op regel {seen.line} met andere gegevens "
                    "(naam, geboortedatum, klas of domicilie): één leerling, één nummer.",
                )
            )
            return
        for contact in row.contacts:
            self.contact_rows.append(
                (
                    row.external_id,
                    seen.contacts,
                    contact.name,
                    contact.relation,
                    contact.address,
                    "\n".join(contact.phones),
                    contact.email,
                    contact.language,
                    contact.parental_authority,
                )
            )
            seen.contacts += 1
            self.contacts += 1
        if len(self.pupils) + len(self.contact_rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.staging.add_pupils(self.pupils)
        self.staging.add_contacts(self.contact_rows)
        self.pupils, self.contact_rows = [], []


def _stage(items, stager: _Stager) -> None:
    for item in items:
        if isinstance(item, Header):
            stager.header = item
        elif isinstance(item, RosterRow):
            stager.add(item)
        else:
            stager.problem(item)
    stager.flush()
    for number, seen in stager.seen.items():
        if seen.contacts > MAX_CONTACTS:
            stager.problem(
                Problem(
                    seen.line, "external_id", f"Leerling {number}: meer dan {MAX_CONTACTS} contactpersonen."
                )
            )


def _import(actor, school_id: int, format: ImportFormat, body) -> RosterReport:
    now = clock.now()
    today = clock.today()
    cap = current_app.config.get("ABSENCE_IMPORT_MAX_PROBLEMS", DEFAULT_MAX_PROBLEMS)
    numbers = PupilNumbers(school_id)
    session = db.session
    with writing(integrity_error=LOST_RACE):
        staging = RosterStaging(session.connection())
        staging.create()
        stager = _Stager(staging, numbers, cap)
        _stage(read(format, body, today), stager)
        if stager.total or stager.header is None:
            problems = sorted(stager.problems, key=lambda p: p.line)
            raise ImportRefused(problems, max(stager.total, 1), stager.rows)
        report = _write(actor, school_id, stager, staging, now, today)
        staging.drop()
    return report


def _write(actor, school_id: int, stager: _Stager, staging: RosterStaging, now, today) -> RosterReport:
    session = db.session
    header = stager.header
    assert header is not None
    actor_id = actor.user_id if actor else None
    # Imports of one school one at a time (PostgreSQL; SQLite has one writer anyway).
    session.execute(select(School.id).where(School.id == school_id).with_for_update())
    new, changed, unchanged = staging.mark(header.has_class, header.has_contacts)
    created = staging.insert_new(school_id, today, actor_id)
    staging.update_changed(header.has_class, today, actor_id)
    replaced = _replace_contacts(session, staging, today, actor_id) if header.has_contacts else 0
    updated = staging.ids("changed")
    audit(
        session,
        actor,
        now,
        AuditAction.PUPILS_IMPORTED,
        "school",
        school_id,
        detail=f"format={header.format} pupils={len(stager.seen)} created={new} updated={changed} "
        f"unchanged={unchanged} contacts={stager.contacts}",
    )
    rows = [(AuditAction.PUPIL_CREATED, pupil_id) for pupil_id in created]
    rows += [(AuditAction.PUPIL_UPDATED, pupil_id) for pupil_id in updated]
    insert_rows(
        session.connection(),
        AuditEntry.__table__,
        [
            {
                "at": now,
                "user_id": actor_id,
                "action": action,
                "object_type": "pupil",
                "object_id": pupil_id,
                "detail": "roster import",
            }
            for action, pupil_id in rows
        ],
    )
    missing_total, missing = staging.missing(school_id, MISSING_SHOWN)
    return RosterReport(
        school_id,
        header.format,
        len(stager.seen),
        new,
        changed,
        unchanged,
        stager.contacts,
        replaced,
        missing_total,
        [MissingPupil(*row) for row in missing],
        header.ignored,
    )


def _replace_contacts(session, staging: RosterStaging, today, actor_id) -> int:
    """Rewrite the contact lists the file changed, CHUNK pupils at a time; how many."""
    pupil_ids = staging.contact_changes()
    for start in range(0, len(pupil_ids), CHUNK):
        chunk = pupil_ids[start : start + CHUNK]
        kept: dict[int, list] = {pupil_id: [] for pupil_id in chunk}
        for row in session.scalars(select(PupilContact).where(PupilContact.pupil_id.in_(chunk))):
            kept[row.pupil_id].append((ContactData.of_row(row), row.checked_on, row.checked_by_id))
        staged: dict[int, list[ContactData]] = {pupil_id: [] for pupil_id in chunk}
        for pupil_id, name, relation, address, phones, email, language, authority in staging.staged_contacts(
            chunk
        ):
            staged[pupil_id].append(
                ContactData(
                    name,
                    relation,
                    address,
                    tuple(phones.split("\n")) if phones else (),
                    email,
                    language,
                    None if authority is None else bool(authority),
                )
            )
        rows = [
            row
            for pupil_id in chunk
            for row in contact_rows(pupil_id, staged[pupil_id], kept[pupil_id], today, actor_id)
        ]
        session.execute(PupilContact.__table__.delete().where(PupilContact.pupil_id.in_(chunk)))
        insert_rows(session.connection(), PupilContact.__table__, rows)
    return len(pupil_ids)
