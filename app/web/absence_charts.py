"""Absence figures as charts (Chart.js, served from /vendor) and as tables.

A chart's data travel in a `data-chart` attribute as JSON (the CSP allows no
inline script); static/js/charts.js draws them. Every chart has a table with
the same figures beside it, for screen readers and without JavaScript.
"""

import json
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from app.web.labels import LOCALE

CODES = {
    "B": "B: problematisch",
    "Z": "Z: ziekte",
    "R": "R: gewettigd (regelgeving)",
    "P": "P: persoonlijke redenen",
    "A": "A: kleuter, niet leerplichtig",
    "H": "H: revalidatie",
    "M": "M: werkplekleren gemist",
    "L": "L: te laat",
    "-": "-: nog onbekend",
}
FIGURES = {
    "b": "halve dagen met B-code",
    "d": "halve dagen met D-code",
    "z": "halve dagen met Z-code",
    "school_year": "schooljaar",
    "b_previous_year": "B-code vorig schooljaar",
    "b_september_october": "B-code in september–oktober",
    "extended_holiday_left_out": "luxeverzuim niet meegeteld",
    "compulsory_education_ended": "leerplicht voorbij op",
    "absences": "afwezige halve dagen",
    "school_weeks": "schoolweken",
    "from": "van",
    "to": "tot",
    "first": "van",
    "last": "tot",
    "late": "keren te laat",
    "late_became_b": "waarvan B-code geworden",
    "weekday": "weekdag",
    "days": "dagen",
    "absent_days": "afwezige dagen",
    "dates": "data",
    "protocol": "protocol",
    "attended": "aanwezig (halve dagen)",
    "not_accepted": "niet aanvaarde afwezigheden",
    "school_half_days_so_far": "schoolhalve dagen tot nu",
    "remaining": "nog te gaan",
}
RULES = {
    "b_signal": "signaaldrempel B",
    "medical_certificates": "veel doktersattesten (D)",
    "speed": "snelheid van opstapeling",
    "early_b": "B in september/oktober",
    "d_with_b": "D naast B",
    "frequent_lateness": "vaak te laat",
    "same_weekday": "afwezig op dezelfde weekdag",
    "around_holidays": "afwezig rond vakanties",
    "school_allowance": "schooltoeslag",
    "past_compulsory_age": "niet meer leerplichtig",
    "toddler_attendance": "kleuter: aanwezigheid",
    "police_protocol": "politieprotocol",
    "open_case": "lopend dossier",
    # Rules of agendas made before migration 0011 (kept with the meeting as they were).
    "many_z": "veel ziekte (Z, oude regel)",
    "z_with_b": "Z naast B (oude regel)",
}
BANDS = {"0-4": "0–4 B", "5-9": "5–9 B", "10-19": "10–19 B", "20-29": "20–29 B", "30+": "30 of meer B"}


def code_label(code: str) -> str:
    return CODES.get(code, code)


def month_label(key: str) -> str:
    """ "2026-09" → "sep. 2026"."""
    year, month = key.split("-")
    return format_date(date(int(year), int(month), 1), "MMM y", locale=LOCALE)


def stacked(title: str, labels: list[str], rows: list[dict], codes: list[str]) -> str:
    """A stacked bar chart: one bar per label, one stack per code."""
    return json.dumps(
        {
            "kind": "stacked",
            "title": title,
            "labels": labels,
            "datasets": [
                {"code": code, "label": code_label(code), "data": [row.get(code, 0) for row in rows]}
                for code in codes
            ],
        }
    )


def bars(
    title: str,
    labels: list[str],
    values: list[int],
    label: str,
    code: str | None = None,
    codes: list[str] | None = None,
) -> str:
    """One bar per label, in the colour of `code`, or of each bar's code (`codes`)."""
    dataset = {"code": code or "", "label": label, "data": values}
    if codes:
        dataset["codes"] = codes
    return json.dumps({"kind": "bar", "title": title, "labels": labels, "datasets": [dataset]})


def figures(values: dict) -> str:
    """A signal's figures in words: "halve dagen met B-code 5 · schooljaar 2026-2027"."""
    return " · ".join(
        f"{FIGURES.get(key, key)} {', '.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in (values or {}).items()
    )


@dataclass(frozen=True)
class Figure:
    """One chart and its table: `rows` start with their heading cell."""

    id: str
    title: str
    spec: str
    headers: list
    rows: list


def figure(id_: str, title: str, spec: str, headers: list, rows: list) -> Figure:
    return Figure(id_, title, spec, headers, [list(row) for row in rows])


def per_code(
    id_: str, title: str, heading: str, labels: list[str], totals: list[dict], codes: list[str]
) -> Figure:
    """A stacked chart per code, and its table: a row per label, a column per code."""
    rows = [[label, *(row.get(code, 0) for code in codes)] for label, row in zip(labels, totals, strict=True)]
    return Figure(id_, title, stacked(title, labels, totals, codes), [heading, *codes], rows)


def rule_label(rule: str) -> str:
    return RULES.get(rule, rule)


def init_app(app) -> None:
    app.add_template_filter(code_label, "code_label")
    app.add_template_filter(rule_label, "rule_label")
    app.add_template_filter(figures, "figures")
    app.add_template_filter(month_label, "month_label")
