"""Domain errors and HTTP errors as pages.

A missing object and one outside the user's scope get the same 404 page, so a
page never tells whether a pupil or case exists elsewhere.
"""

import logging

from flask import flash, g, make_response, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.api.errors import handle_http_exception
from app.services import errors as domain
from app.web import security
from app.web.blueprint import bp
from app.web.session import safe_next

log = logging.getLogger("zorgpad.web")

TITLES = {
    400: "Het verzoek kon niet verwerkt worden",
    403: "Dat mag u niet doen",
    404: "Pagina niet gevonden",
    405: "Dat kan hier niet",
    409: "Iemand anders was u voor",
    413: "Het verzoek is te groot",
    429: "Even geduld",
}


def error_page(status: int, message: str | None = None):
    return render_template(
        "error.html", status=status, title=TITLES.get(status, "Er liep iets mis"), message=message
    ), status


def not_found(_error=None):
    return error_page(404, "Deze pagina bestaat niet, of u hebt er geen toegang toe.")


def back(default_endpoint: str = "web.my_tasks"):
    """Where the user came from on this site (for a message after a refused action)."""
    referrer = request.referrer or ""
    host = request.host_url.rstrip("/")
    path = referrer[len(host) :] if referrer.startswith(host + "/") else None
    return redirect(safe_next(path, url_for(default_endpoint)))


@bp.errorhandler(domain.NotFound)
def _domain_not_found(_error):
    return not_found()


@bp.errorhandler(domain.Forbidden)
def _forbidden(error):
    return error_page(403, error.message)


@bp.errorhandler(domain.Conflict)
@bp.errorhandler(domain.Invalid)
def _refused(error):
    """An action that lost a race or could not be done: say so where the user was."""
    if request.method in ("GET", "HEAD"):
        return error_page(409 if isinstance(error, domain.Conflict) else 400, error.message)
    flash(error.message, "error")
    return back()


@bp.errorhandler(CSRFError)
def _csrf(_error):
    return error_page(
        400,
        "Het formulier was verlopen of kwam niet van deze pagina. Laad de pagina "
        "opnieuw en probeer nog eens; wat u typte, moet u opnieuw ingeven.",
    )


@bp.errorhandler(HTTPException)
def _http(error):
    if error.code == 404:
        return not_found()
    return error_page(error.code or 500, None)


@bp.errorhandler(Exception)
def _unexpected(error):
    request_id = getattr(g, "request_id", "-")
    log.error(
        "unexpected error request_id=%s %s %s",
        request_id,
        request.method,
        request.url_rule.rule if request.url_rule else "-",
        exc_info=error,
    )
    return error_page(
        500, f"Er liep iets mis aan onze kant. Vermeld referentie {request_id} als u dit meldt."
    )


def _app_not_found(error):
    """Unknown addresses outside the API get the web's 404 page."""
    if request.path.startswith("/api/") or request.path == "/api":
        return handle_http_exception(error)
    response = render_template(
        "error.html",
        status=404,
        title=TITLES[404],
        message="Deze pagina bestaat niet, of u hebt er geen toegang toe.",
    )
    return security.page_headers(make_response(response, 404), private=True)


def init_app(app) -> None:
    app.register_error_handler(404, _app_not_found)
