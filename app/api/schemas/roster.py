"""The pupil roster import: a school's pupils and their contacts from its software."""

from marshmallow import fields

from app.api.schemas.common import ApiSchema, one_of
from app.api.uploads import File
from app.vocabulary import ImportFormat


class RosterImportIn(ApiSchema):
    file = File(
        required=True,
        metadata={
            "description": "De leerlingenlijst: CSV (ook uit Excel), Informat-lijst of Smartschool (CSV of JSON)."
        },
    )
    format = fields.String(
        validate=one_of(ImportFormat),
        metadata={"description": "csv, informat of smartschool; standaard herkend aan de kopregel."},
    )


class MissingPupilOut(ApiSchema):
    id = fields.Integer()
    external_id = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    class_name = fields.String(allow_none=True)


class RosterReportOut(ApiSchema):
    format = fields.String()
    pupils = fields.Integer(metadata={"description": "Leerlingen in het bestand."})
    created = fields.Integer(metadata={"description": "Nieuw geregistreerd."})
    updated = fields.Integer(metadata={"description": "Gewijzigd (gegevens, domicilie of contactpersonen)."})
    unchanged = fields.Integer(
        metadata={"description": "Ongewijzigd: hetzelfde bestand opnieuw inlezen verandert niets."}
    )
    contacts = fields.Integer(metadata={"description": "Contactpersonen in het bestand."})
    contacts_replaced = fields.Integer(
        metadata={"description": "Leerlingen van wie de lijst met contactpersonen vervangen werd."}
    )
    not_in_file = fields.Integer(
        metadata={
            "description": "Leerlingen van de school die niet in het bestand staan: ze worden niet verwijderd."
        }
    )
    not_in_file_pupils = fields.List(
        fields.Nested(MissingPupilOut), metadata={"description": "De eerste 200 daarvan, op naam."}
    )
    ignored_columns = fields.List(
        fields.String(), metadata={"description": "Kolommen van de export die niet gelezen werden."}
    )
