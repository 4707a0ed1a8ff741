"""The case page's partner blocks: what the CLB asks of the school (notices the
school acknowledges) and the legal tracks the actor's side may start (the
M-document, the AGODI report), each onto one service call."""

from flask import flash, g, redirect, request, url_for
from marshmallow import fields, validate

from app.services.access import Actor
from app.services.cases import legal_tracks, notices
from app.services.cases.notice_records import P_KINDS
from app.services.cases.views import CaseView
from app.vocabulary import SCHOOL_ROLES, Lane
from app.web.blueprint import bp
from app.web.schemas import FormSchema, form_data, load

STARTED = {
    legal_tracks.M_DOCUMENT: "Het M-document is gestart: de taak om het op te maken staat bij de open taken.",
    legal_tracks.AGODI_REPORT: "De melding aan AGODI is gestart: de taak om ze op te maken staat bij de open taken.",
}


class TrackForm(FormSchema):
    name = fields.String(required=True, validate=validate.OneOf(list(legal_tracks.TRACKS)))
    consultation = fields.String(validate=validate.Length(max=2000))


def section_context(actor: Actor, view: CaseView) -> dict:
    """What the case page shows of the notices and the tracks."""
    return {
        "notices": view.notices,
        "may_acknowledge": actor.lane == Lane.SCHOOL and actor.has_any(SCHOOL_ROLES) and not view.is_former,
        "p_kinds": P_KINDS,
        "tracks": legal_tracks.options(actor, view),
        "track_other_side": "het CLB" if actor.lane == Lane.SCHOOL else "de school",
    }


@bp.route("/dossiers/<id:case_id>/mededelingen/<id:notice_id>/bevestigen", methods=["POST"])
def acknowledge_notice(case_id, notice_id):
    notices.acknowledge(g.actor, case_id, notice_id)
    flash("Mededeling bevestigd: gelezen en opgevolgd.", "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="mededelingen"))


@bp.route("/dossiers/<id:case_id>/sporen", methods=["POST"])
def start_track(case_id):
    values, errors = load(TrackForm(), form_data(request.form))
    if errors:
        flash(" ".join(message for found in errors.values() for message in found), "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="sporen"))
    name = values["name"]
    legal_tracks.start_track(g.actor, case_id, name, {"consultation": values.get("consultation")})
    flash(STARTED[name], "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="open-taken"))
