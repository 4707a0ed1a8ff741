"""Zorgpad: the care path for problematic school absences, as BPMN cases."""

import os

from flask import Flask

from app import clock, guard, request_limits, request_log
from app.config import from_environment
from app.extensions import db, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.json.ensure_ascii = False  # Dutch text stays readable in JSON
    app.json.sort_keys = False

    from app import models  # noqa: F401  (register tables on the metadata)

    _postgresql_pool(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    clock.init_app(app)
    _sqlite_pragmas(app)
    _postgresql_statements(app)
    request_log.init_app(app)
    request_limits.init_app(app)

    from app import api, cli, web
    from app.services import auth
    from app.storage import case_due
    from app.tasks import document_pdfs, documents

    auth.init_app(app)
    guard.init_app(app, default=api.authenticate_request)
    api.init_app(app)
    web.init_app(app)  # after the API: it uses the API's URL converters
    cli.init_app(app)
    document_pdfs.init_app(app)
    documents.init_app(app)
    case_due.listen()
    return app


def _postgresql_pool(app: Flask) -> None:
    """LIFO: a server that is not busy reuses its warmest connection (and its prepared
    statements) instead of rotating through all of them."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_use_lifo": True, **options}


def _postgresql_statements(app: Flask) -> None:
    """Server-side prepared statements from a statement's second use on a connection
    (PG_PREPARE_THRESHOLD 1; psycopg waits for its fifth). The step's task read joins
    eight tables: planning it took 2.4-3.3 ms, running it 0.25 ms (bench/README.md).
    Room for every statement the app sends (psycopg keeps 100). Behind a pooler in
    transaction mode that cannot keep prepared statements: ZORGPAD_PG_PREPARE_THRESHOLD=off."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg"):
        return
    threshold = app.config.get("PG_PREPARE_THRESHOLD")
    from sqlalchemy import event

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.prepare_threshold = threshold
            dbapi_connection.prepared_max = 500


def _sqlite_pragmas(app: Flask) -> None:
    """Foreign keys on; wait for a writer instead of failing at once; WAL so
    readers never block the writer, and commits need no fsync of the main
    file (synchronous=NORMAL is durable against an app crash; a power cut may
    lose the last commits, the usual trade for an embedded database)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
