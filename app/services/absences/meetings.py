"""Use cases of the school–CLB absence meeting (overleg afwezigheden).

A school meets its CLB every two weeks or monthly (absence settings). When a
meeting is created its agenda is generated from the data and kept as it was
then: every pupil of compulsory age with the school's signal threshold of B
half-days (5 by default), every pupil with a warning sign, every pupil with an
open case. Per pupil the meeting records a decision; it is written into the
pupil's open case (`apply_decision_to_case`, the seam for the care path).
The school's zorgcoördinator, leerlingbegeleider and directie run it
(app/services/schools.MEETING_ROLES); its other staff (the zorgleerkracht and the
coördinator spijbelbeleid sit on it) and the staff of its CLB read it.
"""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_year import school_year_of
from app.calendar.words import day_words
from app.extensions import db
from app.models import AbsenceMeeting, AbsenceMeetingItem, AbsenceRegistration, Case, JournalEntry, Pupil
from app.services.absences import facts as absence_facts
from app.services.absences import meeting_path
from app.services.absences import registrations as absences
from app.services.absences import settings as absence_settings
from app.services.absences.signals import evaluate
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Conflict, Invalid, NotFound
from app.services.paging import paginate
from app.services.schools import MEETING_ROLES, require_school_role, school_in_scope
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import (
    ENDED_STATUSES,
    AuditAction,
    EventKind,
    JournalKind,
    MeetingDecision,
    SignalKind,
    Visibility,
)

OPEN_CASE = "open_case"
DECISION_TEXT = {
    MeetingDecision.DISCUSSED: "besproken",
    MeetingDecision.ACTION_AGREED: "actie afgesproken",
    MeetingDecision.OPEN_CASE: "dossier geopend op een knipperlicht",
    MeetingDecision.RETURN_PATH: "terugkeertraject na lange gewettigde afwezigheid",
    MeetingDecision.SIGNAL_CLB: "signaal aan het CLB",
    MeetingDecision.REFER_CLB: "aanmelding bij het CLB",
}
SAME_DAY = Conflict(
    "Er is al een overleg afwezigheden op die dag voor deze school.",
    {"held_on": ["Kies een andere dag of open het bestaande overleg."]},
)


def list_meetings(actor: Actor, school_id: int, *, page=1, per_page=25):
    school = school_in_scope(actor, school_id)
    meetings, total = paginate(
        select(AbsenceMeeting)
        .where(AbsenceMeeting.school_id == school.id)
        .order_by(AbsenceMeeting.held_on.desc(), AbsenceMeeting.id.desc()),
        page,
        per_page,
    )
    with writing() as session:
        audit(
            session,
            actor,
            clock.now(),
            AuditAction.MEETINGS_LISTED,
            "school",
            school.id,
            detail=f"page={page} n={len(meetings)}",
        )
    return meetings, total


def load(school_id: int, meeting_id: int) -> AbsenceMeeting:
    meeting = db.session.scalar(
        select(AbsenceMeeting)
        .where(AbsenceMeeting.id == meeting_id, AbsenceMeeting.school_id == school_id)
        .options(selectinload(AbsenceMeeting.items).joinedload(AbsenceMeetingItem.pupil))
    )
    if meeting is None:
        raise NotFound("Overleg niet gevonden.")
    return meeting


def get_meeting(actor: Actor, school_id: int, meeting_id: int) -> AbsenceMeeting:
    school = school_in_scope(actor, school_id)
    meeting = load(school.id, meeting_id)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.MEETING_READ, "absence_meeting", meeting.id)
    return meeting


def agenda(school_id: int, on: date) -> list[dict]:
    """The pupils to discuss at a meeting on `on`, with why, most B half-days first."""
    year = school_year_of(on)
    settings = absence_settings.effective(school_id)
    pupils = list(db.session.scalars(select(Pupil).where(Pupil.school_id == school_id)))
    facts = absence_facts.load(
        pupils,
        year,
        AbsenceRegistration.school_id == school_id,
        settings.thresholds,
        absence_facts.days_off(school_id),
    )
    open_cases = dict(
        db.session.execute(
            select(Case.pupil_id, Case.id).where(
                Case.school_id == school_id, Case.status.not_in(ENDED_STATUSES)
            )
        ).all()
    )
    items: list[dict[str, Any]] = []
    for pupil in pupils:
        signals = evaluate(facts[pupil.id], settings.thresholds, on, police_protocol=settings.police_protocol)
        # Info (e.g. past compulsory age) explains, it does not put a pupil on the agenda.
        reasons: list[str] = [s.rule for s in signals if s.kind != SignalKind.INFO]
        if pupil.id in open_cases:
            reasons.append(OPEN_CASE)
        if not reasons:
            continue
        items.append(
            {
                "pupil": pupil,
                "case_id": open_cases.get(pupil.id),
                "b_count": facts[pupil.id].b_count,
                "compulsory": pupil_is_compulsory(pupil, on),
                "reasons": [str(r) for r in reasons],
                "signals": [
                    {
                        "rule": str(s.rule),
                        "kind": str(s.kind),
                        "message": s.message,
                        "figures": s.figures,
                        "threshold": s.threshold,
                        "source": s.source,
                    }
                    for s in signals
                ],
            }
        )
    items.sort(key=lambda i: (-i["b_count"], i["pupil"].last_name, i["pupil"].first_name, i["pupil"].id))
    return items


