"""Pupils (leerlingen)."""

from datetime import date

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from app import clock
from app.api.schemas.common import ApiSchema, Id, PageArgs, printable
from app.api.schemas.tasks import TaskOut


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


class PupilDetailOut(PupilOut):
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
