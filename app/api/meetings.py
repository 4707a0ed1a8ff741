"""/api/schools/{id}/meetings: the school–CLB absence meeting (overleg afwezigheden)."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import PageArgs, envelope, page_body
from app.api.schemas.absences import (
    DecisionIn,
    DecisionsIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingItemOut,
    MeetingOut,
)
from app.services.absences import meeting_batch, meetings

blp = Blueprint("meetings", __name__, url_prefix="/api/schools", description="Overleg afwezigheden")
MeetingPage = envelope(MeetingOut, "MeetingPage")


@blp.route("/<id:school_id>/meetings")
@blp.doc(
    summary="Overleggen afwezigheden van een school",
    description="Nieuwste eerst. Voor de school en haar CLB.",
)
@blp.arguments(PageArgs, location="query")
@blp.response(200, MeetingPage)
def list_meetings(args, school_id):
    items, total = meetings.list_meetings(actor(), school_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:school_id>/meetings", methods=["POST"])
@blp.doc(
    summary="Overleg afwezigheden voorbereiden",
    description="Maakt de agenda uit de gegevens: elke leerplichtige leerling met minstens de "
    "signaaldrempel aan halve dagen met B-code (standaard en wettelijk hoogstens 5), elke leerling "
    "met een knipperlicht, elke leerling met een lopend dossier. Voor de zorgcoördinator en de directie. 409 als "
    "er die dag al een overleg is.",
)
@blp.arguments(MeetingIn)
@blp.response(201, MeetingDetailOut)
def create_meeting(body, school_id):
    return meetings.create_meeting(actor(), school_id, body.get("held_on"), body.get("note"))


@blp.route("/<id:school_id>/meetings/<id:meeting_id>")
@blp.doc(
    summary="Eén overleg met zijn agenda", description="Per leerling: waarom, de signalen en de beslissing."
)
@blp.response(200, MeetingDetailOut)
def get_meeting(school_id, meeting_id):
    return meetings.get_meeting(actor(), school_id, meeting_id)


@blp.route("/<id:school_id>/meetings/<id:meeting_id>/decisions", methods=["POST"])
@blp.doc(
    summary="Beslissing over een leerling vastleggen",
    description="Besproken, actie afgesproken, signaal aan het CLB of aanmelding bij het CLB. Komt in "
    "het logboek van het lopende dossier van de leerling, als die er een heeft. Opnieuw "
    "vastleggen vervangt de beslissing. Voor de zorgcoördinator en de directie.",
)
@blp.arguments(DecisionIn)
@blp.response(200, MeetingItemOut)
def record_decision(body, school_id, meeting_id):
    return meetings.record_decision(
        actor(), school_id, meeting_id, body["pupil_id"], body["decision"], body.get("note")
    )


@blp.route("/<id:school_id>/meetings/<id:meeting_id>/decisions/batch", methods=["POST"])
@blp.doc(
    summary="Alle beslissingen van het overleg in één keer vastleggen",
    description="Een regel per leerling (pupil_id, decision, note), zoals op de pagina van het overleg. "
    "Alles of niets: weigert één regel (niet op de agenda, twee keer, een terugkeertraject naast een "
    "lopend dossier), dan wordt niets bewaard en noemt de fout de regel (`decisions.<index>.<veld>`) en "
    "de leerling. Regels zoals ze al vastgelegd zijn, veranderen niets. Geeft het hele overleg terug. "
    "Voor de zorgcoördinator, de leerlingbegeleider en de directie.",
)
@blp.arguments(DecisionsIn)
@blp.response(200, MeetingDetailOut)
def record_decisions(body, school_id, meeting_id):
    return meeting_batch.record_decisions(actor(), school_id, meeting_id, body["decisions"]).meeting
