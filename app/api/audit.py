"""/api/audit: who read or changed what (admins)."""

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import actor
from app.api.schemas import envelope, page_body
from app.api.schemas.common import ApiSchema, Id, PageArgs, PersonRef
from app.services import audit_reads

blp = Blueprint("audit", __name__, url_prefix="/api/audit", description="Auditlogboek (beheer)")


class AuditArgs(PageArgs):
    pupil_id = Id(
        metadata={"description": "Alles over deze leerling: de leerling, zijn dossiers, taken en documenten."}
    )
    user_id = Id(metadata={"description": "Wat deze gebruiker las of deed."})
    action = fields.String(
        validate=validate.Length(max=60), metadata={"description": "Bv. pupil_read, document_read."}
    )
    since = fields.AwareDateTime(metadata={"description": "Vanaf dit moment (ISO 8601 met tijdzone)."})
    until = fields.AwareDateTime(metadata={"description": "Tot (niet inbegrepen)."})


class AuditOut(ApiSchema):
    id = fields.Integer()
    at = fields.DateTime()
    user = fields.Nested(PersonRef, allow_none=True)
    action = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.Integer(allow_none=True)
    detail = fields.String(allow_none=True)


@blp.route("")
@blp.doc(
    summary="Wie las of deed wat",
    description="Het auditlogboek, nieuwste eerst: elke lezing van leerlinggegevens (API, pagina's, "
    "documenten), elke aanmelding. Filter op leerling, gebruiker, actie en periode. Enkel voor beheerders; "
    "het lezen zelf wordt ook gelogd.",
)
@blp.arguments(AuditArgs, location="query")
@blp.response(200, envelope(AuditOut, "AuditPage"))
def list_audit(args):
    items, total = audit_reads.list_audit(
        actor(),
        pupil_id=args.get("pupil_id"),
        user_id=args.get("user_id"),
        action=args.get("action"),
        since=args.get("since"),
        until=args.get("until"),
        page=args["page"],
        per_page=args["per_page"],
    )
    return page_body(items, total, args)
