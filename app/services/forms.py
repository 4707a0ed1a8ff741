"""Task forms: JSON Schema (+ optional UI schema) per BPMN user task id.

forms/<task_id>.schema.json may carry extension keywords, which JSON Schema
validators ignore:
  "x-roles": role codes allowed to complete the task (default: the lane's);
  "x-school-role": the school's own agreement names who does it: the school
    column holding that role (e.g. "parent_contact_role"); the
    zorgcoördinator and the leerlingbegeleider may always step in
    (app/services/access.STEP_IN_ROLES);
  "x-period": "sending" for work of the school (and CLB) the pupil leaves at a
    school change (the warm handover): the task belongs to that school;
  "x-due-school-days": the task is due that many school days after creation;
  "x-legacy": the form serves only running cases of an earlier process version;
  "x-pick-user" (on a property `owner_id` / `clb_owner_id`): "school" or "clb":
    the field names that side's dossierverantwoordelijke; the served form
    offers the side's possible owners (app/services/cases/owners.py).
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from app import text_checks

_MESSAGES_NL = {
    "required": "Dit veld is verplicht.",
    "additionalProperties": "Onbekend veld.",
    "type": "Verkeerd type waarde.",
    "format": "Ongeldig formaat.",
    "oneOf": "Ongeldige keuze.",
    "enum": "Ongeldige keuze.",
    "const": "Ongeldige waarde.",
    "minItems": "Kies minstens één waarde.",
    "uniqueItems": "Elke waarde mag maar één keer voorkomen.",
    "maxLength": "Te lang.",
    "minLength": "Te kort.",
}


@dataclass(frozen=True)
class TaskForm:
    task_id: str
    schema: dict
    ui_schema: dict
    roles: frozenset | None
    due_school_days: int | None
    validator: Draft202012Validator
    school_role: str | None = None
    period: str | None = None


class FormMissing(LookupError):
    pass


@lru_cache(maxsize=256)
def load_form(forms_dir: str, task_id: str) -> TaskForm:
    base = Path(forms_dir)
    schema_path = base / f"{task_id}.schema.json"
    if not schema_path.is_file():
        raise FormMissing(f"no form schema for user task {task_id!r} in {forms_dir}")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    ui_path = base / f"{task_id}.uischema.json"
    ui_schema = json.loads(ui_path.read_text(encoding="utf-8")) if ui_path.is_file() else {}
    roles = schema.get("x-roles")
    return TaskForm(
        task_id=task_id,
        schema=schema,
        ui_schema=ui_schema,
        roles=frozenset(roles) if roles is not None else None,
        due_school_days=schema.get("x-due-school-days"),
        validator=Draft202012Validator(schema, format_checker=FormatChecker()),
        school_role=schema.get("x-school-role"),
        period=schema.get("x-period"),
    )


def _field(path) -> str:
    return ".".join(str(p) for p in path)


def field_errors(form: TaskForm, data) -> dict[str, list[str]]:
    """Field → messages for data that fails the form; empty when valid."""
    if not isinstance(data, dict):
        return {"data": ["Verwacht een object met de velden van het formulier."]}
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name or "data", [])
        if message not in errors[name or "data"]:
            errors[name or "data"].append(message)

    for error in form.validator.iter_errors(data):
        prefix = _field(error.absolute_path)
        message = _MESSAGES_NL.get(error.validator, error.message)
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    add(f"{prefix}.{name}" if prefix else name, message)
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(error.instance) - known):
                add(f"{prefix}.{name}" if prefix else name, message)
        else:
            add(prefix, message)
    for name, text in _strings(data, ""):
        message = text_checks.problem(text)
        if message:
            add(name, message)
    return errors


def _strings(value, path: str):
    """(field path, text) of every string in a form's data (a few levels deep)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, f"{path}.{index}" if path else str(index))
