"""Headers of every API response: personal data is never stored by a browser or a
proxy (Cache-Control: no-store), the Swagger UI page gets a Content-Security-Policy
that admits exactly its own inline script (by hash), and behind HTTPS every
response (API and pages) tells the browser to stay on HTTPS (HSTS)."""

import base64
import hashlib
import re

from flask import Flask, request

HSTS = "max-age=31536000; includeSubDomains"
DOCS = "/api/docs"
INLINE = re.compile(rb"<(script|style)>(.*?)</\1>", re.S)


def _docs_policy(body: bytes) -> str:
    """The Swagger UI page's policy: its files from here, its inline init script by hash."""
    hashes = {"script": [], "style": []}
    for kind, content in INLINE.findall(body):
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
        hashes[kind.decode()].append(f"'sha256-{digest}'")
    return (
        "default-src 'self'; img-src 'self' data:; "
        f"script-src 'self' {' '.join(hashes['script'])}; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


def _api_headers(response):
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if not request.path.startswith("/api/") or request.path.startswith(f"{DOCS}/assets/"):
        return response
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path == DOCS and response.mimetype == "text/html" and not response.direct_passthrough:
        response.headers["Content-Security-Policy"] = _docs_policy(response.get_data())
        response.headers["X-Frame-Options"] = "DENY"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_api_headers)
