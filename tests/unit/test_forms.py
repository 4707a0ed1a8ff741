"""Task forms: one valid schema per user task, and field errors that say what is wrong."""
import json
from pathlib import Path

import pytest

from app.engine import specs
from app.services.forms import field_errors, load_form

ROOT = Path(__file__).resolve().parents[2]
FORMS = str(ROOT / "forms")


def _user_tasks():
    xml = (ROOT / "workflows" / "zorgpad_case.bpmn").read_text(encoding="utf-8")
    spec, subs = specs.parse("zorgpad_case", xml)
    return sorted(specs.user_task_ids(spec, subs))


USER_TASKS = _user_tasks()


def test_every_user_task_has_a_form_and_every_form_a_task():
    on_disk = sorted(p.name.removesuffix(".schema.json") for p in Path(FORMS).glob("*.schema.json"))
    assert on_disk == USER_TASKS
    assert len(USER_TASKS) == 20


@pytest.mark.parametrize("task_id", USER_TASKS)
def test_form_loads_and_its_example_is_valid(task_id):
    form = load_form(FORMS, task_id)  # also checks the schema itself
    assert form.schema["title"]
    assert field_errors(form, form.schema["examples"][0]) == {}
    for name in form.schema["properties"]:
        assert not name.startswith("_") and name not in ("set_phase", "set_status")
    ui_path = Path(FORMS) / f"{task_id}.uischema.json"
    assert set(json.loads(ui_path.read_text())["ui:order"]) <= set(form.schema["properties"]) | {"*"}


def _example(task_id, **changes):
    data = dict(load_form(FORMS, task_id).schema["examples"][0])
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_missing_required_field_is_named():
    form = load_form(FORMS, "task_phase1_decision")
    errors = field_errors(form, _example("task_phase1_decision", decision=None))
    assert errors == {"decision": ["Dit veld is verplicht."]}


def test_wrong_choice_and_unknown_field_and_bad_date():
    form = load_form(FORMS, "task_phase1_decision")
    data = _example("task_phase1_decision", decision="expel", decision_date="24/11/2026", colour="red")
    errors = field_errors(form, data)
    assert set(errors) == {"decision", "decision_date", "colour"}
    assert errors["colour"] == ["Onbekend veld."]


def test_referral_needs_a_question_for_help():
    form = load_form(FORMS, "task_phase1_decision")
    errors = field_errors(form, _example("task_phase1_decision", decision="refer_to_clb", help_question=None))
    assert "help_question" in errors
    assert field_errors(form, _example("task_phase1_decision", decision="close", help_question=None)) == {}


def test_refusing_a_referral_needs_a_reason():
    form = load_form(FORMS, "task_clb_accept")
    assert "reason" in field_errors(form, {**_example("task_clb_accept", reason=None), "accepted": False})


def test_tracks_must_be_a_non_empty_set_of_known_tracks():
    form = load_form(FORMS, "task_choose_tracks")
    assert "tracks" in field_errors(form, _example("task_choose_tracks", tracks=[]))
    assert "tracks.0" in field_errors(form, _example("task_choose_tracks", tracks=["army"]))
    assert "tracks" in field_errors(form, _example("task_choose_tracks", tracks=["ocj", "ocj"]))


def test_non_object_data_is_refused():
    form = load_form(FORMS, "task_hgd")
    assert field_errors(form, ["not", "an", "object"]) == {
        "data": ["Verwacht een object met de velden van het formulier."]}
