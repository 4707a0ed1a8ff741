"""Impossible dates are refused: an evaluation before the plan, an end before a
start, a contact before the absence, a contact or a report dated after today.

JSON Schema cannot compare two dates, so each form's date pairs are listed
here, keyed by task id, and checked after the schema. Errors name the field
like the schema's do (`actions.0.deadline`). A pair may take its earlier date
from a task completed before in the same process (the parket answers after
the police report was sent).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.calendar.words import day_words


@dataclass(frozen=True)
class Order:
    earlier: str
    later: str
    strict: bool = False  # the later date must be after, not on the same day
    items: str | None = None  # an array field whose items hold one of the two dates
    item_side: str = "later"  # which of the two is the item's field
    from_task: str | None = None  # `earlier` comes from this task's submitted data


DATE_RULES: dict[str, list[Order]] = {
    "task_absence_contact_parents": [
        Order("absence_date", "contact_date"),
        Order("absence_date", "date", items="contact_attempts"),
    ],
    "task_absence_pupil_talk": [Order("absence_date", "return_date"), Order("return_date", "talk_date")],
    "task_absence_ask_pupil": [Order("absence_date", "contact_date")],
    "task_action_plan": [
        Order("plan_date", "evaluation_date", strict=True),
        Order("plan_date", "signed_on"),
        Order("plan_date", "deadline", items="actions"),
    ],
    "task_return_plan": [
        Order("plan_date", "evaluation_date", strict=True),
        Order("plan_date", "target_date", items="return_steps"),
    ],
    "task_parent_agreements": [
        Order("meeting_date", "evaluation_date", strict=True),
        Order("meeting_date", "by_date", items="agreements"),
    ],
    "task_exclusion_support": [
        Order("decision_date", "new_school_start"),
        Order("decision_date", "evaluation_date", strict=True),
        Order("decision_date", "contacted_on", items="schools_contacted"),
    ],
    "task_phase1_evaluation": [Order("evaluation_date", "monitoring_until", strict=True)],
    "task_signal_clb": [Order("signal_date", "meeting_date")],
    "task_clb_round_plan": [Order("plan_date", "evaluation_date", strict=True)],
    "task_hgd": [Order("start_date", "end_date")],
    "task_short_term": [Order("start_date", "end_date")],
    "task_hub_referral": [Order("referral_date", "expected_start_date")],
    "task_round_evaluation": [Order("evaluation_date", "next_evaluation_date", strict=True)],
    "task_bridging_help": [Order("contact_date", "next_contact_date", strict=True)],
    "task_phase3_plan": [Order("plan_date", "evaluation_date", strict=True)],
    "task_phase3_evaluation": [Order("evaluation_date", "next_evaluation_date", strict=True)],
    "task_m_document_sent": [Order("anonymous_consult_date", "sent_on", from_task="task_m_document")],
    "task_school_toah": [Order("parents_request_on", "requested_on"), Order("requested_on", "start_date")],
    "task_school_iac": [Order("class_council_date", "review_date", strict=True)],
    "task_police_report": [
        Order("clb_consulted_on", "sent_on"),
        Order("date", "sent_on", items="contact_attempts", item_side="earlier"),
    ],
    "task_parket_answer": [Order("sent_on", "answer_date", from_task="task_police_report")],
    "task_agodi_letter_school": [Order("sent_on", "letter_date", from_task="task_agodi_report_sent")],
    "task_agodi_letter_clb": [Order("sent_on", "letter_date", from_task="task_agodi_report_clb_sent")],
    "task_receive_handover": [Order("handover_date", "received_date", from_task="task_warm_handover")],
    # The return path after a long justified absence: every step after the talk with the pupil.
    "task_class_council": [
        Order("talk_date", "council_date", from_task="task_return_talk"),
        Order("council_date", "by_date", items="remediation"),
    ],
    "task_prepare_class": [Order("talk_date", "preparation_date", from_task="task_return_talk")],
    "task_return_followup": [Order("talk_date", "followup_date", from_task="task_return_talk")],
    # Forms of the earlier process version, still used by its running cases.
    "task_contact_parents": [
        Order("absence_date", "contact_date"),
        Order("absence_date", "pupil_talk_date"),
        Order("absence_date", "date", items="contact_attempts"),
    ],
    "task_phase1_decision": [Order("decision_date", "monitoring_until", strict=True)],
}


# Dates that record what happened (a contact, a talk, a report sent, a decision
# taken) cannot lie after today; planned dates (evaluation, a deadline, a start)
# may. `items.field`: the field of each row of an array.
DONE_DATES: dict[str, tuple[str, ...]] = {
    "task_absence_contact_parents": ("absence_date", "contact_date", "contact_attempts.date"),
    "task_absence_pupil_talk": ("absence_date", "return_date", "talk_date"),
    "task_absence_ask_pupil": ("absence_date", "contact_date"),
    "task_action_plan": ("plan_date", "signed_on"),
    "task_return_plan": ("plan_date",),
    "task_parent_agreements": ("meeting_date",),
    "task_exclusion_support": ("decision_date", "schools_contacted.contacted_on"),
    "task_phase1_evaluation": ("evaluation_date",),
    "task_signal_clb": ("signal_date",),
    "task_clb_round_plan": ("plan_date",),
    "task_hub_referral": ("referral_date",),
    "task_round_evaluation": ("evaluation_date",),
    "task_bridging_help": ("contact_date",),
    "task_phase3_plan": ("plan_date",),
    "task_phase3_evaluation": ("evaluation_date",),
    "task_ocj_consult": ("consult_date",),
    "task_m_document": ("anonymous_consult_date",),
    "task_m_document_sent": ("sent_on",),
    "task_school_toah": ("parents_request_on", "requested_on"),
    "task_school_iac": ("class_council_date",),
    "task_school_track": ("class_council_date",),
    "task_police_report": ("clb_consulted_on", "sent_on", "contact_attempts.date"),
    "task_police_clb_advice": ("advice_date",),
    "task_parket_answer": ("answer_date",),
    "task_agodi_report_sent": ("sent_on",),
    "task_agodi_report_clb_sent": ("sent_on",),
    "task_agodi_letter_school": ("letter_date",),
    "task_agodi_letter_clb": ("letter_date",),
    "task_warm_handover": ("handover_date",),
    "task_receive_handover": ("received_date",),
    "task_relapse_review": ("review_date",),
    "task_return_talk": ("talk_date",),
    "task_class_council": ("council_date",),
    "task_prepare_class": ("preparation_date",),
    "task_return_followup": ("followup_date",),
}
FUTURE = "Deze datum ligt na vandaag ({}): vul in wat al gebeurde."


def future_errors(task_id: str, data: dict, today: date) -> dict[str, list[str]]:
    """Field → message for a date of something done that lies after `today`."""
    errors: dict[str, list[str]] = {}
    for field in DONE_DATES.get(task_id, ()):
        array, _, name = field.rpartition(".")
        rows = data.get(array) if array else [data]
        for index, row in enumerate(rows if isinstance(rows, list) else ()):
            day = _date(row.get(name)) if isinstance(row, dict) else None
            if day and day > today:
                errors.setdefault(f"{array}.{index}.{name}" if array else name, []).append(
                    FUTURE.format(day_words(today))
                )
    return errors


def _date(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # the schema reports a malformed date


def _message(order: Order, other_title: str, other: date, *, item_is_earlier: bool) -> str:
    if item_is_earlier:
        return f"Deze datum ligt na ‘{other_title}’ ({day_words(other)})."
    if order.strict:
        return f"Deze datum moet na ‘{other_title}’ ({day_words(other)}) liggen."
    return f"Deze datum ligt vóór ‘{other_title}’ ({day_words(other)})."


def date_errors(
    task_id: str, data: dict, titles: Callable[[str, str], str], completed: Callable[[str], dict | None]
) -> dict[str, list[str]]:
    """Field → messages for dates in the wrong order.

    `titles(task_id, field)` gives a field's title; `completed(task_id)` the
    data of that task completed earlier in the same process, or None."""
    errors: dict[str, list[str]] = {}

    def wrong(first: date, second: date, strict: bool) -> bool:
        return second <= first if strict else second < first

    for order in DATE_RULES.get(task_id, ()):
        source = data
        if order.from_task:
            source = completed(order.from_task) or {}
        earlier_title = titles(order.from_task or task_id, order.earlier)
        if order.items is None:
            first, second = _date(source.get(order.earlier)), _date(data.get(order.later))
            if first and second and wrong(first, second, order.strict):
                errors.setdefault(order.later, []).append(
                    _message(order, earlier_title, first, item_is_earlier=False)
                )
            continue
        items = data.get(order.items)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            item_is_later = order.item_side == "later"
            if item_is_later:
                first, second = _date(source.get(order.earlier)), _date(item.get(order.later))
                name, title = order.later, earlier_title
            else:
                first, second = _date(item.get(order.earlier)), _date(data.get(order.later))
                name, title = order.earlier, titles(task_id, order.later)
            if first and second and wrong(first, second, order.strict):
                other = first if item_is_later else second  # the date outside the item
                errors.setdefault(f"{order.items}.{index}.{name}", []).append(
                    _message(order, title, other, item_is_earlier=order.item_side == "earlier")
                )
    return errors
