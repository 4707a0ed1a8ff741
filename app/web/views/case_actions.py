"""The case page's actions outside the tasks, each on a screen: record a school change
(the school or the CLB), change the absence type (the CLB), start the police track (the
school, after consulting the CLB). Each form is a thin door onto the service the API's
`POST /api/cases/{id}/messages` and `PATCH` use."""

from flask import flash, g, redirect, request, url_for
from marshmallow import fields, validate

from app.calendar.compulsory_education import pupil_is_compulsory
from app.services import schools
from app.services.access import MESSAGE_ROLES, OPEN_CASE_ROLES
from app.services.cases import police_track, school_change
from app.services.cases import views as cases
from app.services.errors import Invalid
from app.vocabulary import CLB_ROLES, ENDED_STATUSES, AbsenceType, Lane
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import FormSchema, form_data, load, one_of


class SchoolChangeForm(FormSchema):
    new_school_id = fields.Integer(required=True, strict=False)
    new_external_id = fields.String(validate=validate.Length(max=64))


class AbsenceTypeForm(FormSchema):
    absence_type = fields.String(required=True, validate=one_of(AbsenceType))
    reason = fields.String(validate=validate.Length(max=2000))


class PoliceTrackForm(FormSchema):
    reason = fields.String(validate=validate.Length(max=2000))
    confirm_school_refusal = fields.Boolean(load_default=False)
    could_not_wait = fields.Boolean(load_default=False)
    could_not_wait_reason = fields.String(validate=validate.Length(max=2000))


def actions_context(view) -> dict:
    """Which of these actions the actor may take on this case now, and their choices."""
    actor = g.actor
    running = not view.is_former and view.status not in ENDED_STATUSES
    may_move = running and actor.has_any(MESSAGE_ROLES)
    may_police = (
        running
        and actor.lane == Lane.SCHOOL
        and actor.has_any(OPEN_CASE_ROLES)
        and pupil_is_compulsory(view.pupil, cases.today())
    )
    return {
        "may_change_school": may_move,
        "may_change_type": running and actor.lane == Lane.CLB and actor.has_any(CLB_ROLES),
        "may_start_police": may_police,
        "new_schools": [s for s in schools.directory() if s.id != view.school_id] if may_move else [],
        "type_choices": {k: v for k, v in labels.ABSENCE_TYPES.items() if k != AbsenceType.ONBEKEND},
    }


def _back(case_id: int, anchor: str):
    return redirect(url_for("web.case", case_id=case_id, _anchor=anchor))


def _refused(case_id: int, anchor: str, invalid: Invalid):
    details = [message for messages in invalid.errors.values() for message in messages]
    flash(" ".join([invalid.message, *details]), "error")
    return _back(case_id, anchor)


@bp.route("/dossiers/<id:case_id>/schoolverandering", methods=["POST"])
def record_school_change(case_id):
    values, errors = load(SchoolChangeForm(), form_data(request.form))
    if errors:
        flash("Kies de nieuwe school.", "error")
        return _back(case_id, "acties")
    data = {"new_school_id": values["new_school_id"]}
    if values.get("new_external_id"):
        data["new_external_id"] = values["new_external_id"]
    try:
        school_change.change_school(g.actor, case_id, data)
    except Invalid as invalid:
        return _refused(case_id, "acties", invalid)
    flash("De schoolverandering is geregistreerd; de nieuwe school neemt het dossier over.", "success")
    return _back(case_id, "tijdlijn-titel")


@bp.route("/dossiers/<id:case_id>/type-afwezigheid", methods=["POST"])
def change_absence_type(case_id):
    values, errors = load(AbsenceTypeForm(), form_data(request.form))
    if errors:
        flash("Kies een type afwezigheid; de toelichting is hoogstens 2000 tekens.", "error")
        return _back(case_id, "acties")
    try:
        cases.change_absence_type(g.actor, case_id, values["absence_type"], values.get("reason"))
    except Invalid as invalid:
        return _refused(case_id, "acties", invalid)
    flash(f"Type afwezigheid: {labels.absence_type(values['absence_type'])}.", "success")
    return _back(case_id, "acties")


@bp.route("/dossiers/<id:case_id>/politiespoor", methods=["POST"])
def start_police_track(case_id):
    values, errors = load(PoliceTrackForm(), form_data(request.form))
    if errors:
        flash("De toelichting is hoogstens 2000 tekens.", "error")
        return _back(case_id, "acties")
    data = {
        "confirm_school_refusal": values["confirm_school_refusal"],
        "could_not_wait": values["could_not_wait"],
    }
    for name in ("reason", "could_not_wait_reason"):
        if values.get(name):
            data[name] = values[name]
    try:
        police_track.start_police_track(g.actor, case_id, data)
    except Invalid as invalid:
        return _refused(case_id, "acties", invalid)
    if values["could_not_wait"]:
        flash(
            "Het politiespoor is gestart zonder het advies van het CLB af te wachten: de melding staat "
            "bij de open taken.",
            "success",
        )
    else:
        flash(
            "Het politiespoor is gestart: het CLB geeft eerst zijn advies, daarna volgt de melding.",
            "success",
        )
    return _back(case_id, "open-taken")
