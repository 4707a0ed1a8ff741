"""Column types shared by the models."""

from datetime import UTC

from sqlalchemy import CheckConstraint, DateTime
from sqlalchemy.types import TypeDecorator

# Integer primary keys are 32-bit on both backends: a larger id cannot exist,
# and handing one to the database overflows instead of finding nothing.
MAX_ID = 2**31 - 1


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on every backend.

    SQLite has no timezone type and hands back naive values; we store UTC and
    re-attach the zone on the way out, and refuse naive input on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def one_of(column: str, enum) -> CheckConstraint:
    """A CHECK constraint that keeps `column` within a vocabulary enum; named
    `ck_<table>_<column>` by the naming convention."""
    allowed = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)
