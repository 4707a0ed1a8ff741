"""Impossible dates are refused: one test per date pair of every form, and per date of
something done that may not lie after today."""

import json
from datetime import date
from pathlib import Path

import pytest

from app.services.tasks.date_rules import DATE_RULES, DONE_DATES, date_errors, future_errors

FORMS = Path(__file__).resolve().parents[2] / "forms"
RULES = [(task_id, order) for task_id, orders in DATE_RULES.items() for order in orders]


def _titles(task_id, field):
    return f"{task_id}.{field}"


def _data(task_id, order, earlier: str, later: str):
    """The form's example with the rule's two dates set; and what earlier tasks submitted."""
    data = dict(json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))["examples"][0])
    completed = {}
    if order.from_task:
        completed[order.from_task] = {order.earlier: earlier}
        data[order.later] = later
    elif order.items is None:
        data[order.earlier], data[order.later] = earlier, later
    elif order.item_side == "later":
        data[order.earlier] = earlier
        data[order.items] = [{order.later: later}]
    else:
        data[order.later] = later
        data[order.items] = [{order.earlier: earlier}]
    return data, completed


def _field(order):
    if order.items is None:
        return order.later
    return f"{order.items}.0.{order.later if order.item_side == 'later' else order.earlier}"


IDS = [f"{t}:{o.items + '.' if o.items else ''}{o.earlier}<={o.later}" for t, o in RULES]


@pytest.mark.parametrize("task_id, order", RULES, ids=IDS)
def test_each_date_pair_is_checked(task_id, order):
    data, completed = _data(task_id, order, "2026-03-10", "2026-03-09")
    errors = date_errors(task_id, data, _titles, completed.get)
    assert _field(order) in errors
    assert "mrt 2026" in errors[_field(order)][0]  # the message names the other date, in words
    data, completed = _data(task_id, order, "2026-03-09", "2026-03-10")
    assert _field(order) not in date_errors(task_id, data, _titles, completed.get)
    data, completed = _data(task_id, order, "2026-03-10", "2026-03-10")
    same_day = date_errors(task_id, data, _titles, completed.get)
    assert (_field(order) in same_day) == order.strict


def test_a_missing_or_malformed_date_is_left_to_the_schema():
    assert (
        date_errors(
            "task_action_plan",
            {"plan_date": "2026-03-10", "evaluation_date": "morgen"},
            _titles,
            lambda t: None,
        )
        == {}
    )
    assert date_errors("task_parket_answer", {"answer_date": "2026-03-10"}, _titles, lambda t: None) == {}


DONE = [(task_id, field) for task_id, fields in DONE_DATES.items() for field in fields]
TODAY = date(2026, 11, 24)


def _with(task_id: str, field: str, value: str) -> tuple[dict, str]:
    """The form's example with one done-date set; the error's field name."""
    data = dict(json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))["examples"][0])
    array, _, name = field.rpartition(".")
    if array:
        data[array] = [{name: TODAY.isoformat()}, {name: value}]
        return data, f"{array}.1.{name}"
    data[name] = value
    return data, name


@pytest.mark.parametrize(("task_id", "field"), DONE, ids=[f"{t}.{f}" for t, f in DONE])
def test_what_was_done_cannot_be_dated_after_today(task_id, field):
    data, name = _with(task_id, field, "2026-11-25")
    assert future_errors(task_id, data, TODAY) == {
        name: ["Deze datum ligt na vandaag (di 24 nov 2026): vul in wat al gebeurde."]
    }
    data, _ = _with(task_id, field, TODAY.isoformat())
    assert future_errors(task_id, data, TODAY) == {}  # today itself is fine, as are the examples


@pytest.mark.parametrize("task_id", sorted(DONE_DATES))
def test_each_done_date_is_a_date_field_of_its_form(task_id):
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    for field in DONE_DATES[task_id]:
        array, _, name = field.rpartition(".")
        properties = schema["properties"][array]["items"]["properties"] if array else schema["properties"]
        assert properties[name].get("format") == "date", (task_id, field)


def test_planned_dates_may_lie_ahead():
    data, _ = _with("task_action_plan", "plan_date", TODAY.isoformat())
    data["evaluation_date"] = "2027-06-30"
    assert future_errors("task_action_plan", data, TODAY) == {}
