"""/api/schools/{id}: a school, its absence agreements, its own days off and deadlines."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import (
    DayOffChangeOut,
    DayOffDeleteIn,
    DayOffIn,
    DayOffOut,
    DeadlineIn,
    DeadlineOut,
    LongPageArgs,
    SchoolOut,
    SchoolPatch,
    envelope,
    page_body,
)
from app.services import schools
from app.services.calendar import days_off, deadlines

blp = Blueprint(
    "schools",
    __name__,
    url_prefix="/api/schools",
    description="Scholen: afspraken, schoolkalender en termijnen",
)
DayOffPage = envelope(DayOffOut, "DayOffPage")
DeadlinePage = envelope(DeadlineOut, "DeadlinePage")
CHANGE_RIGHTS = (
    "Wijzigen mag de directie van de school of een beheerder; lezen mag het schoolteam en het CLB."
)


@blp.route("/<id:school_id>/days-off")
@blp.doc(
    summary="Vrije dagen van de school",
    description="Eigen vrije dagen (pedagogische studiedagen, facultatieve vrije dagen), bovenop de "
    "Vlaamse feestdagen en schoolvakanties. " + CHANGE_RIGHTS,
)
@blp.arguments(LongPageArgs, location="query")
@blp.response(200, DayOffPage)
def list_days_off(args, school_id):
    items, total = days_off.list_days_off(actor(), school_id, page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("/<id:school_id>/days-off", methods=["POST"])
@blp.doc(
    summary="Vrije dag toevoegen",
    description="De termijnen van open taken en wachtende timers van de school schuiven meteen mee; "
    "`moved_tasks` zegt hoeveel taken verschoven. 422 als de dag al geen schooldag is, "
    "409 als hij al in de kalender staat. " + CHANGE_RIGHTS,
)
@blp.arguments(DayOffIn)
@blp.response(201, DayOffChangeOut)
def add_day_off(body, school_id):
    return days_off.add_day_off(actor(), school_id, body["date"], body["reason"])


@blp.route("/<id:school_id>/days-off", methods=["DELETE"])
@blp.doc(
    summary="Vrije dag schrappen",
    description="De dag wordt weer een schooldag; termijnen schuiven terug. " + CHANGE_RIGHTS,
)
@blp.arguments(DayOffDeleteIn)
@blp.response(200, DayOffChangeOut)
def remove_day_off(body, school_id):
    return days_off.remove_day_off(actor(), school_id, body["date"])


@blp.route("/<id:school_id>/deadlines")
@blp.doc(
    summary="Termijnen die gelden voor de school",
    description="Elke benoemde termijn (in schooldagen) die de timers in de BPMN gebruiken, met de "
    "waarde die hier geldt, de standaardwaarde, en wie ze wanneer vastlegde. Termijnen zijn lokale "
    "afspraken: die van de school (`lane: school`) legt de directie van de school vast, die van het "
    "CLB (`lane: clb`) de CLB-directeur voor alle scholen van het CLB "
    "(`PUT /api/clbs/{id}/deadlines/{name}`). Lezen mag het schoolteam en het CLB.",
)
@blp.response(200, DeadlinePage)
def list_deadlines(school_id):
    items = deadlines.list_deadlines(actor(), school_id)
    return {"items": items, "total": len(items), "page": 1, "per_page": len(items)}


@blp.route("/<id:school_id>/deadlines/<string:name>")
@blp.doc(
    summary="Eén termijn die geldt voor de school",
    description="Zoals in de lijst: de waarde, de standaard, de lane (`school` of `clb`) en wie ze "
    "wanneer vastlegde. 404 voor een onbekende naam of een school buiten uw bereik.",
)
@blp.response(200, DeadlineOut)
def get_deadline(school_id, name):
    return deadlines.get_deadline(actor(), school_id, name)


@blp.route("/<id:school_id>/deadlines/<string:name>", methods=["PUT"])
@blp.doc(
    summary="Termijn van de school vastleggen",
    description="Enkel een termijn van de school (`lane: school`): de directie van de school of een "
    "beheerder. Een termijn van het CLB geeft 403 (de CLB-directeur legt hem vast). Geldt voor "
    "timers die vanaf nu beginnen te lopen; lopende timers houden hun datum.",
)
@blp.arguments(DeadlineIn)
@blp.response(200, DeadlineOut)
def set_deadline(body, school_id, name):
    return deadlines.set_deadline(actor(), school_id, name, body["school_days"])


@blp.route("/<id:school_id>")
@blp.doc(
    summary="Eén school",
    description="Met de afspraken van de school over wie de ouders contacteert en wie de leerling "
    "aanspreekt bij elke afwezigheid. 404 buiten uw bereik.",
)
@blp.response(200, SchoolOut)
def get_school(school_id):
    return schools.get_school(actor(), school_id)


@blp.route("/<id:school_id>", methods=["PATCH"])
@blp.doc(
    summary="Afspraken bij afwezigheden vastleggen",
    description="Welke rol de ouders contacteert (`parent_contact_role`) en welke rol de leerling "
    "aanspreekt bij de terugkeer (`pupil_talk_role`). Die rol (en de zorgcoördinator en de "
    "leerlingbegeleider, die altijd mogen inspringen) krijgt de taken per afwezigheid, ook de "
    "taken die al open staan. Voor de zorgcoördinator en de directie van de school.",
)
@blp.arguments(SchoolPatch)
@blp.response(200, SchoolOut)
def update_school(body, school_id):
    return schools.set_absence_agreements(actor(), school_id, body)
