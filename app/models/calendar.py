"""A school's own calendar (its days off, its deadlines in school days) and its CLB's
deadlines: the local agreements each lane's director sets (app/calendar/deadlines.py)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime


class SchoolDayOff(Model):
    """A day without school at one school (pedagogische studiedag, vrije dag),
    on top of the Flemish public and school holidays."""

    __tablename__ = "school_days_off"
    __table_args__ = (UniqueConstraint("school_id", "day", name="uq_school_days_off_school_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime(), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SchoolDeadline(Model):
    """A school's own value for a school-lane deadline, set by its directie
    (app/calendar/deadlines.py has the names, their lanes and defaults)."""

    __tablename__ = "school_deadlines"
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    school_days: Mapped[int] = mapped_column()
    updated_at = mapped_column(UTCDateTime(), nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ClbDeadline(Model):
    """A CLB's own value for a CLB-lane deadline, set by its CLB-directeur for
    every school the CLB serves (the school–CLB cooperation agreement)."""

    __tablename__ = "clb_deadlines"
    clb_id: Mapped[int] = mapped_column(ForeignKey("clbs.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    school_days: Mapped[int] = mapped_column()
    updated_at = mapped_column(UTCDateTime(), nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
