"""/api/clbs/{id}/deadlines: the CLB lane's deadlines, the CLB's own agreement."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import DeadlineIn, DeadlineOut, envelope
from app.services.calendar import deadlines

blp = Blueprint(
    "clbs",
    __name__,
    url_prefix="/api/clbs",
    description="CLB's: de termijnen die het CLB afspreekt met de scholen die het bedient",
)
DeadlinePage = envelope(DeadlineOut, "ClbDeadlinePage")
RIGHTS = (
    "Vastleggen mag de CLB-directeur van dit CLB of een beheerder; lezen mag het CLB en het team "
    "van elke school die het bedient. 404 buiten uw bereik."
)


@blp.route("/<id:clb_id>/deadlines")
@blp.doc(
    summary="Termijnen van het CLB",
    description="De termijnen (in schooldagen) van de taken en wachttijden in de lane CLB: een "
    "afspraak van het CLB voor alle scholen die het bedient (samenwerkingsafspraken school–CLB), met "
    "de standaardwaarde en wie ze wanneer vastlegde. " + RIGHTS,
)
@blp.response(200, DeadlinePage)
def list_deadlines(clb_id):
    items = deadlines.list_clb_deadlines(actor(), clb_id)
    return {"items": items, "total": len(items), "page": 1, "per_page": len(items)}


@blp.route("/<id:clb_id>/deadlines/<string:name>")
@blp.doc(summary="Eén termijn van het CLB", description=RIGHTS)
@blp.response(200, DeadlineOut)
def get_deadline(clb_id, name):
    return deadlines.get_clb_deadline(actor(), clb_id, name)


@blp.route("/<id:clb_id>/deadlines/<string:name>", methods=["PUT"])
@blp.doc(
    summary="Termijn van het CLB vastleggen",
    description="Enkel een termijn van het CLB (`lane: clb`); een termijn van de school geeft 403 (de "
    "directie van elke school legt hem vast). Geldt voor timers die vanaf nu beginnen te lopen, in "
    "alle scholen van het CLB; lopende timers houden hun datum. " + RIGHTS,
)
@blp.arguments(DeadlineIn)
@blp.response(200, DeadlineOut)
def set_deadline(body, clb_id, name):
    return deadlines.set_clb_deadline(actor(), clb_id, name, body["school_days"])
