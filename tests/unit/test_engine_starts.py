"""engine.Starter: equal starts run through the engine once; the copies are real instances."""

import json
from pathlib import Path

from app.engine import Starter, runtime, specs
from app.engine.specs import SpecBundle, user_task_ids
from app.engine.starts import UUID_TEXT
from tests.unit.case_engine import FUNCTIONS, NOW

ROOT = Path(__file__).resolve().parents[2]
FACTS = {
    "absence_type": "onbekend",
    "b_count": 1,
    "compulsory": True,
    "clb_involved": False,
    "first_absence_on": "2026-11-23",
}


def _bundle(key):
    spec, subs = specs.parse(key, (ROOT / "workflows" / f"{key}.bpmn").read_text(encoding="utf-8"))
    return SpecBundle(key, 1, spec, subs, user_task_ids(spec, subs))


def test_a_copied_start_has_its_own_task_ids_and_runs_like_the_first():
    bundle = _bundle("zorgpad_absence_followup")
    starter = Starter(bundle, now=NOW, functions=FUNCTIONS)
    first, copy = starter.start(FACTS), starter.start(FACTS)
    assert [t.bpmn_id for t in copy.ready_tasks] == [t.bpmn_id for t in first.ready_tasks]
    assert not set(UUID_TEXT.findall(first.state)) & set(UUID_TEXT.findall(copy.state))
    assert {t.engine_task_id for t in copy.ready_tasks} <= set(UUID_TEXT.findall(copy.state))
    # The copy steps on: the parents' contact done, the talk on return still open.
    contact = next(t for t in copy.ready_tasks if t.bpmn_id == "task_absence_contact_parents")
    schema = json.loads((ROOT / "forms" / "task_absence_contact_parents.schema.json").read_text("utf-8"))
    data = dict.fromkeys(schema["properties"]) | schema["examples"][0]
    after = runtime.complete_task(
        bundle, copy.state, contact.engine_task_id, data, now=NOW, functions=FUNCTIONS
    )
    assert [t.bpmn_id for t in after.ready_tasks] == ["task_absence_pupil_talk"]
    # Other data: a start of its own (school refusal asks the pupil first).
    refusal = starter.start(FACTS | {"absence_type": "schoolweigering"})
    assert [t.bpmn_id for t in refusal.ready_tasks] == ["task_absence_ask_pupil"]
