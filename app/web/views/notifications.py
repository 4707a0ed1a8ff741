"""Meldingen: a user's reminders and escalations, the unread count in the header,
and how they are e-mailed (the user's own choice)."""

import logging

from flask import current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from app.services import mail, notifications, users
from app.services.errors import Invalid
from app.vocabulary import EmailFrequency
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
        mail_choice=_mail_words(users.mail_settings(g.actor)),
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


def _mail_words(user) -> str:
    if user.email_frequency == EmailFrequency.OFF or not user.email:
        return "Meldingen komen niet per e-mail."
    if user.email_frequency == EmailFrequency.DAILY:
        hour = current_app.config["MAIL_DIGEST_HOUR"]
        return f"Eén overzicht per dag om {hour} uur naar {user.email}."
    return f"Elke melding meteen per e-mail naar {user.email}."


def _frequencies() -> dict[str, str]:
    hour = current_app.config["MAIL_DIGEST_HOUR"]
    return {
        EmailFrequency.IMMEDIATE: "Meteen: één e-mail per melding",
        EmailFrequency.DAILY: f"Eén overzicht per dag, om {hour} uur (alles van de voorbije dag samen)",
        EmailFrequency.OFF: "Geen e-mail: ik lees ze in Zorgpad",
    }


@bp.route("/meldingen/e-mail", methods=["GET", "POST"])
def mail_settings():
    user = users.mail_settings(g.actor)
    values = {"email": user.email, "frequency": user.email_frequency}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {"email": request.form.get("email", ""), "frequency": request.form.get("frequency", "")}
        try:
            users.change_mail_settings(g.actor, email=values["email"], frequency=values["frequency"])
        except Invalid as refused:
            errors = refused.errors
        else:
            flash("Uw e-mailvoorkeur is bewaard.", "success")
            return redirect(url_for("web.notification_list"))
    return render_template(
        "mail_settings.html",
        values=values,
        errors=errors,
        frequencies=_frequencies(),
        mail_on=mail.enabled(current_app.config),
    ), (422 if errors else 200)
