"""The generic task form: every form in forms/ renders to HTML fields and reads back
to the same typed JSON, as a browser without JavaScript would post it."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from jsonschema import Draft202012Validator
from werkzeug.datastructures import MultiDict

from app.services.forms import field_errors, load_form
from app.web.taskform import bind, build, change_rows, collect, to_data, to_raw
from app.web.taskform.values import NOT_A_DATE, NOT_A_NUMBER, NOT_AN_INTEGER, NOT_YES_NO, ROW_MARKER

ROOT = Path(__file__).resolve().parents[2]
FORMS = str(ROOT / "forms")
TASK_IDS = sorted(p.name.removesuffix(".schema.json") for p in Path(FORMS).glob("*.schema.json"))
TEMPLATES = Environment(loader=FileSystemLoader(ROOT / "app" / "web" / "templates"), autoescape=True)
TEMPLATES.filters["iso_day"] = str
FIELDS = TEMPLATES.get_template("_fields.html").module


class FormPost(HTMLParser):
    """What a browser sends for a form: checked boxes, chosen options, typed text;
    nothing from disabled controls, buttons or <template> content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.template_depth = 0
        self.textarea: list | None = None
        self.select: dict | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.template_depth += 1
        if self.template_depth or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "template":
            self.template_depth -= 1
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop one newline right after <textarea>.
            self.pairs.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"]
            self.select["options"].append(value)
            if self.option["selected"]:
                self.select["selected"].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["selected"] or self.select["options"][:1]
            self.pairs.extend((self.select["name"], value) for value in chosen)
            self.select = None


def render(form, raw=None, errors=None) -> str:
    bound = bind(form, raw or {}, errors or {})
    return "".join(str(FIELDS.field(field)) for field in bound.fields)


def post(html: str) -> MultiDict:
    parser = FormPost()
    parser.feed(html)
    parser.close()
    return MultiDict(parser.pairs)


def round_trip(task_id: str, data: dict) -> tuple[dict, dict]:
    form = load_form(FORMS, task_id)
    spec = build(form.schema, form.ui_schema)
    html = render(spec, to_raw(spec.fields, data))
    return to_data(spec.fields, collect(spec.fields, post(html)))


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_each_forms_example_survives_the_html_form(task_id):
    example = load_form(FORMS, task_id).schema["examples"][0]
    data, unreadable = round_trip(task_id, example)
    assert unreadable == {}
    assert data == example
    assert field_errors(load_form(FORMS, task_id), data) == {}


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_an_untouched_form_posts_no_answers(task_id):
    """Empty text, "not answered" radios, the first select option and the blank row are all absent."""
    form = load_form(FORMS, task_id)
    spec = build(form.schema, form.ui_schema)
    assert to_data(spec.fields, collect(spec.fields, post(render(spec)))) == ({}, {})


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_property_has_a_labelled_control(task_id):
    form = load_form(FORMS, task_id)
    spec = build(form.schema, form.ui_schema)
    html = render(spec)
    for name, prop in form.schema["properties"].items():
        assert f'id="f-{name}' in html, name
        assert prop["title"] in html
    # Every visible control is named by a <label for> (radios and boxes one each).
    ids = [value for key, value in _attributes(html, "input", "select", "textarea") if key == "id"]
    for control_id in ids:
        assert f'for="{control_id}"' in html, control_id


def _attributes(html, *tags):
    found = []

    class Collect(HTMLParser):
        depth = 0

        def handle_starttag(self, tag, attrs):
            if tag == "template":
                self.depth += 1
            if tag in tags and not self.depth and dict(attrs).get("type") != "hidden":
                found.extend(attrs)

        def handle_endtag(self, tag):
            if tag == "template":
                self.depth -= 1

    Collect().feed(html)
    return found


