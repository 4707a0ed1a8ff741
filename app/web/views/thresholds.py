"""Drempels en overleg: the thresholds a school's warning signs, signal to the CLB and meeting
agenda use, and how often the school meets its CLB about absences.

The school's staff and its CLB read them; the school's directie changes them (the service
decides: app/services/absences/settings.py). An empty field sets a threshold back to its default.
Beside the thresholds: the local police protocol the school works under (its threshold is only
offered once one is named) and when a late arrival becomes B.
"""

from flask import flash, g, redirect, render_template, request, url_for

from app.services import schools
from app.services.absences import settings as absence_settings
from app.services.absences.settings import LESSON_HOUR_MINUTES, THRESHOLDS
from app.services.errors import Invalid
from app.vocabulary import LateRule, MeetingCadence
from app.web.blueprint import bp
from app.web.schemas import ThresholdsForm, form_data, load

CADENCES = {MeetingCadence.BIWEEKLY: "Tweewekelijks", MeetingCadence.MONTHLY: "Maandelijks"}
LATE_RULES = {
    LateRule.NONE: "Nooit: te laat blijft te laat",
    LateRule.MINUTES: "Na een aantal minuten",
    LateRule.LESSON_HOUR: f"Na één lesuur ({LESSON_HOUR_MINUTES} minuten)",
}
FIELD_PREFIX = "thresholds."  # the service names a threshold's error "thresholds.<key>", like the API


def _render(school_id: int, *, values=None, errors=None, status=200):
    school = schools.get_school(g.actor, school_id)
    settings = absence_settings.get_settings(g.actor, school.id)
    if values is None:
        values = {key: "" if value is None else str(value) for key, value in settings.overrides.items()}
        values["meeting_cadence"] = settings.meeting_cadence
        values["police_protocol"] = settings.police_protocol or ""
        values["late_becomes_b"] = settings.late_becomes_b
        values["late_becomes_b_minutes"] = str(settings.late_becomes_b_minutes or "")
    return render_template(
        "thresholds.html",
        school=school,
        settings=settings,
        thresholds=THRESHOLDS,
        cadences=CADENCES,
        late_rules=LATE_RULES,
        lesson_hour=LESSON_HOUR_MINUTES,
        may_change=absence_settings.may_change(g.actor),
        values=values,
        errors=errors or {},
    ), status


@bp.route("/scholen/<id:school_id>/drempels")
def thresholds(school_id):
    return _render(school_id)


@bp.route("/scholen/<id:school_id>/drempels", methods=["POST"])
def save_thresholds(school_id):
    # Who may change comes first: someone else gets the 403 page whatever they typed.
    absence_settings.require_editor(g.actor, school_id)
    posted = form_data(request.form)
    values, errors = load(ThresholdsForm(), posted)
    if not errors:
        changes = {
            "thresholds": {t.key: values.get(t.key) for t in THRESHOLDS},
            "meeting_cadence": values.get("meeting_cadence"),
            "police_protocol": values.get("police_protocol"),
            "late_becomes_b": values.get("late_becomes_b"),
            "late_becomes_b_minutes": values.get("late_becomes_b_minutes"),
        }
        try:
            absence_settings.update_settings(g.actor, school_id, changes)
        except Invalid as invalid:
            errors = {key.removeprefix(FIELD_PREFIX): messages for key, messages in invalid.errors.items()}
        else:
            flash(
                "De drempels en het ritme van het overleg zijn opgeslagen. De waarschuwingen en de "
                "agenda van het overleg gebruiken ze vanaf nu.",
                "success",
            )
            return redirect(url_for("web.thresholds", school_id=school_id))
    return _render(school_id, values=posted, errors=errors, status=422)
