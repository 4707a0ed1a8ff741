"""Organisations and people: CLB, school, user and roles, API token, audit log."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, one_of
from app.vocabulary import SCHOOL_ROLES, EmailFrequency, Role

_SCHOOL_ROLE_LIST = ", ".join(f"'{role.value}'" for role in sorted(SCHOOL_ROLES))


class Clb(Model):
    __tablename__ = "clbs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    schools: Mapped[list["School"]] = relationship(back_populates="clb")


class School(Model):
    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(f"parent_contact_role IN ({_SCHOOL_ROLE_LIST})", name="parent_contact_role"),
        CheckConstraint(f"pupil_talk_role IN ({_SCHOOL_ROLE_LIST})", name="pupil_talk_role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Institution number (instellingsnummer) as used by AGODI.
    institution_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    clb_id: Mapped[int] = mapped_column(ForeignKey("clbs.id"), index=True)
    # The school's own agreement on who does what at each absence ("afspraken
    # binnen school wie contact opneemt"): these roles get the per-absence tasks.
    parent_contact_role: Mapped[str] = mapped_column(
        String(30), default="secretariaat", server_default="secretariaat"
    )
    pupil_talk_role: Mapped[str] = mapped_column(
        String(30), default="klastitularis", server_default="klastitularis"
    )
    # Buitengewoon onderwijs: the CLB keeps the file of a pupil whose last school it
    # was until the age of 30, not 25 (app/services/rights/retention.py).
    special_education: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    clb: Mapped[Clb] = relationship(back_populates="schools")


class User(Model):
    __tablename__ = "users"
    __table_args__ = (one_of("email_frequency", EmailFrequency),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Scope: a school user has school_id, a CLB user clb_id, an admin neither.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    clb_id: Mapped[int | None] = mapped_column(ForeignKey("clbs.id"), index=True)
    # Where notifications are e-mailed (when SMTP is configured); optional.
    email: Mapped[str | None] = mapped_column(String(254))
    # Each notification mailed at once, in one daily digest, or not (app/services/mail.py).
    email_frequency: Mapped[str] = mapped_column(
        String(10), default=EmailFrequency.IMMEDIATE, server_default=EmailFrequency.IMMEDIATE.value
    )
    last_digest_at = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(default=True)

    role_rows: Mapped[list["UserRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)


class UserRole(Model):
    """A person may hold several roles (e.g. zorgcoördinator and klastitularis)."""

    __tablename__ = "user_roles"
    __table_args__ = (one_of("role", Role),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)


class ApiToken(Model):
    """Opaque bearer tokens; only their SHA-256 is stored."""

    __tablename__ = "api_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    expires_at = mapped_column(UTCDateTime(), nullable=False)

    user: Mapped[User] = relationship()


class LoginAttempt(Model):
    """Sign-in attempts of the last day, to slow down password guessing."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime(), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(80))  # as typed, lower-cased
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)


class AuditEntry(Model):
    """Who read or changed what, outside a case's own event log (logins, reads)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime(), nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))  # an AuditAction
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    detail: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()
