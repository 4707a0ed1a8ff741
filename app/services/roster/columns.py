"""Which column of a roster file is which field: Zorgpad's CSV, Informat's pupil list
and Smartschool's user fields (README.md, "Leerlingenlijst").

A column is a pupil's field, or a field of a contact: numbered (`contact1_name`,
`Contact 2 telefoon`, Smartschool's `naam_coaccount3`) or unnumbered, the contact
of that line (Informat writes one line per pupil and relation). Names are
compared loosely (decoding.header_key: case, accents, spaces, underscores,
dashes and dots do not count).
"""

import re
from dataclasses import dataclass

from app.services.absences.decoding import header_key
from app.vocabulary import ImportFormat

# The pupil's own fields; the domicile is one line or its parts.
PUPIL = ("external_id", "first_name", "last_name", "birth_date", "class_name", "domicile_address")
ADDRESS_PARTS = ("street", "house_number", "box", "postal_code", "city")
# A contact's fields: the name whole or in two parts, several phone columns.
CONTACT = (
    "name",
    "first_name",
    "last_name",
    "relation",
    "phones",
    "phone",
    "mobile",
    "email",
    "language",
    "parental_authority",
    "address",
)
REQUIRED = ("external_id", "first_name", "last_name", "birth_date")
# Read past, never stored (DEVELOPERS.md, "Pupils and their contacts").
NEVER_READ = frozenset(header_key(n) for n in ("rijksregisternummer", "rrn", "insz", "prn", "national_id"))


def _keys(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(alias): field for field, aliases in table.items() for alias in (field, *aliases)}


# Zorgpad's own CSV, in English or in the Dutch of the schools' spreadsheets.
PUPIL_ALIASES = _keys(
    {
        "external_id": ("leerlingnummer", "leerling nummer"),
        "first_name": ("voornaam",),
        "last_name": ("naam", "familienaam", "achternaam"),
        "birth_date": ("geboortedatum",),
        "class_name": ("klas",),
        "domicile_address": ("domicile", "domicilie", "domicilieadres", "adres"),
        "street": ("domicile_street", "straat"),
        "house_number": ("domicile_number", "huisnummer", "nummer"),
        "box": ("domicile_box", "bus", "busnummer"),
        "postal_code": ("domicile_postal_code", "postcode"),
        "city": ("domicile_city", "gemeente", "woonplaats"),
    }
)
CONTACT_ALIASES = _keys(
    {
        "name": ("naam volledig", "volledige naam"),
        "first_name": ("voornaam",),
        "last_name": ("naam", "familienaam", "achternaam"),
        "relation": ("relatie", "type", "relatietype"),
        "phones": ("telefoonnummers", "telefoons"),
        "phone": ("telefoon", "telefoonnummer", "tel"),
        "mobile": ("gsm", "mobiel", "mobielnummer"),
        "email": ("e-mail", "emailadres", "mail"),
        "language": ("taal",),
        "parental_authority": ("ouderlijk gezag", "gezag"),
        "address": ("adres",),
    }
)
NUMBERED = re.compile(r"^(?:contact|ouder|relatie)(\d{1,2})(.*)$")
# Informat's pupil list: its own names for the pupil's fields, and the line's
# relation in columns "Relatie …" (or plain GSM, Telefoon, E-mail).
INFORMAT_PUPIL = {
    **PUPIL_ALIASES,
    **_keys(
        {"external_id": ("stamnummer", "stamnr"), "class_name": ("klascode",), "postal_code": ("postnummer",)}
    ),
    **_keys({"house_number": ("nr", "huisnr")}),
}
INFORMAT_RELATION = {
    **{f"relatie{key}": field for key, field in CONTACT_ALIASES.items()},
    **_keys(
        {
            "relation": ("relatie", "type relatie", "relatietype"),
            "mobile": ("gsm",),
            "phone": ("telefoon",),
            "email": ("e-mail",),
            "language": ("taal", "thuistaal"),
            "parental_authority": ("ouderlijk gezag",),
        }
    ),
}
# Smartschool's user fields (its API and exports): the pupil's and up to six co-accounts.
SMARTSCHOOL_PUPIL = _keys(
    {
        "external_id": ("internnummer",),
        "first_name": ("voornaam",),
        "last_name": ("naam",),
        "birth_date": ("geboortedatum",),
        "class_name": ("klas", "klasnaam", "klascode"),
        "street": ("straat",),
        "house_number": ("huisnummer",),
        "box": ("busnummer",),
        "postal_code": ("postcode",),
        "city": ("woonplaats",),
    }
)
COACCOUNT = re.compile(r"^(type|voornaam|naam|email|telefoonnummer|mobielnummer)coaccount(\d)$")
COACCOUNT_FIELDS = {
    "type": "relation",
    "voornaam": "first_name",
    "naam": "last_name",
    "email": "email",
    "telefoonnummer": "phone",
    "mobielnummer": "mobile",
}


@dataclass(frozen=True)
class Column:
    field: str | None  # None: not read (an unknown column of a vendor's export)
    contact: int | None = None  # None: the pupil's; 0: the line's contact; n: contact n


def column_of(format: ImportFormat, name: str) -> Column:
    key = header_key(name)
    if key in NEVER_READ:
        return Column(None)
    if format == ImportFormat.SMARTSCHOOL:
        if match := COACCOUNT.match(key):
            return Column(COACCOUNT_FIELDS[match.group(1)], int(match.group(2)))
        return Column(SMARTSCHOOL_PUPIL.get(key))
    pupils = INFORMAT_PUPIL if format == ImportFormat.INFORMAT else PUPIL_ALIASES
    if key in pupils:
        return Column(pupils[key])
    if (match := NUMBERED.match(key)) and (field := CONTACT_ALIASES.get(match.group(2))):
        return Column(field, int(match.group(1)))
    if format == ImportFormat.INFORMAT and key in INFORMAT_RELATION:
        return Column(INFORMAT_RELATION[key], 0)
    return Column(None)


def detect(names: list[str]) -> ImportFormat | None:
    """The roster format a header line names: Smartschool's fields, Informat's, or ours."""
    keys = {header_key(name) for name in names}
    if "internnummer" in keys or any(COACCOUNT.match(key) for key in keys):
        return ImportFormat.SMARTSCHOOL
    if keys & {"stamnummer", "stamnr", "klascode"} or any(key.startswith("relatie") for key in keys):
        return ImportFormat.INFORMAT
    if keys & {"externalid", "leerlingnummer"}:
        return ImportFormat.CSV
    return None


EXPECTED = {
    ImportFormat.CSV: "external_id, first_name, last_name, birth_date (of leerlingnummer, voornaam, naam, "
    "geboortedatum), optioneel class_name, domicile_address en contact1_name, contact1_relation, "
    "contact1_phones, … (README.md, Leerlingenlijst)",
    ImportFormat.INFORMAT: "Stamnummer (of Leerlingnummer), Naam, Voornaam, Geboortedatum, optioneel Klas, "
    "Straat, Huisnummer, Bus, Postcode, Gemeente en per regel een relatie (Relatie, Relatie naam, "
    "Relatie voornaam, GSM, Telefoon, E-mail)",
    ImportFormat.SMARTSCHOOL: "internnummer, voornaam, naam, geboortedatum, optioneel klas, straat, "
    "huisnummer, busnummer, postcode, woonplaats en type_coaccount1, naam_coaccount1, …",
}
