"""Between HTML form fields and a task's JSON data.

Three shapes of the same answers:
- posted: the browser's flat fields (`plan_date`, `actions.0.who`, `tracks` ×n);
- raw: the same, nested by field and row, still text as typed (what a page
  re-displays after an error);
- data: typed JSON for the service (numbers, booleans, arrays, arrays of
  objects), with empty optional answers left out.
"""

import json
import re
from collections.abc import Mapping
from datetime import date

from app.web.taskform.spec import (
    BOOLEAN,
    CHOICE,
    DATE,
    GROUP,
    INTEGER,
    JSON_TEXT,
    MULTICHOICE,
    NUMBER,
    ROWS,
    FieldSpec,
    option_value,
)

ROW_MARKER = "_row"  # a hidden field per row, so a row of unanswered radios still exists
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")  # 24-11-2026, as typed without a picker

NOT_AN_INTEGER = "Geef een geheel getal, bv. 7."
NOT_A_NUMBER = "Geef een getal, bv. 7 of 2,5."
NOT_YES_NO = "Kies ja of nee."
NOT_JSON = "Geen geldige JSON."
NOT_A_DATE = "Geef een datum, bv. 24-11-2026."


def name_of(prefix: str, key) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


# --- posted → raw -------------------------------------------------------------------------------


def _row_indices(posted, name: str) -> list[int]:
    pattern = re.compile(re.escape(name) + r"\.(\d+)\.")
    found = {int(m.group(1)) for key in posted if (m := pattern.match(key))}
    return sorted(found)


def _blank(raw) -> bool:
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list):
        return all(_blank(item) for item in raw)
    if isinstance(raw, dict):
        return all(_blank(value) for key, value in raw.items() if key != ROW_MARKER)
    return raw is None


def collect(fields: list[FieldSpec], posted, prefix: str = "") -> dict:
    """The posted fields of these specs, nested. Rows left entirely blank are
    dropped, and rows are renumbered 0..n-1 in the order posted indices sort."""
    raw: dict = {}
    for spec in fields:
        name = name_of(prefix, spec.key)
        if spec.kind == MULTICHOICE:
            values = posted.getlist(name) if hasattr(posted, "getlist") else posted.get(name, [])
            if values:
                raw[spec.key] = list(values)
        elif spec.kind == ROWS:
            rows = [
                collect(spec.children, posted, name_of(name, index)) for index in _row_indices(posted, name)
            ]
            rows = [row for row in rows if not _blank(row)]
            if rows:
                raw[spec.key] = rows
        elif spec.kind == GROUP:
            group = collect(spec.children, posted, name)
            if group:
                raw[spec.key] = group
        elif name in posted:
            value = posted.get(name)
            raw[spec.key] = value.replace("\r\n", "\n") if isinstance(value, str) else value
    return raw


# --- data → raw ---------------------------------------------------------------------------------


def to_raw(fields: list[FieldSpec], data: Mapping | None) -> dict:
    """Typed data as the form fields would show it (to fill a form with data)."""
    raw: dict = {}
    for spec in fields:
        if not data or spec.key not in data:
            continue
        value = data[spec.key]
        if spec.kind in (CHOICE, BOOLEAN):
            option = spec.option_for(value)
            raw[spec.key] = option.value if option else option_value(value)
        elif spec.kind == MULTICHOICE:
            raw[spec.key] = [
                (spec.option_for(v).value if spec.option_for(v) else option_value(v)) for v in value
            ]
        elif spec.kind == ROWS:
            raw[spec.key] = [to_raw(spec.children, row) for row in value]
        elif spec.kind == GROUP:
            raw[spec.key] = to_raw(spec.children, value)
        elif spec.kind == JSON_TEXT:
            raw[spec.key] = json.dumps(value, ensure_ascii=False)
        elif spec.kind in (INTEGER, NUMBER):
            raw[spec.key] = str(value)
        else:
            raw[spec.key] = value
    return raw


# --- raw → data ---------------------------------------------------------------------------------


def _number(text: str, integer: bool):
    text = text.strip()
    if integer:
        return int(text) if _INTEGER.match(text) else None
    if not _NUMBER.match(text):
        return None
    text = text.replace(",", ".")
    return int(text) if _INTEGER.match(text) else float(text)


