"""Lists of cases and of a case's events, in the actor's scope."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.models import CaseEvent
from app.services.access import Actor, in_scope, visible_entries
from app.services.audit import audit
from app.services.cases.caseload import DEFAULT_SORT, CaseFilters, CaseListItem, list_caseload
from app.services.cases.views import load_view
from app.services.paging import Total, paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction


def list_cases(
    actor: Actor,
    *,
    status=None,
    phase=None,
    school_id=None,
    q=None,
    overdue=False,
    signal_due=False,
    pupil_id=None,
    owner_id=None,
    sort=DEFAULT_SORT,
    page=1,
    per_page=25,
) -> tuple[list[CaseListItem], Total]:
    """The caseload (`caseload.list_caseload`), audited. `owner_id`: the case owners' hook."""
    filters = CaseFilters(
        status=status,
        phase=phase,
        school_id=school_id,
        q=q,
        overdue=overdue,
        signal_due=signal_due,
        pupil_id=pupil_id,
        owner_id=owner_id,
    )
    views, total = list_caseload(actor, filters, sort=sort, page=page, per_page=per_page)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.CASES_LISTED, detail=f"page={page} n={len(views)}")
    return views, total


def visible_events(actor: Actor, case_id: int):
    """The case's events the actor may see (a query)."""
    return select(CaseEvent).where(
        CaseEvent.case_id == case_id,
        CaseEvent.visibility.in_(visible_entries(actor)),
        in_scope(CaseEvent.school_id, actor),
    )


def list_events(actor: Actor, case_id: int, *, page=1, per_page=100):
    view = load_view(actor, case_id)
    events, total = paginate(
        visible_events(actor, view.id).options(joinedload(CaseEvent.actor)).order_by(CaseEvent.id),
        page,
        per_page,
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.EVENTS_READ, "case", view.id)
    return events, total
