"""/api/schools/{id}/absences/import, a pupil's absences and signals, school statistics and thresholds."""

from app.api.auth import actor
from app.api.schemas.absences import (
    AbsencePageArgs,
    ImportIn,
    ImportRefusedOut,
    ImportReportOut,
    PupilAbsencesOut,
    PupilSignalsOut,
    SchoolYearArgs,
    SettingsOut,
    SettingsPatch,
    StatisticsOut,
)
from app.api.uploads import LOCATION, UploadBlueprint
from app.services.absences import importing as absence_import
from app.services.absences import registrations as absences
from app.services.absences import settings as absence_settings

blp = UploadBlueprint("absences", __name__, url_prefix="/api", description="Afwezigheden")


@blp.route("/schools/<id:school_id>/absences/import", methods=["POST"])
@blp.doc(
    summary="Afwezigheden inlezen",
    description="Multipart: het bestand in het veld `file`, optioneel `format` (csv, informat, "
    "smartschool; anders herkend aan de inhoud). Het hele bestand wordt eerst "
    "gecontroleerd: bij één fout wordt niets ingelezen en geeft 422 elk probleem met zijn "
    "regelnummer "
    "(`problems`: regel, veld, melding; `problem_count`). Een nieuwe import van hetzelfde "
    "bestand verandert niets. Voor het secretariaat, de zorgcoördinator en de directie van "
    "de school. Het CSV-formaat staat in de README.",
)
@blp.arguments(ImportIn, location=LOCATION)
@blp.response(200, ImportReportOut)
@blp.alt_response(422, schema=ImportRefusedOut, description="Het bestand werd geweigerd; niets ingelezen.")
def import_absences(form, school_id):
    upload = form["file"]
    return absence_import.import_absences(
        actor(), school_id, upload.stream, form.get("format"), filename=upload.filename
    )


@blp.route("/pupils/<id:pupil_id>/absences")
@blp.doc(
    summary="Afwezigheden van een leerling",
    description="De geregistreerde halve dagen van een schooljaar (`items`) en de totalen per code "
    "(`totals`). Enkel wat uw school (of de scholen van uw CLB) registreerde: na een "
    "schoolverandering blijven de data bij de school die ze registreerde.",
)
@blp.arguments(AbsencePageArgs, location="query")
@blp.response(200, PupilAbsencesOut)
def pupil_absences(args, pupil_id):
    found = absences.pupil_absences(
        actor(), pupil_id, args.get("school_year"), page=args["page"], per_page=args["per_page"]
    )
    return {**vars(found), "page": args["page"], "per_page": args["per_page"]}


@blp.route("/pupils/<id:pupil_id>/signals")
@blp.doc(
    summary="Signalen en knipperlichten van een leerling",
    description="Per signaal: de regel, de cijfers, de drempel van de school en de bron van de regel "
    "(bv. 5 B-codes → signaal aan het CLB). B-tellingen tellen alle scholen van het "
    "schooljaar mee.",
)
@blp.arguments(SchoolYearArgs, location="query")
@blp.response(200, PupilSignalsOut)
def pupil_signals(args, pupil_id):
    return absences.pupil_signals(actor(), pupil_id, args.get("school_year"))


@blp.route("/schools/<id:school_id>/statistics")
@blp.doc(
    summary="Afwezigheidscijfers van een school",
    description="Voor het gesprek school–CLB: leerlingen per aantal halve dagen met B-code (0-4, 5-9, 10-19, "
    "20-29, 30+), totalen per code, per klas en leerjaar, per maand van het schooljaar.",
)
@blp.arguments(SchoolYearArgs, location="query")
@blp.response(200, StatisticsOut)
def statistics(args, school_id):
    return absences.school_statistics(actor(), school_id, args.get("school_year"))


@blp.route("/schools/<id:school_id>/absence-settings")
@blp.doc(
    summary="Drempels en ritme van het overleg",
    description="De drempels waarmee de school werkt (standaard uit de bronnen, of wat de directie "
    "koos) en het ritme van het overleg afwezigheden.",
)
@blp.response(200, SettingsOut)
def get_settings(school_id):
    return absence_settings.get_settings(actor(), school_id)


@blp.route("/schools/<id:school_id>/absence-settings", methods=["PATCH"])
@blp.doc(
    summary="Drempels en ritme wijzigen",
    description="Voor de directie van de school. Een drempel op null zet hem terug op de standaard.",
)
@blp.arguments(SettingsPatch)
@blp.response(200, SettingsOut)
def update_settings(body, school_id):
    return absence_settings.update_settings(actor(), school_id, body)