def create_meeting(
    actor: Actor, school_id: int, held_on: date | None = None, note: str | None = None
) -> AbsenceMeeting:
    school = school_in_scope(actor, school_id)
    require_school_role(
        actor,
        MEETING_ROLES,
        "Enkel de zorgcoördinator, de leerlingbegeleider of de directie van de school plant het overleg "
        "afwezigheden.",
    )
    today = absences.today()
    held_on = held_on or today
    if not today - timedelta(days=366) <= held_on <= today + timedelta(days=60):
        raise Invalid(
            "Ongeldige datum voor het overleg.",
            {"held_on": ["Kies een dag van ten hoogste een jaar geleden tot twee maanden vooruit."]},
        )
    # Figures as of today for a meeting planned ahead; as of that day for one held earlier.
    items = agenda(school.id, min(held_on, today))
    now = clock.now()
    with writing(integrity_error=SAME_DAY) as session:
        if session.scalar(
            select(AbsenceMeeting.id).where(
                AbsenceMeeting.school_id == school.id, AbsenceMeeting.held_on == held_on
            )
        ):
            raise SAME_DAY.again()
        meeting = AbsenceMeeting(
            school_id=school.id,
            held_on=held_on,
            school_year=school_year_of(held_on),
            note=note,
            created_at=now,
            created_by_id=actor.user_id,
        )
        meeting.items = [AbsenceMeetingItem(pupil=item.pop("pupil"), **item) for item in items]
        session.add(meeting)
        session.flush()
        audit(
            session,
            actor,
            now,
            AuditAction.MEETING_CREATED,
            "absence_meeting",
            meeting.id,
            detail=f"school={school.id} pupils={len(items)}",
        )
    return meeting


def record_decision(
    actor: Actor, school_id: int, meeting_id: int, pupil_id: int, decision: str, note: str | None = None
) -> AbsenceMeetingItem:
    """The meeting's decision about one pupil on its agenda; recording again replaces it
    (each decision is also written to the pupil's open case)."""
    school = school_in_scope(actor, school_id)
    meeting = load(school.id, meeting_id)
    require_school_role(
        actor,
        MEETING_ROLES,
        "Enkel de zorgcoördinator, de leerlingbegeleider of de directie van de school legt de "
        "beslissingen van het overleg vast.",
    )
    item = next((i for i in meeting.items if i.pupil_id == pupil_id), None)
    if item is None:
        raise NotFound("Deze leerling staat niet op de agenda van dit overleg.")
    with writing() as session:
        decide(session, meeting, item, actor, clock.now(), decision, note)
    return item


def decide(
    session,
    meeting: AbsenceMeeting,
    item: AbsenceMeetingItem,
    actor: Actor,
    now: datetime,
    decision: str,
    note: str | None,
) -> None:
    """Record one pupil's decision and write it into the case, in the caller's transaction
    (record_decision for one pupil; meeting_batch.record_decisions for the whole meeting)."""
    item.decision, item.decision_note = decision, note
    item.decided_at, item.decided_by_id = now, actor.user_id
    entry = apply_decision_to_case(session, meeting, item, actor, now)
    if entry is not None:
        item.case_id, item.journal_entry_id = entry.case_id, entry.id
    audit(
        session,
        actor,
        now,
        AuditAction.MEETING_DECISION,
        "absence_meeting",
        meeting.id,
        detail=f"pupil={item.pupil_id} decision={decision}",
    )


def apply_decision_to_case(
    session, meeting: AbsenceMeeting, item: AbsenceMeetingItem, actor: Actor, now: datetime
) -> JournalEntry | None:
    """Where a meeting decision flows into the pupil's case (app/services/absences/meeting_path.py):
    a journal entry (dossier of guidance measures) with an event in the open case;
    a signal drives the path's signal steps, a referral makes the CLB see the case;
    both open a case when the pupil has none. None: no case (discussed, action agreed)."""
    assert item.decision is not None, "record_decision sets the decision before applying it"
    case = meeting_path.open_case(session, meeting, item, actor, now)
    if case is None:
        return None
    decision = MeetingDecision(item.decision)
    text = f"Overleg afwezigheden van {day_words(meeting.held_on)}: {DECISION_TEXT[decision]}."
    if item.decision_note:
        text += f" {item.decision_note}"
    entry = JournalEntry(
        case_id=case.id,
        school_id=case.school_id,
        kind=JournalKind.MEASURE if decision == MeetingDecision.ACTION_AGREED else JournalKind.NOTE,
        occurred_at=now,
        text=text,
        visibility=Visibility.SHARED,
        author_id=actor.user_id,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    session.add(event(case, actor, now, EventKind.JOURNAL_ADDED, entry.kind, new=decision.value, reason=text))
    if decision == MeetingDecision.SIGNAL_CLB:
        meeting_path.signal(session, case, meeting, item, actor, now)
    elif decision == MeetingDecision.REFER_CLB:
        meeting_path.refer(session, case, meeting, actor, now)
    return entry
