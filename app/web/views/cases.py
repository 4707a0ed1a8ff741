"""A case's page: who, where, phase, open tasks, timeline, journal, diagram."""

from flask import flash, g, jsonify, redirect, render_template, request, url_for

from app import clock
from app.calendar.school_days import BRUSSELS
from app.services import schools
from app.services.absences import overview as absence_overview
from app.services.cases import cancelling, evaluate_now, journal, listing, owners
from app.services.cases import views as cases
from app.services.cases.page import case_page
from app.services.errors import Forbidden, Invalid
from app.vocabulary import JournalKind, Lane, Visibility
from app.web import labels
from app.web.blueprint import bp
from app.web.schemas import (
    AssignForm,
    CancelCaseForm,
    CaseListArgs,
    EvaluateNowForm,
    JournalForm,
    form_data,
    load,
)
from app.web.timeline import describe, says_reason
from app.web.views.case_actions import actions_context
from app.web.views.case_partners import section_context as partners_context
from app.web.views.documents import section_context as documents_context
from app.web.views.tasks import row_context

HISTORY_LIMIT = 500  # one page of events and of journal entries; older ones are counted
# The timeline shows the latest events; `?tijdlijn=alle` the latest HISTORY_LIMIT (a case that
# lived a school year has hundreds, and drawing them was most of the page's time).
EVENTS_ON_PAGE = 50


def _journal_defaults() -> dict:
    now = clock.now().astimezone(BRUSSELS)
    return {"kind": JournalKind.CONTACT_ATTEMPT, "occurred_at": now.strftime("%Y-%m-%dT%H:%M")}


def _render_case(case_id: int, *, journal_values=None, journal_errors=None, message=None, status=200):
    all_events = request.args.get("tijdlijn") == "alle"
    read = case_page(
        g.actor, case_id, events=HISTORY_LIMIT if all_events else EVENTS_ON_PAGE, entries=HISTORY_LIMIT
    )
    view = read.view
    actor_schools = schools.list_schools(g.actor)
    school_names = {school.id: school.name for school in actor_schools}
    context = row_context(view.open_tasks, actor_schools, read.colleagues)
    names = {user.id: user.full_name for user in read.colleagues}
    # The pupil's warning signs (a school the pupil left reads the case only as it was).
    absence = None if view.is_former else absence_overview.pupil_overview(g.actor, view.pupil.id)
    owner_side, owner_choices = owners.changeable(g.actor, view)
    return render_template(
        "case.html",
        view=view,
        school_name=school_names.get(view.school_id, ""),
        events=read.events,
        event_total=read.event_total,
        all_events=all_events,
        describe=describe,
        names=names,
        entries=read.entries,
        entry_total=read.entry_total,
        journal_values=journal_values or _journal_defaults(),
        journal_errors=journal_errors or {},
        journal_message=message,
        kinds=labels.JOURNAL_KINDS,
        channels=labels.CHANNELS,
        clb_visibility=Visibility.CLB,
        labels_events=labels.EVENTS,
        says_reason=says_reason,
        absence=absence,
        early=evaluate_now.pending(g.actor, view),
        may_cancel=cancelling.may_cancel(g.actor, view),
        **actions_context(view),
        owner_side=owner_side,
        owner_choices=owner_choices,
        **context,
        **documents_context(case_id, view),
        **partners_context(g.actor, view),
    ), status


CASES_PER_PAGE = 25
SORT_LABELS = {
    "opened": "Nieuwste dossier eerst",
    "name": "Naam (A → Z)",
    "due": "Vroegste termijn eerst",
    "b_count": "Meeste B-codes eerst",
}


