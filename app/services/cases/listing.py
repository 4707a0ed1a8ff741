"""Lists of cases and of a case's events, in the actor's scope."""

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import Case, CaseEvent, CaseSchool, CaseTask, Pupil
from app.services.access import Actor, case_in_scope, in_scope, visible_entries, visible_lanes
from app.services.audit import audit
from app.services.cases.views import CaseView, load_view
from app.services.paging import paginate
from app.services.pupils import pupil_matches
from app.services.transaction import writing
from app.vocabulary import AuditAction, TaskStatus


def _overdue_filter(actor: Actor, now):
    return exists().where(
        CaseTask.case_id == Case.id,
        CaseTask.status == TaskStatus.OPEN,
        CaseTask.due_at < now,
        CaseTask.lane.in_(visible_lanes(actor)),
        in_scope(CaseTask.school_id, actor),
    )


def list_cases(
    actor: Actor,
    *,
    status=None,
    phase=None,
    school_id=None,
    q=None,
    overdue=False,
    pupil_id=None,
    page=1,
    per_page=25,
) -> tuple[list[CaseView], int]:
    query = select(Case).join(Pupil, Pupil.id == Case.pupil_id).where(case_in_scope(Case.id, actor))
    if pupil_id:
        query = query.where(Case.pupil_id == pupil_id)
    if status:
        query = query.where(Case.status == status)
    if phase:
        query = query.where(Case.phase == phase)
    if school_id:
        query = query.where(Case.school_id == school_id)
    if q:
        query = query.where(pupil_matches(q))
    now = clock.now()
    if overdue:
        query = query.where(_overdue_filter(actor, now))
    cases, total = paginate(
        query.options(joinedload(Case.pupil), joinedload(Case.owner), joinedload(Case.clb_owner)).order_by(
            Case.opened_at.desc(), Case.id.desc()
        ),
        page,
        per_page,
    )
    ids = [c.id for c in cases]
    periods: dict[int, CaseSchool] = {}
    counts: dict[int | None, int] = {}
    if ids:
        for period in db.session.scalars(
            select(CaseSchool)
            .where(CaseSchool.case_id.in_(ids), in_scope(CaseSchool.school_id, actor))
            .order_by(CaseSchool.since, CaseSchool.id)
        ):
            periods[period.case_id] = period  # the latest period in scope wins
        counts = {
            row[0]: row[1]
            for row in db.session.execute(
                select(CaseTask.case_id, func.count())
                .where(
                    CaseTask.case_id.in_(ids),
                    CaseTask.status == TaskStatus.OPEN,
                    CaseTask.lane.in_(visible_lanes(actor)),
                    in_scope(CaseTask.school_id, actor),
                )
                .group_by(CaseTask.case_id)
            )
        }
    views = [CaseView(c, period=periods.get(c.id), open_task_count=counts.get(c.id, 0)) for c in cases]
    with writing() as session:
        audit(session, actor, now, AuditAction.CASES_LISTED, detail=f"page={page} n={len(cases)}")
    return views, total


def list_events(actor: Actor, case_id: int, *, page=1, per_page=100):
    view = load_view(actor, case_id)
    events, total = paginate(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == view.id,
            CaseEvent.visibility.in_(visible_entries(actor)),
            in_scope(CaseEvent.school_id, actor),
        )
        .options(joinedload(CaseEvent.actor))
        .order_by(CaseEvent.id),
        page,
        per_page,
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.EVENTS_READ, "case", view.id)
    return events, total
