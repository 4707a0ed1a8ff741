"""/api/incidents: instances whose timers kept failing (admins)."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import IncidentArgs, IncidentOut, envelope, page_body
from app.services import incidents

blp = Blueprint("incidents", __name__, url_prefix="/api/incidents", description="Incidenten (beheer)")


@blp.route("")
@blp.doc(
    summary="Incidenten",
    description="Werkstroominstanties waarvan de timers na herhaalde pogingen bleven falen; de planner "
    "laat ze liggen tot een beheerder ze opnieuw probeert. Enkel voor beheerders.",
)
@blp.arguments(IncidentArgs, location="query")
@blp.response(200, envelope(IncidentOut, "IncidentPage"))
def list_incidents(args):
    items, total = incidents.list_incidents(
        actor(), resolved=args["resolved"], page=args["page"], per_page=args["per_page"]
    )
    return page_body(items, total, args)


@blp.route("/<id:incident_id>/retry", methods=["POST"])
@blp.doc(
    summary="Opnieuw proberen",
    description="Sluit het incident; de volgende ronde van de planner probeert de instantie meteen "
    "opnieuw. 409 als het incident al afgehandeld is.",
)
@blp.response(200, IncidentOut)
def retry(incident_id):
    return incidents.retry_incident(actor(), incident_id)
