"""“Nu evalueren”: evaluate before the date the path waits for.

Where the care path waits for an evaluation date (the phase-1 plan, the end of
monitoring, the CLB round, phase 3 and its next evaluation), an event-based
gateway races that timer against the message `evaluate_now`. When the plan
clearly fails before the date, whoever follows the case up sends it: the wait
ends, the timer is cancelled with it, and the evaluation task opens (for a CLB
round: as soon as its trajectories are done too). The lane of the waiting
event decides who may: the school's zorgcoördinator or directie for the school
lane, the CLB-medewerker or CLB-directeur for the CLB lane.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from app import clock, engine
from app.models import Case, WorkflowInstance
from app.services import workflows
from app.services.access import LANE_ROLES, MESSAGE_ROLES, Actor
from app.services.calendar.functions import script_functions
from app.services.cases.facts import engine_facts
from app.services.cases.views import CaseView, load_current, today, view_after_step
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.steps.funnel import apply_step
from app.services.steps.instances import main_instance
from app.services.steps.records import event, lane_visibility, open_task_rows
from app.services.transaction import writing
from app.vocabulary import EventKind, Lane

log = logging.getLogger("zorgpad.cases")

EVALUATE_NOW = "evaluate_now"
FIELDS = {"reason"}
# Who may move an evaluation forward, per lane of the wait.
MAY_EVALUATE = {lane: roles & MESSAGE_ROLES for lane, roles in LANE_ROLES.items()}
WHO = {
    Lane.SCHOOL: "de zorgcoördinator of de directie van de school",
    Lane.CLB: "de CLB-medewerker of de CLB-directeur",
}
NOT_WAITING = Conflict(
    "Dit dossier wacht nu niet op een evaluatiedatum: er valt niets te vervroegen.",
    {"name": ["Nu evalueren kan enkel terwijl het dossier wacht op een evaluatiedatum."]},
)


@dataclass(frozen=True)
class EarlyEvaluation:
    """The wait the case could leave now: its lane, and the date it would wait until."""

    lane: Lane
    bpmn_id: str
    until: datetime | None


def _wait(case: Case) -> tuple[WorkflowInstance, EarlyEvaluation] | None:
    """The main instance and the wait it could leave now; None when it does not wait."""
    instance = main_instance(case, with_state=True)
    if instance is None or not instance.state:
        return None
    waits = [
        w
        for w in engine.message_waits(workflows.bundle_for(instance), instance.state)
        if w.name == EVALUATE_NOW
    ]
    if not waits:
        return None
    wait = waits[0]  # the path waits for one evaluation date at a time
    return instance, EarlyEvaluation(wait.lane, wait.bpmn_id, wait.timer_due_at)


def may_evaluate(actor: Actor, lane: Lane) -> bool:
    return actor.lane == lane and actor.has_any(MAY_EVALUATE[lane])


def pending(actor: Actor, view: CaseView) -> EarlyEvaluation | None:
    """For the case page: the wait this actor may end now, else None (a former
    school, another lane, a role that does not evaluate, or no such wait)."""
    if view.is_former:
        return None
    try:
        waiting = _wait(view.case)
    except Exception:  # noqa: BLE001 - a state that does not restore must not hide the case
        # The page shows the case without this action; `zorgpad check` names the instance.
        log.exception("case %s: its workflow state does not restore", view.case.id)
        return None
    return waiting[1] if waiting is not None and may_evaluate(actor, waiting[1].lane) else None


def _parse(data: dict) -> str | None:
    errors = {
        name: [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
        for name in sorted(set(data) - FIELDS)
    }
    reason = data.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 2000):
        errors["reason"] = ["Een korte reden, hoogstens 2000 tekens."]
    if errors:
        raise Invalid("Ongeldige gegevens om nu te evalueren.", errors)
    return (reason or "").strip() or None


def evaluate_now(actor: Actor, case_id: int, data: dict) -> CaseView:
    """End the case's wait for an evaluation date now: the evaluation opens."""
    case = load_current(actor, case_id)
    reason = _parse(data or {})
    waiting = _wait(case)
    if waiting is None:
        raise NOT_WAITING.again()
    instance, wait = waiting
    if not may_evaluate(actor, wait.lane):
        raise Forbidden(f"Deze evaluatie vervroegt {WHO[wait.lane]}.")
    now = clock.now()
    with writing() as session:
        # The event carries the wait's lane: a CLB round's early evaluation stays with the CLB.
        session.add(
            event(
                case,
                actor,
                now,
                EventKind.MESSAGE_RECEIVED,
                EVALUATE_NOW,
                new=wait.until.isoformat() if wait.until else None,
                reason=reason,
                visibility=lane_visibility(wait.lane),
            )
        )
        result = engine.deliver_message(
            workflows.bundle_for(instance),
            instance.state,
            EVALUATE_NOW,
            engine_facts(case, today()) | {"evaluate_now_reason": reason},
            now=now,
            functions=script_functions(case.school_id),
        )
        # apply_step also sets the instance's next timer from the step: the cancelled one is gone.
        apply_step(case, instance, result, actor, now, open_task_rows(case.id, instance.id))
    return view_after_step(actor, case)
