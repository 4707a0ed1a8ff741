"""Afwezigheden: a school's overview with its statistics as charts, and the
upload of the school's absence file with the import's report."""

from flask import g, redirect, render_template, request, url_for

from app.services import schools
from app.services.absences import overview as absence_overview
from app.services.absences import registrations as absences
from app.services.absences import settings as absence_settings
from app.services.absences.importing import ImportRefused, import_absences
from app.services.errors import Invalid
from app.services.schools import ABSENCE_IMPORT_ROLES, MEETING_ROLES
from app.vocabulary import Lane
from app.web import absence_charts as charts
from app.web.blueprint import bp
from app.web.schemas import ImportForm, SchoolYearArgs, form_data, load

FORMATS = {
    "": "Herkennen uit de inhoud",
    "csv": "CSV (uitwisselformaat)",
    "informat": "Informat (tekstblokken)",
    "smartschool": "Smartschool (JSON per dag)",
}


def _school_role(roles) -> bool:
    return g.actor.lane == Lane.SCHOOL and g.actor.has_any(roles)


@bp.route("/afwezigheden")
def absence_schools():
    """A school's staff go to their school; a CLB chooses among the schools it serves."""
    found = schools.list_schools(g.actor)
    if g.actor.lane == Lane.SCHOOL and len(found) == 1:
        return redirect(url_for("web.school_absences", school_id=found[0].id))
    return render_template("absence_schools.html", schools=found)


def _year_options(current: str) -> list[str]:
    start = int(current[:4])
    return [f"{y}-{y + 1}" for y in range(start, start - 3, -1)]


@bp.route("/scholen/<id:school_id>/afwezigheden")
def school_absences(school_id):
    args, errors = load(SchoolYearArgs(), request.args.to_dict())
    school = schools.get_school(g.actor, school_id)
    try:
        stats = absences.school_statistics(g.actor, school.id, args.get("schooljaar"))
    except Invalid as invalid:
        errors = invalid.errors
        stats = absences.school_statistics(g.actor, school.id, None)
    codes = list(stats["totals"]) or ["B"]
    bands = [charts.BANDS[b["band"]] for b in stats["b_bands"]]
    counts = [b["pupils"] for b in stats["b_bands"]]
    code_names = [charts.code_label(c) for c in stats["totals"]]
    figures = [
        charts.figure(
            "banden",
            "Leerlingen per aantal halve dagen met B-code",
            charts.bars("Leerlingen per aantal halve dagen met B-code", bands, counts, "Leerlingen", "B"),
            ["Halve dagen met B-code", "Leerlingen"],
            list(zip(bands, counts, strict=True)),
        ),
        charts.figure(
            "codes",
            "Halve dagen per code",
            charts.bars(
                "Halve dagen per code",
                code_names,
                list(stats["totals"].values()),
                "Halve dagen",
                codes=list(stats["totals"]),
            ),
            ["Code", "Halve dagen"],
            list(zip(code_names, stats["totals"].values(), strict=True)),
        ),
        charts.per_code(
            "maanden",
            "Halve dagen per maand en code",
            "Maand",
            [charts.month_label(m["month"]) for m in stats["per_month"]],
            [m["totals"] for m in stats["per_month"]],
            codes,
        ),
        charts.per_code(
            "graden",
            "Halve dagen per graad (leerjaar) en code",
            "Leerjaar",
            [row["grade"] for row in stats["per_grade"]],
            [row["totals"] for row in stats["per_grade"]],
            codes,
        ),
        charts.per_code(
            "klassen",
            "Halve dagen per klas en code",
            "Klas",
            [row["class_name"] for row in stats["per_class"]],
            [row["totals"] for row in stats["per_class"]],
            codes,
        ),
    ]
    settings = absence_settings.get_settings(g.actor, school.id)
    return render_template(
        "school_absences.html",
        school=school,
        stats=stats,
        figures=figures,
        settings=settings,
        years=_year_options(absences.resolve_school_year(None)),
        year_errors=errors,
        may_import=_school_role(ABSENCE_IMPORT_ROLES),
        may_meet=_school_role(MEETING_ROLES),
    )


def _render_import(school, *, report=None, refused=None, message=None, values=None, status=200):
    touched = []
    if report is not None:
        path = report.path
        touched = path.opened + path.followed + path.reopened
    names = absence_overview.case_pupils(g.actor, touched)
    return render_template(
        "absence_import.html",
        school=school,
        report=report,
        refused=refused,
        message=message,
        values=values or {},
        formats=FORMATS,
        names=names,
    ), status


@bp.route("/scholen/<id:school_id>/afwezigheden/inlezen", methods=["GET", "POST"])
def absence_import(school_id):
    school = schools.get_school(g.actor, school_id)
    if request.method in ("GET", "HEAD"):
        return _render_import(school)
    posted = form_data(request.form)
    values, errors = load(ImportForm(), posted)
    upload = request.files.get("file")
    if errors or upload is None or not upload.filename:
        if upload is None or not upload.filename:
            errors["file"] = ["Kies het bestand met de afwezigheden."]
        return _render_import(
            school, values=posted, status=422, message=Invalid("Het bestand werd niet ingelezen.", errors)
        )
    try:
        report = import_absences(
            g.actor, school.id, upload.stream, values.get("format"), filename=upload.filename
        )
    except ImportRefused as refused:
        return _render_import(school, refused=refused, values=posted, status=422)
    except Invalid as invalid:
        return _render_import(school, message=invalid, values=posted, status=422)
    return _render_import(school, report=report)
