"""Mijn taken (work lists) and a task's form: claim, release, assign, complete."""

from flask import abort, flash, g, redirect, render_template, request, url_for

from app import clock
from app.services import schools, users
from app.services.cases import inbox, police_advice
from app.services.errors import DomainError, Forbidden, Invalid, NotFound
from app.services.tasks import bulk, completing, worklist
from app.services.tasks import work as tasks
from app.vocabulary import TaskStatus
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import AssignForm, BulkAssignForm, TaskListArgs, form_data, load
from app.web.session import safe_next
from app.web.taskform import bind, build, change_rows, collect, to_data, to_raw
from app.web.taskform.typed import typed_lines

PER_PAGE = 25
# Tasks about reaching the family: their page shows whom to call, in which language.
CONTACT_TASKS = frozenset(
    {"task_absence_contact_parents", "task_contact_parents", "task_police_report", "task_absence_clb_doctor"}
)
TABS = {"mine": "Aan mij toegewezen", "group": "Mijn team", "overdue": "Te laat"}


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def row_context(rows, actor_schools: list | None = None, colleagues: list | None = None) -> dict:
    """What a task row needs besides the row: deadline words, who may act, the team.
    `actor_schools`, `colleagues`: the page's, if it read (and audited) them already."""
    now = clock.now()
    if not rows:
        colleagues = []
    elif colleagues is None:
        colleagues = users.list_colleagues(g.actor)[0]
    # The actor's schools held while the rows' roles are read: a task the school names a
    # role for gets its school by id, and the session keeps an object only while it is
    # referenced (two queries a row otherwise).
    held = actor_schools if actor_schools is not None or not rows else schools.list_schools(g.actor)  # noqa: F841
    return {
        "due": {row.id: labels.due(row.due_at, now) for row in rows},
        "may_act": {row.id: tasks.may_act(g.actor, row) for row in rows},
        "colleagues": colleagues,
        # Per task, the colleagues whose role may do it: the only ones offered.
        "assignable": {row.id: tasks.assignable(g.actor, row, colleagues) for row in rows},
    }


def _filters(args: dict) -> dict:
    """The list's filters as they go back into links (tabs, pages, the form)."""
    return {k: args[k] for k in ("fase", "school", "q", "te_laat") if args.get(k)}