def _date(text: str, errors: dict, name: str) -> str:
    """ISO dates as they are; day-month-year (a browser without a date picker) made ISO."""
    if _ISO_DATE.match(text):
        candidate = text
    elif match := _DUTCH_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
        candidate = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        errors[name] = [NOT_A_DATE]
        return text
    try:
        date.fromisoformat(candidate)
    except ValueError:
        errors[name] = [NOT_A_DATE]
        return text
    return candidate


def _scalar(spec: FieldSpec, text: str, errors: dict, name: str):
    """(present, value): an empty answer is absent; an unreadable one is kept as
    typed (the schema then refuses it) with a clearer message for the field."""
    if not text.strip():
        return False, None
    if spec.kind in (CHOICE, BOOLEAN):
        const = spec.const_for(text)
        if const is None:
            errors[name] = [NOT_YES_NO if spec.kind == BOOLEAN else "Ongeldige keuze."]
            return True, text
        return True, const
    if spec.kind in (INTEGER, NUMBER):
        number = _number(text, spec.kind == INTEGER)
        if number is None:
            errors[name] = [NOT_AN_INTEGER if spec.kind == INTEGER else NOT_A_NUMBER]
            return True, text
        return True, number
    if spec.kind == DATE:
        return True, _date(text.strip(), errors, name)
    if spec.kind == JSON_TEXT:
        try:
            return True, json.loads(text)
        except ValueError:
            errors[name] = [NOT_JSON]
            return True, text
    return True, text


def to_data(
    fields: list[FieldSpec], raw: Mapping, prefix: str = "", errors: dict | None = None
) -> tuple[dict, dict[str, list[str]]]:
    """Typed data and the fields whose text could not be read (number, choice, JSON)."""
    errors = {} if errors is None else errors
    data: dict = {}
    for spec in fields:
        if spec.key not in raw:
            continue
        name = name_of(prefix, spec.key)
        value = raw[spec.key]
        if spec.kind == MULTICHOICE:
            chosen = []
            for index, text in enumerate(v for v in value if v.strip()):
                present, item = _scalar(spec, text, errors, name_of(name, index))
                if present:
                    chosen.append(item)
            if chosen:
                data[spec.key] = chosen
        elif spec.kind == ROWS:
            rows = [
                to_data(spec.children, row, name_of(name, index), errors)[0]
                for index, row in enumerate(value)
            ]
            if rows:
                data[spec.key] = rows
        elif spec.kind == GROUP:
            group = to_data(spec.children, value, name, errors)[0]
            if group:
                data[spec.key] = group
        else:
            present, typed = _scalar(spec, value, errors, name)
            if present:
                data[spec.key] = typed
    return data, errors


# --- rows without JavaScript --------------------------------------------------------------------


def _rows_at(fields: list[FieldSpec], raw: dict, path: list[str]):
    """The spec and the raw row list at a dotted rows path (e.g. ["actions"])."""
    specs, container, spec = fields, raw, None
    for depth, part in enumerate(path):
        if depth % 2 == 1:  # a row index
            if not part.isdigit() or int(part) >= len(container):
                return None, None
            container, specs = container[int(part)], spec.children
            continue
        spec = next((s for s in specs if s.key == part), None)
        if spec is None or spec.kind not in (ROWS, GROUP):
            return None, None
        if spec.kind == GROUP:
            return None, None  # rows inside groups are added with JavaScript only
        if depth == len(path) - 1:
            return spec, container.setdefault(part, [])
        container = container.get(part, [])
    return None, None


def change_rows(fields: list[FieldSpec], raw: dict, action: str) -> bool:
    """Apply "add:<rows path>" or "remove:<rows path>.<index>" to raw; False if unknown."""
    verb, _, target = action.partition(":")
    path = target.split(".")
    if verb == "add":
        spec, rows = _rows_at(fields, raw, path)
        if spec is None:
            return False
        rows.append({ROW_MARKER: ""})
        return True
    if verb == "remove" and len(path) >= 2 and path[-1].isdigit():
        spec, rows = _rows_at(fields, raw, path[:-1])
        if spec is None or int(path[-1]) >= len(rows):
            return False
        del rows[int(path[-1])]
        return True
    return False
