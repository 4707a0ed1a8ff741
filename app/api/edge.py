"""Checks every API request passes before its route parses it.

They live here, once, so that a new field or route cannot forget them:
- JSON nested at most MAX_DEPTH deep (deeper is refused before anything walks it);
- no character free text may not hold anywhere in the body, the query or a form
  (app/text_checks.py: NUL, lone surrogates, control and invisible characters);
- no query parameter the route does not document (a typo such as
  `?overdue=ja` on a route without that filter must not silently return all);
- a route that reads a JSON body gets JSON, not a form post.
"""

from functools import lru_cache

from flask import current_app, request

from app import text_checks
from app.services.errors import DomainError, Invalid

MAX_DEPTH = 64  # a form's data is a few levels deep; 100,000 levels was a RecursionError
TOO_DEEP = f"De JSON is te diep genest (hoogstens {MAX_DEPTH} niveaus)."


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


def _text_problems(value, errors: dict[str, list[str]]) -> None:
    """Every string (and key) of a JSON document checked, without recursion (depth is bounded)."""
    stack = [("", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Invalid(TOO_DEEP, {"body": [TOO_DEEP]})
        if isinstance(item, str):
            message = text_checks.problem(item)
            if message:
                errors.setdefault(path or "body", []).append(message)
        elif isinstance(item, dict):
            for key, inner in item.items():
                message = text_checks.problem(str(key))
                if message:
                    errors.setdefault(path or "body", []).append(message)
                stack.append((f"{path}.{key}" if path else str(key), inner, depth + 1))
        elif isinstance(item, list):
            for index, inner in enumerate(item):
                stack.append((f"{path}.{index}" if path else str(index), inner, depth + 1))


def _json_body():
    try:
        return request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes
        raise Invalid(TOO_DEEP, {"body": [TOO_DEEP]}) from None


@lru_cache(maxsize=512)
def _documented(endpoint: str) -> tuple[frozenset, bool]:
    """(query parameter names, reads a JSON body) of an API route."""
    view = current_app.view_functions.get(endpoint)
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    names: set[str] = set()
    json_body = False
    for parameter in parameters:
        if parameter["in"] == "query":
            schema = parameter["schema"]
            schema = schema() if isinstance(schema, type) else schema
            names.update(f.data_key or name for name, f in schema.fields.items() if not f.dump_only)
        elif parameter["in"] == "json":
            json_body = True
    return frozenset(names), json_body


def text_errors() -> dict[str, list[str]]:
    """Field → message for every query, form or JSON value free text may not hold."""
    errors: dict[str, list[str]] = {}
    for source, fallback in ((request.args, "query"), (request.form, "form")):
        for name, value in source.items(multi=True):
            message = text_checks.problem(name) or text_checks.problem(value)
            if message:
                clean = "".join(ch for ch in name if ch.isprintable()) or fallback
                errors.setdefault(clean, []).append(message)
    if request.is_json and request.content_length:
        _text_problems(_json_body(), errors)
    return errors


def check_api_request() -> None:
    """Raise a DomainError (answered as 4xx) for a request no route should see."""
    if not request.path.startswith("/api/"):
        return
    errors = text_errors()
    if errors:
        raise Invalid("De gegevens bevatten een ongeldig teken.", errors)
    if request.endpoint is None or request.endpoint not in current_app.view_functions:
        return
    allowed, json_body = _documented(request.endpoint)
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "geen"
        raise Invalid(
            "Onbekende parameter in de zoekopdracht.",
            {name: [f"Onbekende parameter. Toegestaan: {known}."] for name in unknown},
        )
    if json_body and request.method in ("POST", "PUT", "PATCH") and not request.is_json:
        raise UnsupportedMediaType(
            "Stuur de gegevens als JSON, met de header Content-Type: application/json."
        )