@bp.route("/dossiers")
def case_list():
    """Dossiers: the caseload in scope, the same filters as GET /api/cases."""
    args, errors = load(CaseListArgs(), request.args.to_dict())
    if errors:  # a hand-edited address: the errors are shown, the list unfiltered
        args = CaseListArgs().load({})
    found, total = listing.list_cases(
        g.actor,
        phase=args.get("fase"),
        status=args.get("status"),
        school_id=args.get("school"),
        q=args.get("q"),
        overdue=args["te_laat"],
        signal_due=args["signaal"],
        owner_id=g.actor.user_id if args["mijn"] else None,
        sort=args["sorteer"],
        page=args["page"],
        per_page=CASES_PER_PAGE,
    )
    school_names = {school.id: school.name for school in schools.list_schools(g.actor)}
    return render_template(
        "cases.html",
        cases=found,
        total=total,
        args=args,
        filtered=any(args.get(k) for k in ("fase", "status", "school", "q", "te_laat", "signaal", "mijn")),
        errors=errors,
        page=args["page"],
        pages=max(1, -(-total // CASES_PER_PAGE)),
        school_names=school_names,
        phases=labels.PHASES,
        statuses=labels.STATUSES,
        sorts=SORT_LABELS,
        due=labels.due,
        now=clock.now(),
    )


@bp.route("/dossiers/<id:case_id>")
def case(case_id):
    return _render_case(case_id)


@bp.route("/dossiers/<id:case_id>/logboek", methods=["POST"])
def add_journal_entry(case_id):
    posted = form_data(request.form)
    values, errors = load(JournalForm(), posted)
    if errors:
        return _render_case(
            case_id,
            journal_values=posted,
            journal_errors=errors,
            message="De notitie is niet correct ingevuld.",
            status=422,
        )
    try:
        journal.add_entry(
            g.actor,
            case_id,
            kind=values["kind"],
            occurred_at=values["occurred_at"],
            text=values["text"],
            visibility=Visibility.CLB if values.get("clb_only") else Visibility.SHARED,
            channel=values.get("channel"),
            outcome=values.get("outcome"),
        )
    except (Invalid, Forbidden) as refused:
        return _render_case(
            case_id,
            journal_values=posted,
            journal_errors=refused.errors,
            message=refused.message,
            status=422 if isinstance(refused, Invalid) else 403,
        )
    flash(f"{labels.journal_kind(values['kind'])} toegevoegd aan het logboek.", "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="logboek"))


@bp.route("/dossiers/<id:case_id>/verantwoordelijke", methods=["POST"])
def case_owner(case_id):
    """The actor's side names its dossierverantwoordelijke (the school's or the CLB's)."""
    if g.actor.lane is None:  # the admin: no side, no dossierverantwoordelijke (and no case)
        raise Forbidden("Enkel de school of het CLB kiest een dossierverantwoordelijke.")
    values, errors = load(AssignForm(), form_data(request.form))
    if errors:
        flash("Kies een collega als dossierverantwoordelijke.", "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="verantwoordelijken"))
    try:
        view = owners.set_owner(g.actor, case_id, g.actor.lane, values["user_id"])
    except Invalid as invalid:
        flash(next(iter(invalid.errors.values()), [invalid.message])[0], "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="verantwoordelijken"))
    owner = view.owner if g.actor.lane == Lane.SCHOOL else view.clb_owner
    flash(f"Dossierverantwoordelijke: {owner.full_name if owner else 'niemand'}.", "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="verantwoordelijken"))


@bp.route("/dossiers/<id:case_id>/nu-evalueren", methods=["POST"])
def evaluate_case_now(case_id):
    values, errors = load(EvaluateNowForm(), form_data(request.form))
    if errors:
        flash("De reden is te lang: hoogstens 2000 tekens.", "error")
        return redirect(url_for("web.case", case_id=case_id, _anchor="nu-evalueren"))
    evaluate_now.evaluate_now(g.actor, case_id, {"reason": values.get("reason")})
    flash("De evaluatie is vervroegd: de evaluatietaak staat bij de open taken.", "success")
    return redirect(url_for("web.case", case_id=case_id, _anchor="open-taken"))


@bp.route("/dossiers/<id:case_id>/annuleren", methods=["POST"])
def cancel_case(case_id):
    values, errors = load(CancelCaseForm(), form_data(request.form))
    if errors:
        flash("De reden is te lang: hoogstens 2000 tekens.", "error")
        return redirect(url_for("web.case", case_id=case_id))
    try:
        cancelling.cancel_case(g.actor, case_id, values.get("reason"))
    except Invalid as invalid:
        flash(invalid.errors.get("reason", [invalid.message])[0], "error")
        return redirect(url_for("web.case", case_id=case_id))
    flash("Het dossier is geannuleerd; de tijdlijn zegt wie en waarom.", "success")
    return redirect(url_for("web.case", case_id=case_id))


@bp.route("/dossiers/<id:case_id>/diagram")
def case_diagram(case_id):
    """The BPMN the case runs on, and its open and completed tasks (for bpmn-js)."""
    diagram = cases.get_diagram(g.actor, case_id)
    return jsonify(
        {
            "xml": diagram.bpmn_xml,
            "open": list(diagram.open_task_ids),
            "completed": list(diagram.completed_task_ids),
        }
    )
