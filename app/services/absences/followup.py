"""Per absence episode: contact the parents, talk with the pupil on return.

Each episode runs in a short process of its own (workflows/
zorgpad_absence_followup.bpmn), so a pupil who misses school twenty times in a
year does not grow the main path's state. Below the signal floor there is no
case: the follow-up runs for the pupil (case_id empty; its events are the
pupil's timeline, its tasks in the school's work lists), and the case that
opens later adopts the pupil's running follow-ups (`adopt`). An episode whose
half-days all turn out justified stops its follow-up (`cancel_justified`); a
cancelled case hands its follow-ups back to the pupil (`release`).

The absence imports start follow-ups in bulk (app/services/absences/path.py);
`start_episode` starts one for a case by hand, and `signal_new_absences` is the
school's own signal, which also reopens a case closed with follow-up agreements
(the CLB is told: its relapse task appears).
"""

from datetime import date, datetime

from sqlalchemy import bindparam, select, update

from app import clock, engine
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_days import BRUSSELS
from app.calendar.school_year import school_year_of
from app.calendar.words import day_words
from app.extensions import db
from app.models import AbsenceEpisode, Case, CaseEvent, CaseTask, WorkflowInstance
from app.services import workflows
from app.services.absences.counts import record_b_count, registered_b_count
from app.services.absences.wording import task_about_day
from app.services.access import PUPIL_WRITE_ROLES, Actor
from app.services.calendar.functions import script_functions
from app.services.cases.facts import StepReads, engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.funnel import apply_step
from app.services.steps.instances import (
    cancel_instance,
    main_instance,
    process_key,
    start_instance,
    subject_of_instance,
)
from app.services.steps.records import Subject, event, open_task_rows
from app.services.transaction import writing
from app.storage import case_due
from app.vocabulary import AbsenceType, CaseStatus, EventKind, InstanceKind, InstanceStatus, Lane, TaskStatus

NEW_ABSENCES = "new_absences"
FIELDS = {"b_count", "first_absence_on", "note"}
ALREADY_OPEN = Conflict(
    "Deze leerling heeft intussen een ander lopend dossier; signaleer de afwezigheden daar.",
    {"name": ["Er is al een lopend dossier voor deze leerling."]},
)


def followup_facts(
    subject: Subject,
    today: date,
    registered: int | None = None,
    *,
    formal_plan: bool | None = None,
    reads: StepReads | None = None,
) -> dict:
    """What a follow-up's gateways read: the case's facts, or for a pupil without a
    case an unknown absence type and the pupil's own count. `formal_plan`, `reads`:
    see `facts.engine_facts` (an import reads it once)."""
    if isinstance(subject, Case):
        return engine_facts(subject, today, registered=registered, formal_plan=formal_plan, reads=reads)
    count = registered if registered is not None else registered_b_count(subject.pupil_id, today)
    return {
        "absence_type": AbsenceType.ONBEKEND,
        "b_count": count,
        "compulsory": pupil_is_compulsory(subject.pupil, today),
        "clb_involved": False,
    }


