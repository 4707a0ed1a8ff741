"""/api/cases/{id}/documents and /api/documents/{id}/download."""

import io

from flask import send_file
from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import LongPageArgs, envelope, page_body
from app.api.schemas.documents import DocumentIn, DocumentOut, DownloadArgs
from app.services.documents import downloads
from app.services.documents import making as documents
from app.services.documents.downloads import MIMETYPES, Pending

blp = Blueprint("documents", __name__, url_prefix="/api", description="Documenten")
DocumentPage = envelope(DocumentOut, "DocumentPage")
BINARY = {"schema": {"type": "string", "format": "binary"}}


@blp.route("/cases/<id:case_id>/documents")
@blp.doc(
    summary="Documenten van een dossier",
    description="Alle versies, nieuwste eerst: spijbelactieplan, dossier van begeleidende "
    "maatregelen, bijlage M-document, AGODI-melding, politiemelding, warme overdracht. "
    "Documenten van het CLB (bijlage M-document, warme overdracht, AGODI-melding door het "
    "CLB) ziet de school niet; na een schoolverandering ziet elke school de documenten van "
    "haar eigen periode. Een document dat een stap van het zorgpad maakt, wordt kort na die stap "
    "aangemaakt: tot dan is `status` `preparing` (daarna `ready`, of `failed` als het niet lukte).",
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, DocumentPage)
def list_documents(args, case_id):
    items, total = documents.list_documents(actor(), case_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/cases/<id:case_id>/documents", methods=["POST"])
@blp.doc(
    summary="Document maken",
    description="Maakt nu een (nieuwe versie van een) document uit wat het dossier nu bevat; de stappen "
    "van het zorgpad maken ze ook zelf (servicetaken). Documenten van de school maken de "
    "zorgcoördinator en de directie, die van het CLB de CLB-medewerker en de CLB-directeur. "
    "409 als het formulier waaruit het document komt nog niet ingevuld is (bv. nog geen "
    "spijbelactieplan). Notities die enkel voor het CLB zijn, gaan enkel mee als het CLB ze kiest in "
    "`include_entries` (422 voor een id die geen CLB-notitie van dit dossier is); de keuze wordt bij de "
    "versie bewaard en komt in het auditlog.",
)
@blp.arguments(DocumentIn)
@blp.response(201, DocumentOut)
def generate_document(body, case_id):
    return documents.generate(actor(), case_id, body["template"], body.get("include_entries"))


@blp.route("/documents/<id:document_id>/download")
@blp.doc(
    summary="Document downloaden",
    description="Het Word-bestand (.docx), of met `format=pdf` de PDF van die versie. Een document dat een "
    "stap maakte, wordt kort na die stap aangemaakt: tot dan volgt 202 met `Retry-After` en "
    "`code: document_pending`. De PDF wordt één "
    "keer per versie gemaakt, op de achtergrond, kort nadat de versie gemaakt is; een download wacht "
    "nooit op LibreOffice: is de PDF er nog niet, dan volgt 202 met `Retry-After` (seconden) en "
    "`code: pdf_pending`. De bestandsnaam noemt het document, de leerling en de versie. Elke download "
    "komt in het auditlog. 503 als PDF op deze server niet beschikbaar is of de omzetting (of het "
    "aanmaken van het document) mislukte.",
    responses={
        "200": {
            "description": "Het document.",
            "content": dict.fromkeys(MIMETYPES.values(), BINARY),
        },
        "202": {
            "description": "Het document of de PDF wordt nog aangemaakt: probeer opnieuw na `Retry-After` "
            "seconden."
        },
    },
)
@blp.arguments(DownloadArgs, location="query")
def download_document(args, document_id):
    found = downloads.download(actor(), document_id, args["format"])
    if isinstance(found, Pending):
        body = {"code": found.code, "message": found.message, "retry_after": found.retry_after}
        return body, 202, {"Retry-After": str(found.retry_after), "Cache-Control": "no-store"}
    response = send_file(
        io.BytesIO(found.content), mimetype=found.mimetype, as_attachment=True, download_name=found.filename
    )
    response.headers["Cache-Control"] = "no-store"  # a minor's data: no copies in caches
    return response
