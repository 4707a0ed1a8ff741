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


def test_every_inbox_task_is_a_user_task_of_the_care_path_with_a_question_for_the_clb():
    from app.services.cases.inbox import ASKED, INBOX_TASKS
    from app.services.steps.clb_news import NEWS_TASKS

    tasks = set()
    for key in ("zorgpad_case", "zorgpad_police_track", "zorgpad_school_change"):
        xml = (ROOT / "workflows" / f"{key}.bpmn").read_text(encoding="utf-8")
        tasks |= specs.user_task_ids(*specs.parse(key, xml))
    assert set(INBOX_TASKS) <= tasks and set(ASKED) == set(INBOX_TASKS)
    assert set(NEWS_TASKS) < set(INBOX_TASKS) and "task_signal_clb" in INBOX_TASKS
