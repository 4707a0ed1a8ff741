"""/api/notifications: your own reminders and escalations, and what the schools ask of your CLB."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import NotificationArgs, NotificationOut, envelope, page_body
from app.services import notifications

blp = Blueprint("notifications", __name__, url_prefix="/api/notifications", description="Meldingen")


@blp.route("")
@blp.doc(
    summary="Uw meldingen",
    description="Herinneringen en escalaties voor u, en voor CLB-medewerkers wat de scholen van het CLB "
    "vragen (signaal, aanmelding, advies vóór een politiemelding, schoolverandering, nieuwe afwezigheden), "
    "nieuwste eerst; `unread=true` voor enkel de ongelezen.",
)
@blp.arguments(NotificationArgs, location="query")
@blp.response(200, envelope(NotificationOut, "NotificationPage"))
def list_notifications(args):
    items, total = notifications.list_notifications(
        actor(), unread=args["unread"], page=args["page"], per_page=args["per_page"]
    )
    return page_body(items, total, args)


@blp.route("/<id:notification_id>/read", methods=["POST"])
@blp.doc(summary="Melding gelezen", description="Enkel uw eigen meldingen; een andere geeft 404.")
@blp.response(200, NotificationOut)
def mark_read(notification_id):
    return notifications.mark_read(actor(), notification_id)
