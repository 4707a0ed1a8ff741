"""Leerlingenlijst inlezen: a school's pupils and their contacts from its software,
with the import's report or every problem by line."""

from flask import g, render_template, request

from app.services import pupils, schools
from app.services.absences.importing import ImportRefused
from app.services.errors import Forbidden, Invalid
from app.services.roster.importing import import_roster
from app.web.blueprint import bp
from app.web.schemas import ImportForm, form_data, load

FORMATS = {
    "": "Herkennen aan de kopregel",
    "csv": "CSV van Zorgpad (ook met Nederlandse kolomnamen)",
    "informat": "Informat (leerlingenlijst, één regel per relatie)",
    "smartschool": "Smartschool (gebruikers met co-accounts, CSV of JSON)",
}


def _render(school, *, report=None, refused=None, message=None, values=None, status=200):
    return render_template(
        "roster_import.html",
        school=school,
        report=report,
        refused=refused,
        message=message,
        values=values or {},
        formats=FORMATS,
    ), status


@bp.route("/scholen/<id:school_id>/leerlingen/inlezen", methods=["GET", "POST"])
def roster_import(school_id):
    school = schools.get_school(g.actor, school_id)
    if not pupils.may_write(g.actor):
        raise Forbidden(
            "Enkel het secretariaat, de zorgcoördinator, de leerlingbegeleider en de directie van de "
            "school lezen de leerlingenlijst in."
        )
    if request.method in ("GET", "HEAD"):
        return _render(school)
    posted = form_data(request.form)
    values, errors = load(ImportForm(), posted)
    upload = request.files.get("file")
    if errors or upload is None or not upload.filename:
        if upload is None or not upload.filename:
            errors["file"] = ["Kies het bestand met de leerlingenlijst."]
        return _render(
            school, values=posted, status=422, message=Invalid("Het bestand werd niet ingelezen.", errors)
        )
    try:
        report = import_roster(g.actor, school.id, upload.stream, values.get("format"))
    except ImportRefused as refused:
        return _render(school, refused=refused, values=posted, status=422)
    except Invalid as invalid:
        return _render(school, message=invalid, values=posted, status=422)
    return _render(school, report=report)
