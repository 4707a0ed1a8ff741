"""The next timer due time the engine reports (stored in cases.next_timer_due_at)."""
from datetime import datetime, timedelta, timezone

import pytest
from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer

from app.engine import runtime, specs
from app.engine.specs import SpecBundle, user_task_ids

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
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


class FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        return NOW if tz is None else NOW.astimezone(tz)


@pytest.fixture
def frozen_engine_clock(monkeypatch):
    # SpiffWorkflow stamps timer starts with datetime.now(); hold it still.
    monkeypatch.setattr(spiff_timer, "datetime", FrozenDatetime)


def test_earliest_waiting_timer_is_reported(frozen_engine_clock):
    spec, subs = specs.parse("timed", TIMED)
    result = runtime.start(SpecBundle("timed", 1, spec, subs, user_task_ids(spec, subs)), {})
    assert result.ready_tasks == []
    assert result.next_timer_due_at == NOW + timedelta(days=3)

