"""The web pages' protections: signing key, session cookie, CSRF, response headers."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# No inline script or style anywhere (also no style= attributes): everything
# comes from our own files. bpmn-js styles its SVG through the CSSOM, which
# a CSP allows; its logo is a data: image.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECRET_KEY_FILE = "secret_key"


def secret_key(instance_path: str) -> str:
    """ZORGPAD_SECRET_KEY, else a key made once and kept in the instance folder
    (readable by the owner only), so sessions survive a restart and every
    worker process signs with the same key."""
    configured = os.environ.get("ZORGPAD_SECRET_KEY")
    if configured:
        return configured
    path = Path(instance_path) / SECRET_KEY_FILE
    try:
        # O_EXCL: of two processes starting at once, one writes and both read.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    key = path.read_text().strip()
    if not key:  # another process is between creating and writing the file
        raise RuntimeError(f"{path} is empty: remove it and start again")
    return key


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (behind a
    proxy that needs ProxyFix to tell), and always when configured so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def configure(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path)
    app.config.update(
        SESSION_COOKIE_NAME="zorgpad_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The web pages call csrf.protect() themselves; the API uses bearer tokens.
        WTF_CSRF_CHECK_DEFAULT=False,
        # Valid as long as the session: a long form typed for an hour must still post.
        WTF_CSRF_TIME_LIMIT=None,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["TOKEN_TTL_HOURS"]),
    )
    app.session_interface = SessionInterface()
    csrf.init_app(app)


def page_headers(response, *, private: bool):
    """Headers for a web page or asset; `private` pages (anything behind the login)
    are never stored by a browser or proxy cache."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if private:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def nosniff(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