@bp.route("/taken")
def my_tasks():
    args, errors = load(TaskListArgs(), request.args.to_dict())
    if errors:
        args = TaskListArgs().load({})
    filters = worklist.TaskFilters(
        phase=args.get("fase"), school_id=args.get("school"), q=args.get("q"), overdue=args["te_laat"]
    )
    found = worklist.tab_page(g.actor, args["tab"], filters, page=args["page"], per_page=PER_PAGE)
    rows, total = found.rows, found.total
    pages = max(1, -(-total // PER_PAGE))
    actor_schools = schools.list_schools(g.actor)
    return render_template(
        "tasks.html",
        rows=rows,
        total=total,
        counts=found.counts,
        tab=args["tab"],
        tabs=TABS,
        page=args["page"],
        pages=pages,
        args=args,
        filter_args=_filters(args),
        phases=labels.PHASES,
        school_names={school.id: school.name for school in actor_schools},
        bulk=True,
        **row_context(rows, actor_schools),
    )


@bp.route("/taken/toewijzen", methods=["POST"])
def assign_many():
    """Several tasks of the list to one colleague: all, or none and why."""
    values, errors = load(BulkAssignForm(), {**form_data(request.form), "taak": request.form.getlist("taak")})
    back = safe_next(request.form.get("next"), url_for("web.my_tasks"))
    if errors:
        flash(
            "Kies de taken en een collega."
            if "taak" in errors
            else "Kies een collega om de taken aan toe te wijzen.",
            "error",
        )
        return redirect(back)
    try:
        assigned = bulk.assign_many(g.actor, values["taak"], values["user_id"])
    except bulk.NotAllAssigned as refused:
        flash(refused.message, "error")
        for line in refused.errors["task_ids"]:
            flash(line, "error")
        return redirect(back)
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(back)
    n = len(assigned)
    flash(f"{n} {'taak' if n == 1 else 'taken'} toegewezen.", "success")
    return redirect(back)


def _after_action(task_id: int, row=None, message: str | None = None, error: str | None = None):
    """htmx swaps the task's row in place; a plain form post goes back to the page."""
    if _is_htmx():
        if row is None:
            try:
                row = tasks.get_task(g.actor, task_id).task
            except NotFound:
                return "", 200
        return render_template("_task_row.html", row=row, message=message, error=error, **row_context([row]))
    if error:
        flash(error, "error")
    elif message:
        flash(message, "success")
    target = request.form.get("next")
    return redirect(safe_next(target, url_for("web.task", task_id=task_id)))


def _act(task_id: int, action, message: str):
    try:
        row = action()
    except NotFound:
        raise
    except DomainError as refused:
        return _after_action(task_id, error=refused.message)
    return _after_action(task_id, row=row, message=message)


@bp.route("/taken/<id:task_id>/opnemen", methods=["POST"])
def claim(task_id):
    return _act(task_id, lambda: tasks.claim(g.actor, task_id), "U hebt de taak opgenomen.")


@bp.route("/taken/<id:task_id>/vrijgeven", methods=["POST"])
def unclaim(task_id):
    return _act(task_id, lambda: tasks.unclaim(g.actor, task_id), "De taak is terug voor het team.")


@bp.route("/taken/<id:task_id>/toewijzen", methods=["POST"])
def assign(task_id):
    values, errors = load(AssignForm(), form_data(request.form))
    if errors:
        return _after_action(task_id, error="Kies een collega om de taak aan toe te wijzen.")
    return _act(task_id, lambda: tasks.assign(g.actor, task_id, values["user_id"]), "De taak is toegewezen.")


def _prefill_raw(spec, view) -> dict:
    """The prefill as the form's text (only for an open task without answers yet)."""
    if view.task.data or not view.prefill:
        return {}
    known = {f.key for f in spec.fields}
    return to_raw(spec.fields, {k: v for k, v in view.prefill.items() if k in known})


def _render_task(view, raw: dict, errors: dict, *, message: str | None = None, status: int = 200, typed=None):
    spec = build(view.form.schema, view.form.ui_schema)
    prefill = _prefill_raw(spec, view)
    # Still the prefill's value (not retyped since): marked as coming from the case.
    prefilled = frozenset(k for k, v in prefill.items() if v not in ("", [], None) and raw.get(k) == v)
    form = bind(spec, raw, errors, prefilled=prefilled)
    task_row = view.task
    # An escalation task shows the task that is over its term, to reassign it from here.
    shown = [task_row, view.escalates] if view.escalates is not None else [task_row]
    return render_template(
        "task.html",
        view=view,
        row=task_row,
        form=form,
        message=message,
        completed=task_row.status == TaskStatus.COMPLETED,
        help_question=inbox.help_question(g.actor, task_row),
        police_advice=police_advice.for_report(task_row),
        show_contacts=task_row.bpmn_id in CONTACT_TASKS and task_row.status == TaskStatus.OPEN,
        typed=typed or [],
        **row_context(shown),
    ), status


def _lost_race(task_id: int, spec, raw: dict):
    """Someone completed (or the path cancelled) the task first: say who and when, show
    what is stored, and give back what this user typed to copy; nothing of it was saved."""
    fresh = tasks.get_task(g.actor, task_id)
    row = fresh.task
    if row.status == TaskStatus.OPEN:
        return None
    if row.status == TaskStatus.COMPLETED:
        who = row.completed_by.full_name if row.completed_by else "iemand anders"
        message = (
            f"Deze taak werd intussen afgerond door {who} om {labels.moment(row.completed_at)}; "
            "uw antwoorden zijn niet bewaard."
        )
    else:
        message = (
            "Deze taak werd intussen afgesloten (het dossier ging verder); uw antwoorden zijn niet bewaard."
        )
    stored = to_raw(spec.fields, row.data) if row.data else {}
    return _render_task(fresh, stored, {}, message=message, status=409, typed=typed_lines(spec.fields, raw))


@bp.route("/taken/<id:task_id>", methods=["GET", "POST"])
def task(task_id):
    view = tasks.get_task(g.actor, task_id)
    spec = build(view.form.schema, view.form.ui_schema)
    if request.method in ("GET", "HEAD"):
        raw = to_raw(spec.fields, view.task.data) if view.task.data else _prefill_raw(spec, view)
        return _render_task(view, raw, {})
    raw = collect(spec.fields, request.form)
    action = request.form.get("_action", "complete")
    if action != "complete":
        if not change_rows(spec.fields, raw, action):
            abort(400)
        return _render_task(view, raw, {})
    data, unreadable = to_data(spec.fields, raw)
    try:
        case = completing.complete(g.actor, task_id, data)
    except Invalid as invalid:
        # Text that could not be read as a number or choice gets the clearer message.
        return _render_task(view, raw, {**invalid.errors, **unreadable}, message=invalid.message, status=422)
    except NotFound:
        raise
    except DomainError as refused:  # not yours, no longer open, lost a race: keep what was typed
        if not isinstance(refused, Forbidden) and (lost := _lost_race(task_id, spec, raw)):
            return lost
        return _render_task(
            view, raw, {}, message=refused.message, status=403 if isinstance(refused, Forbidden) else 409
        )
    flash(f"Taak afgerond: {view.task.title}.", "success")
    if case.id is None:  # a follow-up of a pupil without a case
        return redirect(url_for("web.pupil", pupil_id=case.pupil_id))
    return redirect(url_for("web.case", case_id=case.id))
