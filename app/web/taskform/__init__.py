"""Task forms as HTML: any forms/<task>.schema.json + .uischema.json, rendered
on the server and read back into typed JSON (see spec, values, bind)."""

from app.web.taskform.bind import BoundField, BoundForm, bind
from app.web.taskform.spec import FieldSpec, FormSpec, build
from app.web.taskform.values import change_rows, collect, to_data, to_raw

__all__ = [
    "BoundField",
    "BoundForm",
    "FieldSpec",
    "FormSpec",
    "bind",
    "build",
    "change_rows",
    "collect",
    "to_data",
    "to_raw",
]
