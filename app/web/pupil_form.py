"""The form of a pupil's record (Leerling registreren, Gegevens wijzigen): the pupil,
their domicile and their contacts, as rows added and removed like a task form's
(app/web/taskform: the same fields, the same rows without JavaScript, enhanced
by static/js/taskform.js). What is posted is checked by the API's own schemas
(app/api/schemas/pupils.py), so a page and the API refuse the same things with
the same words.
"""

import re

from marshmallow import ValidationError

from app.api.schemas.pupils import PupilIn, PupilPatch
from app.services.contacts import languages
from app.vocabulary import ContactRelation
from app.web.labels import RELATIONS
from app.web.taskform import bind, build, change_rows, collect, to_data, to_raw

# Offered first (the languages Flemish schools meet most); a contact's own stays offered.
COMMON_LANGUAGES = (
    "nl",
    "fr",
    "en",
    "de",
    "ar",
    "tr",
    "pl",
    "ro",
    "bg",
    "ru",
    "uk",
    "es",
    "it",
    "pt",
    "so",
    "ti",
    "fa",
    "ps",
)
ROW = re.compile(r"^f-contacts-(\d+)-")
PUPIL_FIELDS = ("external_id", "first_name", "last_name", "birth_date", "class_name")


def schema(extra_languages=()) -> dict:
    codes = list(COMMON_LANGUAGES) + sorted(set(extra_languages) - set(COMMON_LANGUAGES))
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["external_id", "first_name", "last_name", "birth_date"],
        "properties": {
            "external_id": {
                **text,
                "title": "Leerlingnummer",
                "maxLength": 64,
                "description": "Het nummer van de leerling in de schoolsoftware.",
            },
            "first_name": {**text, "title": "Voornaam", "maxLength": 100},
            "last_name": {**text, "title": "Familienaam", "maxLength": 100},
            "birth_date": {**text, "format": "date", "title": "Geboortedatum"},
            "class_name": {**text, "title": "Klas", "maxLength": 40},
            "domicile_address": {
                **text,
                "title": "Domicilie",
                "maxLength": 300,
                "description": "Eén regel: straat, nummer, postcode en gemeente.",
            },
            "contacts": {
                "type": "array",
                "title": "Ouders en contactpersonen",
                "description": "Het bereikbaarste eerst. Wie een gegeven wijzigt, wordt met de datum "
                "van vandaag bewaard als wie het naging.",
                "items": {
                    "type": "object",
                    "title": "Contactpersoon",
                    "required": ["name", "relation"],
                    "properties": {
                        "name": {**text, "title": "Naam", "maxLength": 200},
                        "relation": {
                            **text,
                            "title": "Relatie",
                            "oneOf": [{"const": r.value, "title": RELATIONS[r]} for r in ContactRelation],
                        },
                        "phones": {
                            **text,
                            "title": "Telefoonnummers",
                            "description": "Eén nummer per regel, het bereikbaarste eerst.",
                        },
                        "email": {**text, "format": "email", "title": "E-mail", "maxLength": 254},
                        "language": {
                            **text,
                            "title": "Taal",
                            "description": "De taal waarin de school de ouder aanspreekt.",
                            "oneOf": [{"const": c, "title": languages().get(c, c)} for c in codes],
                        },
                        "parental_authority": {"type": "boolean", "title": "Ouderlijk gezag"},
                        "address": {
                            **text,
                            "title": "Adres",
                            "maxLength": 300,
                            "description": "Enkel als het verschilt van het domicilie van de leerling.",
                        },
                    },
                },
            },
        },
    }


UI = {
    "contacts": {
        "items": {
            "phones": {"ui:widget": "textarea", "ui:options": {"rows": 2}},
            "parental_authority": {"ui:widget": "radio"},
        }
    }
}


def spec_for(extra_languages=()):
    """The form's fields; a language a contact has that is not among the common ones is offered too."""
    return build(schema({code for code in extra_languages if code}), UI)


