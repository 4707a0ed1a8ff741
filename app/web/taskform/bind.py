"""Field specs + answers + errors → what a template renders, field by field."""

from dataclasses import dataclass, field

from app.web.taskform.spec import BOOLEAN, CHOICE, GROUP, MULTICHOICE, ROWS, FieldSpec, FormSpec
from app.web.taskform.values import name_of

ROW_TEMPLATE_INDEX = "__row__"  # rows.js replaces it with the next free index


@dataclass
class BoundRow:
    index: int | str
    name: str
    fields: list["BoundField"]


@dataclass
class BoundField:
    spec: FieldSpec
    name: str
    value: str = ""
    values: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: list[BoundRow] = field(default_factory=list)
    children: list["BoundField"] = field(default_factory=list)
    template_row: BoundRow | None = None
    # The value came from what the case already knows (the task's prefill): said at the field.
    prefilled: bool = False

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def help_id(self) -> str:
        return self.id + "-help"

    @property
    def error_id(self) -> str:
        return self.id + "-error"

    @property
    def prefill_id(self) -> str:
        return self.id + "-prefill"

    @property
    def control(self) -> str:
        """How the answer is given: radio, select, checkboxes, or the kind itself."""
        kind, widget = self.spec.kind, self.spec.widget
        if kind == BOOLEAN:
            return "select" if widget == "select" else "radio"
        if kind == CHOICE:
            return "radio" if widget == "radio" else "select"
        if kind == MULTICHOICE:
            return "checkboxes"
        return kind

    @property
    def is_group(self) -> bool:
        """Rendered as a fieldset with a legend (several inputs under one question)."""
        return self.control in ("radio", "checkboxes") or self.spec.kind in (ROWS, GROUP)

    def option_id(self, index: int) -> str:
        return f"{self.id}-{index}"

    def describedby(self) -> str | None:
        ids = (
            ([self.help_id] if self.spec.help else [])
            + ([self.prefill_id] if self.prefilled else [])
            + ([self.error_id] if self.errors else [])
        )
        return " ".join(ids) or None


@dataclass
class BoundForm:
    spec: FormSpec
    fields: list[BoundField]
    summary: list[tuple[str, str, str]]  # (anchor id, field title, message)

    @property
    def has_errors(self) -> bool:
        return bool(self.summary)


def _bind(spec: FieldSpec, raw, prefix: str, errors: dict, pad_rows: bool = True) -> BoundField:
    name = name_of(prefix, spec.key)
    bound = BoundField(spec=spec, name=name, errors=list(errors.get(name, ())))
    if spec.kind == MULTICHOICE:
        bound.values = list(raw or [])
    elif spec.kind == ROWS:
        rows = list(raw or [])
        # Always a row to type in: blank rows are ignored when the form is sent.
        while pad_rows and len(rows) < max(spec.min_items, 1):
            rows.append({})
        bound.rows = [_row(spec, row, name, index, errors, pad_rows) for index, row in enumerate(rows)]
        bound.template_row = _row(spec, {}, name, ROW_TEMPLATE_INDEX, {}, pad_rows)
    elif spec.kind == GROUP:
        bound.children = [
            _bind(child, (raw or {}).get(child.key), name, errors, pad_rows) for child in spec.children
        ]
    else:
        bound.value = raw if isinstance(raw, str) else ""
    return bound


def _row(spec: FieldSpec, raw: dict, name: str, index, errors: dict, pad_rows: bool) -> BoundRow:
    row_name = name_of(name, index)
    return BoundRow(
        index=index,
        name=row_name,
        fields=[_bind(child, raw.get(child.key), row_name, errors, pad_rows) for child in spec.children],
    )


def _walk(fields: list[BoundField]):
    for bound in fields:
        yield bound
        yield from _walk(bound.children)
        for row in bound.rows:
            yield from _walk(row.fields)


def bind(
    spec: FormSpec,
    raw: dict,
    errors: dict[str, list[str]],
    *,
    pad_rows: bool = True,
    prefilled: frozenset[str] = frozenset(),
) -> BoundForm:
    """`pad_rows`: give each rows field at least one (blank) row to type in; `prefilled`:
    the top-level fields whose value the case's prefill gave."""
    fields = [_bind(f, raw.get(f.key), "", errors, pad_rows) for f in spec.fields]
    for bound in fields:
        bound.prefilled = bound.spec.key in prefilled
    by_name = {b.name: b for b in _walk(fields)}
    summary = []
    for bound in _walk(fields):
        summary.extend((bound.id, bound.spec.title, message) for message in bound.errors)
    for key, messages in errors.items():
        if key in by_name:
            continue
        # e.g. "tracks.1" (one choice of a multiple choice) or a row that no longer exists:
        # shown at the nearest field that is on the page, else only in the summary.
        parts = key.split(".")
        owner = next(
            (
                by_name[".".join(parts[:n])]
                for n in range(len(parts) - 1, 0, -1)
                if ".".join(parts[:n]) in by_name
            ),
            None,
        )
        for message in messages:
            if owner is not None:
                if message not in owner.errors:
                    owner.errors.append(message)
                    summary.append((owner.id, owner.spec.title, message))
            else:
                summary.append(("form-errors", "Formulier", message))
    return BoundForm(spec=spec, fields=fields, summary=summary)