@pytest.mark.parametrize("task_id", [t for t in TASK_IDS if "if" in load_form(FORMS, t).schema])
def test_fields_under_a_condition_are_shown_exactly_when_the_if_holds(task_id):
    form = load_form(FORMS, task_id)
    schema = form.schema
    spec = build(schema, form.ui_schema)
    by_key = {f.key: f for f in spec.fields}
    dependent = set(schema["then"].get("required", [])) | set(schema["then"].get("properties", {}))
    assert dependent and all(by_key[name].conditions for name in dependent)
    if_schema = Draft202012Validator(schema["if"])
    for name in dependent:
        (condition,) = by_key[name].conditions
        controller = by_key[condition.field]
        for option in controller.options:
            # A multiple choice with just this one box checked, or a choice with this answer.
            value = [option.const] if controller.kind == "multichoice" else option.const
            holds = if_schema.is_valid({condition.field: value})
            assert (option.value in condition.values) == holds, (name, option)
    html = render(spec)
    for name in dependent:
        wrapper = re.search(rf'<[^>]*id="f-{name}(-field)?"[^>]*>', html).group(0)
        assert "data-when='" in wrapper, wrapper


def test_typed_numbers_booleans_and_choices_become_json():
    form = load_form(FORMS, "task_phase1_decision")
    spec = build(form.schema, form.ui_schema)
    posted = MultiDict(
        [
            ("b_half_days", " 7 "),
            ("discussed_at_absence_meeting", "false"),
            ("decision", "refer_to_clb"),
            ("referral_reasons", "absences_rising"),
            ("referral_reasons", "underlying_problem"),
            ("motivation", "Regel 1\r\nRegel 2"),
            ("help_question", "   "),
            ("decision_date", "24-11-2026"),
        ]
    )
    data, unreadable = to_data(spec.fields, collect(spec.fields, posted))
    assert unreadable == {}
    assert data == {
        "b_half_days": 7,
        "discussed_at_absence_meeting": False,
        "decision": "refer_to_clb",
        "referral_reasons": ["absences_rising", "underlying_problem"],
        "motivation": "Regel 1\nRegel 2",
        "decision_date": "2026-11-24",
    }


def test_unreadable_text_is_kept_with_a_clear_message():
    form = load_form(FORMS, "task_phase1_decision")
    spec = build(form.schema, form.ui_schema)
    posted = MultiDict(
        [
            ("b_half_days", "zeven"),
            ("discussed_at_absence_meeting", "misschien"),
            ("decision_date", "31-02-2026"),
        ]
    )
    raw = collect(spec.fields, posted)
    data, unreadable = to_data(spec.fields, raw)
    assert unreadable == {
        "b_half_days": [NOT_AN_INTEGER],
        "discussed_at_absence_meeting": [NOT_YES_NO],
        "decision_date": [NOT_A_DATE],
    }
    # Kept as typed, so the schema refuses it too and nothing is saved without it.
    assert data["b_half_days"] == "zeven"
    assert {"b_half_days", "discussed_at_absence_meeting"} <= set(field_errors(form, data))
    html = render(spec, raw, unreadable)
    assert 'value="zeven"' in html and "aria-invalid" in html


def test_decimal_numbers_accept_a_comma():
    schema = {"type": "object", "properties": {"hours": {"type": "number", "title": "Uren"}}}
    spec = build(schema, {})
    assert to_data(spec.fields, {"hours": "2,5"}) == ({"hours": 2.5}, {})
    assert to_data(spec.fields, {"hours": "3"}) == ({"hours": 3}, {})
    assert to_data(spec.fields, {"hours": "2,5,1"})[1] == {"hours": [NOT_A_NUMBER]}


