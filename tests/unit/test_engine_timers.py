"""The engine's timers run on the step's clock (no patching of datetime), in school days."""

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.calendar.school_days import add_school_days
from app.engine import runtime, specs
from app.engine.specs import SpecBundle, user_task_ids
from app.engine.timers import as_moment, engine_now, step_clock
from app.vocabulary import TimerKind

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # Tuesday, 09:00 in Brussels
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "timers_demo.bpmn"
TIMED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="tests">
  <bpmn:process id="timed" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split"/>
    <bpmn:parallelGateway id="split"/>
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="short_wait"/>
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="long_wait"/>
    <bpmn:intermediateCatchEvent id="short_wait"><bpmn:timerEventDefinition>
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P3D"</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="long_wait"><bpmn:timerEventDefinition>
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P10D"</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="short_wait" targetRef="end1"/>
    <bpmn:sequenceFlow id="f5" sourceRef="long_wait" targetRef="end2"/>
    <bpmn:endEvent id="end1"/>
    <bpmn:endEvent id="end2"/>
  </bpmn:process>
</bpmn:definitions>"""
DEADLINES = {"reminder": 5, "escalation": 10, "relapse_check": 30}


def _bundle(key, xml):
    spec, subs = specs.parse(key, xml)
    return SpecBundle(key, 1, spec, subs, user_task_ids(spec, subs))


def _functions(days_off=frozenset()):
    def school_days(start, count):
        return add_school_days(as_moment(start).date(), count, days_off)

    return {"add_school_days": school_days, "deadline": DEADLINES.__getitem__}


@pytest.fixture(scope="module")
def demo():
    return _bundle("timers_demo", FIXTURE.read_text(encoding="utf-8"))


def test_earliest_waiting_timer_is_reported_from_the_steps_clock():
    result = runtime.start(_bundle("timed", TIMED), {}, now=NOW)
    assert result.ready_tasks == []
    assert result.next_timer_due_at == NOW + timedelta(days=3)


def test_a_timer_fires_at_its_time_not_before_and_only_once():
    bundle = _bundle("timed", TIMED)
    state = runtime.start(bundle, {}, now=NOW).state
    early = runtime.fire_timers(bundle, state, now=NOW + timedelta(days=3) - timedelta(seconds=1))
    assert early.fired_timers == [] and early.next_timer_due_at == NOW + timedelta(days=3)
    due = runtime.fire_timers(bundle, early.state, now=NOW + timedelta(days=3))
    assert [t.bpmn_id for t in due.fired_timers] == ["short_wait"]
    assert due.next_timer_due_at == NOW + timedelta(days=10)
    again = runtime.fire_timers(bundle, due.state, now=NOW + timedelta(days=3))
    assert again.fired_timers == []
    late = runtime.fire_timers(bundle, again.state, now=NOW + timedelta(days=30))
    assert [t.bpmn_id for t in late.fired_timers] == ["long_wait"] and late.completed


def test_each_thread_steps_on_its_own_clock():
    bundle = _bundle("timed", TIMED)
    found = {}

    def step(name, at):
        found[name] = runtime.start(bundle, {}, now=at).next_timer_due_at

    threads = [threading.Thread(target=step, args=(i, NOW + timedelta(days=i))) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {i: NOW + timedelta(days=i + 3) for i in range(4)}


def test_the_clock_exists_only_during_a_step():
    with pytest.raises(RuntimeError):
        engine_now()
    with step_clock(NOW):
        assert engine_now() == NOW
    with pytest.raises(RuntimeError):
        engine_now()


def test_a_date_means_the_end_of_that_school_day_in_brussels():
    assert as_moment(date(2026, 12, 1)) == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert as_moment("2026-07-01") == datetime(2026, 7, 1, 14, 0, tzinfo=UTC)  # summer time
    assert as_moment("2026-12-01T10:00:00+01:00") == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_reminder_then_escalation_on_a_user_task_that_stays_open(demo):
    start = runtime.start(demo, {}, now=NOW, functions=_functions())
    (task,) = start.ready_tasks
    # 5 school days after Tuesday 24 Nov 2026: Tuesday 1 Dec, end of the school day.
    assert task.bpmn_id == "task_follow_up" and task.due_at == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert start.next_timer_due_at == task.due_at
    reminded = runtime.fire_timers(demo, start.state, now=task.due_at, functions=_functions())
    (fired,) = reminded.fired_timers
    assert (fired.kind, fired.watched_bpmn_id, fired.watched_engine_task_id) == (
        TimerKind.REMINDER,
        "task_follow_up",
        task.engine_task_id,
    )
    assert [t.bpmn_id for t in reminded.ready_tasks] == ["task_follow_up"]  # still open
    escalated = runtime.fire_timers(
        demo, reminded.state, now=reminded.next_timer_due_at, functions=_functions()
    )
    assert [t.kind for t in escalated.fired_timers] == [TimerKind.ESCALATION]
    assert sorted(t.bpmn_id for t in escalated.ready_tasks) == ["task_follow_up", "task_follow_up_escalated"]
    assert escalated.next_timer_due_at is None


def test_a_wait_for_a_date_from_a_form_holds_until_that_day(demo):
    start = runtime.start(demo, {}, now=NOW, functions=_functions())
    task = start.ready_tasks[0]
    done = runtime.complete_task(
        demo,
        start.state,
        task.engine_task_id,
        {"monitoring_until": "2027-01-15"},
        now=NOW,
        functions=_functions(),
    )
    assert done.ready_tasks == [] and done.fired_timers == []
    assert done.next_timer_due_at == datetime(2027, 1, 15, 15, tzinfo=UTC)


def test_rescheduling_counts_again_from_the_timers_own_start(demo):
    start = runtime.start(demo, {}, now=NOW, functions=_functions())
    later = NOW + timedelta(days=2)  # rescheduling happens later; the count still starts on 24 Nov
    moved, count = runtime.reschedule_timers(
        demo, start.state, now=later, functions=_functions(frozenset({date(2026, 11, 27)}))
    )
    assert count == 2  # the reminder and the escalation both move one school day
    assert moved.ready_tasks[0].due_at == datetime(2026, 12, 2, 15, tzinfo=UTC)
    assert moved.fired_timers == []
