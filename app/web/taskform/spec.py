"""A task form's JSON Schema + UI schema as a tree of fields to render.

Generic on purpose: the care path's forms change, this code should not. It
understands the constructs forms/ uses (text, textarea, date, number,
single choice via oneOf const/title or enum, yes/no, multiple choice as an
array of choices, repeated rows as an array of objects, nested objects,
if/then/else on top-level choices) and falls back to a JSON text area for
anything else, so an unexpected schema still renders and the server still
validates it.
"""

import json
from dataclasses import dataclass, field
from typing import Any

TEXT, TEXTAREA, DATE, NUMBER, INTEGER = "text", "textarea", "date", "number", "integer"
CHOICE, MULTICHOICE, BOOLEAN, ROWS, GROUP, JSON_TEXT = (
    "choice",
    "multichoice",
    "boolean",
    "rows",
    "group",
    "json",
)
INPUT_TYPES = {"date": "date", "email": "email", "uri": "url", "time": "time"}
YES_NO = ("Ja", "Nee")


@dataclass(frozen=True)
class Option:
    value: str  # as posted by the browser
    label: str
    const: Any  # the JSON value it stands for


@dataclass(frozen=True)
class Condition:
    """Shown when the top-level field `field` has (or, with is_=False, has not)
    one of `values` (posted option values): the `if` of an if/then/else."""

    field: str
    values: tuple[str, ...]
    is_: bool = True

    def as_json(self) -> dict:
        return {"field": self.field, "values": list(self.values), "is": self.is_}


@dataclass
class FieldSpec:
    key: str
    kind: str
    title: str
    help: list[str] = field(default_factory=list)
    required: bool = False
    widget: str | None = None
    options: list[Option] = field(default_factory=list)
    input_type: str = "text"
    textarea_rows: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    children: list["FieldSpec"] = field(default_factory=list)  # rows: one row; group: its fields
    item_title: str | None = None
    min_items: int = 0
    conditions: list[Condition] = field(default_factory=list)  # any one applies → shown
    conditionally_required: bool = False
    hidden: bool = False

    @property
    def conditions_json(self) -> list[dict]:
        return [condition.as_json() for condition in self.conditions]

    def option_for(self, const) -> Option | None:
        for option in self.options:
            if option.const == const and type(option.const) is type(const):
                return option
        return None

    def const_for(self, value: str):
        for option in self.options:
            if option.value == value:
                return option.const
        return None


@dataclass
class FormSpec:
    title: str
    description: list[str]
    fields: list[FieldSpec]


