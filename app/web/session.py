"""Who is signed in on the web: the API token kept in the signed session cookie.

The same token and the same service as the API, so signing out and token
expiry work alike for both.
"""

from urllib.parse import urlsplit

from flask import flash, g, redirect, request, session, url_for

from app.services import auth
from app.services.errors import NotAuthenticated

TOKEN = "token"


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: never another host (open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return default
    return target


def _to_login():
    next_path = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("web.login", next=next_path) if next_path and next_path != "/" else url_for("web.login")
    if request.headers.get("HX-Request"):
        response = redirect(target)
        response.headers["HX-Redirect"] = target  # htmx follows this instead of swapping in a page
        return response
    return redirect(target)


def authenticate():
    """The web pages' authenticator for the app's login guard: sets g.actor, or
    answers with a redirect to the login page."""
    token = session.get(TOKEN)
    if not token:
        return _to_login()
    try:
        g.actor = auth.authenticate(token)
    except NotAuthenticated:
        session.clear()
        flash("Uw sessie is verlopen. Meld u opnieuw aan.", "info")
        return _to_login()
    g.token = token
    return None


def sign_in(token: str) -> None:
    session.clear()  # a fresh session (and CSRF token) for the new user
    session[TOKEN] = token
    session.permanent = True


def sign_out() -> None:
    session.clear()
