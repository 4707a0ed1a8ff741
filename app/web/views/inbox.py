"""The CLB's inbox: new referrals from its schools, oldest first."""

from flask import g, render_template

from app import clock
from app.services import schools
from app.services.cases import inbox
from app.web import labels
from app.web.blueprint import bp


@bp.route("/aanmeldingen")
def referrals():
    found = inbox.list_referrals(g.actor)
    school_names = {school.id: school.name for school in schools.list_schools(g.actor)}
    now = clock.now()
    return render_template(
        "inbox.html",
        referrals=found,
        school_names=school_names,
        due={r.task.id: labels.due(r.task.due_at, now) for r in found},
    )
