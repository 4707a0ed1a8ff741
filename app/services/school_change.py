"""The `school_change` message: what it carries, checked before the engine sees it."""
from dataclasses import dataclass

from app.extensions import db
from app.models import Case, School
from app.models.types import MAX_ID
from app.services.errors import Invalid

FIELDS = {"new_school_id", "b_count", "new_external_id"}


@dataclass(frozen=True)
class SchoolChange:
    school: School
    payload: dict  # what the workflow receives
    new_external_id: str | None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_school_change(case: Case, data: dict) -> SchoolChange:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - FIELDS):
        errors[name] = [f"Onbekend veld. Toegestaan: {', '.join(sorted(FIELDS))}."]
    new_school_id = data.get("new_school_id")
    school = None
    if not _is_int(new_school_id) or not 1 <= new_school_id <= MAX_ID:
        errors["new_school_id"] = ["Geef het id van de nieuwe school (een geheel getal)."]
    else:
        school = db.session.get(School, new_school_id)
        if school is None:
            errors["new_school_id"] = ["Onbekende school."]
        elif school.id == case.school_id:
            errors["new_school_id"] = ["De leerling zit al in deze school."]
    b_count = data.get("b_count")
    if b_count is not None and (not _is_int(b_count) or not 0 <= b_count <= 1000):
        errors["b_count"] = ["Geef het aantal B-codes (halve dagen) dit schooljaar: 0 tot 1000."]
    new_external_id = data.get("new_external_id")
    if new_external_id is not None and (
            not isinstance(new_external_id, str) or not new_external_id.strip()
            or len(new_external_id) > 64 or not new_external_id.isprintable()):
        errors["new_external_id"] = ["Geef het leerlingnummer in de nieuwe school (1 tot 64 gewone tekens)."]
    if errors:
        raise Invalid("Ongeldige gegevens voor de schoolverandering.", errors)
    payload = {"new_school_id": new_school_id}
    if b_count is not None:
        payload["b_count"] = b_count
    return SchoolChange(school, payload, new_external_id.strip() if new_external_id else None)
