"""The work lists (*Mijn taken*, `GET /api/tasks`): filters, tabs with their counts, pages."""

from dataclasses import dataclass, field, replace

from sqlalchemy import Select, exists
from sqlalchemy.orm import selectinload

from app import clock
from app.models import Case, CaseTask, Pupil
from app.services.access import Actor
from app.services.audit import audit
from app.services.cases.caseload import require_school_in_scope
from app.services.paging import COUNT_CAP, Total, count, paginate
from app.services.pupils import pupil_matches
from app.services.tasks.work import scoped
from app.services.transaction import writing
from app.vocabulary import AuditAction, TaskStatus

# The tabs of *Mijn taken*: (scope, only overdue tasks).
TABS: dict[str, tuple[str, bool]] = {
    "mine": ("mine", False),
    "group": ("group", False),
    "overdue": ("group", True),
}


@dataclass(frozen=True)
class TaskFilters:
    """What a work list can be narrowed to besides its scope."""

    phase: str | None = None
    school_id: int | None = None
    q: str | None = None
    overdue: bool = False
    case_id: int | None = None
    status: str = TaskStatus.OPEN


@dataclass
class TaskPage:
    rows: list[CaseTask]
    total: Total
    counts: dict[str, Total] = field(default_factory=dict)


def _query(actor: Actor, scope: str, filters: TaskFilters, now) -> Select:
    query = scoped(actor).where(CaseTask.status == filters.status)
    if scope == "mine":
        query = query.where(CaseTask.assignee_id == actor.user_id)
    elif scope == "group":
        # What the actor's team works on: its own lane within its scope.
        query = query.where(CaseTask.lane == (actor.lane or ""))
    if filters.case_id:
        query = query.where(CaseTask.case_id == filters.case_id)
    if filters.phase:  # a follow-up without a case has no phase
        query = query.where(exists().where(Case.id == CaseTask.case_id, Case.phase == filters.phase))
    if filters.school_id:
        query = query.where(CaseTask.school_id == filters.school_id)
    if filters.q:
        query = query.where(exists().where(Pupil.id == CaseTask.pupil_id, pupil_matches(filters.q)))
    if filters.overdue:
        query = query.where(CaseTask.due_at.is_not(None), CaseTask.due_at < now)
    return query


def _checked(actor: Actor, filters: TaskFilters) -> None:
    if filters.school_id:
        require_school_in_scope(actor, filters.school_id)


def _page(actor: Actor, scope: str, filters: TaskFilters, page: int, per_page: int, now):
    # The page's rows first, their case, pupil and assignee after (one IN query each): joined
    # in, every task in scope was joined and carried through the sort (100,000 cases: 0.5 s).
    return paginate(
        _query(actor, scope, filters, now)
        .options(selectinload(CaseTask.assignee), selectinload(CaseTask.case), selectinload(CaseTask.pupil))
        # NULLS LAST rather than `due_at IS NULL` first: PostgreSQL then walks the due_at
        # index and stops after the page (a region's 50,000 open tasks: 31 → 9 ms).
        .order_by(CaseTask.due_at.asc().nulls_last(), CaseTask.id),
        page,
        per_page,
        # Counted up to the cap: a region's 50,000 open tasks each counted was most of the list's time.
        cap=COUNT_CAP,
    )


def list_tasks(actor: Actor, *, scope="group", filters: TaskFilters | None = None, page=1, per_page=25):
    """One page of a work list, the earliest deadline first (`GET /api/tasks`)."""
    filters = filters or TaskFilters()
    _checked(actor, filters)
    now = clock.now()
    rows, total = _page(actor, scope, filters, page, per_page, now)
    with writing() as session:
        audit(
            session, actor, now, AuditAction.TASKS_LISTED, detail=f"scope={scope} page={page} n={len(rows)}"
        )
    return rows, total


def tab_page(actor: Actor, tab: str, filters: TaskFilters, *, page=1, per_page=25) -> TaskPage:
    """*Mijn taken*: one tab's page and, for every tab, how many tasks it holds
    with the same filters (one count each, up to `paging.COUNT_CAP`)."""
    _checked(actor, filters)
    now = clock.now()
    rows: list[CaseTask] = []
    total, counts = Total(0), {}
    for key, (scope, overdue) in TABS.items():
        narrowed = replace(filters, overdue=filters.overdue or overdue)
        if key == tab:
            rows, total = _page(actor, scope, narrowed, page, per_page, now)
            counts[key] = total
        else:
            counts[key] = count(_query(actor, scope, narrowed, now), COUNT_CAP)
    with writing() as session:
        audit(session, actor, now, AuditAction.TASKS_LISTED, detail=f"tab={tab} page={page} n={len(rows)}")
    return TaskPage(rows, total, counts)
