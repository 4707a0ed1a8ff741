"""Use cases on pupils (leerlingen)."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.extensions import db
from app.models import AbsenceEpisode, CaseEvent, CaseTask, Pupil, PupilContact, School, WorkflowInstance
from app.services.access import (
    PUPIL_WRITE_ROLES,
    Actor,
    in_scope,
    pupil_scope,
    visible_entries,
    visible_lanes,
)
from app.services.audit import audit
from app.services.contacts import ContactData, replace_contacts, set_domicile
from app.services.errors import Conflict, Forbidden, NotFound
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, InstanceKind, Lane

DUPLICATE = Conflict(
    "Er bestaat al een leerling met dit leerlingnummer in deze school.",
    {"external_id": ["Dit nummer is al in gebruik."]},
)
EDITABLE = ("external_id", "first_name", "last_name", "birth_date", "class_name", "diploma_on")


def _scoped():
    return select(Pupil).join(School, School.id == Pupil.school_id)


def get_pupil(actor: Actor, pupil_id: int, *, audited=True) -> Pupil:
    """The pupil with their contacts and domicile (who checked them when), in scope."""
    pupil = db.session.scalar(
        _scoped()
        .where(Pupil.id == pupil_id, pupil_scope(actor))
        .options(
            selectinload(Pupil.contacts).joinedload(PupilContact.checked_by),
            joinedload(Pupil.domicile_checked_by),
        )
    )
    if pupil is None:
        raise NotFound("Leerling niet gevonden.")
    if audited:
        with writing() as session:
            audit(session, actor, clock.now(), AuditAction.PUPIL_READ, "pupil", pupil.id)
    return pupil


@dataclass
class Followup:
    """A follow-up of one absence that runs (or ran) without a case."""

    id: int  # the instance
    status: str
    absence_on: date | None
    tasks: list[CaseTask] = field(default_factory=list)


@dataclass
class PupilDetail:
    """A pupil with their absence follow-ups outside any case and the timeline of
    those (newest first); reads through to the pupil."""

    pupil: Pupil
    followups: list[Followup]
    timeline: list[CaseEvent]

    def __getattr__(self, name):
        return getattr(self.pupil, name)


def get_pupil_detail(actor: Actor, pupil_id: int) -> PupilDetail:
    """The pupil and the follow-ups of their absences that run without a case (below
    the signal floor), with their tasks: the school's (the CLB does not see them)."""
    pupil = get_pupil(actor, pupil_id)
    return PupilDetail(pupil, followups_without_case(actor, pupil.id), timeline_without_case(actor, pupil.id))


TIMELINE_LIMIT = 100


def timeline_without_case(actor: Actor, pupil_id: int) -> list[CaseEvent]:
    """What happened to the pupil's follow-ups without a case (started, reminded,
    cancelled because the absence was justified): the school's."""
    if actor.lane != Lane.SCHOOL:
        return []
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(
                CaseEvent.pupil_id == pupil_id,
                CaseEvent.case_id.is_(None),
                CaseEvent.visibility.in_(visible_entries(actor)),
                in_scope(CaseEvent.school_id, actor),
            )
            .options(joinedload(CaseEvent.actor))
            .order_by(CaseEvent.id.desc())
            .limit(TIMELINE_LIMIT)
        )
    )


def followups_without_case(actor: Actor, pupil_id: int) -> list[Followup]:
    if actor.lane != Lane.SCHOOL:
        return []
    rows = db.session.execute(
        select(WorkflowInstance, AbsenceEpisode.first_day)
        .outerjoin(AbsenceEpisode, AbsenceEpisode.followup_instance_id == WorkflowInstance.id)
        .where(
            WorkflowInstance.pupil_id == pupil_id,
            WorkflowInstance.case_id.is_(None),
            WorkflowInstance.kind == InstanceKind.ABSENCE_FOLLOWUP,
            in_scope(WorkflowInstance.school_id, actor),
        )
        .order_by(WorkflowInstance.id.desc())
    ).all()
    followups = {
        instance.id: Followup(instance.id, instance.status, first_day) for instance, first_day in rows
    }
    if followups:
        for task in db.session.scalars(
            select(CaseTask)
            .where(CaseTask.instance_id.in_(followups), CaseTask.lane.in_(visible_lanes(actor)))
            .options(joinedload(CaseTask.assignee), joinedload(CaseTask.pupil))
            .order_by(CaseTask.id)
        ):
            followups[task.instance_id].tasks.append(task)
    return list(followups.values())