def test_rows_are_read_in_index_order_and_blank_rows_are_dropped():
    form = load_form(FORMS, "task_action_plan")
    spec = build(form.schema, form.ui_schema)
    posted = MultiDict(
        [
            ("actions.7._row", ""),
            ("actions.7.action", "Derde"),
            ("actions.7.who", "School"),
            ("actions.0._row", ""),
            ("actions.0.action", "Eerste"),
            ("actions.0.who", "Leerling"),
            ("actions.0.deadline", "2026-12-01"),
            ("actions.3._row", ""),
            ("actions.3.action", " "),
            ("actions.3.who", ""),  # left blank
        ]
    )
    raw = collect(spec.fields, posted)
    assert [row["action"] for row in raw["actions"]] == ["Eerste", "Derde"]
    data, _ = to_data(spec.fields, raw)
    assert data["actions"] == [
        {"action": "Eerste", "who": "Leerling", "deadline": "2026-12-01"},
        {"action": "Derde", "who": "School"},
    ]
    # Errors name the rows as read, and land next to the field of that row.
    errors = field_errors(form, data)
    assert errors["actions.1.deadline"] == ["Dit veld is verplicht."]
    bound = bind(spec, raw, errors)
    actions = next(f for f in bound.fields if f.spec.key == "actions")
    assert actions.rows[1].fields[2].errors == ["Dit veld is verplicht."]
    assert ("f-actions-1-deadline", "Tegen wanneer", "Dit veld is verplicht.") in bound.summary


def test_rows_are_added_and_removed_without_javascript():
    form = load_form(FORMS, "task_police_report")
    spec = build(form.schema, form.ui_schema)
    raw = {
        "contact_attempts": [
            {"date": "2026-02-02", "channel": "phone"},
            {"date": "2026-02-04", "channel": "letter"},
        ]
    }
    assert change_rows(spec.fields, raw, "add:contact_attempts")
    assert len(raw["contact_attempts"]) == 3 and raw["contact_attempts"][2] == {ROW_MARKER: ""}
    assert change_rows(spec.fields, raw, "remove:contact_attempts.0")
    assert [row.get("channel") for row in raw["contact_attempts"]] == ["letter", None]
    html = render(spec, raw)
    assert 'name="contact_attempts.1._row"' in html and 'name="contact_attempts.2._row"' not in html
    for refused in ("add:summary", "remove:contact_attempts.9", "remove:contact_attempts", "drop:x"):
        assert not change_rows(spec.fields, raw, refused)


def test_an_error_on_one_choice_of_a_multiple_choice_lands_on_the_question():
    form = load_form(FORMS, "task_choose_tracks")
    spec = build(form.schema, form.ui_schema)
    bound = bind(spec, {"tracks": ["army"]}, {"tracks.0": ["Ongeldige keuze."], "data": ["Zomaar."]})
    tracks = next(f for f in bound.fields if f.spec.key == "tracks")
    assert tracks.errors == ["Ongeldige keuze."]
    assert ("form-errors", "Formulier", "Zomaar.") in bound.summary


def test_unknown_constructs_fall_back_to_json_text_and_ui_order_wildcard():
    schema = {
        "type": "object",
        "properties": {
            "grid": {
                "type": "array",
                "title": "Rooster",
                "items": {"type": "array", "items": {"type": "integer"}},
            },
            "note": {"type": "string", "title": "Notitie"},
            "when": {
                "type": "object",
                "title": "Wanneer",
                "properties": {"day": {"type": "string", "format": "date"}},
            },
        },
    }
    spec = build(schema, {"ui:order": ["note", "*"]})
    assert [f.key for f in spec.fields] == ["note", "grid", "when"]
    data = {"note": "x", "grid": [[1, 2], [3]], "when": {"day": "2026-11-24"}}
    html = render(spec, to_raw(spec.fields, data))
    assert to_data(spec.fields, collect(spec.fields, post(html))) == (data, {})
    assert to_data(spec.fields, {"grid": "[1,"})[1] == {"grid": ["Geen geldige JSON."]}


def test_fields_follow_the_ui_order():
    form = load_form(FORMS, "task_contact_parents")
    assert [f.key for f in build(form.schema, form.ui_schema).fields] == form.ui_schema["ui:order"]
