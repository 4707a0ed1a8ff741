"""Every API error as {"code", "message", "errors": {field: [...]}}."""
from flask import jsonify
from werkzeug.exceptions import HTTPException

from app.services import errors as domain

STATUS = {
    domain.NotAuthenticated: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.Invalid: 422,
}
HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "validation_failed", 429: "too_many_requests",
}


def error_response(status: int, code: str, message: str, errors=None):
    response = jsonify({"code": code, "message": message, "errors": errors or {}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _flatten(messages) -> dict[str, list[str]]:
    """webargs nests errors by location ({"json": {...}}); clients want fields."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "body", []).extend(value)
        else:
            flat.setdefault(prefix or "body", []).append(str(value))

    for location_errors in (messages or {}).values():
        walk("", location_errors)
    return flat


def handle_domain_error(error: domain.DomainError):
    return error_response(STATUS.get(type(error), 400), error.code, error.message, error.errors)


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _flatten(data.get("messages")) if "messages" in data else {}
    message = "De gegevens zijn niet geldig." if status == 422 else (error.description or error.name)
    response = error_response(status, HTTP_CODES.get(status, "error"), message, errors)
    for name, value in error.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_unexpected(error: Exception):
    return error_response(500, "internal_error", "Er liep iets mis aan onze kant.")


def init_app(app) -> None:
    app.register_error_handler(domain.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
