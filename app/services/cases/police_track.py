"""The law-enforcement track: started by the school after consulting the CLB.

Possible in any phase, phase 1 included (a "fiche onbereikbaarheid" when the
family cannot be reached), without a CLB trajectory that never happened
(000_… "Juridische trajecten bij verontrustende situaties": "Melding bij
Politie: door school na overleg met CLB"). It runs in a process of its own
(workflows/zorgpad_police_track.bpmn): the report, then the parket's answer.
Past compulsory education it is not offered; for school refusal it is never a
default: the school confirms it explicitly, with a reason.
"""

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.services.access import OPEN_CASE_ROLES, Actor
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.instances import process_key, running_instances, start_instance
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, AbsenceType, EventKind, InstanceKind, Lane

POLICE_TRACK = "police_track"
FIELDS = {"reason", "confirm_school_refusal"}


def _parse(data: dict) -> tuple[str | None, bool]:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    reason = data.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 2000):
        errors["reason"] = ["Een toelichting van hoogstens 2000 tekens."]
    confirm = data.get("confirm_school_refusal", False)
    if not isinstance(confirm, bool):
        errors["confirm_school_refusal"] = ["Ja of nee (true/false)."]
    if errors:
        raise Invalid("Ongeldige gegevens voor het politiespoor.", errors)
    return reason, confirm


def start_police_track(actor: Actor, case_id: int, data: dict) -> CaseView:
    case = load_current(actor, case_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(OPEN_CASE_ROLES):
        raise Forbidden(
            "Het politiespoor start de school (zorgcoördinator of directie), na overleg met het CLB."
        )
    reason, confirm = _parse(data or {})
    if case.status in ENDED_STATUSES:
        raise Conflict("Dit dossier is afgesloten.")
    if not pupil_is_compulsory(case.pupil, today()):
        raise Invalid(
            "Geen politiespoor.",
            {
                "name": [
                    "De leerling is niet (meer) leerplichtig: enkel vrijwillige begeleiding, geen juridisch spoor."
                ]
            },
        )
    if case.absence_type == AbsenceType.SCHOOLWEIGERING and not (confirm and reason):
        raise Invalid(
            "Bij schoolweigering is een politiespoor geen standaardstap.",
            {
                "confirm_school_refusal": [
                    "Dwang werkt bij schoolweigering meestal averechts. Bevestig uitdrukkelijk "
                    "(confirm_school_refusal: true) en geef de reden (reason)."
                ]
            },
        )
    if running_instances(case, InstanceKind.POLICE_TRACK):
        raise Conflict("Er loopt al een politiespoor voor dit dossier.")
    now = clock.now()
    with writing() as session:
        session.add(event(case, actor, now, EventKind.MESSAGE_RECEIVED, POLICE_TRACK, reason=reason))
        start_instance(
            case,
            InstanceKind.POLICE_TRACK,
            process_key(InstanceKind.POLICE_TRACK),
            engine_facts(case, today()) | {"police_track_reason": reason},
            actor,
            now,
        )
    return view_after_step(actor, case)
