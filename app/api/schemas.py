"""Marshmallow schemas: what the API accepts and returns (snake_case JSON)."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from app.models.cases import ABSENCE_TYPES, CASE_PHASES, CASE_STATUSES, CHANNELS, JOURNAL_KINDS
from app.models.types import MAX_ID


def Id(**kwargs) -> fields.Integer:  # noqa: N802 - reads like a field class
    """An input id: a positive 32-bit integer (bigger ones would overflow the query)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class LongPageArgs(Schema):
    """Pages of a case's own history: most cases fit on one page."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


def envelope(item_schema: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema)),
        "total": fields.Integer(),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
    }, name=name)


def page_body(items: list, total: int, args: dict) -> dict:
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


class Error(Schema):
    code = fields.String()
    message = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


# --- auth -------------------------------------------------------------------

class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    roles = fields.Function(lambda u: sorted(u.role_set) if hasattr(u, "role_set") else sorted(u.roles))
    school_id = fields.Integer(allow_none=True)
    clb_id = fields.Integer(allow_none=True)


class LoginOut(Schema):
    token = fields.String()
    user = fields.Nested(UserOut)


class PersonRef(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()


# --- pupils -----------------------------------------------------------------

class PupilOut(Schema):
    id = fields.Integer()
    school_id = fields.Integer()
    external_id = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date()
    class_name = fields.String(allow_none=True)


def printable(value: str) -> None:
    """Names and numbers are shown and printed: no control characters, not blank."""
    if not value.strip() or any(not ch.isprintable() for ch in value):
        raise ValidationError("Gebruik gewone tekens (geen lege waarde of stuurtekens).")


class PupilIn(Schema):
    school_id = Id()
    external_id = fields.String(required=True, validate=[validate.Length(min=1, max=64), printable])
    first_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), printable])
    last_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), printable])
    birth_date = fields.Date(required=True)
    class_name = fields.String(allow_none=True, validate=[validate.Length(max=40), printable])

    @validates("birth_date")
    def _plausible_birth_date(self, value: date, **_):
        if value > date.today():
            raise ValidationError("Geboortedatum ligt in de toekomst.")
        if value.year < 1990:
            raise ValidationError("Geboortedatum is niet plausibel voor een leerling.")


class PupilPatch(PupilIn):
    class Meta:
        exclude = ("school_id",)

    @validates_schema
    def _something_to_change(self, data, **_):
        if not data:
            raise ValidationError("Geef minstens één veld om te wijzigen.")


class PupilListArgs(PageArgs):
    school_id = Id()
    q = fields.String(validate=validate.Length(max=100))


# --- tasks ------------------------------------------------------------------

class TaskOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    pupil_id = fields.Function(lambda t: t.case.pupil_id)
    pupil_name = fields.Function(lambda t: f"{t.case.pupil.first_name} {t.case.pupil.last_name}")
    school_id = fields.Integer()
    bpmn_id = fields.String()
    title = fields.String()
    lane = fields.String()
    status = fields.String()
    assignee = fields.Nested(PersonRef, allow_none=True)
    created_at = fields.DateTime()
    due_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    completed_by_id = fields.Integer(allow_none=True)


class FormOut(Schema):
    schema = fields.Dict()
    ui_schema = fields.Dict()


class TaskDetailOut(TaskOut):
    form = fields.Nested(FormOut)
    can_act = fields.Boolean()
    data = fields.Dict(allow_none=True)


class TaskListArgs(PageArgs):
    scope = fields.String(load_default="group", validate=validate.OneOf(["mine", "group", "all"]))
    status = fields.String(load_default="open", validate=validate.OneOf(["open", "completed", "cancelled"]))
    case_id = Id()
    overdue = fields.Boolean(load_default=False)


class AssignIn(Schema):
    user_id = Id(required=True)


class CompleteIn(Schema):
    data = fields.Dict(required=True)


# --- cases ------------------------------------------------------------------

class CaseIn(Schema):
    pupil_id = Id(required=True)
    absence_type = fields.String(validate=validate.OneOf(ABSENCE_TYPES))
    reason = fields.String(validate=validate.Length(max=2000))


class CaseSummaryOut(Schema):
    id = fields.Integer()
    pupil_id = fields.Integer()
    school_id = fields.Integer()
    pupil = fields.Nested(PupilOut)
    status = fields.String()
    phase = fields.String()
    absence_type = fields.String()
    workflow_key = fields.String()
    workflow_version = fields.Integer()
    version = fields.Integer()
    opened_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    next_timer_due_at = fields.DateTime(allow_none=True)


class CaseListItemOut(CaseSummaryOut):
    open_task_count = fields.Integer()


class CaseOut(CaseSummaryOut):
    open_tasks = fields.List(fields.Nested(TaskOut))


class CaseListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(CASE_STATUSES))
    phase = fields.String(validate=validate.OneOf(CASE_PHASES))
    school_id = Id()


class EventOut(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    kind = fields.String()
    what = fields.String()
    old_value = fields.String(allow_none=True)
    new_value = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    actor = fields.Nested(PersonRef, allow_none=True)
    task_id = fields.Integer(allow_none=True)


class MessageIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    data = fields.Dict(load_default=dict)


class JournalIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(JOURNAL_KINDS))
    channel = fields.String(allow_none=True, validate=validate.OneOf(CHANNELS))
    occurred_at = fields.AwareDateTime(required=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    outcome = fields.String(allow_none=True, validate=validate.Length(max=200))
    visibility = fields.String(load_default="shared", validate=validate.OneOf(["shared", "clb"]))


class JournalOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String()
    channel = fields.String(allow_none=True)
    occurred_at = fields.DateTime()
    outcome = fields.String(allow_none=True)
    text = fields.String()
    visibility = fields.String()
    author = fields.Nested(PersonRef)
    created_at = fields.DateTime()


# --- workflows --------------------------------------------------------------

class WorkflowOut(Schema):
    key = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    filename = fields.String()
    deployed_at = fields.DateTime()
