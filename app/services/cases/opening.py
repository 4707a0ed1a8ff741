"""Opening cases: the one door every flow opens a case through.

A case opens by itself when a pupil reaches the signal floor (5 half-days with
B-code, an absence import), by an absence meeting's decision, or by hand: a
coordinator or director, with a reason (`open_case`, a use case with its own
checks and transaction). All call `open_cases` inside their transaction. It
writes the cases in phase 1 with their school period and opening event, starts
their main paths in bulk, each from the case's facts (`facts.engine_facts`), so a
fact added there reaches every case whoever opened it, and lets each case adopt
the pupil's running absence follow-ups.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select

from app import clock
from app.calendar.school_days import BRUSSELS
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, Pupil, School
from app.services.absences.counts import record_b_count
from app.services.absences.followup import adopt, start_episode
from app.services.access import Actor, may_open_case, school_scope
from app.services.calendar.functions import days_off
from app.services.cases.facts import engine_facts
from app.services.cases.owners import default_owner_id
from app.services.cases.views import ALREADY_OPEN, CaseView, visible_open_tasks
from app.services.errors import Forbidden, Invalid
from app.services.steps.instances import BulkStarts
from app.services.steps.records import event
from app.services.transaction import writing
from app.storage.step_writes import insert_events
from app.vocabulary import ENDED_STATUSES, AbsenceType, CaseStatus, CaseTrack, EventKind, InstanceKind, Phase


@dataclass(frozen=True)
class NewCase:
    """One case to open: for whom, why, and what the opener knows."""

    pupil: Pupil
    reason: str | None
    absence_type: str = AbsenceType.ONBEKEND
    b_count: int | None = None  # a count the opener stated (recorded on the case)
    registered_b: int | None = None  # the B half-days an import just counted (else counted)
    track: str = CaseTrack.CARE


def open_cases(
    school_id: int,
    wanted: list[NewCase],
    actor: Actor | None,
    now: datetime,
    starts: BulkStarts | None = None,
    *,
    formal_plan: bool | None = None,
) -> list[Case]:
    """Phase-1 cases at the school for the pupils of `wanted`, their main paths
    started; inside the caller's transaction. `starts`: the caller's own bulk
    starts (an import starts follow-ups with them too), written here;
    `formal_plan`: the school's police protocol, when the caller read it already
    (`facts.engine_facts`; else it is looked up per case)."""
    if not wanted:
        return []
    session = db.session
    today = now.astimezone(BRUSSELS).date()
    starts = starts or BulkStarts(school_id, actor, now, days_off(school_id))
    owner_id = default_owner_id(school_id, actor)
    cases = []
    for new in wanted:
        case = Case(
            pupil_id=new.pupil.id,
            school_id=school_id,
            status=CaseStatus.OPEN,
            phase=Phase.FASE1,
            absence_type=new.absence_type,
            track=new.track,
            opened_at=now,
            opened_by_id=actor.user_id if actor else None,
            owner_id=owner_id,
        )
        case.pupil = new.pupil
        if new.b_count is not None:
            record_b_count(case, new.b_count, today)
        cases.append(case)
    session.add_all(cases)
    session.flush()  # their ids; a second open case of a pupil fails here (a unique index)
    session.execute(
        insert(CaseSchool.__table__), [{"case_id": c.id, "school_id": school_id, "since": now} for c in cases]
    )
    events: list[CaseEvent] = []
    for case, new in zip(cases, wanted, strict=True):
        events.append(
            event(case, actor, now, EventKind.CASE_OPENED, "dossier", new=new.absence_type, reason=new.reason)
        )
        facts = engine_facts(case, today, registered=new.registered_b, formal_plan=formal_plan)
        facts["resume_phase"] = None
        starts.start(case, InstanceKind.CASE, facts, new.track)
    starts.write(events)
    events += adopt(cases, actor, now)
    insert_events(events)
    return cases


REASON_NEEDED = Invalid(
    "Geef de aanleiding om het dossier te openen.",
    {
        "reason": [
            "Verplicht: waarom opent u het dossier nu (bv. een knipperlicht, een signaal van de ouders)?"
        ]
    },
)


def open_case(
    actor: Actor,
    pupil_id: int,
    absence_type: str | None,
    reason: str | None,
    *,
    b_count: int | None = None,
    first_absence_on: date | None = None,
    track: str = CaseTrack.CARE,
) -> CaseView:
    """A coordinator or director opens a case by hand, with a reason: the care path
    in phase 1 (before the signal floor when a warning sign asks for it), or the
    return path after a long justified absence. It adopts the pupil's running
    follow-ups; `first_absence_on` starts one more for that absence."""
    pupil = db.session.scalar(
        select(Pupil)
        .join(School, School.id == Pupil.school_id)
        .where(Pupil.id == pupil_id, school_scope(actor))
    )
    if pupil is None:
        raise Invalid("Onbekende leerling.", {"pupil_id": ["Leerling niet gevonden in uw school."]})
    if not may_open_case(actor):
        raise Forbidden("Alleen de zorgcoördinator of de directie opent een dossier.")
    if db.session.scalar(
        select(Case.id).where(Case.pupil_id == pupil.id, Case.status.not_in(ENDED_STATUSES))
    ):
        raise ALREADY_OPEN.again()
    reason = (reason or "").strip()
    if not reason:
        raise REASON_NEEDED.again()
    now = clock.now()
    new = NewCase(pupil, reason, absence_type or AbsenceType.ONBEKEND, b_count=b_count, track=track)
    # A concurrent open loses on the one-open-case-per-pupil index.
    with writing(integrity_error=ALREADY_OPEN):
        case = open_cases(pupil.school_id, [new], actor, now)[0]
        if first_absence_on is not None:
            start_episode(case, actor, now, first_absence_on)
    return CaseView(case, visible_open_tasks(actor, case.id))