def _type(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def option_value(const) -> str:
    """How a JSON value travels in an HTML form: strings as they are, the rest as JSON."""
    return const if isinstance(const, str) else json.dumps(const)


def _options(schema: dict, ui: dict) -> list[Option]:
    if "oneOf" in schema and all(isinstance(o, dict) and "const" in o for o in schema["oneOf"]):
        return [
            Option(option_value(o["const"]), o.get("title") or str(o["const"]), o["const"])
            for o in schema["oneOf"]
        ]
    if "enum" in schema:
        names = ui.get("ui:enumNames") or []
        return [
            Option(option_value(v), names[i] if i < len(names) else str(v), v)
            for i, v in enumerate(schema["enum"])
        ]
    return []


def _ordered(properties: dict, ui: dict) -> list[str]:
    order = ui.get("ui:order")
    if not order:
        return list(properties)
    named = [k for k in order if k in properties]
    rest = [k for k in properties if k not in named]
    if "*" not in order:
        return named + rest
    at = order.index("*")
    before = [k for k in order[:at] if k in properties]
    return before + rest + [k for k in named if k not in before]


def _help(schema: dict, ui: dict) -> list[str]:
    return [text for text in (schema.get("description"), ui.get("ui:help")) if text]


def _field(key: str, schema: dict, ui: dict, required: bool) -> FieldSpec:
    kind = _type(schema)
    options = ui.get("ui:options") or {}
    spec = FieldSpec(
        key=key,
        kind=JSON_TEXT,
        title=schema.get("title") or key,
        help=_help(schema, ui),
        required=required,
        widget=ui.get("ui:widget"),
        hidden=ui.get("ui:widget") == "hidden",
    )
    choices = _options(schema, ui)
    if kind == "boolean":
        names = ui.get("ui:enumNames") or YES_NO
        spec.kind = BOOLEAN
        spec.options = [Option("true", names[0], True), Option("false", names[1], False)]
    elif choices and kind in ("string", "integer", "number", None):
        spec.kind, spec.options = CHOICE, choices
    elif kind == "string":
        spec.kind = (
            TEXTAREA if spec.widget == "textarea" else (DATE if schema.get("format") == "date" else TEXT)
        )
        spec.input_type = INPUT_TYPES.get(schema.get("format"), "text")
        spec.max_length = schema.get("maxLength")
        spec.textarea_rows = options.get("rows")
    elif kind in ("integer", "number"):
        spec.kind = INTEGER if kind == "integer" else NUMBER
        spec.minimum, spec.maximum = schema.get("minimum"), schema.get("maximum")
    elif kind == "array":
        items = schema.get("items") or {}
        item_ui = ui.get("items") or {}
        item_choices = _options(items, item_ui)
        if item_choices and _type(items) in ("string", "integer", "number", None):
            spec.kind, spec.options = MULTICHOICE, item_choices
        elif _type(items) == "object" and "properties" in items:
            spec.kind = ROWS
            spec.children = _fields(items, item_ui)
            spec.item_title = items.get("title") or "Rij"
            spec.min_items = schema.get("minItems", 0)
    elif kind == "object" and "properties" in schema:
        spec.kind = GROUP
        spec.children = _fields(schema, ui)
    if spec.kind == JSON_TEXT:
        spec.help = spec.help + ["Geef de waarde als JSON."]
    return spec


def _fields(schema: dict, ui: dict) -> list[FieldSpec]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    return [
        _field(key, properties[key], ui.get(key) or {}, key in required) for key in _ordered(properties, ui)
    ]


def _condition(if_schema: dict, by_key: dict[str, FieldSpec], is_: bool) -> Condition | None:
    """Only `{"properties": {x: {"const"|"enum": ...}}, "required": [x]}` on one
    top-level choice, or `{x: {"contains": {"const"|"enum": ...}}}` on one
    top-level multiple choice (any one of them checked), is understood;
    anything else is never hidden."""
    properties = if_schema.get("properties") or {}
    if set(if_schema) - {"properties", "required"} or len(properties) != 1:
        return None
    ((name, test),) = properties.items()
    target = by_key.get(name)
    required = if_schema.get("required") or ()
    if target is None or name not in required:
        return None
    if target.kind == MULTICHOICE and set(test) == {"contains"} and isinstance(test["contains"], dict):
        test = test["contains"]
    elif target.kind not in (CHOICE, BOOLEAN):
        return None
    if set(test) == {"const"}:
        wanted = [test["const"]]
    elif set(test) == {"enum"}:
        wanted = test["enum"]
    else:
        return None
    values = [option.value for option in (target.option_for(v) for v in wanted) if option is not None]
    return Condition(name, tuple(values), is_) if values else None


def _branch_fields(branch: dict | None) -> set[str]:
    if not isinstance(branch, dict):
        return set()
    return set(branch.get("required") or ()) | set(branch.get("properties") or {})


def _apply_conditions(schema: dict, fields: list[FieldSpec]) -> None:
    by_key = {f.key: f for f in fields}
    rules = [schema] + [s for s in schema.get("allOf") or () if isinstance(s, dict)]
    for rule in rules:
        if not isinstance(rule.get("if"), dict):
            continue
        for branch, is_ in (("then", True), ("else", False)):
            condition = _condition(rule["if"], by_key, is_)
            for name in _branch_fields(rule.get(branch)):
                target = by_key.get(name)
                if target is None or condition is None or name == condition.field:
                    continue
                target.conditions.append(condition)
                if name in ((rule.get(branch) or {}).get("required") or ()):
                    target.conditionally_required = True


def build(schema: dict, ui_schema: dict | None) -> FormSpec:
    ui = ui_schema or {}
    fields = _fields(schema, ui)
    _apply_conditions(schema, fields)
    description = [text for text in (schema.get("description"), ui.get("ui:description")) if text]
    return FormSpec(title=schema.get("title") or "", description=description, fields=fields)
