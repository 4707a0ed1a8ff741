"""Schools and their own absence agreements."""

from marshmallow import ValidationError, fields, validates_schema

from app.api.schemas.common import ApiSchema, one_of
from app.vocabulary import SCHOOL_ROLES, Role

ROLE_HELP = f"Een schoolrol: {', '.join(sorted(SCHOOL_ROLES))}."


class SchoolOut(ApiSchema):
    id = fields.Integer()
    name = fields.String()
    institution_number = fields.String(allow_none=True)
    clb_id = fields.Integer()
    parent_contact_role = fields.String(
        metadata={"description": "Wie contacteert de ouders bij elke afwezigheid. " + ROLE_HELP}
    )
    pupil_talk_role = fields.String(
        metadata={"description": "Wie spreekt de leerling aan bij de terugkeer. " + ROLE_HELP}
    )


class SchoolPatch(ApiSchema):
    parent_contact_role = fields.String(validate=one_of(Role), metadata={"description": ROLE_HELP})
    pupil_talk_role = fields.String(validate=one_of(Role), metadata={"description": ROLE_HELP})

    @validates_schema
    def _something_to_change(self, data, **_):
        if not data:
            raise ValidationError("Geef minstens één veld om te wijzigen.")
