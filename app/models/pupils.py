"""Pupils (leerlingen), their domicile and their parents' and guardians' contacts."""

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from app.extensions import Model
from app.models.types import one_of
from app.vocabulary import ContactRelation

if TYPE_CHECKING:
    from app.models.org import User


class TextLines(TypeDecorator):
    """A list of short texts (a contact's phone numbers) kept as one text, a line
    each: compared as text by the roster import's SQL, the same on every backend."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return "\n".join(value or ())

    def process_result_value(self, value, dialect):
        return value.split("\n") if value else []


class Domicile(NamedTuple):
    address: str
    checked_on: date | None
    checked_by: "User | None"


class Pupil(Model):
    __tablename__ = "pupils"
    __table_args__ = (
        # The school software's own number identifies a pupil within a school.
        UniqueConstraint("school_id", "external_id", name="uq_pupils_school_external"),
        Index("ix_pupils_name", "last_name", "first_name", "id"),  # lists by name (0019)
        # The search (services/pupils.pupil_matches): the pupil number here; on PostgreSQL
        # also a trigram index on lower(first_name || ' ' || last_name), in 0026_read_indexes only.
        Index("ix_pupils_external_id", "external_id"),
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
    # Where the pupil is domiciled (one line: street, number, postcode, town), and
    # when and by whom it was last checked (the police and AGODI documents ask).
    domicile_address: Mapped[str | None] = mapped_column(String(300))
    domicile_checked_on: Mapped[date | None] = mapped_column(Date)
    domicile_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Retention (app/services/rights/retention.py): the day the pupil's guidance data were
    # purged (all of it, or only the school's part while the CLB's file must be kept).
    purged_on: Mapped[date | None] = mapped_column(Date)
    school_part_purged_on: Mapped[date | None] = mapped_column(Date)

    domicile_checked_by: Mapped["User | None"] = relationship(foreign_keys=[domicile_checked_by_id])
    contacts: Mapped[list["PupilContact"]] = relationship(
        order_by="(PupilContact.position, PupilContact.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def domicile(self) -> Domicile | None:
        if self.domicile_address is None:
            return None
        return Domicile(self.domicile_address, self.domicile_checked_on, self.domicile_checked_by)


class PupilContact(Model):
    """A parent, guardian or other contact person of a pupil, in the school's order.
    No national register number: no recipient's form asks for it (DEVELOPERS.md)."""

    __tablename__ = "pupil_contacts"
    __table_args__ = (one_of("relation", ContactRelation),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    phones: Mapped[list[str]] = mapped_column(TextLines(), default=list)
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(8))  # ISO 639 code, e.g. nl, fr, ar
    parental_authority: Mapped[bool | None] = mapped_column(Boolean)  # None: not known
    checked_on: Mapped[date] = mapped_column(Date)
    # None: read from the school's file on the server's command line (no signed-in user).
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    checked_by: Mapped["User | None"] = relationship(foreign_keys=[checked_by_id])
