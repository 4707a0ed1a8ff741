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
from app.services.cases.facts import police_protocol, signal_due
from app.services.forms import TaskForm
from app.services.steps.records import Subject
from app.services.tasks.rules import (
    LEGAL_TRACKS,
    NOT_COMPULSORY,
    SIGNAL_FIRST,
    SIGNATURE_FIELDS,
    WHILE_SIGNAL_DUE,
)


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


def _legal_tracks_only_when_compulsory(schema: dict, case: Subject, today: date) -> None:
    if not pupil_is_compulsory(case.pupil, today):
        without_options(schema, "tracks", LEGAL_TRACKS)
        _add_help(schema, "tracks", NOT_COMPULSORY)


def _signal_first(schema: dict, case: Subject, today: date) -> None:
    if isinstance(case, Case) and signal_due(case, today):
        options = [o["const"] for o in schema["properties"]["decision"].get("oneOf", [])]
        without_options(schema, "decision", tuple(o for o in options if o not in WHILE_SIGNAL_DUE))
        _add_help(schema, "decision", SIGNAL_FIRST)


def _signatures_only_under_a_police_protocol(schema: dict, case: Subject, today: date) -> None:
    """Phase 1's plan: a begeleidingsplan without signatures, unless the school works
    under a local police protocol (then a signed spijbelactieplan)."""
    protocol = police_protocol(case.school_id)
    if protocol is None:
        for name in SIGNATURE_FIELDS:
            schema["properties"].pop(name, None)
        return
    schema["required"] = [*schema.get("required", []), *SIGNATURE_FIELDS]
    schema["description"] = (
        f"De school werkt onder het lokale politieprotocol ‘{protocol}’: het plan wordt een formeel "
        "spijbelactieplan dat leerling, ouders en school ondertekenen. " + schema.get("description", "")
    )


NARROWING = {
    "task_action_plan": [_signatures_only_under_a_police_protocol],
    "task_phase3_plan": [_legal_tracks_only_when_compulsory],
    "task_phase1_evaluation": [_signal_first],
}


def for_case(form: TaskForm, case: Subject, today: date) -> TaskForm:
    rules = NARROWING.get(form.task_id)
    if not rules:
        return form
    schema = copy.deepcopy(form.schema)
    for rule in rules:
        rule(schema, case, today)
    return dataclasses.replace(form, schema=schema)
