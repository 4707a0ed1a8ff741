"""Afspraken van het CLB: the CLB lane's deadlines, which the CLB-directeur sets for
every school the CLB serves (the school–CLB cooperation agreement). The CLB's staff
and the staff of the schools it serves read them; the service decides who may
change them (404 out of scope, then 403)."""

from flask import flash, g, redirect, render_template, request, url_for

from app.services.calendar import deadlines
from app.services.errors import Invalid
from app.services.schools import list_schools
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import DeadlineForm, form_data, load


@bp.route("/clb/afspraken")
def my_clb_agreements():
    """The header's link: a CLB's staff go to their own CLB's agreements."""
    clb_id = g.actor.clb_id
    if clb_id is None:
        return render_template("clb_agreements.html", clb=None), 404
    return redirect(url_for("web.clb_agreements", clb_id=clb_id))


def _render(clb_id: int, *, values=None, errors=None, message=None, status=200):
    items = deadlines.list_clb_deadlines(g.actor, clb_id)
    clb = deadlines.deadline_clb(g.actor, clb_id)
    return render_template(
        "clb_agreements.html",
        clb=clb,
        deadlines=items,
        schools=[s for s in list_schools(g.actor) if s.clb_id == clb.id],
        may_change=deadlines.may_change_clb_deadlines(g.actor, clb.id),
        values=values or {},
        errors=errors or {},
        message=message,
    ), status


@bp.route("/clb/<id:clb_id>/afspraken")
def clb_agreements(clb_id):
    return _render(clb_id)


@bp.route("/clb/<id:clb_id>/afspraken/<name>", methods=["POST"])
def set_clb_deadline(clb_id, name):
    deadlines.require_clb_editor(g.actor, clb_id, name)  # 404 / 403 before reading what was typed
    posted = form_data(request.form)
    values, errors = load(DeadlineForm(), posted)
    if not errors:
        try:
            deadline = deadlines.set_clb_deadline(g.actor, clb_id, name, values["school_days"])
        except Invalid as invalid:
            errors = invalid.errors
        else:
            flash(
                f"{labels.deadline_name(deadline.name)}: voortaan {deadline.school_days} schooldagen, in alle "
                "scholen van het CLB. Dat geldt voor termijnen die vanaf nu beginnen.",
                "success",
            )
            return redirect(url_for("web.clb_agreements", clb_id=clb_id, _anchor="termijnen"))
    return _render(
        clb_id,
        values={name: posted.get("school_days", "")},
        errors={name: errors.get("school_days", ["Ongeldige waarde."])},
        message=f"{labels.deadline_name(name)} is niet gewijzigd.",
        status=422,
    )
