"""/api/pupils"""

import io

from flask import send_file
from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import (
    PupilDetailOut,
    PupilIn,
    PupilListArgs,
    PupilOut,
    PupilPatch,
    PupilRecordOut,
    envelope,
    page_body,
)
from app.services import pupils
from app.services.rights import export

BINARY = {"schema": {"type": "string", "format": "binary"}}
blp = Blueprint("pupils", __name__, url_prefix="/api/pupils", description="Leerlingen")
PupilPage = envelope(PupilOut, "PupilPage")


@blp.route("")
@blp.doc(
    summary="Leerlingen in uw bereik",
    description="Op familienaam. `q` zoekt in voornaam en familienaam (deel van de naam) of op het "
    "volledige leerlingnummer.",
)
@blp.arguments(PupilListArgs, location="query")
@blp.response(200, PupilPage)
def list_pupils(args):
    items, total = pupils.list_pupils(
        actor(),
        school_id=args.get("school_id"),
        q=args.get("q"),
        page=args["page"],
        per_page=args["per_page"],
    )
    return page_body(items, total, args)


@blp.route("", methods=["POST"])
@blp.doc(
    summary="Leerling registreren",
    description="Voor het secretariaat, de zorgcoördinator, de leerlingbegeleider en de directie, in de "
    "eigen school. Met de contactpersonen (ouders, voogden) en het domicilie als u ze kent. "
    "409 als het leerlingnummer al bestaat in die school.",
)
@blp.arguments(PupilIn)
@blp.response(201, PupilRecordOut)
def create_pupil(body):
    return pupils.create_pupil(actor(), body)


@blp.route("/<id:pupil_id>")
@blp.doc(
    summary="Eén leerling",
    description="Met de contactpersonen en het domicilie (elk met wanneer en door wie ze laatst "
    "nagekeken werden), en de opvolgingen van afwezigheden die zonder dossier lopen (onder de "
    "signaaldrempel) met hun taken. 404 buiten uw bereik; het CLB leest een leerling vanaf het "
    "signaal of de aanmelding.",
)
@blp.response(200, PupilDetailOut)
def get_pupil(pupil_id):
    return pupils.get_pupil_detail(actor(), pupil_id)


@blp.route("/<id:pupil_id>", methods=["PATCH"])
@blp.doc(
    summary="Leerlinggegevens wijzigen",
    description="Enkel de meegestuurde velden veranderen. `contacts` vervangt de hele lijst: een contact "
    "waarvan een veld wijzigt, krijgt `checked_on` vandaag en `checked_by` u; `domicile` idem. Voor de "
    "schoolmedewerkers die leerlingen registreren; het CLB leest enkel (403).",
)
@blp.arguments(PupilPatch(partial=PupilPatch.OPTIONAL))
@blp.response(200, PupilRecordOut)
def update_pupil(body, pupil_id):
    return pupils.update_pupil(actor(), pupil_id, body)


@blp.route("/<id:pupil_id>/export")
@blp.doc(
    summary="Alle gegevens over een leerling (recht op inzage)",
    description="Een zip met `gegevens.json` (de leerling, de contactpersonen, de afwezigheden, de "
    "dossiers, de taken met wat erin werd ingevuld, het logboek en de tijdlijn) en de documenten "
    "(Word, elke versie). De directie van de school krijgt het deel van de school, de CLB-directeur "
    "het deel van het CLB (ook wat enkel voor het CLB is); anderen 403, buiten uw bereik 404. Elke "
    "export komt in het auditlog.",
    responses={"200": {"description": "De zip.", "content": {"application/zip": BINARY}}},
)
def export_pupil(pupil_id):
    found = export.export_pupil(actor(), pupil_id)
    response = send_file(
        io.BytesIO(found.content),
        mimetype="application/zip",
        as_attachment=True,
        download_name=found.filename,
    )
    response.headers["Cache-Control"] = "no-store"  # a minor's data: no copies in caches
    return response
