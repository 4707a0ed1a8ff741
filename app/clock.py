"""The one source of "now" for services, so tests and demos can control time.

A served app, its scheduler and every `zorgpad` command read the same setting:
`ZORGPAD_NOW` (an ISO moment with offset) is what the clock shows at the real
moment `ZORGPAD_NOW_SINCE` (Unix seconds; default: when the process started), and
it runs on from there. Several processes given the same pair share one timeline,
so a test can serve the app on any day it chooses.
"""

import time
from datetime import UTC, date, datetime, timedelta

from flask import current_app

from app.calendar.school_days import BRUSSELS


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """The real clock moved by a fixed offset: it runs, but on another day."""

    def __init__(self, at: datetime, since: float | None = None):
        if at.tzinfo is None:
            raise ValueError("ShiftedClock needs a timezone-aware datetime")
        real = datetime.fromtimestamp(time.time() if since is None else since, UTC)
        self.offset = at - real

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


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


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment with its offset (a naive one is refused: whose 09:00?)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r}: give an offset, e.g. 2026-12-18T09:00:00+01:00")
    return moment


def from_settings(now: str | None, since: str | None):
    if not now:
        return SystemClock()
    return ShiftedClock(parse_moment(now), float(since) if since else None)


def init_app(app) -> None:
    setting = from_settings(app.config.get("NOW"), app.config.get("NOW_SINCE"))
    app.extensions.setdefault("zorgpad.clock", setting)


def now() -> datetime:
    return current_app.extensions["zorgpad.clock"].now()


def today() -> date:
    """Today in Brussels, by the app's clock."""
    return now().astimezone(BRUSSELS).date()
