"""Bounded requests: every request body has a ceiling, refused with 413 before it is
read (werkzeug checks Content-Length first, and stops a streamed body at the
ceiling), so one anonymous request cannot grow a worker.

- MAX_BODY_BYTES (ZORGPAD_MAX_BODY_BYTES, default 1 MiB): every route;
- MAX_UPLOAD_BYTES (ZORGPAD_MAX_UPLOAD_BYTES, default 256 MiB): the routes that take
  a school's file (`uploads`, registered by endpoint name); the file streams to a
  temporary file and the import reads it row by row.
gunicorn bounds the request line and headers (app/runners/server.py); a proxy in
front should allow at least MAX_UPLOAD_BYTES on the upload routes.
"""

from flask import Flask, current_app, request

UPLOADS = "zorgpad.uploads"


def uploads(*endpoints: str):
    """Mark these endpoints as file uploads (the larger ceiling)."""

    def register(app: Flask) -> None:
        app.extensions.setdefault(UPLOADS, set()).update(endpoints)

    return register


def _ceiling() -> None:
    if request.endpoint in current_app.extensions.get(UPLOADS, ()):
        request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"]


def init_app(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.extensions.setdefault(UPLOADS, set())
    # First of all before_request hooks: nothing may read the body before the ceiling is set.
    app.before_request_funcs.setdefault(None, []).insert(0, _ceiling)
