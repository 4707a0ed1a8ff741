"""Marshmallow schemas for the web's own forms and query strings (the task
forms are JSON Schema: app/web/taskform).

Browsers send every field as text, empty ones as "": empty optional fields
are dropped before loading, and fields the schema does not know (the CSRF
token, the pressed button) are ignored.
"""

import re
from datetime import date, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

import app.api.dutch  # noqa: F401  (Dutch messages before any field is built)
from app import text_checks
from app.api.schemas.absences import LATE_BECOMES_B, LATE_MINUTES, POLICE_PROTOCOL, threshold_range
from app.api.schemas.common import Id, one_of, printable
from app.calendar.school_days import BRUSSELS
from app.services.absences.settings import THRESHOLDS
from app.vocabulary import (
    AbsenceType,
    CaseStatus,
    CaseTrack,
    Channel,
    DocumentTemplate,
    ImportFormat,
    JournalKind,
    MeetingCadence,
    MeetingDecision,
    Phase,
)


class FormSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _drop_empty(self, data, **_kwargs):
        refused = {
            key: [message]
            for key, value in data.items()
            if key != "password" and isinstance(value, str) and (message := text_checks.problem(value))
        }
        if refused:  # app/text_checks.py: what a screen or document would show wrongly
            raise ValidationError(refused)
        return {
            key: value.strip() if key != "password" else value
            for key, value in data.items()
            if isinstance(value, str) and value.strip()
        }


class LocalMoment(fields.Field):
    """A datetime-local input ("2026-11-24T09:30"), read as Brussels time."""

    default_error_messages = {"invalid": "Geef datum en uur, bv. 24-11-2026 09:30."}

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.make_error("invalid") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=BRUSSELS)
        return moment


class LocalDate(fields.Field):
    """A date input: ISO ("2026-12-02", what a date picker sends) or typed day-month-year."""

    default_error_messages = {"invalid": "Geef een datum, bv. 02-12-2026."}
    DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")

    def _deserialize(self, value, attr, data, **kwargs):
        text = value.strip() if isinstance(value, str) else ""
        try:
            if match := self.DAY_MONTH_YEAR.match(text):
                day, month, year = (int(part) for part in match.groups())
                return date(year, month, day)
            return date.fromisoformat(text)
        except ValueError:
            raise self.make_error("invalid") from None


def form_data(request_form) -> dict:
    """A posted form as a plain dict of single values (first value per name)."""
    return {key: request_form.get(key) for key in request_form}


class LoginForm(FormSchema):
    username = fields.String(required=True, validate=validate.Length(max=80))
    password = fields.String(required=True, validate=validate.Length(max=1000))


class JournalForm(FormSchema):
    kind = fields.String(required=True, validate=one_of(JournalKind))
    channel = fields.String(validate=one_of(Channel))
    occurred_at = LocalMoment(required=True)
    text = fields.String(required=True, validate=validate.Length(max=5000))
    outcome = fields.String(validate=validate.Length(max=200))
    clb_only = fields.Boolean()


class EvaluateNowForm(FormSchema):
    reason = fields.String(validate=validate.Length(max=2000))


class OpenCaseForm(FormSchema):
    absence_type = fields.String(validate=one_of(AbsenceType))
    reason = fields.String(validate=validate.Length(max=2000))
    track = fields.String(load_default=CaseTrack.CARE, validate=one_of(CaseTrack))
    first_absence_on = fields.Date(allow_none=True)


class CancelCaseForm(FormSchema):
    reason = fields.String(validate=validate.Length(max=2000))


class DocumentForm(FormSchema):
    template = fields.String(required=True, validate=one_of(DocumentTemplate))


class DownloadArgs(FormSchema):
    formaat = fields.String(load_default="docx", validate=validate.OneOf(["docx", "pdf"]))


class AssignForm(FormSchema):
    user_id = Id(required=True)


