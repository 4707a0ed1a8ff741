"""Use cases on a pupil's case: open, read, list, events, the absence type."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app import clock
from app.calendar.compulsory_education import last_day, pupil_is_compulsory
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, Pupil, User, WorkflowInstance
from app.services import workflows
from app.services.absences.counts import school_year_b_count
from app.services.access import (
    Actor,
    clb_may_see,
    in_scope,
    visible_lanes,
)
from app.services.audit import audit
from app.services.cases import facts as case_facts
from app.services.cases import notice_records
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import (
    CLB_ROLES,
    ENDED_STATUSES,
    AbsenceType,
    AuditAction,
    CaseTrack,
    EventKind,
    InstanceKind,
    Lane,
    TaskStatus,
)

ALREADY_OPEN = Conflict(
    "Deze leerling heeft al een lopend dossier.", {"pupil_id": ["Er is al een lopend dossier."]}
)
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
    # What the step this view answers read already (its B count, the school's settings).
    reads: case_facts.StepReads | None = None

    def __getattr__(self, name):
        return getattr(self.case, name)

    @property
    def left_period(self) -> CaseSchool | None:
        """The actor's school period, if the pupil has left that school (else None)."""
        return self.period if self.period is not None and self.period.until is not None else None

    @property
    def access(self) -> str:
        return FORMER_ACCESS if self.left_period is not None else CURRENT

    @property
    def is_former(self) -> bool:
        return self.access == FORMER_ACCESS

    @property
    def status(self):
        left = self.left_period
        return left.status_at_leaving if left is not None else self.case.status

    @property
    def phase(self):
        left = self.left_period
        return left.phase_at_leaving if left is not None else self.case.phase

    @property
    def school_id(self):
        left = self.left_period
        return left.school_id if left is not None else self.case.school_id

    @property
    def closed_at(self):
        return None if self.is_former else self.case.closed_at

    @property
    def next_timer_due_at(self):
        return None if self.is_former else self.case.next_timer_due_at

    @property
    def pupil(self):
        pupil, left = self.case.pupil, self.left_period
        if left is None:
            return pupil
        return PupilAtLeaving(pupil.id, pupil.first_name, pupil.last_name, pupil.birth_date, left.school_id)

    @property
    def owner(self):
        """The school's dossierverantwoordelijke (a former school: no longer its business)."""
        return None if self.is_former else self.case.owner

    @property
    def clb_owner(self):
        """The CLB's dossierverantwoordelijke."""
        return None if self.is_former else self.case.clb_owner

    @property
    def followup_agreements(self):
        return None if self.is_former else self.case.followup_agreements

    @cached_property
    def _b_count(self) -> int:
        """The B count, read once per view (the answer, the signal and the floor all ask)."""
        counted = self.reads.counted_b if self.reads is not None else None
        return school_year_b_count(self.case, today(), counted=counted)

    @cached_property
    def _signal_threshold(self) -> int:
        settings = self.reads.settings if self.reads is not None else None
        return case_facts.signal_threshold(self.case.school_id, settings)

    @property
    def school_year_b_count(self) -> int | None:
        return None if self.is_former else self._b_count

    @cached_property
    def signal_due(self) -> bool:
        """The B count reached the school's signal threshold and the CLB was not signalled yet."""
        return not self.is_former and case_facts.signal_due(
            self.case, today(), school_year=self._b_count, threshold=self._signal_threshold
        )

    @cached_property
    def below_signal_floor(self) -> bool:
        """Corrections took the count back under the signal floor since the case
        opened (an event says so) and it is still there: the case offers cancelling.
        Read once per view (the case page asks twice)."""
        case = self.case
        if self.is_former or case.status in ENDED_STATUSES or case.track != CaseTrack.CARE:
            return False
        if self._b_count >= self._signal_threshold:
            return False  # not under the floor: whether corrections ever were is not asked
        corrected = db.session.scalar(
            select(CaseEvent.id)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.BELOW_SIGNAL_FLOOR)
            .limit(1)
        )
        return corrected is not None

    @cached_property
    def notices(self):
        """What the CLB wrote for the school (services/cases/notice_records.py)."""
        left = self.left_period
        return notice_records.notices_of(self.case.id, left.until if left is not None else None)

    def read_now(self) -> "CaseView":
        """Reads what the answer shows that is read on demand (each once), so a
        caller can read it before its commit."""
        for name in ("notices", "signal_due", "below_signal_floor"):
            getattr(self, name)
        return self

    @property
    def compulsory_education_until(self) -> date:
        return last_day(self.case.pupil.birth_date, self.case.pupil.diploma_on)

    @property
    def legal_tracks_available(self) -> bool:
        """Past compulsory education only the voluntary track is offered."""
        return pupil_is_compulsory(self.case.pupil, today())


