"""Pupils (leerlingen)."""

from datetime import date

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from app import clock
from app.api.schemas.common import ApiSchema, Id, PageArgs, PersonRef, one_of, printable
from app.api.schemas.tasks import TaskOut
from app.services import contacts
from app.vocabulary import ContactRelation


def checked(check):
    """A marshmallow validator from one of app/services/contacts.py's checks."""

    def validator(value) -> None:
        if message := check(value):
            raise ValidationError(message)

    return validator


class ContactIn(ApiSchema):
    name = fields.String(required=True, validate=checked(contacts.name_problem))
    relation = fields.String(
        required=True,
        validate=one_of(ContactRelation),
        metadata={"description": "moeder, vader, ouder, plusouder, pleegouder, voogd, grootouder of andere."},
    )
    address = fields.String(
        allow_none=True,
        validate=checked(contacts.address_problem),
        metadata={
            "description": "Eén regel: straat, nummer, postcode, gemeente (als het adres van de leerling verschilt)."
        },
    )
    phones = fields.List(
        fields.String(validate=checked(contacts.phone_problem)),
        load_default=list,
        validate=validate.Length(max=contacts.MAX_PHONES),
        metadata={
            "description": f"Telefoonnummers, het bereikbaarste eerst (hoogstens {contacts.MAX_PHONES})."
        },
    )
    email = fields.String(allow_none=True, validate=checked(contacts.email_problem))
    language = fields.String(
        allow_none=True,
        validate=checked(contacts.language_problem),
        metadata={"description": "Taal om de ouder aan te spreken: ISO 639-code, bv. nl, fr, ar."},
    )
    parental_authority = fields.Boolean(
        allow_none=True,
        metadata={"description": "Heeft ouderlijk gezag (true/false); null: niet gekend."},
    )


class ContactOut(ContactIn):
    checked_on = fields.Date(metadata={"description": "Laatst nagekeken (gewijzigd of ingelezen) op."})
    checked_by = fields.Nested(
        PersonRef,
        allow_none=True,
        metadata={"description": "Door wie; null: ingelezen via de opdrachtregel op de server."},
    )


class DomicileIn(ApiSchema):
    address = fields.String(
        required=True,
        validate=checked(contacts.address_problem),
        metadata={"description": "Domicilie van de leerling, één regel: straat, nummer, postcode, gemeente."},
    )


class DomicileOut(DomicileIn):
    checked_on = fields.Date(allow_none=True)
    checked_by = fields.Nested(PersonRef, allow_none=True)


class PupilOut(ApiSchema):
    id = fields.Integer()
    school_id = fields.Integer(allow_none=True)
    external_id = fields.String(allow_none=True, metadata={"description": "Leerlingnummer in de school."})
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date()
    class_name = fields.String(allow_none=True)
    diploma_on = fields.Date(
        allow_none=True,
        metadata={"description": "Datum van het diploma secundair onderwijs (beëindigt de leerplicht)."},
    )


class PupilRecordOut(PupilOut):
    contacts = fields.List(
        fields.Nested(ContactOut),
        metadata={"description": "Ouders, voogden en andere contactpersonen, in de volgorde van de school."},
    )
    domicile = fields.Nested(
        DomicileOut, allow_none=True, metadata={"description": "Domicilie; null: niet gekend."}
    )


class FollowupOut(ApiSchema):
    id = fields.Integer(metadata={"description": "De opvolging (een werkstroominstantie)."})
    status = fields.String(metadata={"description": "running, completed of cancelled (gewettigd)."})
    absence_on = fields.Date(allow_none=True, metadata={"description": "Eerste dag van de afwezigheid."})
    tasks = fields.List(fields.Nested(TaskOut))


class PupilEventOut(ApiSchema):
    id = fields.Integer()
    at = fields.DateTime()
    kind = fields.String()
    what = fields.String()
    old_value = fields.String(allow_none=True)
    new_value = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    task_id = fields.Integer(allow_none=True)


class PupilDetailOut(PupilRecordOut):
    followups = fields.List(
        fields.Nested(FollowupOut),
        metadata={
            "description": "Opvolgingen van afwezigheden zonder dossier (onder de signaaldrempel): ouders "
            "contacteren, gesprek bij terugkeer. Voor de school; het CLB ziet ze niet."
        },
    )
    timeline = fields.List(
        fields.Nested(PupilEventOut),
        metadata={"description": "Wat er met die opvolgingen gebeurde, nieuwste eerst (hoogstens 100)."},
    )


class PupilIn(ApiSchema):
    school_id = Id(metadata={"description": "Standaard uw eigen school."})
    external_id = fields.String(required=True, validate=[validate.Length(min=1, max=64), printable])
    first_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), printable])
    last_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), printable])
    birth_date = fields.Date(required=True, metadata={"description": "JJJJ-MM-DD."})
    class_name = fields.String(allow_none=True, validate=[validate.Length(max=40), printable])
    diploma_on = fields.Date(
        allow_none=True,
        metadata={
            "description": "Diploma secundair onderwijs behaald op (JJJJ-MM-DD): de leerplicht eindigt dan."
        },
    )

    contacts = fields.List(
        fields.Nested(ContactIn),
        validate=validate.Length(max=contacts.MAX_CONTACTS),
        metadata={
            "description": "Vervangt de hele lijst. Een contact waarvan een veld wijzigt, krijgt "
            "checked_on = vandaag en checked_by = u; een ongewijzigd contact houdt zijn datum."
        },
    )
    domicile = fields.Nested(
        DomicileIn, allow_none=True, metadata={"description": "Het domicilie; null wist het."}
    )

    @validates("diploma_on")
    def _diploma_not_in_future(self, value, **_):
        if value is not None and value > clock.today():
            raise ValidationError("Deze datum ligt in de toekomst.")

    @validates("birth_date")
    def _plausible_birth_date(self, value: date, **_):
        if value > clock.today():
            raise ValidationError("Geboortedatum ligt in de toekomst.")
        if value.year < 1990:
            raise ValidationError("Geboortedatum is niet plausibel voor een leerling (vóór 1990).")


class PupilPatch(PupilIn):
    # What a PATCH may leave out: its own fields, not a contact's (partial=True would
    # reach into the nested contacts and let a contact without a name through).
    OPTIONAL = ("external_id", "first_name", "last_name", "birth_date")

    class Meta:
        exclude = ("school_id",)

    @validates_schema
    def _something_to_change(self, data, **_):
        if not data:
            raise ValidationError("Geef minstens één veld om te wijzigen.")


class PupilListArgs(PageArgs):
    school_id = Id()
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Zoek op (een deel van) de naam of het leerlingnummer."},
    )
