"""Pupils (leerlingen)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class Pupil(Model):
    __tablename__ = "pupils"
    __table_args__ = (
        # The school software's own number identifies a pupil within a school.
        UniqueConstraint("school_id", "external_id", name="uq_pupils_school_external"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    class_name: Mapped[str | None] = mapped_column(String(40))
    # A secondary-education diploma ends compulsory education before 18.
    diploma_on: Mapped[date | None] = mapped_column(Date)
