"""User tasks: work lists, a task with its form, acting on it."""

from marshmallow import fields, validate

from app.api.schemas.common import ApiSchema, Error, Id, PageArgs, PersonRef, one_of
from app.vocabulary import Phase, TaskStatus


class TaskOut(ApiSchema):
    id = fields.Integer()
    case_id = fields.Integer(
        allow_none=True,
        metadata={"description": "null: de opvolging van een afwezigheid van een leerling zonder dossier."},
    )
    pupil_id = fields.Integer()
    pupil_name = fields.Function(lambda t: f"{t.pupil.first_name} {t.pupil.last_name}")
    school_id = fields.Integer()
    bpmn_id = fields.String(
        metadata={"description": "Id van de taak in de BPMN; ook de naam van het formulier."}
    )
    title = fields.String()
    lane = fields.String(metadata={"description": "school of clb."})
    status = fields.String()
    assignee = fields.Nested(PersonRef, allow_none=True)
    created_at = fields.DateTime()
    due_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    completed_by_id = fields.Integer(allow_none=True)


class FormOut(ApiSchema):
    schema = fields.Dict(
        metadata={
            "description": "JSON Schema 2020-12 van het formulier, afgestemd op het "
            "dossier (bv. geen juridische sporen na de leerplicht)."
        }
    )
    ui_schema = fields.Dict(metadata={"description": "UI-schema (react-jsonschema-form-conventie)."})


class TaskDetailOut(TaskOut):
    form = fields.Nested(FormOut)
    can_act = fields.Boolean(metadata={"description": "Of u deze taak nu mag uitvoeren."})
    data = fields.Dict(allow_none=True, metadata={"description": "De ingediende gegevens (afgeronde taak)."})
    prefill = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Wat het dossier al weet (bv. contactpogingen uit het logboek, een chronologie van "
            "de stappen): het formulier start hiervan, de gebruiker past aan."
        },
    )
    escalates = fields.Nested(
        TaskOut,
        allow_none=True,
        metadata={
            "description": "Bij een escalatietaak: de taak die over haar termijn is. De directeur kan ze "
            "toewijzen (POST /api/tasks/{id}/assign) of de escalatie afronden met een toelichting."
        },
    )


class TaskListArgs(PageArgs):
    scope = fields.String(
        load_default="group",
        validate=validate.OneOf(["mine", "group", "all"]),
        metadata={"description": "mine: aan u toegewezen; group: uw team; all: alles in uw bereik."},
    )
    status = fields.String(load_default=TaskStatus.OPEN, validate=one_of(TaskStatus))
    case_id = Id()
    overdue = fields.Boolean(load_default=False, metadata={"description": "Enkel taken over hun termijn."})
    phase = fields.String(
        validate=one_of(Phase), metadata={"description": "Enkel taken van dossiers in deze fase."}
    )
    school_id = Id(metadata={"description": "Een school in uw bereik (anders 404)."})
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Zoek op (een deel van) de naam of het leerlingnummer van de leerling."},
    )


class AssignIn(ApiSchema):
    user_id = Id(required=True, metadata={"description": "Een collega uit GET /api/users."})


class BulkAssignIn(ApiSchema):
    task_ids = fields.List(
        Id(),
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "De taken (1 tot 100)."},
    )
    user_id = Id(required=True, metadata={"description": "Een collega uit GET /api/users."})


class RefusedTaskOut(ApiSchema):
    task_id = fields.Integer()
    title = fields.String(allow_none=True, metadata={"description": "Leeg voor een taak die u niet ziet."})
    pupil = fields.String(allow_none=True, metadata={"description": "Leeg voor een taak die u niet ziet."})
    reason = fields.String()


class BulkAssignRefusedOut(Error):
    refused = fields.List(
        fields.Nested(RefusedTaskOut),
        metadata={"description": "Per taak die niet naar die collega kan: waarom."},
    )


class CompleteIn(ApiSchema):
    data = fields.Dict(required=True, metadata={"description": "De velden van het formulier van de taak."})
