"""Leerlingen: search, a pupil's page with their cases, opening a new case."""

from flask import flash, g, redirect, render_template, request, url_for

from app.services import pupils, schools
from app.services.absences import overview as absence_overview
from app.services.access import may_open_case
from app.services.cases import listing, opening
from app.services.errors import Invalid
from app.services.rights import export
from app.vocabulary import ENDED_STATUSES, AbsenceType, CaseTrack
from app.web import absence_charts as charts
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import OpenCaseForm, PupilSearchArgs, SchoolYearArgs, form_data, load
from app.web.timeline import describe, says_reason

PER_PAGE = 25


@bp.route("/leerlingen")
def pupil_list():
    args, errors = load(PupilSearchArgs(), request.args.to_dict())
    if errors:
        args = {"page": 1, "q": (request.args.get("q") or "")[:100]}
    found, total = pupils.list_pupils(g.actor, q=args.get("q"), page=args["page"], per_page=PER_PAGE)
    school_names = {school.id: school.name for school in schools.list_schools(g.actor)}
    return render_template(
        "pupils.html",
        may_write=pupils.may_write(g.actor),
        pupils=found,
        total=total,
        q=args.get("q") or "",
        page=args["page"],
        pages=max(1, -(-total // PER_PAGE)),
        school_names=school_names,
        search_errors=errors,
    )


def _render_pupil(pupil_id: int, *, values=None, errors=None, message=None, status=200):
    detail = pupils.get_pupil_detail(g.actor, pupil_id)
    pupil = detail.pupil
    pupil_cases, _total = listing.list_cases(g.actor, pupil_id=pupil_id, per_page=100)
    school_names = {school.id: school.name for school in schools.list_schools(g.actor)}
    running = [c for c in pupil_cases if c.status not in ENDED_STATUSES and not c.is_former]
    args, year_errors = load(SchoolYearArgs(), request.args.to_dict())
    try:
        overview = absence_overview.pupil_overview(g.actor, pupil_id, args.get("schooljaar"))
    except Invalid as invalid:
        year_errors = invalid.errors
        overview = absence_overview.pupil_overview(g.actor, pupil_id)
    months = [charts.month_label(m["month"]) for m in overview.months]
    absence_chart = charts.per_code(
        "afwezigheden",
        f"Afwezigheden per maand en code, schooljaar {overview.school_year}",
        "Maand",
        months,
        [m["codes"] for m in overview.months],
        overview.codes or ["B"],
    )
    return render_template(
        "pupil.html",
        pupil=pupil,
        followups=detail.followups,
        timeline=detail.timeline,
        followup_status=labels.FOLLOWUP_STATUSES,
        task_status=labels.TASK_STATUSES,
        describe=describe,
        says_reason=says_reason,
        cases=pupil_cases,
        school_name=school_names.get(pupil.school_id, ""),
        school_names=school_names,
        may_open=may_open_case(g.actor) and not running,
        running=running,
        absence_types=labels.ABSENCE_TYPES,
        tracks=labels.TRACKS,
        default_type=AbsenceType.ONBEKEND,
        values=values or {},
        errors=errors or {},
        message=message,
        overview=overview,
        absence_chart=absence_chart,
        year_errors=year_errors,
        may_edit_record=pupils.may_write(g.actor),
        may_export=export.may_export(g.actor),
    ), status


@bp.route("/leerlingen/<id:pupil_id>")
def pupil(pupil_id):
    return _render_pupil(pupil_id)


@bp.route("/leerlingen/<id:pupil_id>/dossier", methods=["POST"])
def open_case(pupil_id):
    posted = form_data(request.form)
    values, errors = load(OpenCaseForm(), posted)
    if errors:
        return _render_pupil(
            pupil_id, values=posted, errors=errors, message="Het dossier kon niet geopend worden.", status=422
        )
    try:
        view = opening.open_case(
            g.actor,
            pupil_id,
            values.get("absence_type"),
            values.get("reason"),
            first_absence_on=values.get("first_absence_on"),
            track=values["track"],
        )
    except Invalid as invalid:
        return _render_pupil(
            pupil_id, values=posted, errors=invalid.errors, message=invalid.message, status=422
        )
    flash(
        "Het terugkeertraject is geopend."
        if values["track"] == CaseTrack.RETURN
        else "Het dossier is geopend. De eerste taak staat klaar.",
        "success",
    )
    return redirect(url_for("web.case", case_id=view.id))
