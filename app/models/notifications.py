"""Notifications for one user (reminders, escalations), with their e-mail outbox state."""

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, one_of
from app.vocabulary import EmailStatus, NotificationKind


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        one_of("kind", NotificationKind),
        one_of("email_status", EmailStatus),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("case_tasks.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    read_at = mapped_column(UTCDateTime())
    # The e-mail outbox: pending rows are sent after the step's commit.
    email_status: Mapped[str] = mapped_column(String(10), index=True)
