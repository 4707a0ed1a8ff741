"""The REST API: one blueprint per feature, registered on the smorest Api."""

from app import request_limits
from app.api import (
    absences,
    audit,
    auth,
    cases,
    clbs,
    converters,
    documents,
    edge,
    errors,
    headers,
    incidents,
    meetings,
    notifications,
    pupils,
    roster,
    schemas,
    schools,
    system,
    tasks,
)
from app.api.auth import authenticate_request
from app.extensions import api

__all__ = ["authenticate_request", "init_app"]


def init_app(app) -> None:
    api.ERROR_SCHEMA = schemas.Error  # document our {"code", "message", "errors"} shape
    api.init_app(app)
    converters.init_app(app, api)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for module in (
        audit,
        auth,
        pupils,
        roster,
        schools,
        clbs,
        cases,
        documents,
        tasks,
        absences,
        meetings,
        notifications,
        incidents,
        system,
    ):
        api.register_blueprint(module.blp)
    app.register_blueprint(system.docs_assets)
    request_limits.uploads("absences.import_absences", "roster.import_pupils")(app)
    # After the login guard (registered first): an anonymous request learns nothing.
    app.before_request(edge.check_api_request)
    errors.init_app(app)
    headers.init_app(app)
