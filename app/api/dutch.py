"""Marshmallow's own messages, in Dutch and specific.

Marshmallow offers per-class `default_error_messages` (fields) and message
class attributes (validators) as its localisation hook; we set them once, at
import, before any schema is built: `app/api/schemas/common.py` imports this
module, and every schema module imports `common` before declaring a field.
"""

from marshmallow import fields, validate

ISO_DATE = "JJJJ-MM-DD, bv. 2026-11-24"
ISO_MOMENT = "JJJJ-MM-DDTUU:MM:SS met tijdzone, bv. 2026-11-24T09:30:00+01:00"

FIELD_MESSAGES = {
    fields.Field: {
        "required": "Dit veld is verplicht.",
        "null": "Dit veld mag niet leeg (null) zijn.",
        "validator_failed": "Ongeldige waarde.",
    },
    fields.Nested: {"type": "Ongeldig type: verwacht een object."},
    fields.List: {"invalid": "Verwacht een lijst."},
    fields.Tuple: {"invalid": "Verwacht een lijst."},
    fields.String: {"invalid": "Verwacht tekst.", "invalid_utf8": "Geen geldige UTF-8-tekst."},
    fields.UUID: {"invalid_uuid": "Geen geldige UUID."},
    fields.Number: {"invalid": "Verwacht een getal.", "too_large": "Getal te groot."},
    fields.Integer: {"invalid": "Verwacht een geheel getal."},
    fields.Float: {"special": "NaN of oneindig is niet toegestaan."},
    fields.Decimal: {"special": "NaN of oneindig is niet toegestaan."},
    fields.Boolean: {"invalid": "Verwacht true of false."},
    fields.DateTime: {
        "invalid": f"Geen geldig tijdstip: gebruik {ISO_MOMENT}.",
        "invalid_awareness": f"Geef het tijdstip met tijdzone: {ISO_MOMENT}.",
        "format": "Tijdstip kan niet worden weergegeven.",
    },
    fields.AwareDateTime: {
        "invalid": f"Geen geldig tijdstip: gebruik {ISO_MOMENT}.",
        "invalid_awareness": f"Geef het tijdstip met tijdzone: {ISO_MOMENT}.",
    },
    fields.NaiveDateTime: {"invalid": f"Geen geldig tijdstip: gebruik {ISO_MOMENT}."},
    fields.Date: {"invalid": f"Geen geldige datum: gebruik {ISO_DATE}."},
    fields.Time: {"invalid": "Geen geldig uur: gebruik UU:MM, bv. 09:30."},
    fields.TimeDelta: {"invalid": "Geen geldige duur."},
    fields.Mapping: {"invalid": "Verwacht een object."},
    fields.Url: {"invalid": "Geen geldige URL."},
    fields.Email: {"invalid": "Geen geldig e-mailadres."},
    fields.Enum: {"unknown": "Kies uit: {choices}."},
}


def install() -> None:
    for field_class, messages in FIELD_MESSAGES.items():
        # Each class keeps its own dict; only the keys it defines are replaced.
        field_class.default_error_messages = {
            **field_class.__dict__.get("default_error_messages", {}),
            **messages,
        }

    validate.Range.message_min = "Moet {min_op} {{min}} zijn."
    validate.Range.message_max = "Moet {max_op} {{max}} zijn."
    validate.Range.message_all = "Moet {min_op} {{min}} en {max_op} {{max}} zijn."
    validate.Range.message_gte = "minstens"
    validate.Range.message_gt = "groter dan"
    validate.Range.message_lte = "hoogstens"
    validate.Range.message_lt = "kleiner dan"
    validate.Length.message_min = "Te kort: minstens {min} tekens."
    validate.Length.message_max = "Te lang: hoogstens {max} tekens."
    validate.Length.message_all = "Lengte moet tussen {min} en {max} tekens liggen."
    validate.Length.message_equal = "Lengte moet precies {equal} zijn."
    validate.OneOf.default_message = "Kies uit: {choices}."
    validate.ContainsOnly.default_message = "Kies enkel uit: {choices}."
    validate.ContainsNoneOf.default_message = "Niet toegestaan: {values}."
    validate.NoneOf.default_message = "Ongeldige waarde."
    validate.Equal.default_message = "Moet gelijk zijn aan {other}."
    validate.Regexp.default_message = "Heeft niet de verwachte vorm."
    validate.Predicate.default_message = "Ongeldige waarde."
    validate.URL.default_message = "Geen geldige URL."
    validate.Email.default_message = "Geen geldig e-mailadres."


install()
