"""Organisations and people: CLB, school, user, API token."""
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime

# Role codes keep the Dutch term of art.
SCHOOL_ROLES = ("zorgcoordinator", "secretariaat", "directie", "klastitularis")
CLB_ROLES = ("clb_medewerker", "clb_arts", "clb_directeur")
ADMIN_ROLES = ("admin",)
ALL_ROLES = SCHOOL_ROLES + CLB_ROLES + ADMIN_ROLES


class Clb(db.Model):
    __tablename__ = "clbs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    schools: Mapped[list["School"]] = relationship(back_populates="clb")


class School(db.Model):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Institution number (instellingsnummer) as used by AGODI.
    institution_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    clb_id: Mapped[int] = mapped_column(ForeignKey("clbs.id"), index=True)

    clb: Mapped[Clb] = relationship(back_populates="schools")


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Space-separated role codes (see ALL_ROLES); a person may hold several.
    roles: Mapped[str] = mapped_column(String(200))
    # Scope: a school user has school_id, a CLB user clb_id, an admin neither.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    clb_id: Mapped[int | None] = mapped_column(ForeignKey("clbs.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles.split())


class ApiToken(db.Model):
    """Opaque bearer tokens; only their SHA-256 is stored."""

    __tablename__ = "api_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at = mapped_column(UTCDateTime(), nullable=False)
    expires_at = mapped_column(UTCDateTime(), nullable=False)

    user: Mapped[User] = relationship()


class AuditEntry(db.Model):
    """Who read or changed what, outside a case's own event log (logins, reads)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime(), nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    detail: Mapped[str | None] = mapped_column(Text)
