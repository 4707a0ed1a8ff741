"""URL converters: `<id:name>` matches only ids that can exist (1 … 2³¹−1)."""

from werkzeug.routing import IntegerConverter

from app.models.types import MAX_ID


class IdConverter(IntegerConverter):
    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def _schema(converter) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def init_app(app, api) -> None:
    """Before the blueprints: their rules are parsed when registered."""
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, _schema)
