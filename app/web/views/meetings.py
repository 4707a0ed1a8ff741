"""Het overleg afwezigheden: a school's meetings, planning one, and running it
from its agenda (a decision per pupil, written into the pupil's case)."""

from flask import flash, g, redirect, render_template, request, url_for

from app.services import schools
from app.services.absences import meeting_batch, meetings
from app.services.absences import registrations as absences
from app.services.absences import settings as absence_settings
from app.services.errors import Conflict, Invalid
from app.services.schools import MEETING_ROLES
from app.vocabulary import Lane, MeetingDecision
from app.web import absence_charts as charts
from app.web.blueprint import bp
from app.web.schemas import DecisionForm, MeetingForm, MeetingRowForm, form_data, load

DECISIONS = {
    MeetingDecision.DISCUSSED: "Besproken",
    MeetingDecision.ACTION_AGREED: "Actie afgesproken",
    MeetingDecision.SIGNAL_CLB: "Signaal aan het CLB",
    MeetingDecision.REFER_CLB: "Aanmelding bij het CLB",
    MeetingDecision.OPEN_CASE: "Dossier openen (knipperlicht)",
    MeetingDecision.RETURN_PATH: "Terugkeertraject (lange gewettigde afwezigheid)",
}
REASONS = charts.RULES


def _runs_meetings() -> bool:
    return g.actor.lane == Lane.SCHOOL and g.actor.has_any(MEETING_ROLES)


def _render_list(school_id: int, *, values=None, errors=None, message=None, status=200):
    school = schools.get_school(g.actor, school_id)
    found, total = meetings.list_meetings(g.actor, school.id, per_page=50)
    settings = absence_settings.get_settings(g.actor, school.id)
    values = values or {"held_on": absences.today().isoformat()}
    return render_template(
        "meetings.html",
        school=school,
        meetings=found,
        total=total,
        settings=settings,
        may_plan=_runs_meetings(),
        values=values,
        errors=errors or {},
        message=message,
    ), status


@bp.route("/scholen/<id:school_id>/overleg")
def meetings_page(school_id):
    return _render_list(school_id)


@bp.route("/scholen/<id:school_id>/overleg", methods=["POST"])
def plan_meeting(school_id):
    posted = form_data(request.form)
    values, errors = load(MeetingForm(), posted)
    if errors:
        return _render_list(
            school_id,
            values=posted,
            errors=errors,
            status=422,
            message="Het overleg kon niet aangemaakt worden.",
        )
    try:
        meeting = meetings.create_meeting(g.actor, school_id, values.get("held_on"), values.get("note"))
    except Invalid as invalid:
        return _render_list(
            school_id, values=posted, errors=invalid.errors, message=invalid.message, status=422
        )
    flash(f"Het overleg is aangemaakt: {len(meeting.items)} leerlingen op de agenda.", "success")
    return redirect(url_for("web.meeting", school_id=school_id, meeting_id=meeting.id))


def _render_meeting(school_id: int, meeting_id: int, *, errors=None, values=None, message=None, status=200):
    school = schools.get_school(g.actor, school_id)
    meeting = meetings.get_meeting(g.actor, school.id, meeting_id)
    return render_template(
        "meeting.html",
        school=school,
        meeting=meeting,
        cases=meeting_batch.agenda_cases(g.actor, meeting),
        decisions=DECISIONS,
        reasons=REASONS,
        may_decide=_runs_meetings(),
        errors=errors or {},
        values=values or {},
        message=message,
    ), status


@bp.route("/scholen/<id:school_id>/overleg/<id:meeting_id>")
def meeting(school_id, meeting_id):
    return _render_meeting(school_id, meeting_id)


@bp.route("/scholen/<id:school_id>/overleg/<id:meeting_id>/beslissing", methods=["POST"])
def record_decision(school_id, meeting_id):
    posted = form_data(request.form)
    values, errors = load(DecisionForm(), posted)
    pupil = posted.get("pupil_id") or ""
    if errors and "pupil_id" not in errors:
        return _render_meeting(
            school_id, meeting_id, errors={pupil: errors}, values={pupil: posted}, status=422
        )
    if errors:
        return _render_meeting(school_id, meeting_id, status=422)
    try:
        item = meetings.record_decision(
            g.actor, school_id, meeting_id, values["pupil_id"], values["decision"], values.get("note")
        )
    except Invalid as invalid:
        return _render_meeting(
            school_id, meeting_id, errors={pupil: invalid.errors}, values={pupil: posted}, status=422
        )
    done = f"Beslissing voor {item.pupil.first_name} {item.pupil.last_name} vastgelegd"
    flash(f"{done}{' en in het dossier geschreven' if item.case_id else ''}.", "success")
    page = url_for("web.meeting", school_id=school_id, meeting_id=meeting_id)
    return redirect(f"{page}#leerling-{item.pupil_id}")


def _posted_rows(form) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    """The table's rows as posted (decision-<pupil>, note-<pupil>): the rows, their
    values by pupil, and the field errors by pupil."""
    rows, values, errors = [], {}, {}
    pupils = [name.removeprefix("decision-") for name in form if name.startswith("decision-")]
    for pupil in pupils:
        posted = {"pupil_id": pupil, "decision": form.get(f"decision-{pupil}") or None}
        posted["note"] = form.get(f"note-{pupil}") or ""
        values[pupil] = posted
        row, row_errors = load(MeetingRowForm(), {k: v for k, v in posted.items() if v is not None})
        if row_errors:
            errors[pupil] = row_errors
        else:
            rows.append(row)
    return rows, values, errors


@bp.route("/scholen/<id:school_id>/overleg/<id:meeting_id>/beslissingen", methods=["POST"])
def record_decisions(school_id, meeting_id):
    """The whole table in one save: every row's decision, all or nothing."""
    rows, values, errors = _posted_rows(request.form)
    refused = "Er werd niets bewaard: verbeter de gemarkeerde regels."
    if errors:
        return _render_meeting(
            school_id, meeting_id, errors=errors, values=values, message=refused, status=422
        )
    try:
        done = meeting_batch.record_decisions(g.actor, school_id, meeting_id, rows)
    except (Invalid, Conflict) as invalid:
        by_pupil: dict[str, dict] = {}
        for key, messages in invalid.errors.items():
            _, index, field = key.split(".", 2)
            by_pupil.setdefault(str(rows[int(index)]["pupil_id"]), {})[field] = messages
        status = 409 if isinstance(invalid, Conflict) else 422
        return _render_meeting(
            school_id, meeting_id, errors=by_pupil, values=values, message=invalid.message, status=status
        )
    count = len(done.changed)
    if count:
        words = "1 beslissing" if count == 1 else f"{count} beslissingen"
        cases = f", {done.in_cases} in een dossier geschreven" if done.in_cases else ""
        flash(f"{words} vastgelegd{cases}.", "success")
    else:
        flash("Geen nieuwe of gewijzigde beslissingen: er werd niets bewaard.", "info")
    return redirect(url_for("web.meeting", school_id=school_id, meeting_id=meeting_id))
