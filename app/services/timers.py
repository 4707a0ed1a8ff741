"""The timer sweep: fire every due timer once, one instance per transaction.

`run_due_timers(now)` claims one running instance at a time whose indexed
`next_timer_due_at` has passed (`SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL, so several schedulers share the work without taking the same
row), lets the engine refresh its timers and run, writes the step (tasks,
events, notifications, the new next-due time) and commits. Open cases whose
timers are not due are never read.

On SQLite there is no row lock: two sweeps may take the same instance, but
the instance's optimistic lock (its version) lets only one commit; the other
rolls back, so a timer still fires once.

A failing instance is retried with backoff (TIMER_RETRY_SECONDS doubling up to
an hour); after TIMER_MAX_ATTEMPTS it becomes an incident and the sweep leaves
it alone until an admin retries it. It never blocks the others.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import undefer

from app import clock, engine
from app.extensions import db
from app.models import Case, Incident, WorkflowInstance
from app.services import notifications
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Conflict, Forbidden, NotFound
from app.services.paging import paginate
from app.services.school_days import FunctionsBySchool
from app.services.steps import apply_step, open_task_rows
from app.services.transaction import writing
from app.vocabulary import AuditAction, InstanceStatus, Role

log = logging.getLogger("zorgpad.timers")
MAX_BACKOFF = timedelta(hours=1)


@dataclass
class SweepReport:
    now: datetime
    instances: int = 0  # stepped and committed
    timers_fired: int = 0
    lost_races: int = 0  # another scheduler had it
    failures: int = 0
    incidents: int = 0
    emails_sent: int = 0
    failed_ids: list[int] = field(default_factory=list)


def _due(now: datetime, skip: set[int]):
    query = (select(WorkflowInstance)
             .where(WorkflowInstance.status == InstanceStatus.RUNNING,
                    WorkflowInstance.next_timer_due_at <= now)
             .order_by(WorkflowInstance.next_timer_due_at, WorkflowInstance.id).limit(1)
             .with_for_update(skip_locked=True)
             .options(undefer(WorkflowInstance.state)))
    if skip:
        query = query.where(WorkflowInstance.id.not_in(skip))
    return query


def run_due_timers(now: datetime | None = None, *, limit: int | None = None) -> SweepReport:
    """One sweep as of `now` (default: the app's clock)."""
    now = now or clock.now()
    limit = limit or current_app.config["SWEEP_LIMIT"]
    report = SweepReport(now)
    functions = FunctionsBySchool()
    skip: set[int] = set()  # instances that failed or were busy in this sweep
    while report.instances + len(skip) < limit:
        instance_id = None
        db.session.expunge_all()  # each instance starts from fresh rows; the session stays small
        try:
            with writing() as session:
                instance = session.scalar(_due(now, skip))
                if instance is None:
                    break
                instance_id = instance.id
                fired = _step(instance, now, functions)
            report.instances += 1
            report.timers_fired += fired
        except Conflict:
            report.lost_races += 1  # StaleDataError: someone else stepped it first
            skip.add(instance_id)
        except OperationalError as exc:  # e.g. SQLite's writer lock: not the instance's fault
            log.warning("sweep: instance %s busy (%s)", instance_id, exc.orig)
            if instance_id is None:
                raise
            report.lost_races += 1
            skip.add(instance_id)
        except Exception as exc:  # noqa: BLE001 - one bad instance must not stop the sweep
            log.exception("sweep: instance %s failed", instance_id)
            if instance_id is None:
                raise
            skip.add(instance_id)
            report.failures += 1
            report.failed_ids.append(instance_id)
            report.incidents += _record_failure(instance_id, exc, now)
    report.emails_sent = notifications.send_pending_emails()
    if report.instances or report.failures:
        log.info("sweep as of %s: %s", now.isoformat(), report)
    return report


def _step(instance: WorkflowInstance, now: datetime, functions: FunctionsBySchool) -> int:
    session = db.session
    case = session.get(Case, instance.case_id)
    open_rows = open_task_rows(case.id, instance.id)
    result = engine.fire_timers(functions.bundle(instance), instance.state, now=now,
                                functions=functions[case.school_id])
    apply_step(case, instance, result, None, now, open_rows)
    if instance.timer_failures:
        instance.timer_failures = 0
    return len(result.fired_timers)


def _record_failure(instance_id: int, exc: Exception, now: datetime) -> int:
    """Count the failure, retry later; past the limit open an incident. Returns 1 for a new incident."""
    config = current_app.config
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with writing() as session:
        instance = session.get(WorkflowInstance, instance_id, with_for_update=True)
        instance.timer_failures += 1
        if instance.timer_failures < config["TIMER_MAX_ATTEMPTS"]:
            delay = timedelta(seconds=config["TIMER_RETRY_SECONDS"] * 2 ** (instance.timer_failures - 1))
            instance.next_timer_due_at = now + min(delay, MAX_BACKOFF)
            return 0
        instance.next_timer_due_at = None  # the sweep leaves it alone until retried
        session.add(Incident(instance_id=instance.id, case_id=instance.case_id, error=error,
                             attempts=instance.timer_failures, opened_at=now))
    log.error("instance %s is now an incident after %d attempts: %s", instance_id,
              config["TIMER_MAX_ATTEMPTS"], error)
    return 1


# --- incidents (admins) ------------------------------------------------------------

def _require_admin(actor: Actor) -> None:
    if Role.ADMIN not in actor.roles:
        raise Forbidden("Enkel een beheerder behandelt incidenten.")


def list_incidents(actor: Actor, *, resolved=False, page=1, per_page=25):
    _require_admin(actor)
    query = select(Incident).where(
        Incident.resolved_at.is_not(None) if resolved else Incident.resolved_at.is_(None))
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
