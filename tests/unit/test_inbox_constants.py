"""The CLB inbox names care-path tasks and a form field: they must exist in
workflows/ and forms/ (a care-path change that renames them fails here)."""

from pathlib import Path

from app.engine import specs
from app.services.cases.inbox import HELP_QUESTION_FIELDS, REFERRAL_TASKS
from app.services.forms import load_form

ROOT = Path(__file__).resolve().parents[2]


def _user_tasks():
    xml = (ROOT / "workflows" / "zorgpad_case.bpmn").read_text(encoding="utf-8")
    spec, subs = specs.parse("zorgpad_case", xml)
    return specs.user_task_ids(spec, subs)


def test_referral_tasks_and_help_question_fields_exist_in_the_care_path():
    tasks = _user_tasks()
    assert REFERRAL_TASKS and set(REFERRAL_TASKS) <= tasks
    for task_id, field in HELP_QUESTION_FIELDS:
        assert task_id in tasks
        prop = load_form(str(ROOT / "forms"), task_id).schema["properties"][field]
        assert prop["type"] == "string"
