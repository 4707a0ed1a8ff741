"""The stock SpiffWorkflow step, the yardstick of service_step_ratio.

SpiffWorkflow as its README shows it: its own BpmnWorkflowSerializer (the spec in
the state), stdlib json, its own PythonScriptEngine. One step = restore the saved
state, complete one user task with the form's data, run the engine steps, serialize
again. Our document service tasks are plain tasks here (stock Spiff has no service
for them and cannot serialize their spec); the functions the process's timers call
answer a date a year ahead, so no wait ends.
"""

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

ROOT = Path(__file__).resolve().parents[1]
BPMN = ROOT / "workflows" / "zorgpad_case.bpmn"
FORMS = ROOT / "forms"


def example(task_id: str, **overrides) -> dict:
    """The form's first example (forms/<task>.schema.json), as a user would fill it."""
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    return {**schema["examples"][0], **overrides}


def facts(absence_type: str) -> dict:
    """What the service hands the engine at the start of a case."""
    return {
        "absence_type": absence_type,
        "b_count": 0,
        "compulsory": True,
        "clb_involved": False,
        "formal_plan": False,
        "resume_phase": None,
    }


class StockStep:
    """One user task of a process, ready in a saved state; `once()` times one step."""

    def __init__(self, xml: str, key: str, start_data: dict, task_id: str | None, task_data: dict):
        from app.engine.effects import SCRIPT_FUNCTIONS

        xml = xml.replace("<serviceTask ", "<task ").replace("</serviceTask>", "</task>")
        parser = BpmnParser()
        parser.add_bpmn_str(xml.encode("utf-8"))
        spec, subs = parser.get_spec(key), parser.get_subprocess_specs(key)
        self.serializer = BpmnWorkflowSerializer()
        ahead = (datetime.now(UTC) + timedelta(days=365)).isoformat()
        self.engine = PythonScriptEngine(
            environment=TaskDataEnvironment(
                {
                    **{name: (lambda *a, **k: None) for name in SCRIPT_FUNCTIONS},
                    "add_school_days": lambda *a: ahead,
                    "deadline": lambda name: 0,
                    "timer_start": ahead,
                }
            )
        )
        workflow = BpmnWorkflow(spec, subs, script_engine=self.engine)
        workflow.task_tree.data.update(start_data)
        workflow.do_engine_steps()
        self.state = self.serializer.serialize_json(workflow)
        self.task_id, self.task_data = task_id, task_data
        self.state_bytes = len(self.state)

    def once(self) -> float:
        start = time.perf_counter()
        workflow = self.serializer.deserialize_json(self.state)
        workflow.script_engine = self.engine
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        task = next(t for t in ready if self.task_id in (None, t.task_spec.bpmn_id))
        task.data.update(self.task_data)
        task.run()
        workflow.do_engine_steps()
        self.serializer.serialize_json(workflow)
        return time.perf_counter() - start


def main_process_step(task_id: str, absence_type: str) -> StockStep:
    """A user task of our main process (workflows/zorgpad_case.bpmn), its form's example."""
    return StockStep(
        BPMN.read_text(encoding="utf-8"),
        "zorgpad_case",
        facts(absence_type),
        task_id,
        example(task_id) | facts(absence_type),
    )
