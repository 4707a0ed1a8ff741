"""The one source of "now" for services, so tests can control time."""
from datetime import datetime, timedelta, timezone

from flask import current_app


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to (tests, simulations)."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta) -> datetime:
        self.at = self.at + timedelta(**delta)
        return self.at


def init_app(app) -> None:
    app.extensions.setdefault("zorgpad.clock", SystemClock())


def now() -> datetime:
    return current_app.extensions["zorgpad.clock"].now()
