"""Schoolkalender: a school's own days off and the deadlines in force there, in school days.

Everyone with the school in scope reads it (its staff, its CLB, an admin); the
school's directie and admins change its days off and the school lane's
deadlines (the service decides); the CLB lane's are the CLB's agreement
(app/web/views/clb_agreements.py), shown here read-only. Adding or removing a
day off moves the due dates it affects; the page says how many.
"""

from flask import flash, g, redirect, render_template, request, url_for

from app.services import schools
from app.services.calendar import days_off, deadlines
from app.services.errors import Conflict, Invalid, NotFound
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import DayOffForm, DayOffRemoveForm, DeadlineForm, form_data, load


def moved_words(count: int) -> str:
    if count == 0:
        return "Geen open taak kreeg een nieuwe termijn."
    if count == 1:
        return "1 taak kreeg een nieuwe termijn."
    return f"{count} taken kregen een nieuwe termijn."


@bp.route("/schoolkalender")
def calendars():
    found = schools.calendar_schools(g.actor)
    if len(found) == 1:
        return redirect(url_for("web.calendar", school_id=found[0].id))
    return render_template("calendars.html", schools=found)


def _render(
    school_id: int,
    *,
    day_values=None,
    day_errors=None,
    day_message=None,
    deadline_values=None,
    deadline_errors=None,
    deadline_message=None,
    status=200,
):
    view = days_off.get_calendar(g.actor, school_id)
    return render_template(
        "calendar.html",
        view=view,
        may_change_clb=g.actor.is_clb and deadlines.may_change_clb_deadlines(g.actor, view.school.clb_id),
        many_schools=len(schools.calendar_schools(g.actor)) > 1,
        day_values=day_values or {},
        day_errors=day_errors or {},
        day_message=day_message,
        deadline_values=deadline_values or {},
        deadline_errors=deadline_errors or {},
        deadline_message=deadline_message,
    ), status


@bp.route("/schoolkalender/<id:school_id>")
def calendar(school_id):
    return _render(school_id)


@bp.route("/schoolkalender/<id:school_id>/vrije-dagen", methods=["POST"])
def add_day_off(school_id):
    posted = form_data(request.form)
    values, errors = load(DayOffForm(), posted)
    if errors:
        return _render(
            school_id,
            day_values=posted,
            day_errors=errors,
            day_message="De vrije dag is niet toegevoegd.",
            status=422,
        )
    try:
        change = days_off.add_day_off(g.actor, school_id, values["date"], values["reason"])
    except (Invalid, Conflict) as refused:
        return _render(
            school_id,
            day_values=posted,
            day_errors=refused.errors or {"date": [refused.message]},
            day_message=refused.message,
            status=422 if isinstance(refused, Invalid) else 409,
        )
    flash(
        f"{labels.day(change.date)} is een vrije dag ({change.reason}). {moved_words(change.moved_tasks)}",
        "success",
    )
    return redirect(url_for("web.calendar", school_id=school_id, _anchor="vrije-dagen"))


@bp.route("/schoolkalender/<id:school_id>/vrije-dagen/verwijderen", methods=["POST"])
def remove_day_off(school_id):
    values, errors = load(DayOffRemoveForm(), form_data(request.form))
    if errors:
        return _render(
            school_id, day_message="Welke vrije dag? De dag ontbrak of was onleesbaar.", status=422
        )
    try:
        change = days_off.remove_day_off(g.actor, school_id, values["date"])
    except NotFound as missing:
        # Someone removed it first (or a second click): say so on the page; a school
        # outside the actor's scope still gets the 404 page from _render.
        return _render(school_id, day_message=missing.message, status=404)
    flash(f"{labels.day(change.date)} is weer een schooldag. {moved_words(change.moved_tasks)}", "success")
    return redirect(url_for("web.calendar", school_id=school_id, _anchor="vrije-dagen"))


@bp.route("/schoolkalender/<id:school_id>/termijnen/<name>", methods=["POST"])
def set_deadline(school_id, name):
    deadlines.require_school_editor(g.actor, school_id, name)  # 404 / 403 before reading what was typed
    posted = form_data(request.form)
    values, errors = load(DeadlineForm(), posted)
    if not errors:
        try:
            deadline = deadlines.set_deadline(g.actor, school_id, name, values["school_days"])
        except Invalid as invalid:
            errors = invalid.errors
        else:
            flash(
                f"{labels.deadline_name(deadline.name)}: voortaan {deadline.school_days} schooldagen. "
                "Dat geldt voor termijnen die vanaf nu beginnen.",
                "success",
            )
            return redirect(url_for("web.calendar", school_id=school_id, _anchor="termijnen"))
    return _render(
        school_id,
        deadline_values={name: posted.get("school_days", "")},
        deadline_errors={name: errors.get("school_days", ["Ongeldige waarde."])},
        deadline_message=f"{labels.deadline_name(name)} is niet gewijzigd.",
        status=422,
    )
