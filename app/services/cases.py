"""Use cases on a pupil's case: open, read, list, events, messages."""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, Pupil, School
from app.services import workflows
from app.services.access import (
    MESSAGE_ROLES,
    Actor,
    case_in_scope,
    in_scope,
    may_open_case,
    school_scope,
    visible_entries,
    visible_lanes,
)
from app.services.audit import audit
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.instances import main_instance, start_instance
from app.services.paging import paginate
from app.services.pupils import pupil_matches
from app.services.school_change import parse_school_change
from app.services.school_days import script_functions
from app.services.steps import apply_step, event, open_task_rows
from app.services.transaction import writing
from app.vocabulary import (
    AbsenceType,
    AuditAction,
    CaseStatus,
    EventKind,
    InstanceKind,
    Phase,
    TaskStatus,
)

ALREADY_OPEN = Conflict("Deze leerling heeft al een lopend dossier.",
                        {"pupil_id": ["Er is al een lopend dossier."]})
FORMER = Forbidden("De leerling is naar een andere school vertrokken: u kunt dit dossier enkel nog lezen.")
CURRENT, FORMER_ACCESS = "current", "former"


@dataclass(frozen=True)
class PupilAtLeaving:
    """What a former school may still see of the pupil: who it was, not where they are now."""

    id: int
    first_name: str
    last_name: str
    birth_date: date
    school_id: int
    external_id: None = None
    class_name: None = None


@dataclass
class CaseView:
    """A case as one actor may see it; reads through to the case.

    For a school the pupil has left (`access == "former"`) the case stops at
    the move: its status, phase and school are those of that day."""

    case: Case
    open_tasks: list[CaseTask] = field(default_factory=list)
    period: CaseSchool | None = None
    open_task_count: int = 0

    def __getattr__(self, name):
        return getattr(self.case, name)

    @property
    def access(self) -> str:
        return FORMER_ACCESS if self.period is not None and self.period.until is not None else CURRENT

    @property
    def is_former(self) -> bool:
        return self.access == FORMER_ACCESS

    @property
    def status(self):
        return self.period.status_at_leaving if self.is_former else self.case.status

    @property
    def phase(self):
        return self.period.phase_at_leaving if self.is_former else self.case.phase

    @property
    def school_id(self):
        return self.period.school_id if self.is_former else self.case.school_id

    @property
    def closed_at(self):
        return None if self.is_former else self.case.closed_at

    @property
    def next_timer_due_at(self):
        return None if self.is_former else self.case.next_timer_due_at

    @property
    def pupil(self):
        pupil = self.case.pupil
        if not self.is_former:
            return pupil
        return PupilAtLeaving(pupil.id, pupil.first_name, pupil.last_name, pupil.birth_date,
                              self.period.school_id)


def visible_open_tasks(actor: Actor, case_id: int) -> list[CaseTask]:
    """The case's open tasks (of every instance) the actor may see, in one query."""
    return list(db.session.scalars(
        select(CaseTask).where(CaseTask.case_id == case_id, CaseTask.status == TaskStatus.OPEN,
                               CaseTask.lane.in_(visible_lanes(actor)), in_scope(CaseTask.school_id, actor))
        .order_by(CaseTask.id)))


def load_view(actor: Actor, case_id: int) -> CaseView:
    """The case as the actor may see it, else NotFound (no existence leak)."""
    query = (
        select(Case, CaseSchool).join(CaseSchool, CaseSchool.case_id == Case.id)
        .where(Case.id == case_id, in_scope(CaseSchool.school_id, actor))
        .order_by(CaseSchool.since.desc(), CaseSchool.id.desc()).limit(1)
        .options(joinedload(Case.pupil))
    )
    found = db.session.execute(query).first()
    if found is None:
        raise NotFound("Dossier niet gevonden.")
    return CaseView(found.Case, period=found.CaseSchool)


def view_after_step(actor: Actor, case: Case) -> CaseView:
    """The case after a step, as the actor may see it, with all its open tasks
    (of every instance)."""
    period = db.session.scalar(
        select(CaseSchool).where(CaseSchool.case_id == case.id, in_scope(CaseSchool.school_id, actor))
        .order_by(CaseSchool.since.desc(), CaseSchool.id.desc()).limit(1))
    view = CaseView(case, period=period)
    view.open_tasks = [] if view.is_former else visible_open_tasks(actor, case.id)
    return view


