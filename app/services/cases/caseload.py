"""The caseload: the cases in the actor's scope, filtered, sorted and paged.

`GET /api/cases` and the *Dossiers* page both call `list_caseload`. Three reads:
the number of cases that pass the filters; the page's ids in the list's order
(the actor's school ids read once, as plain ids; a sort on the next deadline or
the B count joins one aggregate of the open tasks or of the registrations, not a
count per case); then those 25 cases with what each row shows (B count, next
deadline, open tasks, whether the signal to the CLB is due), as correlated
subqueries for these rows only. Plus the rows' school periods (a former school
reads a case as it left). Indexes: migration 0019_caseload; figures:
docs/performance.md, "The caseload".

The SQL mirrors the one-case functions it stands for:
- the B count is `absences/counts.school_year_b_count` (registrations of the
  school year, or the count carried at a school change plus those since, or a
  higher count recorded in a form);
- "signal due" is `cases/facts.signal_due` (the school's threshold reached by a
  pupil of compulsory age, the CLB not signalled nor referred), for a case still
  running (a closed or cancelled case owes no signal).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.orm import joinedload

from app import clock
from app.calendar.compulsory_education import last_day
from app.extensions import db
from app.models import AbsenceRegistration, Case, CaseEvent, CaseSchool, CaseTask, Pupil, School
from app.models.absences import SchoolAbsenceSettings
from app.services.absences import settings as absence_settings
from app.services.absences.counts import school_year_start
from app.services.access import Actor, in_scope, school_scope, visible_lanes
from app.services.cases.facts import SIGNAL_THRESHOLD
from app.services.cases.views import CaseView
from app.services.errors import Invalid, NotFound
from app.services.paging import COUNT_CAP, Total
from app.services.pupils import pupil_matches
from app.vocabulary import ENDED_STATUSES, AbsenceCode, ClbInvolvement, EventKind, Lane, TaskStatus

# sort name -> what it means (the API documents these words).
SORTS = {
    "opened": "nieuwste dossier eerst (standaard)",
    "name": "naam van de leerling, A → Z",
    "due": "vroegste termijn van een open taak eerst (zonder termijn achteraan)",
    "b_count": "meeste halve dagen met B-code eerst",
}
DEFAULT_SORT = "opened"


@dataclass(frozen=True)
class CaseFilters:
    """What the caseload can be narrowed to. `owner_id`: cases that user owns on the
    actor's side (`owner=me` in the API, "Mijn dossiers" on the page)."""

    status: str | None = None
    phase: str | None = None
    school_id: int | None = None
    q: str | None = None
    overdue: bool = False
    signal_due: bool = False
    pupil_id: int | None = None
    owner_id: int | None = None


@dataclass
class CaseListItem(CaseView):
    """A case as the list shows it: the figures come from the list's own query."""

    listed_b_count: int = 0
    next_due_at: datetime | None = None
    listed_signal_due: bool = False
    overdue: bool = False

    @property
    def school_year_b_count(self) -> int | None:
        return None if self.is_former else self.listed_b_count

    @property
    def signal_due(self) -> bool:
        return not self.is_former and self.listed_signal_due


def _greatest(a, b):
    """The larger of two integer expressions, on SQLite and PostgreSQL alike."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.greatest(a, b)
    return func.max(a, b)  # SQLite's max() with two arguments is a scalar function


def _school_year(today: date) -> tuple[date, date]:
    start = school_year_start(today)
    return start, date(start.year + 1, 8, 31)


def _registered_since(first_day, end: date):
    """B registrations of the row's pupil from `first_day` to `end` (a correlated count)."""
    reg = AbsenceRegistration
    return (
        select(func.count())
        .select_from(reg)
        .where(reg.pupil_id == Case.pupil_id, reg.code == AbsenceCode.B, reg.day >= first_day, reg.day <= end)
        .correlate(Case)
        .scalar_subquery()
    )


