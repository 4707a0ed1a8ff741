"""One login guard for every route, with an explicit list of public endpoints.

A route is protected unless its endpoint is listed as public, so a new route
cannot be forgotten. Each blueprint family says how a user proves who they
are: the API by bearer token (401 when missing), the web pages by session
(a redirect to the login page). The authenticator sets `g.actor`.
"""

from collections.abc import Callable

from flask import Flask, request

# Reachable without logging in. Everything else needs a login.
PUBLIC_ENDPOINTS = frozenset(
    {
        "auth.login",  # POST /api/auth/login
        "system.health",  # GET /api/health
        "api-docs.openapi_json",  # GET /api/openapi.json
        "api-docs.openapi_swagger_ui",  # GET /api/docs
        "docs_assets.docs_asset",  # Swagger UI's own files
        "static",
    }
)

Authenticator = Callable[[], object]  # sets g.actor, or returns/raises a refusal


class Guard:
    def __init__(self, default: Authenticator):
        self.default = default
        self.by_blueprint: dict[str, Authenticator] = {}
        self.public = set(PUBLIC_ENDPOINTS)

    def register(self, blueprint_name: str, authenticate: Authenticator, public=()) -> None:
        self.by_blueprint[blueprint_name] = authenticate
        self.public.update(public)

    def require_login(self):
        endpoint = request.endpoint
        if endpoint is None or endpoint in self.public:
            return None  # unknown URLs answer 404, public ones answer as they are
        authenticate = self.by_blueprint.get(request.blueprint or "", self.default)
        return authenticate()


def init_app(app: Flask, default: Authenticator) -> Guard:
    guard = Guard(default)
    app.extensions["zorgpad.guard"] = guard
    app.before_request(guard.require_login)
    return guard


def guard_of(app: Flask) -> Guard:
    return app.extensions["zorgpad.guard"]
