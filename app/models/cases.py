"""A pupil's case (dossier): its workflow state, task index, journal and events."""

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.org import User
from app.models.pupils import Pupil
from app.models.types import UTCDateTime, one_of
from app.models.workflows import WorkflowInstance
from app.vocabulary import (
    AbsenceType,
    CaseStatus,
    CaseTrack,
    Channel,
    EventKind,
    InstanceKind,
    InstanceStatus,
    JournalKind,
    Lane,
    Phase,
    TaskStatus,
    Visibility,
)


class Case(Model):
    __tablename__ = "cases"
    __table_args__ = (
        # At most one case that is not closed per pupil.
        Index(
            "uq_cases_one_open_per_pupil",
            "pupil_id",
            unique=True,
            sqlite_where=text("status NOT IN ('closed', 'cancelled')"),
            postgresql_where=text("status NOT IN ('closed', 'cancelled')"),
        ),
        Index("ix_cases_opened", "opened_at", "id"),  # the caseload, newest first (0019)
        # The caseload's phase and overdue filters answered together (0029_case_next_due).
        Index("ix_cases_phase_school_due", "phase", "school_next_due_at"),
        Index("ix_cases_phase_due", "phase", "next_due_at"),
        one_of("status", CaseStatus),
        one_of("track", CaseTrack),
        one_of("phase", Phase),
        one_of("absence_type", AbsenceType),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    # The school the case belongs to now; earlier schools are in case_schools.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    phase: Mapped[str] = mapped_column(String(20), index=True)
    absence_type: Mapped[str] = mapped_column(String(30))
    track: Mapped[str] = mapped_column(String(10), default=CaseTrack.CARE, server_default=CaseTrack.CARE)
    # Optimistic lock: every UPDATE checks and bumps it (StaleDataError → 409).
    version: Mapped[int] = mapped_column(nullable=False)
    opened_at = mapped_column(UTCDateTime(), nullable=False)
    # None: opened by an absence import from the command line (no signed-in user).
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at = mapped_column(UTCDateTime())
    # From the signal or the referral on the CLB sees the case; before, not.
    clb_since = mapped_column(UTCDateTime())
    # The school-year B count as the case knows it (from forms, or carried over
    # at a school change) and the day it was recorded: a count from an earlier
    # school year no longer counts (app/services/absences/counts.py).
    b_count: Mapped[int | None] = mapped_column()
    b_count_on = mapped_column(Date())
    # The count the pupil brought from the previous school at a school change (the
    # dates stay there); later B registrations are added to it.
    carried_b_count: Mapped[int | None] = mapped_column()
    carried_b_count_on = mapped_column(Date())
    # What the CLB agreed with the school at the end of guidance; the school sees it.
    followup_agreements: Mapped[dict | None] = mapped_column(JSON)
    # The dossierverantwoordelijken: the school's (default: who opened the case) and
    # the CLB's (named when the CLB accepts); each side's later tasks go to its own
    # (app/services/cases/owners.py, app/services/steps/assignment.py).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    clb_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The earliest due date of the case's open tasks, of any lane and of the school
    # lane only (what a school user sees): the caseload's `overdue` filter reads them
    # from an index. Kept by app/storage/case_due.py at every commit that touched a
    # task row; written by Core, so they never bump `version`.
    next_due_at = mapped_column(UTCDateTime())
    school_next_due_at = mapped_column(UTCDateTime())

    pupil: Mapped[Pupil] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    clb_owner: Mapped[User | None] = relationship(foreign_keys=[clb_owner_id])
    # The case's main path (the care continuum); other instances run recurring work.
    # A school change cancels the main instance and starts a new one for the
    # new school, so the one that is not cancelled is the current one.
    main_instance: Mapped[WorkflowInstance] = relationship(
        primaryjoin=lambda: (
            (WorkflowInstance.case_id == Case.id)
            & (WorkflowInstance.kind == InstanceKind.CASE)
            & (WorkflowInstance.status != InstanceStatus.CANCELLED)
        ),
        viewonly=True,
        uselist=False,
        lazy="joined",
    )

    # Every main-path instance, newest first: a cancelled case has no live one,
    # yet its page still shows the path it ran on.
    path_instances: Mapped[list[WorkflowInstance]] = relationship(
        primaryjoin=lambda: (
            (WorkflowInstance.case_id == Case.id) & (WorkflowInstance.kind == InstanceKind.CASE)
        ),
        order_by=lambda: WorkflowInstance.id.desc(),
        viewonly=True,
        lazy="select",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def path_instance(self) -> WorkflowInstance:
        return self.main_instance or self.path_instances[0]

    @property
    def workflow_key(self) -> str:
        return self.path_instance.workflow_key

    @property
    def workflow_version(self) -> int:
        return self.path_instance.workflow_version

    @property
    def next_timer_due_at(self):
        return None if self.main_instance is None else self.main_instance.next_timer_due_at


class CaseSchool(Model):
    """The schools a case belonged to, and when: after a school change the old
    school keeps read-only access to its own period, nothing after."""

    __tablename__ = "case_schools"
    __table_args__ = (
        one_of("status_at_leaving", CaseStatus),
        one_of("phase_at_leaving", Phase),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    since = mapped_column(UTCDateTime(), nullable=False)
    until = mapped_column(UTCDateTime())  # None: the current school
    # What the old school last saw of the case, frozen at the move.
    status_at_leaving: Mapped[str | None] = mapped_column(String(20))
    phase_at_leaving: Mapped[str | None] = mapped_column(String(20))


class CaseTask(Model):
    """Index of every user task the engine created, kept in step with it."""

    __tablename__ = "case_tasks"
    __table_args__ = (
        Index("ix_case_tasks_open_scope", "status", "lane", "school_id"),
        # Mijn taken's order (worklist.py: due_at NULLS LAST, id), read from the index.
        # On PostgreSQL with case_id (INCLUDE, 0026): the caseload's "overdue" from the index alone.
        Index(
            "ix_case_tasks_open_due",
            "status",
            "lane",
            "school_id",
            "due_at",
            "id",
            postgresql_include=["case_id"],
        ),
        # Mijn taken's own tab: a user's open tasks in that order (0030).
        Index("ix_case_tasks_mine", "assignee_id", "status", "due_at", "id"),
        one_of("status", TaskStatus),
        one_of("lane", Lane),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a follow-up task of a pupil without a case (see WorkflowInstance.case_id).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instances.id"), index=True)
    engine_task_id: Mapped[str] = mapped_column(String(36), unique=True)
    bpmn_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    lane: Mapped[str] = mapped_column(String(20))
    # The school the task was created for (CLB users reach it through
    # schools.clb_id); it never moves: a school change cancels open tasks.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # ix_case_tasks_mine
    created_at = mapped_column(UTCDateTime(), nullable=False)
    due_at = mapped_column(UTCDateTime(), index=True)
    completed_at = mapped_column(UTCDateTime())
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict | None] = mapped_column(JSON)

    case: Mapped[Case | None] = relationship()
    pupil: Mapped[Pupil] = relationship()
    instance: Mapped[WorkflowInstance] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])


class JournalEntry(Model):
    """Dossier van begeleidende maatregelen: contacts, attempts, measures, notes."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        one_of("kind", JournalKind),
        one_of("channel", Channel),
        one_of("visibility", Visibility),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # The case's school when the entry was written: another school never reads it.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str | None] = mapped_column(String(30))
    occurred_at = mapped_column(UTCDateTime(), nullable=False)
    outcome: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime(), nullable=False)

    author: Mapped[User] = relationship()


class CaseEvent(Model):
    """Append-only log of what happened to a case: who, when, what, old → new."""

    __tablename__ = "case_events"
    __table_args__ = (
        one_of("kind", EventKind),
        one_of("visibility", Visibility),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # None: an event of a pupil's follow-up without a case (the pupil's timeline).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    # The case's school when it happened: the rule for who reads it after a move.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    at = mapped_column(UTCDateTime(), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    what: Mapped[str] = mapped_column(String(200))
    old_value: Mapped[str | None] = mapped_column(String(200))
    new_value: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    # CLB-lane detail stays with the CLB (professional secrecy).
    visibility: Mapped[str] = mapped_column(String(10), default=Visibility.SHARED)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("case_tasks.id"))

    actor: Mapped[User | None] = relationship()
    # Set on creation so one flush inserts a step's new tasks and their events.
    task: Mapped[CaseTask | None] = relationship()
