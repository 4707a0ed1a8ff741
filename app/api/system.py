"""/api/workflows, /api/health and the Swagger UI assets for /api/docs."""

import swagger_ui_bundle
from flask import Blueprint as FlaskBlueprint
from flask import send_from_directory
from flask_smorest import Blueprint

from app.api.auth import PUBLIC
from app.api.schemas import LongPageArgs, WorkflowOut, envelope, page_body
from app.services import health as health_service
from app.services import workflows

blp = Blueprint("system", __name__, url_prefix="/api", description="Werkstromen en status")


@blp.route("/workflows")
@blp.doc(
    summary="Gedeployde BPMN-versies",
    description="Elke gewijzigde workflows/*.bpmn wordt een nieuwe versie; lopende dossiers blijven op "
    "hun versie tot de beheerder ze migreert (`zorgpad migrate`). `running`: de lopende instanties per "
    "versie.",
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, envelope(WorkflowOut, "WorkflowPage"))
def list_workflows(args):
    items, total = workflows.list_specs(page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/health")
@blp.doc(
    security=PUBLIC,
    summary="Werkt de dienst?",
    description="Zonder aanmelding: `status` en het type database.",
)
@blp.response(200)
def health():
    return health_service.check()


# A plain Flask blueprint: the Swagger UI's own files are not part of the API.
docs_assets = FlaskBlueprint("docs_assets", __name__)


@docs_assets.route("/api/docs/assets/<path:filename>")
def docs_asset(filename):
    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)
