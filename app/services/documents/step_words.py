"""What a completed step recorded, in a chronology line's words: the decision and its
reason (a phase-1 evaluation's decision and motivation, the CLB's acceptance, a
guidance's result), read from the task's form and its schema's titles, not the task's
title alone."""

from flask import current_app

from app.documents import text as t
from app.services.forms import FormMissing, load_form

# The fields that say what was decided, in the order a reader looks for them.
DECISION_KEYS = (
    "decision",
    "accepted",
    "outcome",
    "result",
    "trajectory",
    "plan",
    "consult_outcome",
    "answer",
    "attendance_evolution",
    "evolution",
    "going_well",
    "next_step",
    "certificate_outcome",
    "reached",
    "exclusion_kind",
    "referral_kind",
    "partner",
)
# And the one text that says why or what was agreed.
TEXT_KEYS = (
    "motivation",
    "reason",
    "round_results",
    "tracks_result",
    "closing_summary",
    "findings",
    "advice",
    "clb_advice",
    "agreements",
    "followup_agreements",
    "measures_summary",
    "first_analysis",
    "follow_up",
    "bridging_actions",
    "advice_to_school",
    "reason_given",
    "summary",
    "next_steps",
)
MOST_DECISIONS = 2
TEXT_LENGTH = 300


def _shown(schema: dict, value) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return t.yes_no(value)
    for option in schema.get("oneOf") or ():
        if option.get("const") == value:
            return option.get("title") or str(value)
    return str(value)


def step_summary(bpmn_id: str, data: dict | None) -> str | None:
    """'Beslissing: naar fase 2 · Motivering: …' for the step's stored answers, or None."""
    if not data:
        return None
    try:
        properties = load_form(current_app.config["FORMS_DIR"], bpmn_id).schema.get("properties", {})
    except FormMissing:
        return None
    parts = []
    for key in DECISION_KEYS:
        shown = _shown(properties.get(key, {}), data.get(key)) if key in properties else None
        if shown:
            parts.append(f"{properties[key].get('title', key)}: {shown}")
        if len(parts) == MOST_DECISIONS:
            break
    for key in TEXT_KEYS:
        words = (data.get(key) or "").strip() if isinstance(data.get(key), str) else ""
        if key in properties and words and properties[key].get("oneOf"):
            words = _shown(properties[key], data[key]) or words  # a choice: its title
        if key in properties and words:
            if len(words) > TEXT_LENGTH:
                words = words[: TEXT_LENGTH - 1].rstrip() + "…"
            parts.append(f"{properties[key].get('title', key)}: {words}")
            break
    return " · ".join(parts) or None
