"""The CLB's inbox "Signalen en aanmeldingen": what its schools ask, per school, oldest first."""

from flask import g, render_template
from sqlalchemy.exc import SQLAlchemyError

from app import clock
from app.services.cases import inbox
from app.web import labels
from app.web.blueprint import bp

# What the button on an entry says, per task.
ACTIONS = {
    "task_signal_clb": "Signaal bekijken",
    "task_clb_accept": "Beoordelen",
    "task_police_clb_advice": "Advies geven",
    "task_warm_handover": "Overdragen",
    "task_receive_handover": "Overdracht ontvangen",
    "task_relapse_review": "Terugval bekijken",
}
KINDS = {
    "signal": "Signaal",
    "referral": "Aanmelding",
    "police_advice": "Advies politie",
    "school_change": "Schoolverandering",
    "new_absences": "Nieuwe afwezigheden",
}


@bp.route("/aanmeldingen")
def referrals():
    schools = inbox.list_inbox(g.actor)
    now = clock.now()
    return render_template(
        "inbox.html",
        schools=schools,
        total=sum(len(school.entries) for school in schools),
        due={e.task.id: labels.due(e.task.due_at, now) for school in schools for e in school.entries},
        actions=ACTIONS,
        kinds=KINDS,
    )


def clb_inbox_count() -> int | None:
    """For the navigation of CLB users: the open entries of the inbox (None otherwise,
    or when the count cannot be read: an error page must still render)."""
    if not g.get("actor") or not g.actor.is_clb:
        return None
    try:
        return inbox.open_count(g.actor)
    except SQLAlchemyError:
        return None
