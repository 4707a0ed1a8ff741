"""What the CLB wrote "voor de school" on a step, as a notice school staff read
and acknowledge (who and when)."""

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.org import User
from app.models.types import UTCDateTime


class CaseNotice(Model):
    __tablename__ = "case_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # The school the notice is for (the case's school when it was written).
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    # The CLB step it came from (its task row and element id), and its title.
    task_id: Mapped[int | None] = mapped_column(ForeignKey("case_tasks.id"))
    bpmn_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    # Only what the CLB wrote in the "voor de school" fields: the text, and the
    # structured part (e.g. {"p_period": {"kind": "naft", "from": …, "until": …}}).
    text: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
