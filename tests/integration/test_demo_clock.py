"""`zorgpad demo-clock`: a demo moves through time, the app, its sweep and its pages agree.

The app runs on a demo clock set to T0 (not the real date) and moved by the
command, as in `make run`."""

from datetime import timedelta

import pytest

from app.calendar.school_days import BRUSSELS
from app.clock import DemoClock
from tests.clocks import T0
from tests.walk import CaseWalk


@pytest.fixture
def demo_clock(app, tmp_path):
    demo = DemoClock(tmp_path / "demo_clock.json")
    demo.set(T0)
    app.extensions["zorgpad.clock"] = demo
    return demo


def _invoke(runner, *args):
    result = runner.invoke(args=["demo-clock", *args])
    return result.exit_code, result.output


def test_moving_the_demo_clock_fires_what_fell_due_and_every_page_says_the_new_day(
    app, runner, login, web, demo_clock
):
    walk = CaseWalk(login)  # opened at T0: its first task is due in a few school days
    assert "Tue 2026-11-24" in _invoke(runner, "show")[1]
    assert "in deze demo is het nu di 24 nov 2026 09:00" in web("zorg1").get("/taken").get_data(as_text=True)
    assert walk.login("zorg1").get("/api/tasks?overdue=true").get_json()["items"] == []

    code, output = _invoke(runner, "advance", "--school-days", "10")
    assert code == 0, output
    assert "demo clock: Tue 2026-12-08 09:00" in output  # ten school days on, same hour
    fired = int(output.split("sweep: ")[1].split(" timers")[0])
    assert fired > 0  # reminders and escalations fell due on the way
    # Sessions last 12 hours of the demo's time too: after the jump, people sign in again.
    assert walk.login("zorg1").get("/api/tasks").status_code == 401
    login.sign_in_again()
    overdue = walk.login("zorg1").get("/api/tasks?overdue=true").get_json()["items"]
    assert [t["case_id"] for t in overdue] == [walk.id] * len(overdue) and overdue
    web("zorg1").sign_in("zorg1")
    page = web("zorg1").get(f"/dossiers/{walk.id}").get_data(as_text=True)
    assert "Demoklok: in deze demo is het nu di 8 dec 2026" in page
    notices = walk.login("zorg1").get("/api/notifications").get_json()["items"]
    assert notices, "the reminders the sweep sent"
    # The forms' "now" is the demo's: the journal's "Wanneer" starts on 8 December.
    assert 'name="occurred_at" value="2026-12-08T09:00"' in page


def test_the_demo_clock_moves_forward_unless_told_and_only_in_demo_mode(app, runner, demo_clock):
    code, output = _invoke(runner, "set", "2026-11-20")
    assert code == 1 and "before the demo's now" in output and "--back" in output
    code, output = _invoke(runner, "set", "2027-01-15T14:00", "--no-sweep")
    assert code == 0 and "Fri 2027-01-15 14:00" in output
    assert demo_clock.now().astimezone(BRUSSELS).date().isoformat() == "2027-01-15"
    code, output = _invoke(runner, "set", "2026-11-20", "--back", "--no-sweep")
    assert code == 0, output
    code, output = _invoke(runner, "set", "15/01/2027")
    assert code == 2 and "2027-01-15T14:00" in output  # says what it expects
    code, output = _invoke(runner, "reset")
    assert code == 0 and demo_clock.offset == timedelta(0)
    app.config["DEMO_MODE"] = False
    code, output = _invoke(runner, "show")
    assert code == 1 and "ZORGPAD_DEMO_MODE=1" in output
