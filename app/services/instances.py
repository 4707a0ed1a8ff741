"""A case's workflow instances: starting one, finding the one to step, cancelling.

A case runs its main path (the care continuum) in one instance per school
period; recurring or side work runs in short instances of its own, linked to
the case (one per absence episode, a police track, a warm handover), so that
no single workflow state grows with a school year.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app import engine
from app.extensions import db
from app.models import Case, CaseTask, WorkflowInstance
from app.services import workflows
from app.services.access import Actor
from app.services.steps import apply_step, event, lane_visibility, open_task_rows
from app.vocabulary import EventKind, InstanceKind, InstanceStatus, TaskStatus, Visibility


def process_key(kind: InstanceKind) -> str:
    """The BPMN process id an instance kind runs (configuration)."""
    return current_app.config["WORKFLOW_KEYS"][kind]


def start_instance(
    case: Case,
    kind: InstanceKind,
    key: str,
    data: dict,
    actor: Actor | None,
    now: datetime,
    *,
    sending_school_id: int | None = None,
) -> tuple[WorkflowInstance, list[CaseTask]]:
    """Start the latest deployed version of process `key` for the case (inside
    the caller's transaction); returns the instance and its open task rows."""
    version = workflows.latest_version(key)
    from app.services.school_days import script_functions  # builds on steps, like this module

    result = engine.start(
        workflows.bundle(key, version), data, now=now, functions=script_functions(case.school_id)
    )
    instance = WorkflowInstance(
        case_id=case.id,
        kind=kind,
        workflow_key=key,
        workflow_version=version,
        state=result.state,
        status=InstanceStatus.RUNNING,
        started_at=now,
    )
    db.session.add(instance)
    db.session.flush()
    if kind != InstanceKind.CASE:
        # The warm handover is CLB work: the schools do not read about it.
        visibility = Visibility.CLB if kind == InstanceKind.HANDOVER else Visibility.SHARED
        db.session.add(
            event(
                case,
                actor,
                now,
                EventKind.PROCESS_STARTED,
                kind,
                new=f"{key} v{version}",
                visibility=visibility,
            )
        )
    return instance, apply_step(case, instance, result, actor, now, [], sending_school_id=sending_school_id)


def main_instance(case: Case, *, with_state: bool = False) -> WorkflowInstance | None:
    """The current main-path instance (a school change cancels the old one)."""
    query = (
        select(WorkflowInstance)
        .where(
            WorkflowInstance.case_id == case.id,
            WorkflowInstance.kind == InstanceKind.CASE,
            WorkflowInstance.status != InstanceStatus.CANCELLED,
        )
        .order_by(WorkflowInstance.id.desc())
        .limit(1)
    )
    if with_state:
        query = query.options(undefer(WorkflowInstance.state))
    return db.session.scalar(query)


def running_instances(case: Case, kind: InstanceKind | None = None) -> list[WorkflowInstance]:
    query = select(WorkflowInstance).where(
        WorkflowInstance.case_id == case.id, WorkflowInstance.status == InstanceStatus.RUNNING
    )
    if kind is not None:
        query = query.where(WorkflowInstance.kind == kind)
    return list(db.session.scalars(query.order_by(WorkflowInstance.id)))


def cancel_instance(
    case: Case, instance: WorkflowInstance, actor: Actor | None, now: datetime, reason: str
) -> None:
    """Stop an instance without running it further: its open tasks are cancelled,
    each on record under the school it belonged to."""
    instance.status, instance.ended_at = InstanceStatus.CANCELLED, now
    instance.next_timer_due_at = None
    events = []
    for row in open_task_rows(case.id, instance.id):
        row.status = TaskStatus.CANCELLED
        events.append(
            event(
                case,
                actor,
                now,
                EventKind.TASK_CANCELLED,
                row.title,
                reason=reason,
                visibility=lane_visibility(row.lane),
                task=row,
                school_id=row.school_id,
            )
        )
    visibility = Visibility.CLB if instance.kind == InstanceKind.HANDOVER else Visibility.SHARED
    events.append(
        event(
            case,
            actor,
            now,
            EventKind.PROCESS_CANCELLED,
            instance.kind,
            old=f"{instance.workflow_key} v{instance.workflow_version}",
            reason=reason,
            visibility=visibility,
        )
    )
    db.session.add_all(events)
