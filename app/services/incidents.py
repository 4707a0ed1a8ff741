"""Incidents: instances whose timers kept failing (the sweep opens them, app/tasks/sweep.py);
an admin lists them and lets the next sweep try one again."""

from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Incident, WorkflowInstance
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Conflict, Forbidden, NotFound
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, InstanceStatus, Role


def _require_admin(actor: Actor) -> None:
    if Role.ADMIN not in actor.roles:
        raise Forbidden("Enkel een beheerder behandelt incidenten.")


def list_incidents(actor: Actor, *, resolved=False, page=1, per_page=25):
    _require_admin(actor)
    query = select(Incident).where(
        Incident.resolved_at.is_not(None) if resolved else Incident.resolved_at.is_(None)
    )
    return paginate(query.order_by(Incident.opened_at.desc(), Incident.id.desc()), page, per_page)


def retry_incident(actor: Actor, incident_id: int) -> Incident:
    """Close the incident and let the next sweep try the instance again at once."""
    _require_admin(actor)
    incident = db.session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("Incident niet gevonden.")
    if incident.resolved_at is not None:
        raise Conflict("Dit incident is al afgehandeld.")
    now = clock.now()
    with writing() as session:
        incident.resolved_at, incident.resolved_by_id = now, actor.user_id
        instance = session.get(WorkflowInstance, incident.instance_id)
        if instance.status == InstanceStatus.RUNNING:
            instance.timer_failures = 0
            instance.next_timer_due_at = now
        audit(session, actor, now, AuditAction.INCIDENT_RETRIED, "incident", incident.id)
    return incident