def registered_per_pupil(today: date):
    """Every pupil's B registrations this school year, grouped once: for a filter or
    a sort on the B count over many cases (joined, not counted per case)."""
    start, end = _school_year(today)
    reg = AbsenceRegistration
    return (
        select(reg.pupil_id, func.count().label("n"))
        .where(reg.code == AbsenceCode.B, reg.day >= start, reg.day <= end)
        .group_by(reg.pupil_id)
        .subquery("registered_b")
    )


def b_count_expr(today: date, registered=None):
    """`absences/counts.school_year_b_count` as SQL, for the row's case. `registered`:
    the pupil's B registrations this school year as a joined column (else counted per row)."""
    start, end = _school_year(today)
    carried_this_year = and_(Case.carried_b_count_on.is_not(None), Case.carried_b_count_on >= start)
    if registered is None:
        first_day = case((carried_this_year, Case.carried_b_count_on), else_=literal(start))
        counted = case(
            (carried_this_year, func.coalesce(Case.carried_b_count, 0)), else_=0
        ) + _registered_since(first_day, end)
    else:  # after a school change this year (rare): the carried count plus what came since
        since_move = func.coalesce(Case.carried_b_count, 0) + _registered_since(Case.carried_b_count_on, end)
        counted = case((carried_this_year, since_move), else_=func.coalesce(registered, 0))
    recorded = case(
        (and_(Case.b_count_on.is_not(None), Case.b_count_on >= start), func.coalesce(Case.b_count, 0)),
        else_=0,
    )
    return _greatest(recorded, counted)


def compulsory_birth_dates(today: date) -> tuple[date, date]:
    """The birth dates of the pupils of compulsory age today (a diploma aside): it
    started on 1 September of the year they turned 5 and `last_day` has not passed."""
    latest_start_year = today.year if today >= date(today.year, 9, 1) else today.year - 1
    youngest = date(latest_start_year - 5, 12, 31)
    low, high = today - timedelta(days=366 * 20), today  # last_day grows with the birth date
    while low < high:
        middle = low + (high - low) // 2
        if last_day(middle) >= today:
            high = middle
        else:
            low = middle + timedelta(days=1)
    return low, youngest


@dataclass(frozen=True)
class Scope:
    """The actor's schools (read once, so the planner sees plain ids) and lanes."""

    school_ids: tuple[int, ...]
    lanes: tuple[str, ...]
    clb: bool

    @classmethod
    def of(cls, actor: Actor) -> "Scope":
        ids = tuple(db.session.scalars(select(School.id).where(school_scope(actor)).order_by(School.id)))
        return cls(ids, visible_lanes(actor), actor.is_clb)

    def cases(self):
        """`access.case_in_scope` for the row's case: once at one of these schools
        (and, for the CLB, signalled or referred)."""
        at_school = exists().where(CaseSchool.case_id == Case.id, CaseSchool.school_id.in_(self.school_ids))
        return and_(at_school, Case.clb_since.is_not(None)) if self.clb else at_school

    def overdue(self, now: datetime):
        """A visible open task of the row's case is past its due date. The case's kept
        earliest due date of the actor's lanes (storage/case_due.py) narrows it from the
        (phase, due) index; the tasks then say whether one is at the actor's schools
        (a handover's task may be at the school the pupil left)."""
        earliest = Case.next_due_at if Lane.CLB in self.lanes else Case.school_next_due_at
        return and_(earliest < now, exists().where(self.open_tasks(), CaseTask.due_at < now))

    def open_tasks(self):
        """The visible open tasks of the row's case (as a WHERE clause)."""
        return and_(
            CaseTask.case_id == Case.id,
            CaseTask.status == TaskStatus.OPEN,
            CaseTask.lane.in_(self.lanes),
            CaseTask.school_id.in_(self.school_ids),
        )


