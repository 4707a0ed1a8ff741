"""Completing a user task: the form's checks, the engine step, the rows it leaves.

The API (`POST /api/tasks/{id}/complete`) and the task's web page call `complete`;
an absence meeting's decision completes the path's own signal step through
`complete_row`. A task of a pupil's follow-up without a case completes the same
way (the step belongs to the pupil's file, steps/records.PupilFile).
"""

from flask import current_app

from app import clock, engine
from app.extensions import db
from app.models import Case, CaseTask
from app.services import workflows
from app.services.absences import settings as absence_settings
from app.services.absences.counts import record_b_count
from app.services.absences.followup import followup_facts
from app.services.access import Actor
from app.services.calendar.functions import script_functions
from app.services.cases import notice_records, owners, school_offers
from app.services.cases.facts import StepReads, step_reads
from app.services.cases.opening import NewCase, open_cases
from app.services.cases.views import (
    CaseView,
    PupilFollowupView,
    pupil_view_after_step,
    today,
    view_after_step,
)
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.forms import field_errors, load_form
from app.services.steps.funnel import StepOptions, apply_step
from app.services.steps.records import (
    PupilFile,
    decision_summary,
    event,
    lane_visibility,
    open_task_rows,
    subject_of,
)
from app.services.tasks import rules
from app.services.tasks.work import B_COUNT_FIELD, held_by_owner, load, require_actor_may_act
from app.services.transaction import STALE, writing
from app.vocabulary import AbsenceType, EventKind, TaskStatus


def complete(actor: Actor, task_id: int, data) -> CaseView | PupilFollowupView:
    row = load(actor, task_id, with_state=True)
    require_actor_may_act(actor, row)
    if row.assignee_id is not None and row.assignee_id != actor.user_id and not held_by_owner(row):
        assignee = row.assignee
        assert assignee is not None, "the row assignee_id names (a foreign key)"
        raise Forbidden(
            f"Deze taak is toegewezen aan {assignee.full_name}; vraag haar of hem de taak vrij te geven."
        )
    with writing():
        reads = complete_row(actor, row, data)
        # The answer is read in the step's own transaction: it sees what the step
        # wrote, and the request needs no second transaction (a BEGIN, a ROLLBACK).
        if row.case_id is None:
            return pupil_view_after_step(actor, row.pupil, row.school_id)
        case = db.session.get(Case, row.case_id)  # a follow-up's step may just have opened it
        assert case is not None, "the row's foreign key"
        return view_after_step(actor, case, reads).read_now()


def complete_row(actor: Actor, row: CaseTask, data: dict) -> StepReads | None:
    """Validate and complete an open task and write the step, in the caller's
    transaction (who may do it is the caller's business: `complete` asks the
    task's roles; an absence meeting's decision completes the signal step).
    Returns what the step read of its case, for the answer (None: no case before)."""
    case = subject_of(row.case, row.pupil, row.school_id)
    instance, form, day = row.instance, load_form(current_app.config["FORMS_DIR"], row.bpmn_id), today()
    # Read once for the form's rules, the step's facts and its answer.
    settings = absence_settings.effective(case.school_id) if isinstance(case, Case) else None
    errors = (
        field_errors(form, data)
        or rules.context_errors(row.bpmn_id, data, rules.RuleContext(case, day, instance.id, settings))
        or owners.form_errors(form, data, case)
        or notice_records.field_errors(data)
    )
    if errors:
        raise Invalid("Het formulier is niet correct ingevuld.", errors)
    new_type = data.get("absence_type")
    new_type = new_type if new_type not in (None, AbsenceType.ONBEKEND, case.absence_type) else None
    b_count = data.get(B_COUNT_FIELD)
    # Gateways read every field (an empty one is None) and the case's facts as
    # they are after this step.
    reads = step_reads(case, day, settings) if isinstance(case, Case) else None
    facts = followup_facts(case, day, reads=reads) | ({"absence_type": new_type} if new_type else {})
    if b_count is not None:
        facts["b_count"] = b_count
    engine_data = dict.fromkeys(form.schema.get("properties", {})) | data | facts
    open_rows = open_task_rows(case.id, instance.id)
    now = clock.now()
    try:
        result = engine.complete_task(
            workflows.bundle_for(instance),
            instance.state,
            row.engine_task_id,
            engine_data,
            now=now,
            functions=script_functions(case.school_id),
        )
    except engine.TaskNotReady:
        raise Conflict(STALE) from None
    # `row` is the same object as its entry in open_rows (identity map).
    row.status = TaskStatus.COMPLETED
    row.completed_at = now
    row.completed_by_id = actor.user_id
    row.data = data
    row.assignee_id = row.assignee_id or actor.user_id
    # The step's statement writes these with its own (steps/funnel.StepOptions).
    own_events = [
        event(
            case,
            actor,
            now,
            EventKind.TASK_COMPLETED,
            row.title,
            new=decision_summary(data),
            visibility=lane_visibility(row.lane),
            task=row,
            school_id=row.school_id,
        )
    ]
    if new_type and isinstance(case, Case):  # the worker re-marked the absence type
        own_events.append(
            event(
                case,
                actor,
                now,
                EventKind.ABSENCE_TYPE_CHANGED,
                "absence_type",
                case.absence_type,
                new_type,
                task=row,
            )
        )
        case.absence_type = new_type
    if b_count is not None and isinstance(case, Case):
        record_b_count(case, b_count, day)
    if not isinstance(case, Case) and _needs_a_case(result):
        case = _open_for(case, instance, open_rows, actor, now)
    # An owner the form names (the CLB's, at acceptance) gets the tasks this step opens.
    db.session.add_all(owners.from_form(form, data, case, actor, now))
    apply_step(case, instance, result, actor, now, open_rows, StepOptions(caller_events=own_events))
    if isinstance(case, Case):  # what the CLB wrote "voor de school": a notice; the school's offers
        notice_records.record_from_step(case, row, data, actor, now)
        school_offers.start_from_plan(case, row, data, actor, now)
    return reads


def _needs_a_case(result: engine.StepResult) -> bool:
    """A follow-up without a case that involves the CLB (a doubtful medical
    certificate for the CLB doctor) or changes the path needs a case from here on."""
    return any(effect.kind != "document" for effect in result.effects)


def _open_for(file: PupilFile, instance, open_rows: list[CaseTask], actor: Actor, now) -> Case:
    """Open the pupil's case through the one door; it adopts this follow-up (and the
    pupil's others) in the database, and here in the session's rows too."""
    reason = "Een opvolging van een afwezigheid betrekt het CLB (twijfel over een medisch attest)."
    case = open_cases(file.school_id, [NewCase(file.pupil, reason)], actor, now)[0]
    instance.case_id = case.id
    for row in open_rows:
        row.case_id = case.id
    return case
