"""/api/tasks: the work lists and acting on a task."""

from flask_smorest import Blueprint

from app.api.auth import actor
from app.api.schemas import (
    AssignIn,
    BulkAssignIn,
    BulkAssignRefusedOut,
    CaseOut,
    CompleteIn,
    Error,
    TaskDetailOut,
    TaskListArgs,
    TaskOut,
    envelope,
    page_body,
)
from app.services.tasks import bulk, completing, worklist
from app.services.tasks import work as tasks

blp = Blueprint("tasks", __name__, url_prefix="/api/tasks", description="Taken")
TaskPage = envelope(TaskOut, "TaskPage", capped=True)


@blp.route("")
@blp.doc(
    summary="Werklijst",
    description="Taken in uw bereik, eerst die met de vroegste termijn. `scope`: mine, group "
    "(standaard) of all; `overdue=true` voor taken over hun termijn; `phase` (fase1, fase2, "
    "fase3: taken van dossiers in die fase); `school_id` (een school in uw bereik, anders 404); "
    "`q` (naam of leerlingnummer van de leerling). `total` telt tot 1.000; zijn er meer, dan is "
    "`total_capped` true. Onbekende parameters: 422.",
)
@blp.arguments(TaskListArgs, location="query")
@blp.response(200, TaskPage)
def list_tasks(args):
    filters = worklist.TaskFilters(
        phase=args.get("phase"),
        school_id=args.get("school_id"),
        q=args.get("q"),
        overdue=args["overdue"],
        case_id=args.get("case_id"),
        status=args["status"],
    )
    items, total = worklist.list_tasks(
        actor(), scope=args["scope"], filters=filters, page=args["page"], per_page=args["per_page"]
    )
    return page_body(items, total, args, capped=True)


@blp.route("/assign", methods=["POST"])
@blp.doc(
    summary="Taken samen toewijzen",
    description="Wijst elk van de taken toe aan één collega, in één keer: kan één taak niet naar die "
    "collega (niet gevonden, niet meer open, niet de uwe om toe te wijzen, een andere school, niet "
    "de rol ervoor), dan wordt geen enkele toegewezen en antwoordt 422 met `refused`: per taak "
    "`task_id`, `title`, `pupil` en `reason`.",
)
@blp.arguments(BulkAssignIn)
@blp.response(200, TaskPage)
@blp.alt_response(
    422, schema=BulkAssignRefusedOut, description="Geen enkele taak toegewezen: waarom, per taak."
)
def assign_many(body):
    items = bulk.assign_many(actor(), body["task_ids"], body["user_id"])
    return {"items": items, "total": len(items), "page": 1, "per_page": len(items)}


@blp.route("/<id:task_id>")
@blp.doc(
    summary="Eén taak met haar formulier",
    description="Het formulier als JSON Schema + UI-schema, of u de taak mag uitvoeren, en bij een "
    "afgeronde taak de ingediende gegevens.",
)
@blp.response(200, TaskDetailOut)
def get_task(task_id):
    return tasks.get_task(actor(), task_id)


@blp.route("/<id:task_id>/claim", methods=["POST"])
@blp.doc(summary="Taak opnemen", description="Wijst de taak aan u toe. 409 als een ander u voor was.")
@blp.response(200, TaskOut)
def claim(task_id):
    return tasks.claim(actor(), task_id)


@blp.route("/<id:task_id>/unclaim", methods=["POST"])
@blp.doc(
    summary="Taak vrijgeven",
    description="De taak gaat terug naar het team. Een andermans taak vrijgeven mag enkel de directie.",
)
@blp.response(200, TaskOut)
def unclaim(task_id):
    return tasks.unclaim(actor(), task_id)


@blp.route("/<id:task_id>/assign", methods=["POST"])
@blp.doc(
    summary="Taak toewijzen", description="Aan een collega uit GET /api/users die de taak mag uitvoeren."
)
@blp.arguments(AssignIn)
@blp.response(200, TaskOut)
def assign(body, task_id):
    return tasks.assign(actor(), task_id, body["user_id"])


@blp.route("/<id:task_id>/complete", methods=["POST"])
@blp.doc(
    summary="Taak afronden",
    description="Stuurt de formuliergegevens in; het dossier gaat verder langs de BPMN. Antwoordt met "
    "het dossier en zijn nieuwe open taken. 422 met fouten per veld.",
)
@blp.arguments(CompleteIn)
@blp.response(200, CaseOut)
@blp.alt_response(403, schema=Error, description="U mag deze taak niet uitvoeren (de melding noemt wie wel)")
@blp.alt_response(404, schema=Error, description="Taak niet gevonden (of buiten uw bereik)")
@blp.alt_response(409, schema=Error, description="Taak niet meer open, of een ander was u voor")
def complete(body, task_id):
    return completing.complete(actor(), task_id, body["data"])