def _thresholds(scope: Scope):
    """Each school's signal threshold (its absence settings; else the legal 5)."""
    default = absence_settings.DEFAULTS.get("signal_b") or SIGNAL_THRESHOLD
    own = {
        school_id: (thresholds or {}).get("signal_b") or default
        for school_id, thresholds in db.session.execute(
            select(SchoolAbsenceSettings.school_id, SchoolAbsenceSettings.thresholds).where(
                SchoolAbsenceSettings.school_id.in_(scope.school_ids)
            )
        )
    }
    differing = {school_id: value for school_id, value in own.items() if value != default}
    return case(differing, value=Case.school_id, else_=default) if differing else literal(default)


def signal_due_expr(scope: Scope, today: date, b_count):
    low, high = compulsory_birth_dates(today)
    signalled = exists().where(
        CaseEvent.case_id == Case.id,
        CaseEvent.kind == EventKind.CLB_INVOLVED,
        CaseEvent.new_value.in_((ClbInvolvement.SIGNAL, ClbInvolvement.REFERRAL)),
    )
    return and_(
        Case.status.not_in(tuple(ENDED_STATUSES)),
        Pupil.birth_date.between(low, high),
        or_(Pupil.diploma_on.is_(None), Pupil.diploma_on > today),
        not_(signalled),
        b_count >= _thresholds(scope),
    )


def _owner_filter(actor: Actor, owner_id: int):
    """The school's owner for school staff, the CLB's (dossierverantwoordelijke) for CLB staff."""
    column = Case.clb_owner_id if actor.is_clb else Case.owner_id
    return column == owner_id


def require_school_in_scope(actor: Actor, school_id: int) -> None:
    """A school filter names one of the actor's schools (CLB: the schools it serves)."""
    if db.session.scalar(select(School.id).where(School.id == school_id, school_scope(actor))) is None:
        raise NotFound("School niet gevonden.")


def filtered(
    actor: Actor, scope: Scope, filters: CaseFilters, now: datetime, today: date, *, b_counts=False
) -> tuple[Select, Any]:
    """The ids of the cases that pass the filters (unordered), and the pupils' B
    registrations joined to them when the filter or `b_counts` (a sort) needs them."""
    query = select(Case.id).join(Pupil, Pupil.id == Case.pupil_id).where(scope.cases())
    registered: Any = None
    if filters.signal_due or b_counts:
        registered = registered_per_pupil(today)
        query = query.outerjoin(registered, registered.c.pupil_id == Case.pupil_id)
        if filters.signal_due:
            query = query.where(signal_due_expr(scope, today, b_count_expr(today, registered.c.n)))
    wheres = []
    if filters.pupil_id:
        wheres.append(Case.pupil_id == filters.pupil_id)
    if filters.status:
        wheres.append(Case.status == filters.status)
    if filters.phase:
        wheres.append(Case.phase == filters.phase)
    if filters.school_id:
        wheres.append(Case.school_id == filters.school_id)
    if filters.q:
        wheres.append(pupil_matches(filters.q))
    if filters.overdue:
        wheres.append(scope.overdue(now))
    if filters.owner_id is not None:
        wheres.append(_owner_filter(actor, filters.owner_id))
    return query.where(*wheres), registered


def ordered(query: Select, registered, scope: Scope, sort: str, today: date) -> Select:
    """The filtered ids in the list's order (what it sorts on joined once, not counted per case)."""
    if sort == "name":
        return query.order_by(Pupil.last_name, Pupil.first_name, Case.id)
    if sort == "due":
        due = (
            select(CaseTask.case_id, func.min(CaseTask.due_at).label("due_at"))
            .where(
                CaseTask.status == TaskStatus.OPEN,
                CaseTask.lane.in_(scope.lanes),
                CaseTask.school_id.in_(scope.school_ids),
                CaseTask.case_id.is_not(None),
            )
            .group_by(CaseTask.case_id)
            .subquery("next_due")
        )
        query = query.outerjoin(due, due.c.case_id == Case.id)
        return query.order_by(due.c.due_at.is_(None), due.c.due_at, Case.id)
    if sort == "b_count":
        return query.order_by(b_count_expr(today, registered.c.n).desc(), Case.id.desc())
    return query.order_by(Case.opened_at.desc(), Case.id.desc())


