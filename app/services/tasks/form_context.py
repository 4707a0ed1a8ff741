"""A task's form as it applies to its case: options the case rules out are not offered.

`GET /api/tasks/{id}` serves the form through `for_case`, so every client
shows the narrowed form; the same rules still refuse those options at
completion (app/services/tasks/rules.py), for a client that sends them anyway.
"""

import copy
import dataclasses
from datetime import date

from app.calendar.compulsory_education import pupil_is_compulsory
from app.models import Case
from app.services.cases.facts import signal_due
from app.services.forms import TaskForm
from app.services.tasks.rules import LEGAL_TRACKS, NOT_COMPULSORY


def without_options(schema: dict, field: str, consts) -> None:
    """Drop the choices `consts` from a choice field or a checkbox list, in place."""
    prop = schema.get("properties", {}).get(field)
    if prop is None:
        return
    holder = prop["items"] if prop.get("type") == "array" else prop
    if "oneOf" in holder:
        holder["oneOf"] = [option for option in holder["oneOf"] if option.get("const") not in consts]


def _add_help(schema: dict, field: str, text: str) -> None:
    prop = schema["properties"][field]
    prop["description"] = f"{prop.get('description', '')} {text}".strip()


def _legal_tracks_only_when_compulsory(schema: dict, case: Case, today: date) -> None:
    if not pupil_is_compulsory(case.pupil, today):
        without_options(schema, "tracks", LEGAL_TRACKS)
        _add_help(schema, "tracks", NOT_COMPULSORY)


def _signal_before_closing(schema: dict, case: Case, today: date) -> None:
    if signal_due(case, today):
        without_options(schema, "decision", ("close",))
        _add_help(
            schema,
            "decision",
            "Vanaf 5 B-codes (halve dagen) signaleert de school eerst aan het CLB "
            "vóór fase 1 afgesloten kan worden.",
        )


NARROWING = {
    "task_phase3_plan": [_legal_tracks_only_when_compulsory],
    "task_phase1_evaluation": [_signal_before_closing],
}


def for_case(form: TaskForm, case: Case, today: date) -> TaskForm:
    rules = NARROWING.get(form.task_id)
    if not rules:
        return form
    schema = copy.deepcopy(form.schema)
    for rule in rules:
        rule(schema, case, today)
    return dataclasses.replace(form, schema=schema)
