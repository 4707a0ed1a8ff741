"""A case's workflow instances: starting one, finding the one to step.

A case runs its main path (the care continuum) in one instance; recurring
work may run in short instances of its own, linked to the case, so that no
single workflow state grows with a school year.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import undefer

from app import engine
from app.extensions import db
from app.models import Case, CaseTask, WorkflowInstance
from app.services import workflows
from app.services.access import Actor
from app.services.steps import apply_step
from app.vocabulary import InstanceKind, InstanceStatus


def start_instance(case: Case, kind: InstanceKind, key: str, data: dict, actor: Actor | None,
                   now: datetime) -> tuple[WorkflowInstance, list[CaseTask]]:
    """Start the latest deployed version of process `key` for the case (inside
    the caller's transaction); returns the instance and its open task rows."""
    version = workflows.latest_version(key)
    from app.services.school_days import script_functions  # builds on steps, like this module

    result = engine.start(workflows.bundle(key, version), data, now=now,
                          functions=script_functions(case.school_id))
    instance = WorkflowInstance(
        case_id=case.id, kind=kind, workflow_key=key, workflow_version=version, state=result.state,
        status=InstanceStatus.RUNNING, started_at=now,
    )
    db.session.add(instance)
    db.session.flush()
    return instance, apply_step(case, instance, result, actor, now, [])


def main_instance(case: Case, *, with_state: bool = False) -> WorkflowInstance:
    query = select(WorkflowInstance).where(WorkflowInstance.case_id == case.id,
                                           WorkflowInstance.kind == InstanceKind.CASE)
    if with_state:
        query = query.options(undefer(WorkflowInstance.state))
    return db.session.scalar(query)
