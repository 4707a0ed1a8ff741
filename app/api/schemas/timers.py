"""School calendars and deadlines, notifications, incidents."""

from marshmallow import fields, validate

from app.api.schemas.common import ApiSchema, PageArgs, printable
from app.calendar.deadlines import MAX_SCHOOL_DAYS


class DayOffIn(ApiSchema):
    date = fields.Date(required=True, metadata={"description": "De vrije dag, bv. 2026-12-02."})
    reason = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=200), printable],
        metadata={"description": "Bv. pedagogische studiedag."},
    )


class DayOffDeleteIn(ApiSchema):
    date = fields.Date(required=True, metadata={"description": "De vrije dag die weer een schooldag wordt."})


class DayOffOut(ApiSchema):
    date = fields.Date(attribute="day")
    reason = fields.String()
    created_at = fields.DateTime()


class DayOffChangeOut(ApiSchema):
    date = fields.Date()
    reason = fields.String(allow_none=True)
    moved_tasks = fields.Integer(metadata={"description": "Open taken waarvan de termijn verschoof."})


class DeadlineOut(ApiSchema):
    name = fields.String(metadata={"description": "De naam die timers in de BPMN gebruiken: deadline(name)."})
    lane = fields.String(
        metadata={
            "description": "Wiens afspraak: school (de directie van de school legt ze vast) of clb "
            "(de CLB-directeur, voor alle scholen van het CLB)."
        }
    )
    school_days = fields.Integer(metadata={"description": "De waarde die geldt, in schooldagen."})
    default = fields.Integer(metadata={"description": "De standaardwaarde van de installatie."})
    description = fields.String()
    updated_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Wanneer de afspraak werd vastgelegd; null: de standaard geldt."},
    )
    updated_by = fields.String(allow_none=True, metadata={"description": "Wie de afspraak vastlegde (naam)."})


class DeadlineIn(ApiSchema):
    school_days = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=MAX_SCHOOL_DAYS),
        metadata={"description": f"1 tot {MAX_SCHOOL_DAYS} schooldagen."},
    )


class NotificationArgs(PageArgs):
    unread = fields.Boolean(load_default=False, metadata={"description": "Enkel ongelezen meldingen."})


class NotificationOut(ApiSchema):
    id = fields.Integer()
    kind = fields.String(
        metadata={
            "description": "reminder of escalation; voor het CLB ook signal, referral, police_advice, "
            "school_change of new_absences (wat een school van het CLB vraagt)."
        }
    )
    case_id = fields.Integer(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    title = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class IncidentArgs(PageArgs):
    resolved = fields.Boolean(
        load_default=False, metadata={"description": "true: afgehandelde incidenten; standaard de open."}
    )


class IncidentOut(ApiSchema):
    id = fields.Integer()
    instance_id = fields.Integer()
    case_id = fields.Integer()
    error = fields.String()
    attempts = fields.Integer()
    opened_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
