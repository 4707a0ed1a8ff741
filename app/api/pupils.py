"""/api/pupils"""
from flask_smorest import Blueprint

from app.api.auth import actor, guard
from app.api.schemas import PupilIn, PupilListArgs, PupilOut, PupilPatch, envelope, page_body
from app.services import pupils

blp = Blueprint("pupils", __name__, url_prefix="/api/pupils", description="Leerlingen")
guard(blp)
PupilPage = envelope(PupilOut, "PupilPage")


@blp.route("")
@blp.arguments(PupilListArgs, location="query")
@blp.response(200, PupilPage)
def list_pupils(args):
    items, total = pupils.list_pupils(actor(), school_id=args.get("school_id"), q=args.get("q"),
                                      page=args["page"], per_page=args["per_page"])
    return page_body(items, total, args)


@blp.route("", methods=["POST"])
@blp.arguments(PupilIn)
@blp.response(201, PupilOut)
def create_pupil(body):
    return pupils.create_pupil(actor(), body)


@blp.route("/<id:pupil_id>")
@blp.response(200, PupilOut)
def get_pupil(pupil_id):
    return pupils.get_pupil(actor(), pupil_id)


@blp.route("/<id:pupil_id>", methods=["PATCH"])
@blp.arguments(PupilPatch(partial=True))
@blp.response(200, PupilOut)
def update_pupil(body, pupil_id):
    return pupils.update_pupil(actor(), pupil_id, body)