def _row_loads() -> list:
    """The pupil, and the case owners once they exist (MERGE HOOK, issue 20: `Case.owner`
    and `Case.clb_owner`), in the page's query: no query per row."""
    loads = [joinedload(Case.pupil)]
    for name in ("owner", "clb_owner"):
        relation = getattr(Case, name, None)
        if relation is not None:
            loads.append(joinedload(relation))
    return loads


def _rows(scope: Scope, ids: list[int], today: date):
    """The page's cases with what each row shows, counted for these cases only."""
    next_due = select(func.min(CaseTask.due_at)).where(scope.open_tasks()).correlate(Case).scalar_subquery()
    open_count = (
        select(func.count()).select_from(CaseTask).where(scope.open_tasks()).correlate(Case).scalar_subquery()
    )
    b_count = b_count_expr(today)
    query = (
        select(
            Case,
            b_count.label("listed_b_count"),
            next_due.label("listed_next_due"),
            open_count.label("listed_open_tasks"),
            signal_due_expr(scope, today, b_count).label("listed_signal_due"),
        )
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(Case.id.in_(ids))
        .options(*_row_loads())
    )
    found = {row.Case.id: row for row in db.session.execute(query).unique()}
    return [found[i] for i in ids]


def _periods(actor: Actor, ids: list[int]) -> dict[int, CaseSchool]:
    """The actor's latest school period of each case (a former school reads the case as it left)."""
    periods: dict[int, CaseSchool] = {}
    if ids:
        for period in db.session.scalars(
            select(CaseSchool)
            .where(CaseSchool.case_id.in_(ids), in_scope(CaseSchool.school_id, actor))
            .order_by(CaseSchool.since, CaseSchool.id)
        ):
            periods[period.case_id] = period  # the latest period in scope wins
    return periods


def _page_ids(query: Select, page: int, per_page: int) -> tuple[list[int], Total]:
    """The page's ids and the total, counted up to `paging.COUNT_CAP`, from one read: the
    first cap + 1 ids in the list's order (the sort reads every match anyway, and a sort
    an index gives stops there); a page past the cap is read on its own."""
    start = (page - 1) * per_page
    first = list(db.session.scalars(query.limit(COUNT_CAP + 1)))
    total = Total(min(len(first), COUNT_CAP), capped=len(first) > COUNT_CAP)
    if start + per_page <= len(first) or not total.capped:
        return first[start : start + per_page], total
    return list(db.session.scalars(query.limit(per_page).offset(start))), total


def list_caseload(
    actor: Actor, filters: CaseFilters, *, sort: str = DEFAULT_SORT, page=1, per_page=25
) -> tuple[list[CaseListItem], Total]:
    """One page of the caseload and the number of cases that pass the filters (counted
    up to `paging.COUNT_CAP`: `total.capped` says there are more). Reads only (the caller audits)."""
    now, today = clock.now(), clock.today()
    if sort not in SORTS:
        raise Invalid("Onbekende sortering.", {"sort": [f"Kies uit: {', '.join(SORTS)}."]})
    if filters.school_id:
        require_school_in_scope(actor, filters.school_id)
    scope = Scope.of(actor)
    if not scope.school_ids:
        return [], Total(0)
    query, registered = filtered(actor, scope, filters, now, today, b_counts=sort == "b_count")
    page_ids, total = _page_ids(ordered(query, registered, scope, sort, today), page, per_page)
    rows = _rows(scope, page_ids, today) if page_ids else []
    periods = _periods(actor, [row.Case.id for row in rows])
    items = [
        CaseListItem(
            row.Case,
            period=periods.get(row.Case.id),
            open_task_count=row.listed_open_tasks or 0,
            listed_b_count=row.listed_b_count or 0,
            next_due_at=row.listed_next_due,
            listed_signal_due=bool(row.listed_signal_due),
            overdue=row.listed_next_due is not None and row.listed_next_due < now,
        )
        for row in rows
    ]
    return items, total