def today() -> date:
    return clock.today()


def load_owners(view: "CaseView") -> None:
    """Both dossierverantwoordelijken with their roles in one statement, set on the
    case as loaded (else each is a lazy load, and its roles another)."""
    case = view.case
    ids = [i for i in (case.owner_id, case.clb_owner_id) if i is not None]
    if not ids or view.is_former:
        return
    found = {user.id: user for i in ids if (user := _loaded_with_roles(i)) is not None}
    if len(found) < len(ids):  # not both in the session already (the actor, often)
        query = select(User).where(User.id.in_(ids)).options(joinedload(User.role_rows))
        found = {user.id: user for user in db.session.scalars(query).unique()}
    for name, user_id in (("owner", case.owner_id), ("clb_owner", case.clb_owner_id)):
        set_committed_value(case, name, found.get(user_id) if user_id is not None else None)


def _loaded_with_roles(user_id: int) -> User | None:
    """The user as the session holds it with its roles (e.g. the signed-in actor), else None."""
    user = db.session.identity_map.get(identity_key(User, user_id))
    return user if user is not None and "role_rows" not in inspect(user).unloaded else None


def visible_open_tasks(actor: Actor, case_id: int) -> list[CaseTask]:
    """The case's open tasks (of every instance) the actor may see, in one query."""
    return list(
        db.session.scalars(
            select(CaseTask)
            .where(
                CaseTask.case_id == case_id,
                CaseTask.status == TaskStatus.OPEN,
                CaseTask.lane.in_(visible_lanes(actor)),
                in_scope(CaseTask.school_id, actor),
            )
            .order_by(CaseTask.id)
        )
    )


def load_view(actor: Actor, case_id: int) -> CaseView:
    """The case as the actor may see it, else NotFound (no existence leak)."""
    query = (
        select(Case, CaseSchool)
        .join(CaseSchool, CaseSchool.case_id == Case.id)
        .where(Case.id == case_id, in_scope(CaseSchool.school_id, actor), clb_may_see(Case.id, actor))
        .order_by(CaseSchool.since.desc(), CaseSchool.id.desc())
        .limit(1)
        .options(joinedload(Case.pupil))
    )
    found = db.session.execute(query).first()
    if found is None:
        raise NotFound("Dossier niet gevonden.")
    return CaseView(found.Case, period=found.CaseSchool)


def view_after_step(actor: Actor, case: Case, reads: case_facts.StepReads | None = None) -> CaseView:
    """The case after a step, as the actor may see it, with all its open tasks
    (of every instance); `reads`: what the step read of the case (not read again)."""
    if actor.lane == Lane.SCHOOL and case.school_id == actor.school_id:
        period = None  # the pupil is at the actor's school: its open period, nothing left
    else:
        period = db.session.scalar(
            select(CaseSchool)
            .where(CaseSchool.case_id == case.id, in_scope(CaseSchool.school_id, actor))
            .order_by(CaseSchool.since.desc(), CaseSchool.id.desc())
            .limit(1)
        )
    view = CaseView(case, period=period, reads=reads)
    view.open_tasks = [] if view.is_former else visible_open_tasks(actor, case.id)
    load_owners(view)
    return view


