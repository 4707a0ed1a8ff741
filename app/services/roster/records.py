"""One pupil's line of a roster file, checked field by field (every reader).

A reader hands `record` the cells of one line (or one Smartschool account) as
(column name as in the file, Column, text); it answers a `RosterRow` or the
line's problems, each naming the file's own column.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.calendar.words import day_words
from app.services import contacts
from app.services.absences.rows import KEY_MAX, Problem, parse_day, yes_no
from app.services.contacts import ContactData
from app.services.roster.columns import Column
from app.vocabulary import ContactRelation

NAME_MAX = 100
CLASS_MAX = 40
EARLIEST_BIRTH_YEAR = 1990  # as the API's check (app/api/schemas/pupils.py)
PHONE_SEPARATORS = re.compile(r"[|;,\n]")
# Smartschool's "no choice made" and its staff co-account types are contacts of another kind.
UNCHOSEN = frozenset({"", "0", "maak uw keuze"})


@dataclass
class Header:
    """What a file's columns say, before its rows: which fields it gives at all
    (a field the file does not have is left as it is), and the columns not read."""

    format: str
    has_class: bool = False
    has_domicile: bool = False
    has_contacts: bool = False
    ignored: list[str] = field(default_factory=list)


@dataclass
class RosterRow:
    line: int
    external_id: str
    first_name: str
    last_name: str
    birth_date: date
    class_name: str | None
    domicile: str | None  # None: the file says nothing (what is stored stays)
    contacts: list[ContactData]


Cells = Sequence[tuple[str, Column, object]]


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _plain(text: str, limit: int, what: str, required: bool = True) -> str | None:
    if not text:
        return f"{what} ontbreekt." if required else None
    if len(text) > limit:
        return f"{what} is te lang ({len(text)} tekens, hoogstens {limit})."
    if any(not ch.isprintable() for ch in text):
        return f"{what} bevat stuurtekens of onzichtbare tekens."
    return None


def birth_date_of(text: str, today: date) -> tuple[date | None, str | None]:
    if not text:
        return None, "De geboortedatum ontbreekt."
    day, message = parse_day(text.split(" ")[0], today)  # a spreadsheet may add " 0:00"
    if message:
        return None, message
    assert day is not None, "parse_day gives a day or a message"
    if day.year < EARLIEST_BIRTH_YEAR:
        return None, f"Geboortedatum {day_words(day)} is niet plausibel voor een leerling (vóór 1990)."
    return day, None


def domicile_of(pupil: dict[str, tuple[str, str]]) -> str | None:
    """One line from the domicile column or its parts: Straat 12 bus 3, 9000 Gent."""
    if pupil.get("domicile_address", ("", ""))[1]:
        return pupil["domicile_address"][1]
    part = {
        name: pupil.get(name, ("", ""))[1]
        for name in ("street", "house_number", "box", "postal_code", "city")
    }
    street = " ".join(p for p in (part["street"], part["house_number"]) if p)
    if part["box"]:
        street += f" bus {part['box']}"
    town = " ".join(p for p in (part["postal_code"], part["city"]) if p)
    return ", ".join(p for p in (street, town) if p) or None


def _relation(text: str, column: dict, name_column: str, lenient: bool, problems: list) -> str | None:
    if not text:
        if lenient:
            return ContactRelation.ANDERE
        problems.append(
            (column.get("relation", name_column), "De relatie ontbreekt (moeder, vader, voogd, …).")
        )
        return None
    relation, message = contacts.relation_of(text)
    if relation is None and lenient:  # Smartschool's other co-account types
        return ContactRelation.ANDERE
    if message:
        problems.append((column["relation"], message))
    return relation


def _phones(value: dict, column: dict, problems: list) -> list[str]:
    """The numbers of the phones column, then GSM, then phone; any of them may hold
    several, separated by | ; or , (a Belgian number may hold a / itself)."""
    phones = [
        number.strip()
        for key in ("phones", "mobile", "phone")
        for number in PHONE_SEPARATORS.split(value.get(key, ""))
        if number.strip()
    ]
    where = column.get("phones") or column.get("mobile") or column.get("phone")
    for phone in phones:
        if message := contacts.phone_problem(phone):
            problems.append((where, message))
    if len(phones) > contacts.MAX_PHONES:
        problems.append((where, f"Hoogstens {contacts.MAX_PHONES} telefoonnummers per contact."))
    return phones


def _contact(index: int, cells: dict[str, tuple[str, str]], lenient: bool) -> tuple[ContactData | None, list]:
    """(contact, []) or (None, [(column name, message), ...]); (None, []) when the slot is empty."""
    value = {name: text for name, (_, text) in cells.items()}
    column = {name: header for name, (header, _) in cells.items()}
    relation_text = value.get("relation", "")
    if lenient and relation_text.lower() in UNCHOSEN:
        relation_text = ""
    others = any(text for name, text in value.items() if name != "relation")
    if not others and (lenient or not relation_text):
        return None, []  # an empty slot (Smartschool keeps a type on an emptied co-account)
    problems = []
    name = value.get("name") or " ".join(p for p in (value.get("first_name"), value.get("last_name")) if p)
    name_column = (
        column.get("name") or column.get("last_name") or column.get("first_name") or f"contact {index}"
    )
    if message := contacts.name_problem(name) if name else "De naam van de contactpersoon ontbreekt.":
        problems.append((name_column, message))
    relation = _relation(relation_text, column, name_column, lenient, problems)
    phones = _phones(value, column, problems)
    email = value.get("email") or None
    if email and (message := contacts.email_problem(email)):
        problems.append((column["email"], message))
    language = None
    if value.get("language"):
        language, message = contacts.language_of(value["language"])
        if message:
            problems.append((column["language"], message))
    authority = None
    if value.get("parental_authority"):
        authority, message = yes_no(value["parental_authority"])
        if message:
            problems.append((column["parental_authority"], message))
    address = value.get("address") or None
    if address and (message := contacts.address_problem(address)):
        problems.append((column["address"], message))
    if problems:
        return None, problems
    assert relation is not None
    contact = ContactData.of(
        {
            "name": name,
            "relation": relation,
            "address": address,
            "phones": phones,
            "email": email,
            "language": language,
            "parental_authority": authority,
        }
    )
    return contact, []


def record(line: int, cells: Cells, today: date, *, lenient: bool = False) -> Iterator[RosterRow | Problem]:
    """The pupil of one line, or its problems. `lenient`: Smartschool's co-accounts,
    whose type may be unchosen or a staff role (they become `andere`)."""
    pupil: dict[str, tuple[str, str]] = {}
    slots: dict[int, dict[str, tuple[str, str]]] = {}
    for header, column, raw in cells:
        if column.field is None:
            continue
        target = pupil if column.contact is None else slots.setdefault(column.contact, {})
        target[column.field] = (header, _text(raw))
    problems = []
    values = {name: text for name, (_, text) in pupil.items()}

    def named(name: str) -> str:
        return pupil.get(name, (name, ""))[0]

    checks = (
        ("external_id", _plain(values.get("external_id", ""), KEY_MAX, "Het leerlingnummer")),
        ("first_name", _plain(values.get("first_name", ""), NAME_MAX, "De voornaam")),
        ("last_name", _plain(values.get("last_name", ""), NAME_MAX, "De familienaam")),
        ("class_name", _plain(values.get("class_name", ""), CLASS_MAX, "De klas", required=False)),
    )
    problems += [(named(name), message) for name, message in checks if message]
    birth_date, message = birth_date_of(values.get("birth_date", ""), today)
    if message:
        problems.append((named("birth_date"), message))
    domicile = domicile_of(pupil)
    if domicile and (message := contacts.address_problem(domicile)):
        problems.append(
            (named("domicile_address") if "domicile_address" in pupil else named("street"), message)
        )
    found = []
    for index in sorted(slots):
        contact, wrong = _contact(index, slots[index], lenient)
        problems += wrong
        if contact is not None:
            found.append(contact)
    if problems:
        yield from (Problem(line, column, message) for column, message in problems)
        return
    assert birth_date is not None
    yield RosterRow(
        line,
        values["external_id"],
        values["first_name"],
        values["last_name"],
        birth_date,
        values.get("class_name") or None,
        domicile,
        found,
    )
