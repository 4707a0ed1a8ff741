"""/api/schools: a school and its own absence agreements."""
from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import SchoolOut, SchoolPatch
from app.services import schools

blp = Blueprint("schools", __name__, url_prefix="/api/schools", description="Scholen")


@blp.route("/<id:school_id>")
@blp.doc(summary="Eén school",
         description="Met de afspraken van de school over wie de ouders contacteert en wie de leerling "
                     "aanspreekt bij elke afwezigheid. 404 buiten uw bereik.")
@blp.response(200, SchoolOut)
def get_school(school_id):
    return schools.get_school(actor(), school_id)


@blp.route("/<id:school_id>", methods=["PATCH"])
@blp.doc(summary="Afspraken bij afwezigheden vastleggen",
         description="Welke rol de ouders contacteert (`parent_contact_role`) en welke rol de leerling "
                     "aanspreekt bij de terugkeer (`pupil_talk_role`). Die rol (en de zorgcoördinator) "
                     "krijgt de taken per afwezigheid, ook de taken die al open staan. Voor de "
                     "zorgcoördinator en de directie van de school.")
@blp.arguments(SchoolPatch)
@blp.response(200, SchoolOut)
def update_school(body, school_id):
    return schools.set_absence_agreements(actor(), school_id, body)