def load_current(actor: Actor, case_id: int) -> Case:
    """The case, for a change: refused to a school the pupil has left."""
    view = load_view(actor, case_id)
    if view.is_former:
        raise FORMER
    return view.case


def open_case(actor: Actor, pupil_id: int, absence_type: str | None, reason: str | None) -> CaseView:
    session = db.session
    pupil = session.scalar(
        select(Pupil).join(School, School.id == Pupil.school_id)
        .where(Pupil.id == pupil_id, school_scope(actor))
    )
    if pupil is None:
        raise Invalid("Onbekende leerling.", {"pupil_id": ["Leerling niet gevonden in uw school."]})
    if not may_open_case(actor):
        raise Forbidden("Alleen de zorgcoördinator of de directie opent een dossier.")
    absence_type = absence_type or AbsenceType.ONBEKEND
    if session.scalar(select(Case.id).where(Case.pupil_id == pupil.id, Case.status != CaseStatus.CLOSED)):
        raise ALREADY_OPEN

    key = current_app.config["CASE_WORKFLOW_KEY"]
    workflows.latest_version(key)  # refuse early when nothing is deployed
    now = clock.now()
    case = Case(
        pupil_id=pupil.id, school_id=pupil.school_id, status=CaseStatus.OPEN, phase=Phase.FASE1,
        absence_type=absence_type, opened_at=now, opened_by_id=actor.user_id,
    )
    case.pupil = pupil
    # A concurrent open loses on the one-open-case-per-pupil index.
    with writing(integrity_error=ALREADY_OPEN):
        session.add(case)
        session.flush()
        period = CaseSchool(case_id=case.id, school_id=case.school_id, since=now)
        session.add(period)
        session.add(event(case, actor, now, EventKind.CASE_OPENED, "dossier", new=absence_type,
                          reason=reason))
        start_instance(case, InstanceKind.CASE, key, {"absence_type": absence_type}, actor, now)
    return CaseView(case, visible_open_tasks(actor, case.id), period)


def get_case(actor: Actor, case_id: int) -> CaseView:
    view = load_view(actor, case_id)
    view.open_tasks = [] if view.is_former else visible_open_tasks(actor, view.id)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.CASE_READ, "case", view.id)
    return view


@dataclass(frozen=True)
class CaseDiagram:
    """The BPMN the case runs on (its deployed version) and where the case is on it."""

    bpmn_xml: str
    open_task_ids: tuple[str, ...]
    completed_task_ids: tuple[str, ...]


def get_diagram(actor: Actor, case_id: int) -> CaseDiagram:
    """Only the tasks the actor may see are marked: a school never learns which
    CLB-lane steps were taken, a former school nothing after its period."""
    view = load_view(actor, case_id)
    rows = db.session.execute(
        select(CaseTask.bpmn_id, CaseTask.status).where(
            CaseTask.case_id == view.id, CaseTask.lane.in_(visible_lanes(actor)),
            in_scope(CaseTask.school_id, actor),
            CaseTask.status.in_((TaskStatus.OPEN, TaskStatus.COMPLETED)))
        .order_by(CaseTask.id)).all()
    open_ids = [] if view.is_former else [r.bpmn_id for r in rows if r.status == TaskStatus.OPEN]
    done_ids = [r.bpmn_id for r in rows if r.status == TaskStatus.COMPLETED]
    xml = workflows.deployed_xml(view.workflow_key, view.workflow_version)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.CASE_READ, "case", view.id, detail="diagram")
    return CaseDiagram(xml, tuple(dict.fromkeys(open_ids)), tuple(dict.fromkeys(done_ids)))


def _overdue_filter(actor: Actor, now):
    return exists().where(
        CaseTask.case_id == Case.id, CaseTask.status == TaskStatus.OPEN, CaseTask.due_at < now,
        CaseTask.lane.in_(visible_lanes(actor)), in_scope(CaseTask.school_id, actor),
    )


