"""Use cases on pupils (leerlingen)."""

from sqlalchemy import func, or_, select

from app import clock
from app.extensions import db
from app.models import Pupil, School
from app.services.access import PUPIL_WRITE_ROLES, Actor, school_scope
from app.services.audit import audit
from app.services.errors import Conflict, Forbidden, NotFound
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane

DUPLICATE = Conflict(
    "Er bestaat al een leerling met dit leerlingnummer in deze school.",
    {"external_id": ["Dit nummer is al in gebruik."]},
)
EDITABLE = ("external_id", "first_name", "last_name", "birth_date", "class_name", "diploma_on")


def _scoped():
    return select(Pupil).join(School, School.id == Pupil.school_id)


def get_pupil(actor: Actor, pupil_id: int, *, audited=True) -> Pupil:
    pupil = db.session.scalar(_scoped().where(Pupil.id == pupil_id, school_scope(actor)))
    if pupil is None:
        raise NotFound("Leerling niet gevonden.")
    if audited:
        with writing() as session:
            audit(session, actor, clock.now(), AuditAction.PUPIL_READ, "pupil", pupil.id)
    return pupil


def pupil_matches(q: str):
    """A filter on pupils: part of the first, last or full name (any case), or
    exactly the pupil number. Wildcards typed by the user match literally."""
    text = q.strip()
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{escaped}%"
    return or_(
        func.lower(Pupil.first_name).like(like, escape="\\"),
        func.lower(Pupil.last_name).like(like, escape="\\"),
        func.lower(Pupil.first_name + " " + Pupil.last_name).like(like, escape="\\"),
        Pupil.external_id == text,
    )


def list_pupils(actor: Actor, *, school_id=None, q=None, page=1, per_page=25):
    query = _scoped().where(school_scope(actor))
    if school_id:
        query = query.where(Pupil.school_id == school_id)
    if q:
        query = query.where(pupil_matches(q))
    pupils, total = paginate(query.order_by(Pupil.last_name, Pupil.first_name, Pupil.id), page, per_page)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.PUPILS_LISTED, detail=f"page={page} n={len(pupils)}")
    return pupils, total


def create_pupil(actor: Actor, data: dict) -> Pupil:
    if actor.lane != Lane.SCHOOL or not actor.has_any(PUPIL_WRITE_ROLES):
        raise Forbidden("Alleen schoolmedewerkers registreren leerlingen.")
    school_id = data.get("school_id") or actor.school_id
    if school_id != actor.school_id:
        raise Forbidden("U kunt enkel leerlingen van uw eigen school registreren.")
    with writing(integrity_error=DUPLICATE) as session:
        pupil = Pupil(school_id=school_id, **{k: data.get(k) for k in EDITABLE})
        session.add(pupil)
        session.flush()
        audit(session, actor, clock.now(), AuditAction.PUPIL_CREATED, "pupil", pupil.id)
    return pupil


def update_pupil(actor: Actor, pupil_id: int, changes: dict) -> Pupil:
    pupil = get_pupil(actor, pupil_id, audited=False)
    if actor.lane != Lane.SCHOOL or not actor.has_any(PUPIL_WRITE_ROLES):
        raise Forbidden("Alleen schoolmedewerkers wijzigen leerlinggegevens.")
    with writing(integrity_error=DUPLICATE) as session:
        changed = []
        for name in EDITABLE:
            if name in changes and getattr(pupil, name) != changes[name]:
                setattr(pupil, name, changes[name])
                changed.append(name)
        audit(session, actor, clock.now(), AuditAction.PUPIL_UPDATED, "pupil", pupil.id, ",".join(changed))
    return pupil
