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
from app.models import Case, CaseEvent, CaseTask, Pupil, WorkflowInstance
from app.services import workflows
from app.services.access import Actor
from app.services.calendar.functions import script_functions
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.records import PupilFile, Subject, event, lane_visibility, open_task_rows
from app.vocabulary import (
    CLB_INSTANCE_KINDS,
    CaseTrack,
    EventKind,
    InstanceKind,
    InstanceStatus,
    TaskStatus,
    Visibility,
)


def process_key(kind: InstanceKind, track: str = CaseTrack.CARE) -> str:
    """The BPMN process id an instance kind runs (configuration); a return path's
    main instance runs the return process."""
    keys = current_app.config["WORKFLOW_KEYS"]
    if kind == InstanceKind.CASE and track == CaseTrack.RETURN:
        return keys["return_path"]
    return keys[kind]


def start_instance(
    case: Subject,
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
    bundle = workflows.bundle(key, version)
    result = engine.start(bundle, data, now=now, functions=script_functions(case.school_id))
    instance = new_instance(case, kind, key, version, result, now)
    db.session.flush()
    events = _started(case, instance, actor, now)
    db.session.add_all(events)
    return instance, apply_step(
        case, instance, result, actor, now, [], StepOptions(sending_school_id=sending_school_id)
    )


def new_instance(
    case: Subject, kind: InstanceKind, key: str, version: int, result: engine.StepResult, now: datetime
) -> WorkflowInstance:
    """The instance row of a start, as apply_step will leave it (so its INSERT is
    the only write: an UPDATE per instance was a good part of a large import)."""
    instance = WorkflowInstance(
        case_id=case.id,
        pupil_id=case.pupil_id,
        school_id=case.school_id,
        kind=kind,
        workflow_key=key,
        workflow_version=version,
        state=result.state,
        status=InstanceStatus.RUNNING,
        started_at=now,
        next_timer_due_at=result.next_timer_due_at,
    )
    db.session.add(instance)
    return instance


def _started(case: Subject, instance: WorkflowInstance, actor: Actor | None, now: datetime) -> list:
    if instance.kind == InstanceKind.CASE:
        return []  # the case's own opening says it
    # The warm handover is CLB work: the schools do not read about it.
    visibility = Visibility.CLB if instance.kind in CLB_INSTANCE_KINDS else Visibility.SHARED
    version = f"{instance.workflow_key} v{instance.workflow_version}"
    return [
        event(case, actor, now, EventKind.PROCESS_STARTED, instance.kind, new=version, visibility=visibility)
    ]


class BulkStarts:
    """Many instances started in one transaction (an import, a batch of cases):
    the latest version of each kind's process, each distinct start run once
    through the engine (`engine.Starter`), written with one flush and one
    INSERT of events. Use: `start` per instance, then `write`."""

    def __init__(self, school_id: int, actor: Actor | None, now: datetime, days_off: frozenset):
        self.actor, self.now, self.days_off = actor, now, days_off
        self.functions = script_functions(school_id)
        self._starters: dict[str, tuple[engine.Starter, str, int]] = {}
        self._pending: list[tuple[Subject, WorkflowInstance, engine.StepResult]] = []

    def start(
        self, case: Subject, kind: InstanceKind, data: dict, track: str = CaseTrack.CARE
    ) -> WorkflowInstance:
        key = process_key(kind, track)
        if key not in self._starters:
            version = workflows.latest_version(key)
            starter = engine.Starter(workflows.bundle(key, version), now=self.now, functions=self.functions)
            self._starters[key] = starter, key, version
        starter, key, version = self._starters[key]
        result = starter.start(data)
        instance = new_instance(case, kind, key, version, result, self.now)
        self._pending.append((case, instance, result))
        return instance

    def write(self, events: list[CaseEvent]) -> None:
        """Step the started instances into the database; their events go to `events`."""
        db.session.flush()
        options = StepOptions(days_off=self.days_off, events_out=events)
        for case, instance, result in self._pending:
            events.extend(_started(case, instance, self.actor, self.now))
            apply_step(case, instance, result, self.actor, self.now, [], options)
        self._pending = []


def subject_of_instance(instance: WorkflowInstance) -> Subject:
    """The case an instance runs for, or its pupil's file when it has none."""
    if instance.case_id is not None:
        case = db.session.get(Case, instance.case_id)
        assert case is not None, "the instance's foreign key"
        return case
    pupil = db.session.get(Pupil, instance.pupil_id)
    assert pupil is not None, "the instance's foreign key"
    return PupilFile(pupil, instance.school_id)


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
    case: Subject, instance: WorkflowInstance, actor: Actor | None, now: datetime, reason: str
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
    visibility = Visibility.CLB if instance.kind in CLB_INSTANCE_KINDS else Visibility.SHARED
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
