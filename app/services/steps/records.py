"""The rows a step leaves behind: case events, and the open task rows of a case.

Every use case that changes a case writes its events with `event`; the step
funnel (funnel.py) and the alerts build on these too. A step belongs to a case,
or, for a per-absence follow-up below the signal floor, to a pupil without one
(`PupilFile`): its events are the pupil's timeline.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Case, CaseEvent, CaseTask, Pupil
from app.services.access import Actor
from app.vocabulary import AbsenceType, EventKind, Lane, Notice, TaskStatus, Visibility

# Form fields that steer gateways: their values are worth a line in the log.
DECISION_FIELDS = (
    "decision",
    "accepted",
    "trajectory",
    "outcome",
    "tracks",
    "confirm_police",
    "absence_type",
    "plan",
    "trajectories",
    "offers",
    "agodi_filed_by",
    "waiting_list",
    "partner_took_over",
    "consult_outcome",
    "certificate_outcome",
    "next_step",
    "class_consent",
    "going_well",
)
# What the school reads in its event log when the CLB lets it know something (or the
# return path records something for it).
NOTICE_TEXT = {
    Notice.REFERRAL_ACCEPTED: "Aanmelding aanvaard door het CLB",
    Notice.CERTIFICATE_UPHELD: "Medisch attest blijft staan (CLB-arts)",
    Notice.CERTIFICATE_NOT_UPHELD: "Medisch attest houdt geen stand (CLB-arts)",
    Notice.CERTIFICATE_UNCLEAR: "Medisch attest onduidelijk: bespreking op het CLB-team",
    Notice.CLASS_NOT_PREPARED: "De klas wordt niet voorbereid op de terugkeer: de leerling gaf geen toestemming",
}


@dataclass
class PupilFile:
    """A pupil at a school, without a case: what the steps of a follow-up that runs
    before any case belong to. Reads like a case where a step reads one."""

    pupil: Pupil
    school_id: int
    id: None = None  # no case
    absence_type: str = AbsenceType.ONBEKEND
    clb_since: None = None

    @property
    def pupil_id(self) -> int:
        return self.pupil.id


Subject = Case | PupilFile


def subject_of(case: Case | None, pupil: Pupil, school_id: int) -> Subject:
    return case if case is not None else PupilFile(pupil, school_id)


def open_task_rows(case_id: int | None, instance_id: int | None = None) -> list[CaseTask]:
    """The open task rows of one instance, or else of the whole case."""
    query = select(CaseTask).where(CaseTask.status == TaskStatus.OPEN)
    if instance_id is not None:
        query = query.where(CaseTask.instance_id == instance_id)
    else:
        query = query.where(CaseTask.case_id == case_id)
    return list(db.session.scalars(query.order_by(CaseTask.id)))


def event(
    case: Subject,
    actor: Actor | None,
    at: datetime,
    kind: EventKind,
    what: str,
    old=None,
    new=None,
    reason=None,
    visibility=Visibility.SHARED,
    task: CaseTask | None = None,
    school_id: int | None = None,
) -> CaseEvent:
    """A case event (or, for a PupilFile, an event of the pupil's timeline), filed
    under the case's current school unless told otherwise."""
    return CaseEvent(
        case_id=case.id,
        pupil_id=case.pupil_id,
        school_id=school_id or case.school_id,
        actor_id=actor.user_id if actor else None,
        at=at,
        kind=kind,
        what=what,
        old_value=None if old is None else str(old)[:200],
        new_value=None if new is None else str(new)[:200],
        reason=reason,
        visibility=visibility,
        task=task,
    )


def lane_visibility(lane: str) -> Visibility:
    """Events about CLB-lane work stay with the CLB (professional secrecy)."""
    return Visibility.CLB if lane == Lane.CLB else Visibility.SHARED


def decision_summary(data: dict) -> str | None:
    parts = []
    for name in DECISION_FIELDS:
        if name in data:
            value = data[name]
            value = ",".join(value) if isinstance(value, list) else value
            parts.append(f"{name}={value}")
    return "; ".join(parts) or None


def involve_clb(
    case: Case, actor: Actor | None, now: datetime, how: str, reason: str | None = None
) -> CaseEvent:
    """What the path's `involve_clb(how)` does: from here on the CLB sees the case
    (and the school is told so). Returns the event, for the caller to add."""
    if case.clb_since is None:
        case.clb_since = now
    return event(case, actor, now, EventKind.CLB_INVOLVED, "clb", new=how, reason=reason)