def list_cases(actor: Actor, *, status=None, phase=None, school_id=None, q=None, overdue=False,
               pupil_id=None, page=1, per_page=25) -> tuple[list[CaseView], int]:
    query = select(Case).join(Pupil, Pupil.id == Case.pupil_id).where(case_in_scope(Case.id, actor))
    if pupil_id:
        query = query.where(Case.pupil_id == pupil_id)
    if status:
        query = query.where(Case.status == status)
    if phase:
        query = query.where(Case.phase == phase)
    if school_id:
        query = query.where(Case.school_id == school_id)
    if q:
        query = query.where(pupil_matches(q))
    now = clock.now()
    if overdue:
        query = query.where(_overdue_filter(actor, now))
    cases, total = paginate(
        query.options(joinedload(Case.pupil)).order_by(Case.opened_at.desc(), Case.id.desc()),
        page, per_page,
    )
    ids = [c.id for c in cases]
    periods: dict[int, CaseSchool] = {}
    counts: dict[int, int] = {}
    if ids:
        for period in db.session.scalars(
            select(CaseSchool).where(CaseSchool.case_id.in_(ids), in_scope(CaseSchool.school_id, actor))
            .order_by(CaseSchool.since, CaseSchool.id)
        ):
            periods[period.case_id] = period  # the latest period in scope wins
        counts = dict(db.session.execute(
            select(CaseTask.case_id, func.count()).where(
                CaseTask.case_id.in_(ids), CaseTask.status == TaskStatus.OPEN,
                CaseTask.lane.in_(visible_lanes(actor)), in_scope(CaseTask.school_id, actor),
            ).group_by(CaseTask.case_id)
        ).all())
    views = [CaseView(c, period=periods.get(c.id), open_task_count=counts.get(c.id, 0)) for c in cases]
    with writing() as session:
        audit(session, actor, now, AuditAction.CASES_LISTED, detail=f"page={page} n={len(cases)}")
    return views, total


def list_events(actor: Actor, case_id: int, *, page=1, per_page=100):
    view = load_view(actor, case_id)
    events, total = paginate(
        select(CaseEvent).where(CaseEvent.case_id == view.id,
                                CaseEvent.visibility.in_(visible_entries(actor)),
                                in_scope(CaseEvent.school_id, actor))
        .options(joinedload(CaseEvent.actor)).order_by(CaseEvent.id),
        page, per_page,
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.EVENTS_READ, "case", view.id)
    return events, total


def send_message(actor: Actor, case_id: int, name: str, data: dict) -> CaseView:
    if name != "school_change":
        raise Invalid("Onbekend bericht.", {"name": ["Kies uit: school_change."]})
    case = load_current(actor, case_id)
    if not actor.has_any(MESSAGE_ROLES):
        raise Forbidden("Enkel de zorgcoördinator, de directie of het CLB meldt een schoolverandering.")
    if case.status == CaseStatus.CLOSED:
        raise Conflict("Dit dossier is afgesloten.")
    change = parse_school_change(case, data or {})
    instance = main_instance(case, with_state=True)
    open_rows = open_task_rows(case.id, instance.id)
    now = clock.now()
    result = engine.deliver_message(workflows.bundle_for(instance), instance.state, name, change.payload,
                                    now=now, functions=script_functions(change.school.id))
    taken = Invalid("Leerlingnummer bestaat al in de nieuwe school.",
                    {"new_external_id": ["Dit nummer is al in gebruik in de nieuwe school."]})
    session = db.session
    with writing(integrity_error=taken):
        old_school = case.school_id
        session.add(event(case, actor, now, EventKind.MESSAGE_RECEIVED, name))
        leaving = session.scalar(select(CaseSchool).where(CaseSchool.case_id == case.id,
                                                          CaseSchool.until.is_(None)))
        leaving.until, leaving.status_at_leaving, leaving.phase_at_leaving = now, case.status, case.phase
        # Each school's story records the move; the new one starts its period here.
        session.add(event(case, actor, now, EventKind.SCHOOL_CHANGED, "school", old_school,
                          change.school.id, school_id=old_school))
        case.school_id = change.school.id
        session.add(CaseSchool(case_id=case.id, school_id=change.school.id, since=now))
        session.add(event(case, actor, now, EventKind.SCHOOL_CHANGED, "school", old_school,
                          change.school.id))
        pupil = case.pupil
        pupil.school_id = change.school.id
        if change.new_external_id:
            pupil.external_id = change.new_external_id
        for row in open_rows:  # the path goes on at the new school
            row.school_id = change.school.id
        # The handover is the sending CLB's work: it belongs to the old school.
        apply_step(case, instance, result, actor, now, open_rows, new_task_school_id=old_school)
    return view_after_step(actor, case)