def _posted_languages(posted) -> set[str]:
    return {value for key, value in posted.items() if key.endswith(".language") and value}


def raw_of(pupil) -> dict:
    """A stored pupil as the form shows it."""
    data = {name: getattr(pupil, name) for name in PUPIL_FIELDS}
    data["birth_date"] = pupil.birth_date.isoformat()
    data["domicile_address"] = pupil.domicile_address
    data["contacts"] = [
        {
            "name": c.name,
            "relation": c.relation,
            "phones": "\n".join(c.phones),
            "email": c.email,
            "language": c.language,
            "parental_authority": c.parental_authority,
            "address": c.address,
        }
        for c in pupil.contacts
    ]
    data = {key: value for key, value in data.items() if value is not None}
    for contact in data["contacts"]:
        for key in [k for k, v in contact.items() if v is None or v == ""]:
            del contact[key]
    return to_raw(spec_for(c.get("language") for c in data["contacts"]).fields, data)


def _dotted(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested errors as the form's dotted field names."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, inner in messages.items():
            for name, texts in _dotted(inner, f"{prefix}.{key}" if prefix else str(key)).items():
                flat.setdefault(name, []).extend(texts)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "form"] = list(messages)
    else:
        flat[prefix or "form"] = [str(messages)]
    return flat


def field_name(key: str) -> str:
    """An API error's field as the form's: the domicile's address, one of the phones."""
    parts = key.split(".")
    if parts[0] == "domicile":
        return "domicile_address"
    if len(parts) >= 3 and parts[0] == "contacts" and parts[2] == "phones":
        return ".".join(parts[:3])
    return key


def body_of(data: dict) -> dict:
    """The form's data as the API's body: every field sent, an empty one as None."""
    body = {name: data.get(name) for name in PUPIL_FIELDS}
    address = data.get("domicile_address")
    body["domicile"] = {"address": address} if address else None
    body["contacts"] = [
        {
            **{k: v for k, v in contact.items() if k != "phones"},
            "phones": [line.strip() for line in (contact.get("phones") or "").splitlines() if line.strip()],
        }
        for contact in data.get("contacts", ())
    ]
    return body


def read_form(posted, *, new: bool) -> tuple[dict, dict, dict]:
    """(raw as typed, the API's body if valid else {}, errors by field name)."""
    spec = spec_for(_posted_languages(posted))
    raw = collect(spec.fields, posted)
    data, unreadable = to_data(spec.fields, raw)
    body = body_of(data)
    schema_ = PupilIn() if new else PupilPatch()
    try:
        loaded = schema_.load({k: v for k, v in body.items() if v is not None or k in ("domicile",)})
    except ValidationError as error:
        errors = {}
        for key, texts in _dotted(error.messages).items():
            errors.setdefault(field_name(key), []).extend(texts)
        return raw, {}, {**errors, **unreadable}
    if not new:  # an emptied class is cleared, not left as it was
        loaded.setdefault("class_name", None)
    return raw, loaded, unreadable


def rows_action(posted) -> tuple[dict, bool] | None:
    """Add or remove a contact row without saving: (raw, done) or None when saving."""
    action = posted.get("_action", "save")
    if action == "save":
        return None
    spec = spec_for(_posted_languages(posted))
    raw = collect(spec.fields, posted)
    return raw, change_rows(spec.fields, raw, action)


def bound(raw: dict, errors: dict):
    """The form to render: what was typed (or stored) and the errors at their fields."""
    used = {c.get("language") for c in raw.get("contacts", ()) if isinstance(c, dict)}
    form = bind(spec_for(used), raw, errors)
    # In the summary, say whose field it is: "Contactpersoon 2 · E-mail".
    form.summary = [
        (
            anchor,
            f"Contactpersoon {int(row.group(1)) + 1} · {title}" if (row := ROW.match(anchor)) else title,
            text,
        )
        for anchor, title, text in form.summary
    ]
    return form
