"""Multipart uploads: a form's fields and its files read by one schema.

webargs reads `form` and `files` as separate locations, and OpenAPI allows one
request body per operation; this location joins them, so an upload route
documents its file and its options as one multipart/form-data body.
"""

from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import RAISE, ValidationError
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict, FileStorage

LOCATION = "form_and_files"


class UploadParser(FlaskParser):
    __location_map__ = {**FlaskParser.__location_map__, LOCATION: "load_form_and_files"}
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, LOCATION: RAISE}

    def load_form_and_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class UploadBlueprint(Blueprint):
    ARGUMENTS_PARSER = UploadParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        LOCATION: "multipart/form-data",
    }


class File(Upload):
    """An uploaded file (werkzeug's FileStorage), not a text field of the same name."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ValidationError("Stuur een bestand (multipart/form-data), niet een tekstveld.")
        return value