def adopt(cases: list[Case], actor: Actor | None, now: datetime) -> list[CaseEvent]:
    """New cases take over their pupils' running follow-ups at the case's school
    (instances and their tasks, and the episodes they follow); returns the events
    that say so, for the caller to write."""
    by_pupil = {(case.pupil_id, case.school_id): case for case in cases}
    if not by_pupil:
        return []
    adopted: dict[int, list[int]] = {}  # case id → instance ids
    for instance_id, pupil_id, school_id in db.session.execute(
        select(WorkflowInstance.id, WorkflowInstance.pupil_id, WorkflowInstance.school_id).where(
            WorkflowInstance.pupil_id.in_({pupil for pupil, _ in by_pupil}),
            WorkflowInstance.case_id.is_(None),
            WorkflowInstance.kind == InstanceKind.ABSENCE_FOLLOWUP,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
    ):
        case = by_pupil.get((pupil_id, school_id))
        if case is not None:
            adopted.setdefault(case.id, []).append(instance_id)
    # The year's episodes without a follow-up (counted only) count for the case too:
    # one statement for all the cases (an import opens thousands at once), as Core:
    # the ORM's UPDATE per case searched the session's objects each time.
    episodes = AbsenceEpisode.__table__
    db.session.execute(
        update(episodes)
        .where(
            episodes.c.pupil_id == bindparam("adopting_pupil"),
            episodes.c.school_id == bindparam("adopting_school"),
            episodes.c.school_year == school_year_of(now.astimezone(BRUSSELS).date()),
            episodes.c.case_id.is_(None),
        )
        .values(case_id=bindparam("adopting_case")),
        [
            {"adopting_pupil": c.pupil_id, "adopting_school": c.school_id, "adopting_case": c.id}
            for c in cases
        ],
    )
    for case_id, ids in adopted.items():
        for model, column in (
            (WorkflowInstance, WorkflowInstance.id),
            (CaseTask, CaseTask.instance_id),
            (AbsenceEpisode, AbsenceEpisode.followup_instance_id),
        ):
            db.session.execute(update(model).where(column.in_(ids)).values(case_id=case_id))
    case_due.touch(db.session, adopted)  # their open tasks are the cases' now
    return [
        event(case, actor, now, EventKind.FOLLOWUPS_ADOPTED, "absence_followup", new=len(adopted[case.id]))
        for case in cases
        if case.id in adopted
    ]


def cancel_justified(episodes: list[AbsenceEpisode], actor: Actor | None, now: datetime) -> int:
    """Stop the running follow-ups of episodes whose half-days all turned out
    justified: their open tasks are cancelled, the case's or the pupil's timeline
    says why. Returns how many stopped."""
    ids = [e.followup_instance_id for e in episodes if e.followup_instance_id is not None]
    if not ids:
        return 0
    stopped = 0
    episode_of = {e.followup_instance_id: e for e in episodes}
    for instance in db.session.scalars(
        select(WorkflowInstance).where(
            WorkflowInstance.id.in_(ids), WorkflowInstance.status == InstanceStatus.RUNNING
        )
    ):
        subject = subject_of_instance(instance)
        episode = episode_of[instance.id]
        reason = (
            f"De afwezigheid van {day_words(episode.first_day)} werd gewettigd: geen opvolging meer nodig."
        )
        cancel_instance(subject, instance, actor, now, reason)
        db.session.add(
            event(subject, actor, now, EventKind.FOLLOWUP_CANCELLED, "absence_followup", reason=reason)
        )
        stopped += 1
    return stopped


def release(case: Case) -> int:
    """A cancelled case hands its running follow-ups back to the pupil: the absences
    still need their follow-up (what was done stays in the case). Returns how many."""
    ids = list(
        db.session.scalars(
            select(WorkflowInstance.id).where(
                WorkflowInstance.case_id == case.id,
                WorkflowInstance.kind == InstanceKind.ABSENCE_FOLLOWUP,
                WorkflowInstance.status == InstanceStatus.RUNNING,
            )
        )
    )
    if ids:
        db.session.execute(update(WorkflowInstance).where(WorkflowInstance.id.in_(ids)).values(case_id=None))
        db.session.execute(
            update(CaseTask)
            .where(CaseTask.instance_id.in_(ids), CaseTask.status == TaskStatus.OPEN)
            .values(case_id=None)
        )
        case_due.touch(db.session, [case.id])  # its tasks left it
    return len(ids)


def start_episode(
    case: Case, actor: Actor | None, now: datetime, first_absence_on: date | None = None
) -> tuple[WorkflowInstance, list[CaseTask]]:
    """Start the follow-up of one absence episode, inside the caller's transaction."""
    data = engine_facts(case, today())
    if first_absence_on is not None:
        data["first_absence_on"] = first_absence_on.isoformat()
        data[engine.TASK_ABOUT] = task_about_day(first_absence_on)
    return start_instance(
        case, InstanceKind.ABSENCE_FOLLOWUP, process_key(InstanceKind.ABSENCE_FOLLOWUP), data, actor, now
    )


def _parse(data: dict) -> tuple[int | None, date | None, str | None]:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    b_count = data.get("b_count")
    if b_count is not None and (
        not isinstance(b_count, int) or isinstance(b_count, bool) or not 0 <= b_count <= 1000
    ):
        errors["b_count"] = ["Geef het aantal halve dagen met B-code dit schooljaar: 0 tot 1000."]
    first = data.get("first_absence_on")
    first_date = None
    if first is not None:
        try:
            first_date = date.fromisoformat(first) if isinstance(first, str) and len(first) == 10 else None
        except ValueError:
            first_date = None
        if first_date is None:
            errors["first_absence_on"] = ["Geef de eerste dag van de afwezigheid als JJJJ-MM-DD."]
        elif first_date > today():
            errors["first_absence_on"] = ["Deze dag ligt in de toekomst."]
    note = data.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        errors["note"] = ["Een korte toelichting, hoogstens 2000 tekens."]
    if errors:
        raise Invalid("Ongeldige gegevens voor de nieuwe afwezigheden.", errors)
    return b_count, first_date, note


def signal_new_absences(actor: Actor, case_id: int, data: dict) -> CaseView:
    """The school signals new problematic absences: a new episode starts; a case
    closed with follow-up agreements reopens and the CLB gets its relapse task."""
    case = load_current(actor, case_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(PUPIL_WRITE_ROLES):
        raise Forbidden(
            "Nieuwe afwezigheden signaleert de school (zorgcoördinator, secretariaat of directie)."
        )
    b_count, first_absence_on, note = _parse(data or {})
    instance = main_instance(case, with_state=True)
    reopen = case.status == CaseStatus.CLOSED
    if reopen:
        waiting = instance is not None and NEW_ABSENCES in engine.waiting_messages(
            workflows.bundle_for(instance), instance.state
        )
        if not waiting:
            raise Conflict("Dit dossier is definitief afgesloten: open een nieuw dossier voor de leerling.")
    now = clock.now()
    with writing(integrity_error=ALREADY_OPEN) as session:
        session.add(
            event(case, actor, now, EventKind.MESSAGE_RECEIVED, NEW_ABSENCES, new=b_count, reason=note)
        )
        if b_count is not None:
            record_b_count(case, b_count, today())
        if reopen:
            assert instance is not None, "checked above: a closed case reopens by its waiting main instance"
            payload = engine_facts(case, today()) | {"new_absences_note": note}
            result = engine.deliver_message(
                workflows.bundle_for(instance),
                instance.state,
                NEW_ABSENCES,
                payload,
                now=now,
                functions=script_functions(case.school_id),
            )
            apply_step(case, instance, result, actor, now, open_task_rows(case.id, instance.id))
        start_episode(case, actor, now, first_absence_on)
    return view_after_step(actor, case)
