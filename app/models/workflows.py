"""Deployed BPMN specifications, and the running instances of them."""
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, one_of
from app.vocabulary import InstanceKind, InstanceStatus


class WorkflowSpec(db.Model):
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


class WorkflowInstance(db.Model):
    """One running (or ended) process of a case: its main path, or a short
    process for recurring work, so no single state grows with a school year."""

    __tablename__ = "workflow_instances"
    __table_args__ = (
        one_of("kind", InstanceKind),
        one_of("status", InstanceStatus),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
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
    started_at = mapped_column(UTCDateTime(), nullable=False)
    ended_at = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": version}
