"""The REST API: one blueprint per feature, registered on the smorest Api."""
from app.api import auth, cases, converters, errors, pupils, schemas, system, tasks
from app.extensions import api


def init_app(app) -> None:
    api.ERROR_SCHEMA = schemas.Error  # document our {"code", "message", "errors"} shape
    api.init_app(app)
    converters.init_app(app, api)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for module in (auth, pupils, cases, tasks, system):
        api.register_blueprint(module.blp)
    app.register_blueprint(system.docs_assets)
    errors.init_app(app)
