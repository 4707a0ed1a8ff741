"""Per absence episode: contact the parents, talk with the pupil on return.

Each episode runs in a short process of its own (workflows/
zorgpad_absence_followup.bpmn), linked to the case, so a pupil who misses
school twenty times in a year does not grow the main path's state. A case
opens with its first episode; `start_episode` starts the next one (the
absence imports call it for every new episode) and `signal_new_absences` is
the school's own signal, which also reopens a case closed with follow-up
agreements (the CLB is told: its relapse task appears). The absence imports
start theirs in bulk (app/services/absences/path.py).
"""

from datetime import date, datetime

from app import clock, engine
from app.models import Case, CaseTask, WorkflowInstance
from app.services import workflows
from app.services.absences.counts import record_b_count
from app.services.access import PUPIL_WRITE_ROLES, Actor
from app.services.calendar.functions import script_functions
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.funnel import apply_step
from app.services.steps.instances import main_instance, process_key, start_instance
from app.services.steps.records import event, open_task_rows
from app.services.transaction import writing
from app.vocabulary import CaseStatus, EventKind, InstanceKind, Lane

NEW_ABSENCES = "new_absences"
FIELDS = {"b_count", "first_absence_on", "note"}
ALREADY_OPEN = Conflict(
    "Deze leerling heeft intussen een ander lopend dossier; signaleer de afwezigheden daar.",
    {"name": ["Er is al een lopend dossier voor deze leerling."]},
)


def start_episode(
    case: Case, actor: Actor | None, now: datetime, first_absence_on: date | None = None
) -> tuple[WorkflowInstance, list[CaseTask]]:
    """Start the follow-up of one absence episode, inside the caller's transaction."""
    data = engine_facts(case, today())
    if first_absence_on is not None:
        data["first_absence_on"] = first_absence_on.isoformat()
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
        errors["b_count"] = ["Geef het aantal B-codes (halve dagen) dit schooljaar: 0 tot 1000."]
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
