"""Use cases on a pupil's case: open, read, list, events, messages."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, undefer

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseEvent, CaseTask, Pupil, School
from app.models.cases import ABSENCE_TYPES
from app.models.types import MAX_ID
from app.services import workflows
from app.services.access import (
    MESSAGE_ROLES,
    OPEN_CASE_ROLES,
    Actor,
    audit,
    school_scope,
    visible_entries,
    visible_lanes,
)
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.paging import paginate
from app.services.steps import apply_step, event, open_task_rows
from app.services.transaction import writing

ALREADY_OPEN = Conflict("Deze leerling heeft al een lopend dossier.",
                        {"pupil_id": ["Er is al een lopend dossier."]})


@dataclass
class CaseView:
    """A case with the open tasks this actor may see; reads through to the case."""

    case: Case
    open_tasks: list[CaseTask]

    def __getattr__(self, name):
        return getattr(self.case, name)


def visible_tasks(actor: Actor, rows: list[CaseTask]) -> list[CaseTask]:
    lanes = visible_lanes(actor)
    return [row for row in rows if row.lane in lanes]


def load_case(actor: Actor, case_id: int, *, with_state: bool = False) -> Case:
    """The case if the actor may see it, else NotFound (no existence leak)."""
    query = (
        select(Case).join(School, School.id == Case.school_id)
        .where(Case.id == case_id, school_scope(actor))
        .options(joinedload(Case.pupil))
    )
    if with_state:
        query = query.options(undefer(Case.workflow_state))
    case = db.session.scalar(query)
    if case is None:
        raise NotFound("Dossier niet gevonden.")
    return case


def open_case(actor: Actor, pupil_id: int, absence_type: str | None, reason: str | None) -> CaseView:
    session = db.session
    pupil = session.scalar(
        select(Pupil).join(School, School.id == Pupil.school_id)
        .where(Pupil.id == pupil_id, school_scope(actor))
    )
    if pupil is None:
        raise Invalid("Onbekende leerling.", {"pupil_id": ["Leerling niet gevonden."]})
    if not actor.has_any(OPEN_CASE_ROLES) or actor.lane != "school":
        raise Forbidden("Alleen de zorgcoördinator of directie opent een dossier.")
    absence_type = absence_type or "onbekend"
    if absence_type not in ABSENCE_TYPES:
        raise Invalid("Ongeldig type afwezigheid.", {"absence_type": ["Ongeldige keuze."]})
    if session.scalar(select(Case.id).where(Case.pupil_id == pupil.id, Case.status != "closed")):
        raise ALREADY_OPEN

    key = current_app.config["CASE_WORKFLOW_KEY"]
    version = workflows.latest_version(key)
    result = engine.start(workflows.bundle(key, version), {"absence_type": absence_type})
    now = clock.now()
    case = Case(
        pupil_id=pupil.id, school_id=pupil.school_id, status="open", phase="fase1",
        absence_type=absence_type, workflow_key=key, workflow_version=version,
        workflow_state=result.state, opened_at=now, opened_by_id=actor.user_id,
    )
    case.pupil = pupil
    # A concurrent open loses on the one-open-case-per-pupil index.
    with writing(integrity_error=ALREADY_OPEN):
        session.add(case)
        session.flush()
        session.add(event(case, actor, now, "case_opened", "dossier", new=absence_type,
                          reason=reason))
        rows = apply_step(case, result, actor, now, [])
    return CaseView(case, visible_tasks(actor, rows))


def get_case(actor: Actor, case_id: int) -> CaseView:
    case = load_case(actor, case_id)
    rows = open_task_rows(case.id)
    audit(db.session, actor, clock.now(), "case_read", "case", case.id)
    db.session.commit()
    return CaseView(case, visible_tasks(actor, rows))


def list_cases(actor: Actor, *, status=None, phase=None, school_id=None, page=1, per_page=25):
    query = select(Case).join(School, School.id == Case.school_id).where(school_scope(actor))
    if status:
        query = query.where(Case.status == status)
    if phase:
        query = query.where(Case.phase == phase)
    if school_id:
        query = query.where(Case.school_id == school_id)
    cases, total = paginate(
        query.options(joinedload(Case.pupil)).order_by(Case.opened_at.desc(), Case.id.desc()),
        page, per_page,
    )
    lanes = visible_lanes(actor)
    counts = dict(db.session.execute(
        select(CaseTask.case_id, func.count()).where(
            CaseTask.case_id.in_([c.id for c in cases]), CaseTask.status == "open",
            CaseTask.lane.in_(lanes),
        ).group_by(CaseTask.case_id)
    ).all()) if cases else {}
    audit(db.session, actor, clock.now(), "cases_listed", detail=f"page={page} n={len(cases)}")
    db.session.commit()
    return cases, counts, total


def list_events(actor: Actor, case_id: int, *, page=1, per_page=100):
    case = load_case(actor, case_id)
    events, total = paginate(
        select(CaseEvent).where(CaseEvent.case_id == case.id,
                                CaseEvent.visibility.in_(visible_entries(actor)))
        .options(joinedload(CaseEvent.actor)).order_by(CaseEvent.id),
        page, per_page,
    )
    audit(db.session, actor, clock.now(), "events_read", "case", case.id)
    db.session.commit()
    return events, total


def _school_change(case: Case, data: dict) -> tuple[dict, School]:
    errors: dict[str, list[str]] = {}
    new_school_id = data.get("new_school_id")
    b_count = data.get("b_count")
    unknown = set(data) - {"new_school_id", "b_count", "new_external_id"}
    for name in sorted(unknown):
        errors[name] = ["Onbekend veld."]
    new_school = None
    if not isinstance(new_school_id, int) or isinstance(new_school_id, bool) \
            or not 1 <= new_school_id <= MAX_ID:
        errors["new_school_id"] = ["Geef het id van de nieuwe school."]
    else:
        new_school = db.session.get(School, new_school_id)
        if new_school is None:
            errors["new_school_id"] = ["Onbekende school."]
        elif new_school.id == case.school_id:
            errors["new_school_id"] = ["De leerling zit al in deze school."]
    if b_count is not None and (not isinstance(b_count, int) or isinstance(b_count, bool) or b_count < 0):
        errors["b_count"] = ["Geef een aantal halve dagen (0 of meer)."]
    new_external_id = data.get("new_external_id")
    if new_external_id is not None and (not isinstance(new_external_id, str) or not new_external_id.strip()):
        errors["new_external_id"] = ["Geef het leerlingnummer in de nieuwe school."]
    if errors:
        raise Invalid("Ongeldige gegevens voor schoolverandering.", errors)
    payload = {"new_school_id": new_school_id}
    if b_count is not None:
        payload["b_count"] = b_count
    return payload, new_school


MESSAGES = {"school_change": _school_change}


def send_message(actor: Actor, case_id: int, name: str, data: dict) -> CaseView:
    session = db.session
    case = load_case(actor, case_id, with_state=True)
    if name not in MESSAGES:
        raise Invalid("Onbekend bericht.", {"name": [f"Kies uit: {', '.join(sorted(MESSAGES))}."]})
    if not actor.has_any(MESSAGE_ROLES):
        raise Forbidden("U mag dit bericht niet versturen.")
    if case.status == "closed":
        raise Conflict("Dit dossier is afgesloten.")
    payload, new_school = MESSAGES[name](case, data or {})
    open_rows = open_task_rows(case.id)
    result = engine.deliver_message(workflows.bundle_for(case), case.workflow_state, name, payload)
    now = clock.now()
    taken = Invalid("Leerlingnummer bestaat al in de nieuwe school.",
                    {"new_external_id": ["Dit nummer is al in gebruik in de nieuwe school."]})
    with writing(integrity_error=taken):
        session.add(event(case, actor, now, "message_received", name, new=str(payload)))
        old_school = case.school_id
        case.school_id = new_school.id
        pupil = case.pupil
        pupil.school_id = new_school.id
        if data.get("new_external_id"):
            pupil.external_id = data["new_external_id"].strip()
        for row in open_rows:  # open tasks move with the case
            row.school_id = new_school.id
        session.add(event(case, actor, now, "school_changed", "school", old_school, new_school.id))
        rows = apply_step(case, result, actor, now, open_rows)
    return CaseView(case, visible_tasks(actor, rows))
