"""The law-enforcement track: started by the school after consulting the CLB.

Possible in any phase, phase 1 included (a "fiche onbereikbaarheid" when the
family cannot be reached), without a CLB trajectory that never happened
(000_… "Juridische trajecten bij verontrustende situaties": "Melding bij
Politie: door school na overleg met CLB"). It runs in a process of its own
(workflows/zorgpad_police_track.bpmn): the report, then the parket's answer.
Past compulsory education it is not offered; for school refusal it is never a
default: the school confirms it explicitly, with a reason.

The consultation is the CLB's advice, recorded by the CLB (its task "Advies CLB
vóór melding aan de politie"); the school's report waits for it, unless the
school states at the start why it could not wait (`could_not_wait` with its
`could_not_wait_reason`: an acute situation), which the timeline keeps
(cases/police_advice.py reads both for the report).
"""

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.services.access import OPEN_CASE_ROLES, Actor
from app.services.cases.facts import engine_facts
from app.services.cases.police_advice import COULD_NOT_WAIT, POLICE_TRACK
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.instances import process_key, running_instances, start_instance
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, AbsenceType, EventKind, InstanceKind, Lane

FIELDS = {"reason", "confirm_school_refusal", COULD_NOT_WAIT, "could_not_wait_reason"}


def _could_not_wait(data: dict, errors: dict) -> str | None:
    """The reason the school could not wait for the CLB's advice, or None when it waits."""
    could_not_wait = data.get(COULD_NOT_WAIT, False)
    reason = data.get("could_not_wait_reason")
    if not isinstance(could_not_wait, bool):
        errors[COULD_NOT_WAIT] = ["Ja of nee (true/false)."]
        return None
    if reason is not None and (not isinstance(reason, str) or len(reason) > 2000):
        errors["could_not_wait_reason"] = ["Een reden van hoogstens 2000 tekens."]
        return None
    if could_not_wait and not (reason or "").strip():
        errors["could_not_wait_reason"] = [
            "Verplicht: waarom kon de school het advies van het CLB niet afwachten (acute situatie)?"
        ]
        return None
    if not could_not_wait and reason:
        errors["could_not_wait_reason"] = [
            "Enkel als de school het advies niet kon afwachten (could_not_wait)."
        ]
    return reason.strip() if could_not_wait and reason else None


def _parse(data: dict) -> tuple[str | None, bool, str | None]:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    reason = data.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 2000):
        errors["reason"] = ["Een toelichting van hoogstens 2000 tekens."]
    confirm = data.get("confirm_school_refusal", False)
    if not isinstance(confirm, bool):
        errors["confirm_school_refusal"] = ["Ja of nee (true/false)."]
    no_wait = _could_not_wait(data, errors)
    if errors:
        raise Invalid("Ongeldige gegevens voor het politiespoor.", errors)
    return reason, confirm, no_wait


def start_police_track(actor: Actor, case_id: int, data: dict) -> CaseView:
    case = load_current(actor, case_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(OPEN_CASE_ROLES):
        raise Forbidden(
            "Het politiespoor start de school (zorgcoördinator of directie), na overleg met het CLB."
        )
    reason, confirm, no_wait = _parse(data or {})
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
        if no_wait:
            why = f"Advies van het CLB niet afgewacht (acute situatie): {no_wait}"
            reason = f"{why}. {reason}" if reason else why
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.MESSAGE_RECEIVED,
                POLICE_TRACK,
                new=COULD_NOT_WAIT if no_wait else None,
                reason=reason,
            )
        )
        start_instance(
            case,
            InstanceKind.POLICE_TRACK,
            process_key(InstanceKind.POLICE_TRACK),
            engine_facts(case, today())
            | {"police_track_reason": reason, "police_could_not_wait": no_wait is not None},
            actor,
            now,
        )
    return view_after_step(actor, case)
