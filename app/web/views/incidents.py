"""Incidenten (admins): timers that kept failing, with their case ids (no pupil data)."""

from flask import flash, g, redirect, render_template, request, url_for

from app.services import incidents as incident_service
from app.web.blueprint import bp
from app.web.schemas import IncidentListArgs, load

PER_PAGE = 25
TABS = {"open": "Open", "afgehandeld": "Afgehandeld"}


@bp.route("/incidenten")
def incidents():
    args, errors = load(IncidentListArgs(), request.args.to_dict())
    if errors:
        args = IncidentListArgs().load({})
    items, total = incident_service.list_incidents(
        g.actor, resolved=args["tab"] == "afgehandeld", page=args["page"], per_page=PER_PAGE
    )
    return render_template(
        "incidents.html",
        items=items,
        total=total,
        tab=args["tab"],
        tabs=TABS,
        page=args["page"],
        pages=max(1, -(-total // PER_PAGE)),
    )


@bp.route("/incidenten/<id:incident_id>/opnieuw", methods=["POST"])
def retry_incident(incident_id):
    incident = incident_service.retry_incident(g.actor, incident_id)
    flash(
        f"Incident {incident.id} is afgehandeld: de planner probeert dossier {incident.case_id} bij "
        "zijn volgende ronde opnieuw.",
        "success",
    )
    return redirect(url_for("web.incidents"))
