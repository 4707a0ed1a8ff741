"""Configuration, read once from the environment.

Only `DATABASE_URL` is usually set; the rest have defaults that suit a single
machine. Thresholds that drive the care path are configuration, not constants.
"""

import json
import os
from pathlib import Path

from app.calendar.deadlines import DEADLINES

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _sqlite_default(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "zorgpad.sqlite3")


def normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgres URLs would ask for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def deadline_defaults(env) -> dict[str, int]:
    return {
        name: int(env.get(f"ZORGPAD_DEADLINE_{name.upper()}", deadline.default))
        for name, deadline in DEADLINES.items()
    }


def _choice(env, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise ValueError(f"{name}={value!r}: choose one of {', '.join(allowed)}")
    return value


def _prepare_threshold(value: str) -> int | None:
    if value == "off":
        return None
    if not value.isdigit():
        raise ValueError(f"ZORGPAD_PG_PREPARE_THRESHOLD={value!r}: a whole number, or off")
    return int(value)


def from_environment(instance_path: str) -> dict:
    env = os.environ
    return {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env.get("DATABASE_URL") or _sqlite_default(instance_path)
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # PostgreSQL: prepare a statement at its Nth use on a connection; off: never
        # (behind a pooler in transaction mode). app/__init__.py says why it is 1.
        "PG_PREPARE_THRESHOLD": _prepare_threshold(env.get("ZORGPAD_PG_PREPARE_THRESHOLD", "1")),
        # Demo users have password "demo": off unless asked for (make run does).
        "DEMO_MODE": env.get("ZORGPAD_DEMO_MODE", "0") == "1",
        "WORKFLOWS_DIR": env.get("ZORGPAD_WORKFLOWS_DIR", str(PROJECT_ROOT / "workflows")),
        "FORMS_DIR": env.get("ZORGPAD_FORMS_DIR", str(PROJECT_ROOT / "forms")),
        "DOCUMENT_TEMPLATES_DIR": env.get(
            "ZORGPAD_DOCUMENT_TEMPLATES_DIR", str(PROJECT_ROOT / "document_templates")
        ),
        # Seconds one PDF conversion (LibreOffice headless) may take before it is killed.
        "PDF_TIMEOUT": float(env.get("ZORGPAD_PDF_TIMEOUT", "60")),
        # Each version's PDF is made once in the background (app/tasks/document_pdfs.py):
        # right after it is made, by a worker thread (1/0; unset: on, except under TESTING),
        # and by the scheduler every PDF_SWEEP_SECONDS for what the threads missed.
        "PDF_IN_BACKGROUND": {"1": True, "0": False}.get(env.get("ZORGPAD_PDF_IN_BACKGROUND", "")),
        "PDF_SWEEP_SECONDS": int(env.get("ZORGPAD_PDF_SWEEP_SECONDS", "30")),
        # A step's document is rendered after the step's commit (app/tasks/documents.py):
        # by a worker thread (1/0; unset: on, except under TESTING; off: in the step), and
        # by the scheduler every DOCUMENT_SWEEP_SECONDS (0: no such job) for what it missed.
        "DOCUMENTS_IN_BACKGROUND": {"1": True, "0": False}.get(
            env.get("ZORGPAD_DOCUMENTS_IN_BACKGROUND", "")
        ),
        "DOCUMENT_SWEEP_SECONDS": int(env.get("ZORGPAD_DOCUMENT_SWEEP_SECONDS", "30")),
        # The process each kind of workflow instance runs (workflows/*.bpmn); a JSON
        # object in ZORGPAD_WORKFLOW_KEYS replaces it (tests serve the timer fixture).
        "WORKFLOW_KEYS": json.loads(env["ZORGPAD_WORKFLOW_KEYS"])
        if env.get("ZORGPAD_WORKFLOW_KEYS")
        else {
            "case": "zorgpad_case",
            "absence_followup": "zorgpad_absence_followup",
            "police_track": "zorgpad_police_track",
            "handover": "zorgpad_school_change",
            "m_document": "zorgpad_m_document",
            "agodi_report": "zorgpad_agodi_report",
            "school_offer": "zorgpad_school_offer",
            "return_path": "zorgpad_return",
        },
        # The clock (app/clock.py): the moment "now" is at the real moment NOW_SINCE
        # (Unix seconds), running on from there; unset, the real clock.
        "NOW": env.get("ZORGPAD_NOW") or None,
        "NOW_SINCE": env.get("ZORGPAD_NOW_SINCE") or None,
        # Without NOW, in demo mode: the demo clock's file (`zorgpad demo-clock`).
        "DEMO_CLOCK_FILE": env.get("ZORGPAD_DEMO_CLOCK_FILE")
        or os.path.join(instance_path, "demo_clock.json"),
        # Request bodies (app/request_limits.py): every route, and the school's file uploads.
        "MAX_BODY_BYTES": int(env.get("ZORGPAD_MAX_BODY_BYTES", str(1024 * 1024))),
        "MAX_UPLOAD_BYTES": int(env.get("ZORGPAD_MAX_UPLOAD_BYTES", str(256 * 1024 * 1024))),
        "TOKEN_TTL_HOURS": int(env.get("ZORGPAD_TOKEN_TTL_HOURS", "12")),
        # argon2-cffi's defaults (RFC 9106 low-memory); tests set a cheap cost.
        "ARGON2_TIME_COST": int(env.get("ZORGPAD_ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(env.get("ZORGPAD_ARGON2_MEMORY_COST", "65536")),  # KiB
        "ARGON2_PARALLELISM": int(env.get("ZORGPAD_ARGON2_PARALLELISM", "4")),
        # Failed sign-ins allowed per window, per user name from one address and per
        # client address (a school's staff may share one address: the higher limit).
        "LOGIN_WINDOW_MINUTES": int(env.get("ZORGPAD_LOGIN_WINDOW_MINUTES", "15")),
        "LOGIN_MAX_FAILURES_PER_USER": int(env.get("ZORGPAD_LOGIN_MAX_FAILURES_PER_USER", "5")),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(env.get("ZORGPAD_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")),
        # A user name guessed from many addresses is slowed past this many failures (not
        # blocked: the real user must still get in), each attempt up to this long.
        "LOGIN_USER_CEILING": int(env.get("ZORGPAD_LOGIN_USER_CEILING", "20")),
        "LOGIN_SLOWDOWN_MAX_SECONDS": float(env.get("ZORGPAD_LOGIN_SLOWDOWN_MAX_SECONDS", "5")),
        "LOG_LEVEL": env.get("ZORGPAD_LOG_LEVEL", "INFO"),
        # Deadlines in school days (app/calendar/deadlines.py): a default per name, which
        # ZORGPAD_DEADLINE_<NAME> overrides; each school may set its own.
        "DEADLINE_DEFAULTS": deadline_defaults(env),
        # The timer sweep (app/tasks): how often, how many instances at most per
        # sweep, retries with backoff before an instance becomes an incident.
        "SWEEP_SECONDS": int(env.get("ZORGPAD_SWEEP_SECONDS", "30")),
        "SWEEP_LIMIT": int(env.get("ZORGPAD_SWEEP_LIMIT", "5000")),
        # Past this many due instances a sweep forks this many worker processes.
        "SWEEP_WORKERS": int(env.get("ZORGPAD_SWEEP_WORKERS", str(min(2, os.cpu_count() or 1)))),
        "SWEEP_PARALLEL_FROM": int(env.get("ZORGPAD_SWEEP_PARALLEL_FROM", "200")),
        "TIMER_MAX_ATTEMPTS": int(env.get("ZORGPAD_TIMER_MAX_ATTEMPTS", "5")),
        "TIMER_RETRY_SECONDS": int(env.get("ZORGPAD_TIMER_RETRY_SECONDS", "60")),
        # `zorgpad serve` starts one scheduler process beside gunicorn unless 0.
        "SCHEDULER_IN_SERVER": env.get("ZORGPAD_SCHEDULER_IN_SERVER", "1") == "1",
        # Notifications are also e-mailed when a host is set (app/services/mail.py);
        # MAIL_BACKEND "log" writes the mails to the log instead (`make run`).
        "MAIL_BACKEND": _choice(env, "ZORGPAD_MAIL_BACKEND", ("smtp", "log"), "smtp"),
        # The daily digest (users who chose it) goes out at this hour, Brussels time.
        "MAIL_DIGEST_HOUR": int(env.get("ZORGPAD_MAIL_DIGEST_HOUR", "7")),
        "SMTP_HOST": env.get("ZORGPAD_SMTP_HOST") or None,
        "SMTP_PORT": int(env.get("ZORGPAD_SMTP_PORT", "25")),
        "SMTP_USERNAME": env.get("ZORGPAD_SMTP_USERNAME") or None,
        "SMTP_PASSWORD": env.get("ZORGPAD_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": env.get("ZORGPAD_SMTP_STARTTLS", "0") == "1",
        "SMTP_SENDER": env.get("ZORGPAD_SMTP_SENDER", "zorgpad@localhost"),
        "SMTP_TIMEOUT": int(env.get("ZORGPAD_SMTP_TIMEOUT", "10")),
        "API_TITLE": "Zorgpad API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Swagger UI's assets come from the swagger-ui-bundle wheel, served by
        # app/api/docs.py, so the docs work without a CDN.
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
        # Every operation needs a bearer token unless it says otherwise.
        "API_SPEC_OPTIONS": {"security": [{"bearerAuth": []}]},
    }
