"""The caseload: the cases in the actor's scope, filtered, sorted and paged in one query.

`GET /api/cases` and the *Dossiers* page both call `list_caseload`. What a row
shows besides the case (its B count, next deadline, open task count and
whether the signal to the CLB is due) is computed by the database in the same
query, as correlated subqueries: on a page of 25 only those 25 rows are
counted; a filter or sort on them reads them for the cases that pass the other
filters (indexes: migration 0019_caseload).

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

from sqlalchemy import Select, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.orm import joinedload

from app import clock
from app.calendar.compulsory_education import last_day
from app.extensions import db
from app.models import AbsenceRegistration, Case, CaseEvent, CaseSchool, CaseTask, Pupil, School
from app.models.absences import SchoolAbsenceSettings
from app.services.absences import settings as absence_settings
from app.services.absences.counts import school_year_start
from app.services.access import Actor, case_in_scope, in_scope, school_scope, visible_lanes
from app.services.cases.facts import SIGNAL_THRESHOLD
from app.services.cases.views import CaseView
from app.services.errors import Invalid, NotFound
from app.services.pupils import pupil_matches
from app.vocabulary import ENDED_STATUSES, AbsenceCode, ClbInvolvement, EventKind, TaskStatus

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
    """What the caseload can be narrowed to. `owner_id` is the hook for the case
    owners (issue 20, `cases.owner_id` / `cases.clb_owner_id`, added in parallel):
    accepted here, not yet offered by the API or the page (see `_owner_filter`)."""

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


def b_count_expr(today: date):
    """`absences/counts.school_year_b_count` as SQL, for the row's case."""
    start = school_year_start(today)
    end = date(start.year + 1, 8, 31)
    reg = AbsenceRegistration
    carried_this_year = and_(Case.carried_b_count_on.is_not(None), Case.carried_b_count_on >= start)
    first_day = case((carried_this_year, Case.carried_b_count_on), else_=literal(start))
    registered = (
        select(func.count())
        .select_from(reg)
        .where(reg.pupil_id == Case.pupil_id, reg.code == AbsenceCode.B, reg.day >= first_day, reg.day <= end)
        .correlate(Case)
        .scalar_subquery()
    )
    counted = case((carried_this_year, func.coalesce(Case.carried_b_count, 0)), else_=0) + registered
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


def _thresholds(actor: Actor):
    """Each school's signal threshold (its absence settings; else the legal 5)."""
    default = absence_settings.DEFAULTS.get("signal_b") or SIGNAL_THRESHOLD
    own = {
        school_id: (thresholds or {}).get("signal_b") or default
        for school_id, thresholds in db.session.execute(
            select(SchoolAbsenceSettings.school_id, SchoolAbsenceSettings.thresholds).where(
                in_scope(SchoolAbsenceSettings.school_id, actor)
            )
        )
    }
    differing = {school_id: value for school_id, value in own.items() if value != default}
    return case(differing, value=Case.school_id, else_=default) if differing else literal(default)


def signal_due_expr(actor: Actor, today: date, b_count):
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
        b_count >= _thresholds(actor),
    )


def _open_tasks(actor: Actor):
    """The visible open tasks of the row's case (as a WHERE clause)."""
    return and_(
        CaseTask.case_id == Case.id,
        CaseTask.status == TaskStatus.OPEN,
        CaseTask.lane.in_(visible_lanes(actor)),
        in_scope(CaseTask.school_id, actor),
    )


def _owner_filter(actor: Actor, owner_id: int):
    """MERGE HOOK (issue 20, case owners): the school's owner for school staff, the
    CLB's for CLB staff. Works as soon as `cases.owner_id` / `cases.clb_owner_id`
    exist; then offer `owner=me` in `api/schemas/cases.CaseListArgs` and the page."""
    column = getattr(Case, "clb_owner_id" if actor.is_clb else "owner_id", None)
    if column is None:
        raise Invalid(
            "Filteren op dossierverantwoordelijke kan nog niet.", {"owner": ["Nog niet beschikbaar."]}
        )
    return column == owner_id


def require_school_in_scope(actor: Actor, school_id: int) -> None:
    """A school filter names one of the actor's schools (CLB: the schools it serves)."""
    if db.session.scalar(select(School.id).where(School.id == school_id, school_scope(actor))) is None:
        raise NotFound("School niet gevonden.")


def caseload_query(actor: Actor, filters: CaseFilters, sort: str, now: datetime, today: date) -> Select:
    b_count = b_count_expr(today).label("listed_b_count")
    next_due = (
        select(func.min(CaseTask.due_at)).where(_open_tasks(actor)).correlate(Case).scalar_subquery()
    ).label("listed_next_due")
    open_count = (
        select(func.count()).select_from(CaseTask).where(_open_tasks(actor)).correlate(Case).scalar_subquery()
    ).label("listed_open_tasks")
    signal_due = signal_due_expr(actor, today, b_count_expr(today))
    query = (
        select(Case, b_count, next_due, open_count, signal_due.label("listed_signal_due"))
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(case_in_scope(Case.id, actor))
    )
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
        wheres.append(exists().where(_open_tasks(actor), CaseTask.due_at < now))
    if filters.signal_due:
        wheres.append(signal_due)
    if filters.owner_id is not None:
        wheres.append(_owner_filter(actor, filters.owner_id))
    query = query.where(*wheres)
    order = {
        "opened": (Case.opened_at.desc(), Case.id.desc()),
        "name": (Pupil.last_name, Pupil.first_name, Case.id),
        "due": (next_due.is_(None), next_due, Case.id),
        "b_count": (b_count.desc(), Case.id.desc()),
    }[sort]
    return query.options(joinedload(Case.pupil)).order_by(*order)


def _count(query: Select) -> int:
    only_cases = query.with_only_columns(Case.id).order_by(None)
    return db.session.execute(select(func.count()).select_from(only_cases.subquery())).scalar_one()


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


def list_caseload(
    actor: Actor, filters: CaseFilters, *, sort: str = DEFAULT_SORT, page=1, per_page=25
) -> tuple[list[CaseListItem], int]:
    """One page of the caseload and the number of cases that pass the filters.
    Reads only (the caller audits)."""
    now, today = clock.now(), clock.today()
    if sort not in SORTS:
        raise Invalid("Onbekende sortering.", {"sort": [f"Kies uit: {', '.join(SORTS)}."]})
    if filters.school_id:
        require_school_in_scope(actor, filters.school_id)
    query = caseload_query(actor, filters, sort, now, today)
    total = _count(query)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
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