class TaskListArgs(FormSchema):
    tab = fields.String(load_default="mine", validate=validate.OneOf(["mine", "group", "overdue"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    fase = fields.String(validate=one_of(Phase))
    school = Id()
    q = fields.String(validate=validate.Length(max=100))
    te_laat = fields.Boolean(load_default=False)


class CaseListArgs(FormSchema):
    """The Dossiers page's query string (the same filters as GET /api/cases)."""

    fase = fields.String(validate=one_of(Phase))
    status = fields.String(validate=one_of(CaseStatus))
    school = Id()
    q = fields.String(validate=validate.Length(max=100))
    te_laat = fields.Boolean(load_default=False)
    signaal = fields.Boolean(load_default=False)
    mijn = fields.Boolean(load_default=False)
    sorteer = fields.String(
        load_default="opened", validate=validate.OneOf(["opened", "name", "due", "b_count"])
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class BulkAssignForm(Schema):
    """Several tasks (checkboxes `taak`) to one colleague."""

    class Meta:
        unknown = EXCLUDE

    taak = fields.List(
        Id(), required=True, validate=validate.Length(min=1, max=100, error="Kies 1 tot 100 taken.")
    )
    user_id = Id(required=True)


class PupilSearchArgs(FormSchema):
    q = fields.String(validate=validate.Length(max=100))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


def _list_args(tabs: tuple[str, ...]) -> type[FormSchema]:
    """A list page's query: its tab (the first by default) and page number."""
    return FormSchema.from_dict(
        {
            "tab": fields.String(load_default=tabs[0], validate=validate.OneOf(tabs)),
            "page": fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000)),
        }
    )


NotificationListArgs = _list_args(("alle", "ongelezen"))
IncidentListArgs = _list_args(("open", "afgehandeld"))


class DayOffForm(FormSchema):
    date = LocalDate(required=True)
    reason = fields.String(required=True, validate=[validate.Length(max=200), printable])


class DayOffRemoveForm(FormSchema):
    date = LocalDate(required=True)


class DeadlineForm(FormSchema):
    school_days = fields.Integer(required=True)


def load(schema: Schema, data) -> tuple[dict, dict[str, list[str]]]:
    """(values, field errors): a page shows errors next to fields instead of raising."""
    try:
        return schema.load(data), {}
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"form": error.messages}
        return {}, {
            key: list(value) if isinstance(value, list) else [str(value)] for key, value in messages.items()
        }


class SchoolYearArgs(FormSchema):
    schooljaar = fields.String(
        validate=validate.Regexp(r"^\d{4}-\d{4}$", error="Kies een schooljaar als 2026-2027.")
    )


class ImportForm(FormSchema):
    format = fields.String(validate=one_of(ImportFormat))


class MeetingForm(FormSchema):
    held_on = fields.Date(load_default=None)
    note = fields.String(validate=validate.Length(max=2000))


class DecisionForm(FormSchema):
    pupil_id = Id(required=True)
    decision = fields.String(required=True, validate=one_of(MeetingDecision))
    note = fields.String(validate=validate.Length(max=2000))


class MeetingRowForm(DecisionForm):
    """A row of the meeting's table: no decision yet is allowed (the row changes nothing)."""

    decision = fields.String(load_default=None, validate=one_of(MeetingDecision))


# A school's thresholds: an empty field is dropped (the view sends it as None: back to the default);
# the ranges are the API's (Threshold.minimum/maximum, a legal ceiling with its rule).
ThresholdsForm = FormSchema.from_dict(
    {
        **{t.key: fields.Integer(validate=threshold_range(t)) for t in THRESHOLDS},
        # The same fields as the API's (app/api/schemas/absences.py).
        "police_protocol": POLICE_PROTOCOL,
        "late_becomes_b": LATE_BECOMES_B,
        "late_becomes_b_minutes": LATE_MINUTES,
        "meeting_cadence": fields.String(
            validate=validate.OneOf(
                [c.value for c in MeetingCadence], error="Kies tweewekelijks of maandelijks."
            )
        ),
    },
    name="ThresholdsForm",
)