def search_name():
    """`lower(first_name || ' ' || last_name)`: the one expression the search reads, as
    written in migration 0026_read_indexes (PostgreSQL's trigram index is on exactly
    this; the space is a literal, not a parameter, or the planner would not match it)."""
    return func.lower(Pupil.first_name.op("||")(literal_column("' '")).op("||")(Pupil.last_name))


def pupil_matches(q: str):
    """A filter on pupils: part of the first, last or full name (any case), or
    exactly the pupil number. Wildcards typed by the user match literally. A part of
    the first or the last name is a part of the full name, so one LIKE on the full
    name says it (on PostgreSQL through the trigram index; on SQLite a scan)."""
    text = q.strip()
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(search_name().like(f"%{escaped}%", escape="\\"), Pupil.external_id == text)


def list_pupils(actor: Actor, *, school_id=None, q=None, page=1, per_page=25):
    query = _scoped().where(pupil_scope(actor))
    if school_id:
        query = query.where(Pupil.school_id == school_id)
    if q:
        query = query.where(pupil_matches(q))
    pupils, total = paginate(query.order_by(Pupil.last_name, Pupil.first_name, Pupil.id), page, per_page)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.PUPILS_LISTED, detail=f"page={page} n={len(pupils)}")
    return pupils, total


def may_write(actor: Actor) -> bool:
    """Registering pupils and keeping their records (contacts among them): the school's staff
    with access.PUPIL_WRITE_ROLES; the CLB reads."""
    return actor.lane == Lane.SCHOOL and actor.has_any(PUPIL_WRITE_ROLES)


def create_pupil(actor: Actor, data: dict) -> Pupil:
    if not may_write(actor):
        raise Forbidden("Alleen schoolmedewerkers registreren leerlingen.")
    school_id = data.get("school_id") or actor.school_id
    if school_id != actor.school_id:
        raise Forbidden("U kunt enkel leerlingen van uw eigen school registreren.")
    with writing(integrity_error=DUPLICATE) as session:
        pupil = Pupil(school_id=school_id, **{k: data.get(k) for k in EDITABLE})
        session.add(pupil)
        session.flush()
        changed = _write_contacts(session, actor, pupil, data)
        audit(session, actor, clock.now(), AuditAction.PUPIL_CREATED, "pupil", pupil.id, ",".join(changed))
    return pupil


def _write_contacts(session, actor: Actor, pupil: Pupil, changes: dict) -> list[str]:
    """The pupil's contacts (the list replaced) and domicile, when given; what changed."""
    today, changed = clock.today(), []
    if "contacts" in changes:
        contacts = [ContactData.of(item) for item in changes["contacts"] or ()]
        if replace_contacts(session, pupil, contacts, today, actor.user_id):
            changed.append("contacts")
    if "domicile" in changes:
        address = (changes["domicile"] or {}).get("address")
        if set_domicile(pupil, address, today, actor.user_id):
            changed.append("domicile")
    return changed


def update_pupil(actor: Actor, pupil_id: int, changes: dict) -> Pupil:
    pupil = get_pupil(actor, pupil_id, audited=False)
    if not may_write(actor):
        raise Forbidden("Alleen schoolmedewerkers wijzigen leerlinggegevens.")
    with writing(integrity_error=DUPLICATE) as session:
        changed = []
        for name in EDITABLE:
            if name in changes and getattr(pupil, name) != changes[name]:
                setattr(pupil, name, changes[name])
                changed.append(name)
        changed += _write_contacts(session, actor, pupil, changes)
        audit(session, actor, clock.now(), AuditAction.PUPIL_UPDATED, "pupil", pupil.id, ",".join(changed))
    return pupil
