"""Rules a form cannot check on its own because they depend on the case.

JSON Schema sees only the submitted data; these checks see the pupil too.
"""
from datetime import date

from app.models import Case


def compulsory_education_ends(birth_date: date) -> date:
    """Leerplicht runs until 30 June of the calendar year the pupil turns 18."""
    return date(birth_date.year + 18, 6, 30)


def is_compulsory_age(birth_date: date, on: date) -> bool:
    return on <= compulsory_education_ends(birth_date)


def _no_legal_escalation_after_compulsory_age(data: dict, case: Case, today: date):
    if data.get("outcome") == "escalate" and not is_compulsory_age(case.pupil.birth_date, today):
        return {"outcome": ["Geen juridische escalatie: de leerling is niet meer leerplichtig; "
                            "begeleiding gaat enkel vrijwillig verder."]}
    return {}


RULES = {
    "task_clb_end": [_no_legal_escalation_after_compulsory_age],
}


def context_errors(bpmn_id: str, data: dict, case: Case, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for rule in RULES.get(bpmn_id, ()):
        for name, messages in rule(data, case, today).items():
            errors.setdefault(name, []).extend(messages)
    return errors
