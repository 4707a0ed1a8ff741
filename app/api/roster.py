"""/api/schools/{id}/pupils/import: a school's pupils and their contacts from its software."""

from app.api.auth import actor
from app.api.schemas.absences import ImportRefusedOut
from app.api.schemas.roster import RosterImportIn, RosterReportOut
from app.api.uploads import LOCATION, UploadBlueprint
from app.services.roster.importing import import_roster

blp = UploadBlueprint("roster", __name__, url_prefix="/api", description="Leerlingenlijst")


@blp.route("/schools/<id:school_id>/pupils/import", methods=["POST"])
@blp.doc(
    summary="Leerlingenlijst inlezen",
    description="Multipart: het bestand in het veld `file`, optioneel `format` (csv, informat, smartschool; "
    "anders herkend aan de kopregel). Leerlingen en hun contactpersonen (ouders, voogden) en domicilie. "
    "Het hele bestand wordt eerst gecontroleerd: bij één fout wordt niets ingelezen en geeft 422 elk "
    "probleem met zijn regelnummer (`problems`: regel, veld, melding). Hetzelfde bestand opnieuw inlezen "
    "verandert niets (`unchanged`). Leerlingen die niet in het bestand staan, worden niet verwijderd "
    "(`not_in_file`). Voor het secretariaat, de zorgcoördinator, de leerlingbegeleider en de directie van "
    "de school. De kolommen staan in de README (Leerlingenlijst).",
)
@blp.arguments(RosterImportIn, location=LOCATION)
@blp.response(200, RosterReportOut)
@blp.alt_response(422, schema=ImportRefusedOut, description="Het bestand werd geweigerd; niets ingelezen.")
def import_pupils(form, school_id):
    return import_roster(actor(), school_id, form["file"].stream, form.get("format"))
