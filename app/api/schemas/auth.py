"""Signing in and people."""

from marshmallow import fields, validate

from app.api.schemas.common import ApiSchema


class LoginIn(ApiSchema):
    username = fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "Gebruikersnaam, bv. zorg1."},
    )
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class UserOut(ApiSchema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    roles = fields.Function(
        lambda u: sorted(u.role_set) if hasattr(u, "role_set") else sorted(u.roles),
        metadata={"description": "Rolcodes, bv. zorgcoordinator, clb_medewerker."},
    )
    school_id = fields.Integer(allow_none=True)
    clb_id = fields.Integer(allow_none=True)


class LoginOut(ApiSchema):
    token = fields.String(metadata={"description": "Bearer-token voor de header Authorization."})
    user = fields.Nested(UserOut)


class MailSettings(ApiSchema):
    email = fields.String(
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "Waar meldingen naartoe gaan; leeg: geen e-mail."},
    )
    frequency = fields.String(
        attribute="email_frequency",
        required=True,
        validate=validate.OneOf(["immediate", "daily", "off"]),
        metadata={
            "description": "`immediate`: elke melding meteen; `daily`: één overzicht per dag "
            "(ZORGPAD_MAIL_DIGEST_HOUR, standaard 7 uur); `off`: enkel in Zorgpad."
        },
    )
