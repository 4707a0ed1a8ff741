"""The web interface: server-rendered Dutch pages for school and CLB staff.

Pages call the same services as the API (app/services), never the JSON API
and never the database directly. One blueprint, "web"; its views live in
app/web/views, the task form renderer in app/web/taskform.
"""

from flask import Flask, g, request

from app import clock, request_limits
from app.guard import guard_of
from app.vocabulary import Role
from app.web import absence_charts, errors, labels, security, vendor
from app.web import session as web_session
from app.web.blueprint import bp
from app.web.views import (  # noqa: F401  (routes on bp)
    absences,
    auth,
    calendar,
    case_actions,
    case_partners,
    cases,
    clb_agreements,
    documents,
    inbox,
    incidents,
    meetings,
    notifications,
    pupil_records,
    pupils,
    roster,
    tasks,
    thresholds,
    workflows,
)
from app.web.views.inbox import clb_inbox_count
from app.web.views.notifications import unread_notifications

PUBLIC = frozenset({"web.login", "web.static", "web.vendor_file"})
ASSETS = frozenset({"web.static", "web.vendor_file"})


@bp.before_request
def _check_csrf():
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        security.csrf.protect()


@bp.app_context_processor
def _header_context():
    """What the page header needs on every page (error pages included)."""
    actor = g.get("actor")
    demo = clock.demo_clock()
    return {
        "unread_notifications": unread_notifications,
        "clb_inbox_count": clb_inbox_count,
        "is_admin": actor is not None and Role.ADMIN in actor.roles,
        # A demo moved in time says so on every page: "today" is not the real date.
        "demo_now": clock.now() if demo is not None and demo.offset else None,
    }


def _headers(response):
    security.nosniff(response)
    if request.blueprint == "web":
        security.page_headers(response, private=request.endpoint not in ASSETS)
    return response


def init_app(app: Flask) -> None:
    """After the API (its `id` URL converter is needed here)."""
    security.configure(app)
    labels.init_app(app)
    absence_charts.init_app(app)
    vendor.init_app(app)
    app.register_blueprint(bp)
    request_limits.uploads("web.absence_import", "web.roster_import")(app)
    guard_of(app).register("web", web_session.authenticate, public=PUBLIC)
    app.after_request(_headers)
    errors.init_app(app)
