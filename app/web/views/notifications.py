"""Meldingen: a user's reminders and escalations, and the unread count in the header."""

import logging

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from app.services import notifications
from app.web.blueprint import bp
from app.web.schemas import NotificationListArgs, load
from app.web.session import safe_next

PER_PAGE = 25
TABS = {"alle": "Alle meldingen", "ongelezen": "Ongelezen"}
log = logging.getLogger("zorgpad.web")


def unread_notifications() -> int | None:
    """For the header of every page: one indexed count (user_id, read_at).

    None when nobody is signed in, or when the count cannot be read (an error
    page after a database failure must still render)."""
    if not g.get("actor"):
        return None
    try:
        return notifications.unread_count(g.actor)
    except SQLAlchemyError:
        log.warning("unread count unavailable", exc_info=True)
        return None


@bp.route("/meldingen")
def notification_list():
    args, errors = load(NotificationListArgs(), request.args.to_dict())
    if errors:
        args = NotificationListArgs().load({})
    items, total, pupils = notifications.list_with_pupils(
        g.actor, unread=args["tab"] == "ongelezen", page=args["page"], per_page=PER_PAGE
    )
    return render_template(
        "notifications.html",
        items=items,
        total=total,
        pupils=pupils,
        tab=args["tab"],
        tabs=TABS,
        page=args["page"],
        pages=max(1, -(-total // PER_PAGE)),
    )


def _back_to_list():
    return redirect(safe_next(request.form.get("next"), url_for("web.notification_list")))


@bp.route("/meldingen/<id:notification_id>/gelezen", methods=["POST"])
def notification_read(notification_id):
    row = notifications.mark_read(g.actor, notification_id)
    flash(f"Gelezen: {row.title}.", "success")
    return _back_to_list()


@bp.route("/meldingen/alles-gelezen", methods=["POST"])
def notifications_all_read():
    count = notifications.mark_all_read(g.actor)
    flash("Alle meldingen zijn gelezen." if count else "U had geen ongelezen meldingen.", "success")
    return _back_to_list()
