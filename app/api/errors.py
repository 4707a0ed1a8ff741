"""Every API error as {"code", "message", "errors": {field: [...]}}, in Dutch."""

import logging

from flask import g, jsonify, request
from werkzeug.exceptions import HTTPException

from app.api.edge import UnsupportedMediaType
from app.services import errors as domain

log = logging.getLogger("zorgpad.errors")

STATUS = {
    domain.NotAuthenticated: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    UnsupportedMediaType: 415,
    domain.Invalid: 422,
    domain.TooManyAttempts: 429,
    domain.Unavailable: 503,
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    503: "service_unavailable",
}
# werkzeug's own texts are English and generic; these say what to do.
HTTP_MESSAGES = {
    400: "Het verzoek kon niet gelezen worden: stuur geldige JSON.",
    401: "Meld u aan.",
    403: "Dat mag u niet doen.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    409: "Conflict met de huidige toestand.",
    413: "Het verzoek is te groot.",
    415: "Stuur de gegevens als JSON, met de header Content-Type: application/json.",
    422: "De gegevens zijn niet geldig.",
    429: "Te veel verzoeken; probeer later opnieuw.",
}
WEBARGS_MESSAGES = {"Invalid JSON body.": "Ongeldige JSON: controleer haakjes, aanhalingstekens en komma's."}


def error_response(status: int, code: str, message: str, errors=None, **extra):
    response = jsonify({"code": code, "message": message, "errors": errors or {}, **extra})
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
            flat.setdefault(prefix or "body", []).extend(WEBARGS_MESSAGES.get(v, v) for v in value)
        else:
            flat.setdefault(prefix or "body", []).append(str(value))

    for location_errors in (messages or {}).values():
        walk("", location_errors)
    return flat


def handle_domain_error(error: domain.DomainError):
    # A domain error may add fields of its own (e.g. an import's line-numbered problems).
    status = next((STATUS[cls] for cls in type(error).__mro__ if cls in STATUS), 400)  # subclasses too
    response = error_response(status, error.code, error.message, error.errors, **getattr(error, "extra", {}))
    if isinstance(error, domain.TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _flatten(data.get("messages")) if "messages" in data else {}
    if status == 400 and errors.get("json") == [WEBARGS_MESSAGES["Invalid JSON body."]]:
        message = errors["json"][0]
    else:
        message = HTTP_MESSAGES.get(status, "Er liep iets mis met dit verzoek.")
    response = error_response(status, HTTP_CODES.get(status, "error"), message, errors)
    for name, value in error.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_unexpected(error: Exception):
    request_id = getattr(g, "request_id", "-")
    log.error(
        "unexpected error request_id=%s %s %s",
        request_id,
        request.method,
        request.url_rule.rule if request.url_rule else "-",
        exc_info=error,
    )
    return error_response(
        500,
        "internal_error",
        f"Er liep iets mis aan onze kant. Vermeld referentie {request_id} als u dit meldt.",
        request_id=request_id,
    )


def init_app(app) -> None:
    app.register_error_handler(domain.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    # Also under test: the log line and request id are part of what is tested,
    # and pytest shows the logged traceback of a failing test.
    app.register_error_handler(Exception, handle_unexpected)
