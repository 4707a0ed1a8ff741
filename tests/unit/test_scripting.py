"""The BPMN script sandbox: what scripts may and may not do."""
import pytest

from app.engine.scripting import RestrictedEnvironment, ScriptRejected, compile_checked


@pytest.mark.parametrize("source", [
    "import os",
    "from os import path",
    "x = ().__class__",
    "x = __import__('os')",
    "x = open.__self__",
    "y = [c for c in ().__class__.__mro__]",
    "class A: pass",
    "global x",
])
def test_forbidden_constructs_are_rejected(source):
    with pytest.raises(ScriptRejected):
        compile_checked(source, "exec")


def test_builtins_are_limited_to_the_safe_set():
    env = RestrictedEnvironment({})
    with pytest.raises(NameError):
        env.execute("f = open('/etc/passwd')", {})
    with pytest.raises(NameError):
        env.evaluate("eval('1')", {})


def test_task_data_cannot_smuggle_builtins_back_in():
    env = RestrictedEnvironment({})
    context = {"__builtins__": __builtins__, "x": 1}
    with pytest.raises(NameError):
        env.evaluate("open", context)


def test_allowed_script_runs_and_updates_task_data_without_leaking_functions():
    calls = []
    env = RestrictedEnvironment({"set_phase": lambda phase, reason=None: calls.append(phase)})
    context = {"tracks": ["ocj", "police"]}
    env.execute('set_phase("fase3")\ntracks = [t for t in tracks if t != "police"]', context)
    assert calls == ["fase3"]
    assert context == {"tracks": ["ocj"]}
    assert env.evaluate('"ocj" in tracks and len(tracks) == 1', context) is True


SCRIPTED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="scripted" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="evil"/>
    <bpmn:scriptTask id="evil"><bpmn:script>SCRIPT</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="evil" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_a_bpmn_with_a_forbidden_script_is_refused_at_deploy_time():
    from app.engine.specs import SpecError, parse

    assert parse("scripted", SCRIPTED.replace("SCRIPT", "x = 1"))
    with pytest.raises(SpecError, match="evil: Import is not allowed"):
        parse("scripted", SCRIPTED.replace("SCRIPT", "import os"))


def test_a_forbidden_condition_is_refused_at_deploy_time():
    from pathlib import Path

    from app.engine.specs import SpecError, parse

    xml = (Path(__file__).resolve().parents[2] / "workflows" / "zorgpad_case.bpmn").read_text()
    bad = xml.replace('decision == "close"', 'decision.__class__ is str', 1)
    assert bad != xml
    with pytest.raises(SpecError, match="__class__"):
        parse("zorgpad_case", bad)
