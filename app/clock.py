"""The one source of "now" for services, so tests and demos can control time.

A served app, its scheduler and every `zorgpad` command read the same setting:
`ZORGPAD_NOW` (an ISO moment with offset) is what the clock shows at the real
moment `ZORGPAD_NOW_SINCE` (Unix seconds; default: when the process started), and
it runs on from there. Several processes given the same pair share one timeline,
so a test can serve the app on any day it chooses.

In demo mode without that setting, the demo clock (`zorgpad demo-clock set …`) is
a file in the instance folder that every process of the demo reads when it
changes: the app servers, the scheduler, the forms and any command agree on
"today" however far the demo has moved.
"""

import json
import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


class DemoClock:
    """The real clock, moved by what the demo-clock file says (no file: not moved).

    The file holds the moment the demo was set to and the real second it was set
    at; the clock runs on from there. Read again only when its mtime changes, so
    `now()` costs a stat."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: int | None = None
        self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        try:
            stamp: int | None = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._offset = _read_offset(self.path) if stamp is not None else timedelta(0)
            self._stamp = stamp
        return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, at: datetime) -> None:
        """Show `at` now, for every process of the demo (written whole, then renamed)."""
        if at.tzinfo is None:
            raise ValueError("the demo clock needs a timezone-aware datetime")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps({"at": at.isoformat(), "since": time.time()}), encoding="utf-8")
        os.replace(scratch, self.path)

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)


def _read_offset(path: Path) -> timedelta:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return parse_moment(stored["at"]) - datetime.fromtimestamp(float(stored["since"]), UTC)
    except FileNotFoundError:
        return timedelta(0)


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
    if isinstance(setting, SystemClock) and app.config.get("DEMO_MODE"):
        setting = DemoClock(Path(app.config["DEMO_CLOCK_FILE"]))
    app.extensions.setdefault("zorgpad.clock", setting)


def demo_clock():
    """The app's demo clock, or None when it runs on another (real, set, fixed)."""
    clock = current_app.extensions["zorgpad.clock"]
    return clock if isinstance(clock, DemoClock) else None


def now() -> datetime:
    return current_app.extensions["zorgpad.clock"].now()


def today() -> date:
    """Today in Brussels, by the app's clock."""
    return now().astimezone(BRUSSELS).date()
