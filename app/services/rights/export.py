"""The right of access: everything about one pupil, in one zip (JSON and the documents).

The school's director exports the school's part (what the school keeps: the pupil, the
contacts, the absences, the school-lane tasks with their forms, the shared journal and
timeline, the school's documents); the CLB director exports the CLB's part (the CLB's
own file: the CLB-lane tasks, the CLB-only and the CLB-written journal, the CLB-only
timeline, the CLB's documents). Neither reads through the other's secrecy: each part
uses the same scope rules as every other read, and the export is audited.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import undefer

from app import clock
from app.extensions import db
from app.models import (
    AbsenceEpisode,
    AbsenceRegistration,
    Case,
    CaseEvent,
    CaseTask,
    Document,
    JournalEntry,
    PupilContact,
    User,
)
from app.services.access import Actor, case_in_scope, in_scope
from app.services.audit import audit
from app.services.errors import Forbidden
from app.services.pupils import get_pupil
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, Role, Visibility

README = """Export van alle gegevens over één leerling (recht op inzage, AVG art. 15).

gegevens.json  de gegevens zelf: de leerling, {what}
documenten/    de documenten van het dossier, als Word-bestand, elk in al zijn versies.

Deel: {part}. Gemaakt op {at} door {who}.
Dit bestand bevat gevoelige gegevens over een minderjarige: bewaar en verstuur het beveiligd.
"""
SCHOOL_WHAT = (
    "de contactpersonen en het domicilie, de geregistreerde afwezigheden, de dossiers met de taken "
    "van de school en wat daarin werd ingevuld, het gedeelde logboek en de tijdlijn"
)
CLB_WHAT = (
    "de contactpersonen, de dossiers met de taken van het CLB en wat daarin werd ingevuld, het "
    "logboek van het CLB (ook wat enkel voor het CLB is) en de tijdlijn van het CLB"
)
# Never exported: secrets and bytes that have their own file in the zip.
LEFT_OUT = {"content", "inputs", "password_hash", "token_hash"}  # inputs: None once rendered


@dataclass(frozen=True)
class PupilExport:
    filename: str
    content: bytes


def may_export(actor: Actor) -> bool:
    try:
        _part(actor)
    except Forbidden:
        return False
    return True


def _part(actor: Actor) -> Lane:
    if actor.lane == Lane.SCHOOL and Role.DIRECTIE in actor.roles:
        return Lane.SCHOOL
    if actor.lane == Lane.CLB and Role.CLB_DIRECTEUR in actor.roles:
        return Lane.CLB
    raise Forbidden(
        "Een export van alle gegevens over een leerling maakt de directie van de school (het deel van "
        "de school) of de CLB-directeur (het deel van het CLB)."
    )


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj) -> dict:
    """Every column of a row, as JSON: what is stored, not a summary of it."""
    return {
        column.key: _plain(getattr(obj, column.key))
        for column in inspect(type(obj)).column_attrs
        if column.key not in LEFT_OUT
    }


def _all(query) -> list:
    return list(db.session.scalars(query))


def _cases(actor: Actor, pupil_id: int) -> list[Case]:
    return _all(
        select(Case).where(Case.pupil_id == pupil_id, case_in_scope(Case.id, actor)).order_by(Case.id)
    )


def _tasks(actor: Actor, pupil_id: int, part: Lane) -> list[CaseTask]:
    return _all(
        select(CaseTask)
        .where(CaseTask.pupil_id == pupil_id, CaseTask.lane == part, in_scope(CaseTask.school_id, actor))
        .where(or_(CaseTask.case_id.is_(None), case_in_scope(CaseTask.case_id, actor)))
        .order_by(CaseTask.id)
    )


def _journal(actor: Actor, case_ids: list[int], part: Lane) -> list[JournalEntry]:
    query = select(JournalEntry).where(
        JournalEntry.case_id.in_(case_ids), in_scope(JournalEntry.school_id, actor)
    )
    if part == Lane.SCHOOL:
        query = query.where(JournalEntry.visibility == Visibility.SHARED)
    else:  # the CLB's own: CLB-only notes and what CLB staff wrote for both
        clb_authors = select(User.id).where(User.clb_id.is_not(None)).scalar_subquery()
        query = query.where(
            or_(JournalEntry.visibility == Visibility.CLB, JournalEntry.author_id.in_(clb_authors))
        )
    return _all(query.order_by(JournalEntry.occurred_at, JournalEntry.id))


def _events(actor: Actor, pupil_id: int, part: Lane) -> list[CaseEvent]:
    visibility = Visibility.SHARED if part == Lane.SCHOOL else Visibility.CLB
    query = select(CaseEvent).where(
        CaseEvent.pupil_id == pupil_id,
        CaseEvent.visibility == visibility,
        in_scope(CaseEvent.school_id, actor),
        or_(CaseEvent.case_id.is_(None), case_in_scope(CaseEvent.case_id, actor)),
    )
    if part == Lane.CLB:
        query = query.where(CaseEvent.case_id.is_not(None))  # the CLB has no part before a case
    return _all(query.order_by(CaseEvent.id))


def _documents(actor: Actor, case_ids: list[int], part: Lane) -> list[Document]:
    return _all(
        select(Document)
        .where(
            Document.case_id.in_(case_ids),
            Document.side == part,
            in_scope(Document.school_id, actor),
            Document.content.is_not(None),  # still in preparation (a moment after its step)
        )
        .options(undefer(Document.content))
        .order_by(Document.id)
    )


def _school_records(actor: Actor, pupil_id: int) -> dict:
    registrations = _all(
        select(AbsenceRegistration)
        .where(AbsenceRegistration.pupil_id == pupil_id, in_scope(AbsenceRegistration.school_id, actor))
        .order_by(AbsenceRegistration.day, AbsenceRegistration.id)
    )
    episodes = _all(
        select(AbsenceEpisode)
        .where(AbsenceEpisode.pupil_id == pupil_id, in_scope(AbsenceEpisode.school_id, actor))
        .order_by(AbsenceEpisode.id)
    )
    return {
        "afwezigheden": [_row(r) for r in registrations],
        "afwezigheidsperiodes": [_row(e) for e in episodes],
    }


def _document_name(document: Document) -> str:
    return f"documenten/dossier-{document.case_id}-{document.template}-v{document.version}.docx"


def export_pupil(actor: Actor, pupil_id: int) -> PupilExport:
    """Everything the actor's side keeps about the pupil (404 outside the actor's
    scope, as every read; 403 for anyone but the directors)."""
    part = _part(actor)
    pupil = get_pupil(actor, pupil_id, audited=False)
    now = clock.now()
    cases = _cases(actor, pupil.id)
    case_ids = [case.id for case in cases]
    documents = _documents(actor, case_ids, part)
    data = {
        "export": {
            "deel": "school" if part == Lane.SCHOOL else "clb",
            "gemaakt_op": now.isoformat(),
            "door": actor.full_name,
        },
        "leerling": _row(pupil),
        "contactpersonen": [
            _row(c)
            for c in _all(
                select(PupilContact).where(PupilContact.pupil_id == pupil.id).order_by(PupilContact.id)
            )
        ],
        **(_school_records(actor, pupil.id) if part == Lane.SCHOOL else {}),
        "dossiers": [_row(case) for case in cases],
        "taken": [_row(task) for task in _tasks(actor, pupil.id, part)],
        "logboek": [_row(entry) for entry in _journal(actor, case_ids, part)],
        "tijdlijn": [_row(event) for event in _events(actor, pupil.id, part)],
        "documenten": [_row(d) | {"bestand": _document_name(d)} for d in documents],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
        for document in documents:
            assert document.content is not None, "_documents: rendered ones only"
            archive.writestr(_document_name(document), document.content)
        archive.writestr(
            "LEESMIJ.txt",
            README.format(
                what=SCHOOL_WHAT if part == Lane.SCHOOL else CLB_WHAT,
                part="school" if part == Lane.SCHOOL else "CLB",
                at=now.strftime("%d/%m/%Y %H:%M UTC"),
                who=actor.full_name,
            ),
        )
    with writing() as session:
        audit(
            session,
            actor,
            now,
            AuditAction.PUPIL_EXPORTED,
            "pupil",
            pupil.id,
            detail=f"{data['export']['deel']}: {len(cases)} dossiers, {len(documents)} documenten",
        )
    stamp = now.date().isoformat()
    return PupilExport(f"leerling-{pupil.id}-{data['export']['deel']}-{stamp}.zip", buffer.getvalue())
