"""One log line per request, and a request id that ties a 500 to its traceback.

The line holds method, route template, status, duration and user id, never
the path's values or the query string (they can hold a pupil's name).
"""

import logging
import re
import time
import uuid

from flask import Flask, g, request

log = logging.getLogger("zorgpad.requests")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _start() -> None:
    offered = request.headers.get("X-Request-Id", "")
    g.request_id = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    started = getattr(g, "request_started", None)
    duration_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    actor = getattr(g, "actor", None)
    log.info(
        "%s %s %s %.1fms user=%s request_id=%s",
        request.method,
        request.url_rule.rule if request.url_rule else "<unmatched>",
        response.status_code,
        duration_ms,
        actor.user_id if actor is not None else "-",
        getattr(g, "request_id", "-"),
    )
    response.headers["X-Request-Id"] = getattr(g, "request_id", "")
    return response


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO unless the host (gunicorn, pytest) set up logging."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    logging.getLogger("zorgpad").setLevel(app.config["LOG_LEVEL"])
    # APScheduler logs every run of the sweep at INFO; the sweep logs what it did itself.
    # SpiffWorkflow logs every task's state change at INFO (thousands in an import).
    for noisy in ("apscheduler", "spiff"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    configure_logging(app)
    # First in, so the id exists before the login guard can refuse the request.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
