"""Task forms: one valid schema per user task, and field errors that say what is wrong."""

import json
from pathlib import Path

import pytest

from app.engine import specs
from app.engine.effects import SCRIPT_FUNCTIONS
from app.services.forms import field_errors, load_form
from app.services.tasks.date_rules import date_errors

ROOT = Path(__file__).resolve().parents[2]
FORMS = str(ROOT / "forms")


def _user_tasks():
    ids = set()
    for path in (ROOT / "workflows").glob("*.bpmn"):
        spec, subs = specs.parse(path.stem, path.read_text(encoding="utf-8"))
        ids |= specs.user_task_ids(spec, subs)
    return sorted(ids)


USER_TASKS = _user_tasks()
ALL_FORMS = sorted(p.name.removesuffix(".schema.json") for p in Path(FORMS).glob("*.schema.json"))
LEGACY = sorted(t for t in ALL_FORMS if "x-legacy" in load_form(FORMS, t).schema)


def test_every_user_task_has_a_form_and_every_other_form_serves_the_earlier_version():
    assert sorted(set(ALL_FORMS) - set(LEGACY)) == USER_TASKS
    escalations = [t for t in USER_TASKS if t.endswith("_escalated")]  # tests/unit/test_bpmn_diagram.py
    assert len(USER_TASKS) - len(escalations) == 46 and len(escalations) == 26
    # Kept for cases still running on zorgpad_case v1 (see DEVELOPERS.md).
    assert LEGACY == [
        "task_choose_tracks",
        "task_clb_end",
        "task_clb_trajectory",
        "task_confirm_police",
        "task_contact_parents",
        "task_phase1_decision",
    ]


@pytest.mark.parametrize("task_id", ALL_FORMS)
def test_form_loads_and_its_example_is_valid(task_id):
    form = load_form(FORMS, task_id)  # also checks the schema itself
    assert form.schema["title"]
    example = form.schema["examples"][0]
    assert field_errors(form, example) == {}
    assert date_errors(task_id, example, lambda t, f: f, lambda t: None) == {}
    for name in form.schema["properties"]:
        assert not name.startswith("_") and name not in SCRIPT_FUNCTIONS
    ui_path = Path(FORMS) / f"{task_id}.uischema.json"
    assert set(json.loads(ui_path.read_text())["ui:order"]) <= set(form.schema["properties"]) | {"*"}


def _example(task_id, **changes):
    data = dict(load_form(FORMS, task_id).schema["examples"][0])
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_missing_required_field_is_named():
    form = load_form(FORMS, "task_phase1_evaluation")
    errors = field_errors(form, _example("task_phase1_evaluation", decision=None))
    assert errors == {"decision": ["Dit veld is verplicht."]}


def test_wrong_choice_and_unknown_field_and_bad_date():
    form = load_form(FORMS, "task_phase1_evaluation")
    data = _example("task_phase1_evaluation", decision="expel", evaluation_date="24/11/2026", colour="red")
    errors = field_errors(form, data)
    assert set(errors) == {"decision", "evaluation_date", "colour"}
    assert errors["colour"] == ["Onbekend veld."]


def test_a_referral_needs_its_question_for_help_and_the_conversations():
    form = load_form(FORMS, "task_phase1_evaluation")
    errors = field_errors(form, _example("task_phase1_evaluation", decision="refer_to_clb"))
    assert {"help_question", "referral_reasons", "parents_informed", "discussed_with_pupil"} <= set(errors)
    assert "monitoring_until" in field_errors(form, _example("task_phase1_evaluation", monitoring_until=None))
    closing = _example("task_phase1_evaluation", decision="close", monitoring_until=None)
    assert field_errors(form, closing) == {}


def test_the_b_count_field_has_the_dutch_term():
    for task_id in (
        "task_phase1_evaluation",
        "task_signal_clb",
        "task_round_evaluation",
        "task_absence_type",
    ):
        assert (
            load_form(FORMS, task_id).schema["properties"]["b_half_days"]["title"]
            == "Aantal halve dagen met B-code"
        )


def test_a_doubtful_certificate_needs_the_question_to_the_parents():
    form = load_form(FORMS, "task_absence_contact_parents")
    errors = field_errors(form, _example("task_absence_contact_parents", medical_certificate="doubtful"))
    assert set(errors) == {"certificate_question", "certificate_still_doubtful"}


def test_agodi_needs_who_files_it():
    form = load_form(FORMS, "task_phase3_plan")
    errors = field_errors(form, _example("task_phase3_plan", tracks=["agodi"]))
    assert set(errors) == {"agodi_filed_by"}


def test_refusing_a_referral_needs_a_reason():
    form = load_form(FORMS, "task_clb_accept")
    assert "reason" in field_errors(form, {**_example("task_clb_accept", reason=None), "accepted": False})


def test_tracks_must_be_a_set_of_known_tracks():
    form = load_form(FORMS, "task_phase3_plan")
    assert field_errors(form, _example("task_phase3_plan", tracks=[])) == {}
    assert "tracks.0" in field_errors(form, _example("task_phase3_plan", tracks=["army"]))
    assert "tracks" in field_errors(form, _example("task_phase3_plan", tracks=["ocj_consult", "ocj_consult"]))


def test_non_object_data_is_refused():
    form = load_form(FORMS, "task_hgd")
    assert field_errors(form, ["not", "an", "object"]) == {
        "data": ["Verwacht een object met de velden van het formulier."]
    }
