"""A pupil's parents, guardians and other contact persons, and the pupil's domicile:
whom and where to reach (the police, AGODI and OCJ documents ask, with the date
the data were last checked: domain.md, "Documents the product produces").

The checks of each field live here, in Dutch, for every door: the API's schemas
call them (app/api/schemas/pupils.py), and so does the roster import
(app/services/roster). Each check answers None (fine) or the message.

A list of contacts is always replaced as a whole. A contact that comes back
exactly as it was (every field the same, wherever it stands in the list)
keeps the date it was checked and who checked it; any other contact is new or
changed and is checked today by the actor (None: the server's command line).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from sqlalchemy import delete

from app.models import Pupil, PupilContact
from app.vocabulary import ContactRelation

MAX_CONTACTS = 10
MAX_PHONES = 5
NAME_MAX = 200
ADDRESS_MAX = 300
EMAIL_MAX = 254
PHONE_MAX = 40
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s./()-]+$")
# The words the schools' software and staff use for a relation (Smartschool's
# co-account types among them), compared in lower case.
RELATION_WORDS = {
    **{relation.value: relation for relation in ContactRelation},
    "mama": ContactRelation.MOEDER,
    "papa": ContactRelation.VADER,
    "mother": ContactRelation.MOEDER,
    "father": ContactRelation.VADER,
    "meemoeder": ContactRelation.OUDER,
    "meevader": ContactRelation.OUDER,
    "meeouder": ContactRelation.OUDER,
    "plusmoeder": ContactRelation.PLUSOUDER,
    "plusvader": ContactRelation.PLUSOUDER,
    "stiefmoeder": ContactRelation.PLUSOUDER,
    "stiefvader": ContactRelation.PLUSOUDER,
    "stiefouder": ContactRelation.PLUSOUDER,
    "pleegmoeder": ContactRelation.PLEEGOUDER,
    "pleegvader": ContactRelation.PLEEGOUDER,
    "grootmoeder": ContactRelation.GROOTOUDER,
    "grootvader": ContactRelation.GROOTOUDER,
    "oma": ContactRelation.GROOTOUDER,
    "opa": ContactRelation.GROOTOUDER,
    "guardian": ContactRelation.VOOGD,
}
RELATIONS_TEXT = ", ".join(relation.value for relation in ContactRelation)


def text_problem(text: str, limit: int, empty: str) -> str | None:
    if not text.strip():
        return empty
    if len(text) > limit:
        return f"Te lang ({len(text)} tekens, hoogstens {limit})."
    if any(not ch.isprintable() for ch in text):
        return "Gebruik gewone tekens (geen stuurtekens of regeleinden)."
    return None


def name_problem(text: str) -> str | None:
    return text_problem(text, NAME_MAX, "Vul de naam in.")


def address_problem(text: str) -> str | None:
    return text_problem(text, ADDRESS_MAX, "Vul het adres in of laat het veld weg.")


def phone_problem(text: str) -> str | None:
    digits = sum(ch.isdigit() for ch in text)
    if len(text) > PHONE_MAX or not PHONE_CHARACTERS.match(text.strip()) or not 8 <= digits <= 15:
        return (
            f"Ongeldig telefoonnummer '{text[:PHONE_MAX]}': 8 tot 15 cijfers, eventueel met + vooraan, "
            "spaties, punten of schuine strepen (bv. 0475 12 34 56 of +32 9 123 45 67)."
        )
    return None


def email_problem(text: str) -> str | None:
    if len(text) > EMAIL_MAX or not EMAIL.match(text.strip()):
        return f"Ongeldig e-mailadres '{text[:60]}': bv. naam@voorbeeld.be."
    return None


@cache
def languages() -> dict[str, str]:
    """Language codes (ISO 639) → their Dutch names, as Babel (CLDR) knows them."""
    return {code: name for code, name in Locale("nl").languages.items() if "_" not in code}


@cache
def _language_names() -> dict[str, str]:
    return {name.lower(): code for code, name in languages().items()}


def language_of(text: str) -> tuple[str | None, str | None]:
    """(code, None) or (None, message): a code (nl, fr, ar) or its Dutch name (Frans)."""
    value = text.strip().lower()
    if value in languages():
        return value, None
    if value in _language_names():
        return _language_names()[value], None
    return None, (
        f"Onbekende taal '{text[:40]}': geef de taalcode (nl, fr, en, ar, tr, …) of de Nederlandse naam (Frans)."
    )


def language_problem(text: str) -> str | None:
    """The API takes the code itself (a file may also give the Dutch name: language_of)."""
    if text in languages():
        return None
    return f"Onbekende taalcode '{text[:20]}': geef de ISO 639-code in kleine letters, bv. nl, fr, ar of tr."


def relation_of(text: str) -> tuple[ContactRelation | None, str | None]:
    relation = RELATION_WORDS.get(text.strip().lower())
    if relation is None:
        return None, f"Onbekende relatie '{text[:40]}': kies {RELATIONS_TEXT}."
    return relation, None


def clean_phone(text: str) -> str:
    """A number as typed, its spaces collapsed (so a re-import compares equal)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class ContactData:
    """One contact as a door hands it in (checked already)."""

    name: str
    relation: str
    address: str | None = None
    phones: tuple[str, ...] = ()
    email: str | None = None
    language: str | None = None
    parental_authority: bool | None = None

    @classmethod
    def of(cls, data: dict) -> "ContactData":
        return cls(
            name=data["name"].strip(),
            relation=data["relation"],
            address=(data.get("address") or "").strip() or None,
            phones=tuple(clean_phone(p) for p in data.get("phones") or () if p.strip()),
            email=(data.get("email") or "").strip() or None,
            language=data.get("language") or None,
            parental_authority=data.get("parental_authority"),
        )

    @classmethod
    def of_row(cls, row: PupilContact) -> "ContactData":
        return cls(
            row.name,
            row.relation,
            row.address,
            tuple(row.phones),
            row.email,
            row.language,
            row.parental_authority,
        )


