"""Who is signed in on the web: the API token kept in the session cookie, encrypted.

The same token and the same service as the API, so signing out and token
expiry work alike for both. The cookie is signed by Flask and the token in it
encrypted (Fernet, a key derived from the app's secret key): whoever reads the
cookie cannot lift the token and use it as a bearer token on the API.
"""

import base64
import hashlib
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, flash, g, redirect, request, session, url_for

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
    next_path = request.full_path.rstrip("?") if request.method in ("GET", "HEAD") else None
    target = url_for("web.login", next=next_path) if next_path and next_path != "/" else url_for("web.login")
    if request.headers.get("HX-Request"):
        response = redirect(target)
        response.headers["HX-Redirect"] = target  # htmx follows this instead of swapping in a page
        return response
    return redirect(target)


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = hashlib.sha256(b"zorgpad web session token\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _token() -> str | None:
    sealed = session.get(TOKEN)
    if not sealed:
        return None
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, AttributeError, UnicodeError):
        return None  # an older or tampered cookie: sign in again


def authenticate():
    """The web pages' authenticator for the app's login guard: sets g.actor, or
    answers with a redirect to the login page."""
    token = _token()
    if not token:
        session.clear()
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
    session[TOKEN] = _fernet().encrypt(token.encode()).decode()
    session.permanent = True


def sign_out() -> None:
    session.clear()
