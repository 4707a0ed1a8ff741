"""Deployed BPMN specifications, and the running instances of them."""

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, one_of
from app.vocabulary import InstanceKind, InstanceStatus


class WorkflowSpec(Model):
    __tablename__ = "workflow_specs"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_workflow_specs_key_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    # The BPMN as deployed: running cases keep executing this text even after
    # the file on disk has changed.
    bpmn_xml: Mapped[str] = mapped_column(Text, deferred=True)
    deployed_at = mapped_column(UTCDateTime(), nullable=False)


class WorkflowInstance(Model):
    """One running (or ended) process of a case: its main path, or a short
    process for recurring work, so no single state grows with a school year."""

    __tablename__ = "workflow_instances"
    __table_args__ = (
        # The sweep's one query: running instances by next timer (equality, then range and order).
        Index("ix_workflow_instances_due", "status", "next_timer_due_at"),
        one_of("kind", InstanceKind),
        one_of("status", InstanceStatus),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a per-absence follow-up of a pupil without a case (below 5 half-days with
    # B-code); the case that opens later adopts it.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    # The school it runs for (its calendar, its roles).
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    kind: Mapped[str] = mapped_column(String(30))
    workflow_key: Mapped[str] = mapped_column(String(100))
    workflow_version: Mapped[int] = mapped_column()
    # SpiffWorkflow state without the spec (specs live in workflow_specs).
    state: Mapped[str] = mapped_column(Text, deferred=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    # Optimistic lock: every UPDATE checks and bumps it (StaleDataError → 409).
    version: Mapped[int] = mapped_column(nullable=False)
    # The earliest waiting timer: the scheduler selects on this index only.
    next_timer_due_at = mapped_column(UTCDateTime(), index=True)
    # Failed sweeps in a row; past the limit the instance becomes an incident.
    timer_failures: Mapped[int] = mapped_column(nullable=False, default=0)
    started_at = mapped_column(UTCDateTime(), nullable=False)
    ended_at = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": version}


class Incident(Model):
    """An instance whose timers kept failing: the sweep leaves it alone until an
    admin retries it (GET /api/incidents, POST /api/incidents/{id}/retry)."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instances.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # The exception's type and message (an admin reads this, so no task data).
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column()
    opened_at = mapped_column(UTCDateTime(), nullable=False)
    resolved_at = mapped_column(UTCDateTime(), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
