"""A school change: the old school's work stops, the new school starts, the CLB hands over.

The school-year B count moves with the pupil (not the dates). The old school's
open tasks are cancelled, not inherited: every running instance of the case
is cancelled and the main path starts again for the new school, at the phase
the case was in (on the latest deployed version). If the CLB was involved,
the sending CLB's warm handover (a task of the old school's period) and the
receiving CLB's task to receive it run in a process of their own. Visibility
follows the per-school periods (app/services/access.py).
"""

from dataclasses import dataclass
from typing import TypeGuard

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Case, CaseSchool, School
from app.models.types import MAX_ID
from app.services.absences.counts import carry_b_count, school_year_b_count
from app.services.access import MESSAGE_ROLES, Actor
from app.services.cases import owners
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.instances import cancel_instance, process_key, running_instances, start_instance
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, EventKind, InstanceKind

SCHOOL_CHANGE = "school_change"

FIELDS = {"new_school_id", "b_count", "new_external_id"}


@dataclass(frozen=True)
class SchoolChange:
    school: School
    payload: dict  # what the workflow receives
    new_external_id: str | None


def _is_int(value) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_school_change(case: Case, data: dict) -> SchoolChange:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    new_school_id = data.get("new_school_id")
    school = None
    if not _is_int(new_school_id) or not 1 <= new_school_id <= MAX_ID:
        errors["new_school_id"] = ["Geef het id van de nieuwe school (een geheel getal)."]
    else:
        school = db.session.get(School, new_school_id)
        if school is None:
            errors["new_school_id"] = ["Onbekende school."]
        elif school.id == case.school_id:
            errors["new_school_id"] = ["De leerling zit al in deze school."]
    b_count = data.get("b_count")  # default: the count the case knows
    if b_count is not None and (not _is_int(b_count) or not 0 <= b_count <= 1000):
        errors["b_count"] = ["Geef het aantal halve dagen met B-code dit schooljaar: 0 tot 1000."]
    new_external_id = data.get("new_external_id")
    if new_external_id is not None and (
        not isinstance(new_external_id, str)
        or not new_external_id.strip()
        or len(new_external_id) > 64
        or not new_external_id.isprintable()
    ):
        errors["new_external_id"] = ["Geef het leerlingnummer in de nieuwe school (1 tot 64 gewone tekens)."]
    if errors:
        raise Invalid("Ongeldige gegevens voor de schoolverandering.", errors)
    assert school is not None, "found, or new_school_id has an error"
    payload = {"new_school_id": new_school_id}
    if b_count is not None:
        payload["b_count"] = b_count
    return SchoolChange(school, payload, new_external_id.strip() if new_external_id else None)


def change_school(actor: Actor, case_id: int, data: dict) -> CaseView:
    case = load_current(actor, case_id)
    if not actor.has_any(MESSAGE_ROLES):
        raise Forbidden("Enkel de zorgcoördinator, de directie of het CLB meldt een schoolverandering.")
    if case.status in ENDED_STATUSES:
        raise Conflict("Dit dossier is afgesloten.")
    change = parse_school_change(case, data or {})
    b_count = change.payload.get("b_count", school_year_b_count(case, today()))
    now = clock.now()
    taken = Invalid(
        "Leerlingnummer bestaat al in de nieuwe school.",
        {"new_external_id": ["Dit nummer is al in gebruik in de nieuwe school."]},
    )
    with writing(integrity_error=taken) as session:
        old_school = case.school_id
        session.add(event(case, actor, now, EventKind.MESSAGE_RECEIVED, SCHOOL_CHANGE))
        # The old school's work stops here; each cancellation is on its record.
        for instance in running_instances(case):
            cancel_instance(case, instance, actor, now, "schoolverandering")
        leaving = session.scalar(
            select(CaseSchool).where(CaseSchool.case_id == case.id, CaseSchool.until.is_(None))
        )
        leaving.until, leaving.status_at_leaving, leaving.phase_at_leaving = now, case.status, case.phase
        # Each school's story records the move; the new one starts its period here.
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.SCHOOL_CHANGED,
                "school",
                old_school,
                change.school.id,
                school_id=old_school,
            )
        )
        case.school_id = change.school.id
        owners.after_school_change(case)
        session.add(CaseSchool(case_id=case.id, school_id=change.school.id, since=now))
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.SCHOOL_CHANGED,
                "school",
                old_school,
                change.school.id,
                reason=f"Aantal halve dagen met B-code dit schooljaar: {b_count}",
            )
        )
        pupil = case.pupil
        pupil.school_id = change.school.id
        if change.new_external_id:
            pupil.external_id = change.new_external_id
        carry_b_count(case, b_count, today())
        facts = engine_facts(case, today())
        start_instance(
            case,
            InstanceKind.CASE,
            process_key(InstanceKind.CASE, case.track),  # a return case restarts its return path
            facts | {"resume_phase": case.phase},
            actor,
            now,
        )
        if case.clb_since is not None:
            start_instance(
                case,
                InstanceKind.HANDOVER,
                process_key(InstanceKind.HANDOVER),
                facts | {"old_school_id": old_school, "new_school_id": change.school.id},
                actor,
                now,
                sending_school_id=old_school,
            )
    db.session.expire(case, ["main_instance"])
    return view_after_step(actor, case)