def contact_rows(
    pupil_id: int,
    contacts: Sequence[ContactData],
    kept: Iterable[tuple[ContactData, date, int | None]],
    today: date,
    actor_id: int | None,
) -> list[dict]:
    """The rows of a pupil's new list, in order: each contact that was there before
    (`kept`: its data, checked on, checked by) keeps its check, each other one is
    checked today by the actor."""
    before: dict[ContactData, list[tuple[date, int | None]]] = {}
    for data, checked_on, checked_by in kept:
        before.setdefault(data, []).append((checked_on, checked_by))
    rows = []
    for position, contact in enumerate(contacts):
        checked_on, checked_by = before[contact].pop(0) if before.get(contact) else (today, actor_id)
        rows.append(
            {
                "pupil_id": pupil_id,
                "position": position,
                "name": contact.name,
                "relation": contact.relation,
                "address": contact.address,
                "phones": list(contact.phones),
                "email": contact.email,
                "language": contact.language,
                "parental_authority": contact.parental_authority,
                "checked_on": checked_on,
                "checked_by_id": checked_by,
            }
        )
    return rows


def replace_contacts(session, pupil: Pupil, contacts: Sequence[ContactData], today: date, actor_id) -> bool:
    """Give the pupil this list of contacts (in the session's transaction); whether it changed."""
    old = [(ContactData.of_row(row), row.checked_on, row.checked_by_id) for row in pupil.contacts]
    if [data for data, _, _ in old] == list(contacts):
        return False
    rows = contact_rows(pupil.id, contacts, old, today, actor_id)
    session.execute(delete(PupilContact).where(PupilContact.pupil_id == pupil.id))
    session.expire(pupil, ["contacts"])
    session.add_all(PupilContact(**row) for row in rows)
    session.flush()
    return True


def set_domicile(pupil: Pupil, address: str | None, today: date, actor_id) -> bool:
    """The pupil's domicile (None: not known); checked today by the actor when it changed."""
    address = (address or "").strip() or None
    if address == pupil.domicile_address:
        return False
    pupil.domicile_address = address
    pupil.domicile_checked_on = today if address else None
    pupil.domicile_checked_by_id = actor_id if address else None
    return True
