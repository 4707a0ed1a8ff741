"""The clock setting every served app, scheduler and command reads (ZORGPAD_NOW)."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from app import create_app
from app.clock import FixedClock, ShiftedClock, SystemClock, from_settings, parse_moment

FRIDAY = parse_moment("2026-12-18T09:00:00+01:00")


def test_a_shifted_clock_shows_its_moment_at_its_start_and_runs_on():
    since = time.time() - 30  # set 30 real seconds ago
    clock = ShiftedClock(FRIDAY, since)
    shown = clock.now()
    assert timedelta(seconds=29) <= shown - FRIDAY <= timedelta(seconds=60)
    assert shown.tzinfo is not None
    later = clock.now()
    assert later >= shown  # it runs


def test_processes_given_the_same_pair_share_one_timeline():
    since = repr(time.time())
    first, second = from_settings(FRIDAY.isoformat(), since), from_settings(FRIDAY.isoformat(), since)
    assert abs(first.now() - second.now()) < timedelta(seconds=1)


def test_without_a_setting_the_real_clock_and_a_naive_moment_is_refused():
    assert isinstance(from_settings(None, None), SystemClock)
    with pytest.raises(ValueError, match="offset"):
        from_settings("2026-12-18T09:00:00", None)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 12, 18, 9))


def test_the_app_reads_zorgpad_now(monkeypatch, tmp_path):
    monkeypatch.setenv("ZORGPAD_NOW", "2028-02-29T09:00:00+01:00")
    monkeypatch.setenv("ZORGPAD_NOW_SINCE", repr(time.time()))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        from app import clock

        assert clock.today().isoformat() == "2028-02-29"
        assert clock.now().astimezone(UTC).hour == 8


def test_the_demo_clock_is_shared_through_its_file_and_read_again_when_it_changes(tmp_path):
    from app.clock import DemoClock

    path = tmp_path / "demo_clock.json"
    setter, server = DemoClock(path), DemoClock(path)  # two processes of one demo
    assert server.offset == timedelta(0)  # no file: not moved
    setter.set(FRIDAY)
    assert timedelta(0) <= server.now() - FRIDAY < timedelta(seconds=30)
    monday = parse_moment("2026-12-21T08:30:00+01:00")
    setter.set(monday)
    assert timedelta(0) <= server.now() - monday < timedelta(seconds=30)
    setter.reset()
    assert server.offset == timedelta(0)
    with pytest.raises(ValueError, match="timezone"):
        setter.set(datetime(2026, 12, 18, 9))


def test_in_demo_mode_the_app_runs_on_the_demo_clock_unless_zorgpad_now_is_set(monkeypatch, tmp_path):
    from app import clock
    from app.clock import DemoClock

    monkeypatch.delenv("ZORGPAD_NOW", raising=False)
    monkeypatch.setenv("ZORGPAD_DEMO_CLOCK_FILE", str(tmp_path / "demo_clock.json"))
    DemoClock(tmp_path / "demo_clock.json").set(FRIDAY)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "DEMO_MODE": True}
    with create_app(config).app_context():
        assert clock.today().isoformat() == "2026-12-18" and clock.demo_clock() is not None
    monkeypatch.setenv("ZORGPAD_NOW", "2028-02-29T09:00:00+01:00")
    with create_app(config).app_context():
        assert clock.today().isoformat() == "2028-02-29" and clock.demo_clock() is None
