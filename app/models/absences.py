"""Absence registrations per half-day, their imports and episodes, the school's
thresholds, and the school–CLB absence meeting (overleg afwezigheden)."""

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.pupils import Pupil
from app.models.types import UTCDateTime, one_of
from app.vocabulary import (
    AbsenceCode,
    HalfDay,
    ImportChannel,
    ImportFormat,
    LateRule,
    MeetingCadence,
    MeetingDecision,
)


class AbsenceImport(Model):
    """One accepted absence file: who sent it, how, and what it changed.
    A refused file leaves no row here (only an audit entry)."""

    __tablename__ = "absence_imports"
    __table_args__ = (
        one_of("format", ImportFormat),
        one_of("channel", ImportChannel),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    # None: the command line on the server (an operator, not a signed-in user).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(10))
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str | None] = mapped_column(String(255))
    imported_at = mapped_column(UTCDateTime(), nullable=False)
    rows_total: Mapped[int] = mapped_column()
    rows_new: Mapped[int] = mapped_column()
    rows_changed: Mapped[int] = mapped_column()
    rows_unchanged: Mapped[int] = mapped_column()


class AbsenceRegistration(Model):
    """A pupil's absence code for one half-day, as the school registered it.

    Keyed by (pupil, day, half-day): a re-import updates the row. `code` is
    the official code (or L / - for late / pending); `original_code` is the
    letter as the school's software exported it (D stays visible as D).
    """

    __tablename__ = "absence_registrations"
    __table_args__ = (
        # Also serves every per-pupil query (a pupil's year, in order).
        UniqueConstraint("pupil_id", "day", "half_day", name="uq_absence_registrations_pupil_half_day"),
        # Per-school statistics and the meeting agenda: one school year at a time.
        Index("ix_absence_registrations_school_day", "school_id", "day"),
        one_of("half_day", HalfDay),
        one_of("code", AbsenceCode),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    # The school that registered it: after a school change only the B count
    # moves with the pupil, the dates stay with the school that wrote them.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    day: Mapped[date] = mapped_column(Date)
    half_day: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(1))
    original_code: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(String(500))
    # The school marked the half-day as an extended holiday (luxeverzuim: a
    # holiday taken in school time); the B in September/October sign leaves it out.
    extended_holiday: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The import that last changed this row.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("absence_imports.id"))
    updated_at = mapped_column(UTCDateTime(), nullable=False)


class AbsenceEpisode(Model):
    """Consecutive B half-days of one pupil: one follow-up each (contact the
    parents, talk with the pupil on return), not one per half-day.

    Written by the import. `followup_started_at` and `case_id` belong to the
    care path: an episode without them is a follow-up still to start. An
    episode that a later B joined to an earlier one points to it with
    `merged_into_id`; one whose B-codes were all justified later keeps its row
    with `b_half_days = 0`.
    """

    __tablename__ = "absence_episodes"
    __table_args__ = (
        Index("ix_absence_episodes_pupil_year", "pupil_id", "school_year"),
        one_of("first_half_day", HalfDay),
        one_of("last_half_day", HalfDay),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    school_year: Mapped[str] = mapped_column(String(9))
    first_day: Mapped[date] = mapped_column(Date)
    first_half_day: Mapped[str] = mapped_column(String(2))
    last_day: Mapped[date] = mapped_column(Date)
    last_half_day: Mapped[str] = mapped_column(String(2))
    b_half_days: Mapped[int] = mapped_column()
    # Unannounced half-days (code -) in the run: followed up the same day, before a B.
    pending_half_days: Mapped[int] = mapped_column(default=0, server_default="0")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("absence_imports.id"))
    created_at = mapped_column(UTCDateTime(), nullable=False)
    updated_at = mapped_column(UTCDateTime(), nullable=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("absence_episodes.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    followup_started_at = mapped_column(UTCDateTime())
    # The follow-up the episode started: cancelled when every half-day of it is justified.
    followup_instance_id: Mapped[int | None] = mapped_column(ForeignKey("workflow_instances.id"))


class SchoolAbsenceSettings(Model):
    """A school's own thresholds (only what differs from the defaults in
    app/services/absences/settings.py) and its absence-meeting cadence."""

    __tablename__ = "school_absence_settings"
    __table_args__ = (one_of("meeting_cadence", MeetingCadence), one_of("late_becomes_b", LateRule))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    thresholds: Mapped[dict] = mapped_column(JSON)
    meeting_cadence: Mapped[str] = mapped_column(String(10))
    # The local police protocol the school works under (its name), if any: its
    # threshold (thresholds.police_protocol_b) only counts when one is named.
    police_protocol: Mapped[str | None] = mapped_column(String(200))
    # When a late arrival (L) becomes B: never, after `late_becomes_b_minutes`, or after one lesson hour.
    late_becomes_b: Mapped[str] = mapped_column(
        String(12), default=LateRule.NONE, server_default=LateRule.NONE.value
    )
    late_becomes_b_minutes: Mapped[int | None] = mapped_column()
    updated_at = mapped_column(UTCDateTime(), nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AbsenceMeeting(Model):
    """One school–CLB absence meeting, with the agenda generated when it was created."""

    __tablename__ = "absence_meetings"
    __table_args__ = (UniqueConstraint("school_id", "held_on", name="uq_absence_meetings_school_held_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    school_year: Mapped[str] = mapped_column(String(9))
    note: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    items: Mapped[list["AbsenceMeetingItem"]] = relationship(
        back_populates="meeting", order_by="AbsenceMeetingItem.id", cascade="all, delete-orphan"
    )


class AbsenceMeetingItem(Model):
    """A pupil on a meeting's agenda: why (figures and signals as they were
    when the agenda was made) and what the meeting decided."""

    __tablename__ = "absence_meeting_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "pupil_id", name="uq_absence_meeting_items_meeting_pupil"),
        one_of("decision", MeetingDecision),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("absence_meetings.id"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    b_count: Mapped[int] = mapped_column()
    compulsory: Mapped[bool] = mapped_column()
    # Why the pupil is on the agenda: list of reasons (b_signal, a signal rule, open_case).
    reasons: Mapped[list] = mapped_column(JSON)
    signals: Mapped[list] = mapped_column(JSON)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_at = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Where the decision was written in the case (its journal), if there was one.
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))

    meeting: Mapped[AbsenceMeeting] = relationship(back_populates="items")
    pupil: Mapped[Pupil] = relationship()
