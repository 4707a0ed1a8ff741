"""What someone typed into a form, as lines to read and copy: shown after a lost race,
when the answers were not stored (another colleague completed the task first)."""

from app.web.taskform.spec import GROUP, MULTICHOICE, ROWS, FieldSpec


def _words(spec: FieldSpec, value: str) -> str:
    for option in spec.options:
        if option.value == value:
            return option.label
    return value


def typed_lines(fields: list[FieldSpec], raw: dict, prefix: str = "") -> list[tuple[str, str]]:
    """(label, text) for each field that holds something, rows and groups flattened."""
    lines: list[tuple[str, str]] = []
    for spec in fields:
        value = raw.get(spec.key)
        if value in (None, "", [], {}):
            continue
        label = f"{prefix}{spec.title}"
        if spec.kind == ROWS:
            for number, row in enumerate(value, start=1):
                lines += typed_lines(spec.children, row, f"{label} {number} · ")
        elif spec.kind == GROUP:
            lines += typed_lines(spec.children, value, f"{label} · ")
        elif spec.kind == MULTICHOICE:
            lines.append((label, ", ".join(_words(spec, v) for v in value)))
        else:
            lines.append((label, _words(spec, str(value))))
    return lines
