"""What every API schema shares: Dutch messages, ids, texts, pages, errors."""

from marshmallow import Schema, ValidationError, fields, validate

# Every schema module imports this one before it declares a field, so marshmallow's
# messages are Dutch before any field exists (see app/api/dutch.py).
from app.api import dutch  # noqa: F401
from app.models.types import MAX_ID


class ApiSchema(Schema):
    """Base of every request and response schema: schema-level messages in Dutch
    (field and validator messages: app/api/dutch.py)."""

    error_messages = {
        "unknown": "Onbekend veld.",
        "type": "Ongeldige invoer: verwacht een object met velden.",
    }


def Id(**kwargs) -> fields.Integer:  # noqa: N802 - reads like a field class
    """An input id: a positive 32-bit integer (bigger ones would overflow the query)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def printable(value: str) -> None:
    """Names and numbers are shown and printed: no control characters, not blank."""
    if not value.strip() or any(not ch.isprintable() for ch in value):
        raise ValidationError("Gebruik gewone tekens (geen lege waarde of stuurtekens).")


def one_of(enum) -> validate.OneOf:
    """A choice from a vocabulary enum; the message lists the allowed codes."""
    return validate.OneOf([member.value for member in enum])


class PageArgs(ApiSchema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=100_000),
        metadata={"description": "Paginanummer, vanaf 1."},
    )
    per_page = fields.Integer(
        load_default=25,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Aantal per pagina (standaard 25, hoogstens 100)."},
    )


class LongPageArgs(ApiSchema):
    """Pages of a case's own history: most cases fit on one page."""

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=100_000),
        metadata={"description": "Paginanummer, vanaf 1."},
    )
    per_page = fields.Integer(
        load_default=100,
        validate=validate.Range(min=1, max=500),
        metadata={"description": "Aantal per pagina (standaard 100, hoogstens 500)."},
    )


def envelope(item_schema: type[Schema], name: str, *, capped: bool = False) -> type[Schema]:
    """The one list shape of the API: {items, total, page, per_page}; a long list
    (`capped`: the caseload, the work list) counts only up to 1,000 and says so."""
    shape = {
        "items": fields.List(fields.Nested(item_schema)),
        "total": fields.Integer(),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
    }
    if capped:
        shape["total_capped"] = fields.Boolean(
            metadata={
                "description": "true: er zijn meer dan `total` (1.000) resultaten; er werd niet verder "
                "geteld. De pagina's na `total` zijn er wel (page, per_page)."
            }
        )
    return ApiSchema.from_dict(shape, name=name)


def page_body(items: list, total: int, args: dict, *, capped: bool = False) -> dict:
    """The envelope's body; `capped`: the list's envelope has `total_capped` (the
    services' `paging.Total` says whether the count stopped at the cap)."""
    body = {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}
    if capped:
        body["total_capped"] = bool(getattr(total, "capped", False))
    return body


class Error(ApiSchema):
    code = fields.String(metadata={"description": "Machineleesbare code, bv. validation_failed."})
    message = fields.String(metadata={"description": "Uitleg in het Nederlands."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per veld de fouten (veld → lijst meldingen)."},
    )
    request_id = fields.String(metadata={"description": "Enkel bij 500: de referentie in het serverlog."})


class PersonRef(ApiSchema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
