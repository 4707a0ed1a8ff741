"""Deployed BPMN specifications, one row per (key, version)."""
from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


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
