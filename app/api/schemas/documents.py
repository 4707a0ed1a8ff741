"""Documents of a case (spijbelactieplan, dossier, M-document annex, AGODI, police, handover)."""

from marshmallow import fields, validate

from app.api.schemas.common import ApiSchema, PersonRef, one_of
from app.vocabulary import DocumentTemplate

FORMATS = ("docx", "pdf")


class DocumentOut(ApiSchema):
    id = fields.Integer()
    case_id = fields.Integer()
    template = fields.String(metadata={"description": "Sjabloon: " + ", ".join(DocumentTemplate) + "."})
    side = fields.String(
        metadata={
            "description": "school of clb: wie het document leest. CLB-documenten ziet de school nooit."
        }
    )
    version = fields.Integer(
        metadata={"description": "1, 2, ... per dossier en sjabloon; opnieuw maken voegt een versie toe."}
    )
    status = fields.String(
        metadata={
            "description": "ready: het .docx-bestand is er; preparing: een stap maakte het document en het "
            "wordt kort daarna aangemaakt (de download antwoordt tot dan 202); failed: het aanmaken mislukte."
        }
    )
    sha256 = fields.String(
        allow_none=True,
        metadata={"description": "SHA-256 van het .docx-bestand; null zolang het aangemaakt wordt."},
    )
    size = fields.Integer(
        allow_none=True,
        metadata={"description": "Grootte van het .docx-bestand in bytes; null zolang het aangemaakt wordt."},
    )
    template_file = fields.String(metadata={"description": "Het sjabloonbestand (document_templates/)."})
    template_sha256 = fields.String(metadata={"description": "SHA-256 van het sjabloon: de sjabloonversie."})
    service_task = fields.String(
        allow_none=True,
        metadata={"description": "De BPMN-servicetaak die het maakte; null: op vraag gemaakt."},
    )
    created_at = fields.DateTime()
    created_by = fields.Nested(PersonRef, allow_none=True)
    included_entries = fields.List(
        fields.Integer(),
        allow_none=True,
        metadata={
            "description": "De notities die enkel voor het CLB zijn en die de afzender meestuurde (ids)."
        },
    )


class DocumentIn(ApiSchema):
    template = fields.String(
        required=True,
        validate=one_of(DocumentTemplate),
        metadata={"description": "Welk document: " + ", ".join(DocumentTemplate) + "."},
    )
    include_entries = fields.List(
        fields.Integer(strict=True),
        load_default=None,
        validate=validate.Length(max=500),
        metadata={
            "description": "Ids van logboeknotities die enkel voor het CLB zijn en die het CLB in dit "
            "document wil meesturen. Zonder: geen enkele CLB-notitie gaat mee."
        },
    )


class DownloadArgs(ApiSchema):
    format = fields.String(
        load_default="docx",
        validate=validate.OneOf(FORMATS),
        metadata={"description": "docx (standaard) of pdf (omgezet met LibreOffice)."},
    )
