"""Cancelling a case opened in error (a registration corrected, a wrong pupil): the
coordinator or director says why; the case's running work stops (its open tasks are
cancelled, each on record), its absence follow-ups go back to the pupil (the
absences still need them), and nothing is deleted."""

from app import clock
from app.services.absences import followup
from app.services.access import OPEN_CASE_ROLES, Actor
from app.services.cases.views import CaseView, load_current, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.instances import cancel_instance, running_instances
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES, CaseStatus, EventKind, InstanceKind, Lane

MAX_REASON = 2000


def may_cancel(actor: Actor, view: CaseView) -> bool:
    """Whether the case page offers cancelling to this actor."""
    return (
        actor.lane == Lane.SCHOOL
        and actor.has_any(OPEN_CASE_ROLES)
        and not view.is_former
        and view.status not in ENDED_STATUSES
    )


def cancel_case(actor: Actor, case_id: int, reason: str | None) -> CaseView:
    case = load_current(actor, case_id)
    if actor.lane != Lane.SCHOOL or not actor.has_any(OPEN_CASE_ROLES):
        raise Forbidden("Een dossier annuleren doet de school: de zorgcoördinator of de directie.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            "Geef de reden om het dossier te annuleren.",
            {"reason": ["Verplicht: waarom werd dit dossier ten onrechte geopend?"]},
        )
    if len(reason) > MAX_REASON:
        raise Invalid("De reden is te lang.", {"reason": [f"Hoogstens {MAX_REASON} tekens."]})
    if case.status in ENDED_STATUSES:
        raise Conflict("Dit dossier is al afgesloten of geannuleerd.")
    now = clock.now()
    with writing() as session:
        released = followup.release(case)
        for instance in running_instances(case):
            if instance.kind != InstanceKind.ABSENCE_FOLLOWUP:
                cancel_instance(case, instance, actor, now, reason)
        old = case.status
        case.status, case.closed_at = CaseStatus.CANCELLED, now
        session.add(
            event(
                case, actor, now, EventKind.CASE_CANCELLED, "status", old, CaseStatus.CANCELLED, reason=reason
            )
        )
        if released:
            note = f"{released} lopende opvolging(en) van afwezigheden lopen verder bij de leerling."
            session.add(event(case, actor, now, EventKind.NOTICE, "followups_released", new=note))
    return view_after_step(actor, case)
