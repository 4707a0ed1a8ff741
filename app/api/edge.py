"""Checks every API request passes before its route parses it.

They live here, once, so that a new field or route cannot forget them:
- no NUL character anywhere in the body, the query or a form (PostgreSQL
  cannot store it in text; SQLite would, so both must refuse it the same way);
- no query parameter the route does not document (a typo such as
  `?overdue=ja` on a route without that filter must not silently return all);
- a route that reads a JSON body gets JSON, not a form post.
"""

from functools import lru_cache

from flask import current_app, request

from app.services.errors import DomainError, Invalid

NUL_MESSAGE = "Het teken NUL (\\u0000) is niet toegestaan."


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


def _nul_paths(value, path: str) -> list[str]:
    if isinstance(value, str):
        return [path or "body"] if "\x00" in value else []
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                found.append(path or "body")
            found.extend(_nul_paths(inner, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_nul_paths(inner, f"{path}.{index}" if path else str(index)))
    return found


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


def nul_errors() -> dict[str, list[str]]:
    """Field → message for every query, form or JSON value holding a NUL."""
    errors: dict[str, list[str]] = {}
    for source, fallback in ((request.args, "query"), (request.form, "form")):
        for name, value in source.items(multi=True):
            if "\x00" in name or "\x00" in value:
                errors.setdefault(name.replace("\x00", "") or fallback, []).append(NUL_MESSAGE)
    if request.is_json and request.content_length:
        for path in _nul_paths(request.get_json(silent=True), ""):
            errors.setdefault(path, []).append(NUL_MESSAGE)
    return errors


def check_api_request() -> None:
    """Raise a DomainError (answered as 4xx) for a request no route should see."""
    if not request.path.startswith("/api/"):
        return
    errors = nul_errors()
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