@dataclass
class PupilFollowupView:
    """What a step in a pupil's follow-up without a case leaves to show: the pupil
    and the open follow-up tasks the actor may see (read like a case: `id` None)."""

    pupil: Pupil
    school_id: int
    open_tasks: list[CaseTask] = field(default_factory=list)
    id: None = None
    status: None = None
    phase: None = None
    absence_type: None = None
    access: str = CURRENT

    @property
    def pupil_id(self) -> int:
        return self.pupil.id


def pupil_view_after_step(actor: Actor, pupil: Pupil, school_id: int) -> PupilFollowupView:
    rows = db.session.scalars(
        select(CaseTask)
        .where(
            CaseTask.pupil_id == pupil.id,
            CaseTask.case_id.is_(None),
            CaseTask.status == TaskStatus.OPEN,
            CaseTask.lane.in_(visible_lanes(actor)),
            in_scope(CaseTask.school_id, actor),
        )
        .order_by(CaseTask.id)
    )
    return PupilFollowupView(pupil, school_id, list(rows))


def load_current(actor: Actor, case_id: int) -> Case:
    """The case, for a change: refused to a school the pupil has left."""
    view = load_view(actor, case_id)
    if view.is_former:
        raise FORMER.again()
    return view.case


def get_case(actor: Actor, case_id: int) -> CaseView:
    view = load_view(actor, case_id)
    view.open_tasks = [] if view.is_former else visible_open_tasks(actor, view.id)
    load_owners(view)
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
    """The main path's diagram. Only the tasks the actor may see are marked: a
    school never learns which CLB-lane steps were taken, a former school
    nothing after its period."""
    view = load_view(actor, case_id)
    rows = db.session.execute(
        select(CaseTask.bpmn_id, CaseTask.status)
        .join(WorkflowInstance, WorkflowInstance.id == CaseTask.instance_id)
        .where(
            CaseTask.case_id == view.id,
            WorkflowInstance.kind == InstanceKind.CASE,
            CaseTask.lane.in_(visible_lanes(actor)),
            in_scope(CaseTask.school_id, actor),
            CaseTask.status.in_((TaskStatus.OPEN, TaskStatus.COMPLETED)),
        )
        .order_by(CaseTask.id)
    ).all()
    open_ids = [] if view.is_former else [r.bpmn_id for r in rows if r.status == TaskStatus.OPEN]
    done_ids = [r.bpmn_id for r in rows if r.status == TaskStatus.COMPLETED]
    xml = workflows.deployed_xml(view.workflow_key, view.workflow_version)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.CASE_READ, "case", view.id, detail="diagram")
    return CaseDiagram(xml, tuple(dict.fromkeys(open_ids)), tuple(dict.fromkeys(done_ids)))


def change_absence_type(actor: Actor, case_id: int, absence_type: str, reason: str | None) -> CaseView:
    """The CLB re-marks the absence type, at any phase; the path follows it from
    the next step on (the gateways read the case's type)."""
    case = load_current(actor, case_id)
    if actor.lane != Lane.CLB or not actor.has_any(CLB_ROLES):
        raise Forbidden(
            "Het type afwezigheid wijzigt de school via de taken; buiten de taken doet enkel het CLB dat."
        )
    if absence_type == AbsenceType.ONBEKEND:
        raise Invalid(
            "Kies een type.",
            {"absence_type": ["Kies spijbelen, schoolonthouding, schooluitsluiting of schoolweigering."]},
        )
    if absence_type == case.absence_type:
        raise Invalid("Geen wijziging.", {"absence_type": ["Het dossier heeft dit type al."]})
    now = clock.now()
    with writing() as session:
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.ABSENCE_TYPE_CHANGED,
                "absence_type",
                case.absence_type,
                absence_type,
                reason=reason,
            )
        )
        case.absence_type = absence_type
    return view_after_step(actor, case)
