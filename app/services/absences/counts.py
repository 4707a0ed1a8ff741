"""The school-year B count of a case: ONE function the path reads it through.

The count is the pupil's B registrations of the school year (1 September –
31 August), as the absence imports wrote them. After a school change only the
count moves with the pupil, not the dates: the count at the move is kept on
the case (`carried_b_count`, from the day of the move) and the B half-days
registered from that day on are added to it. A count a worker recorded in a
form ("Aantal halve dagen met B-code") still counts when it is higher, for a
school that does not import its registrations; a lower one does not undo the
registrations.
"""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import AbsenceRegistration, Case
from app.vocabulary import AbsenceCode

REG = AbsenceRegistration


def school_year_start(on: date) -> date:
    """1 September of the school year `on` falls in."""
    return date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def _this_year(on: date | None, today: date) -> bool:
    return on is not None and on >= school_year_start(today)


def registered_b_count(pupil_id: int, today: date, since: date | None = None) -> int:
    """B half-days registered for the pupil this school year (from `since` on)."""
    first = max(school_year_start(today), since) if since else school_year_start(today)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(REG)
            .where(
                REG.pupil_id == pupil_id,
                REG.code == AbsenceCode.B,
                REG.day.between(first, date(first.year + (first.month >= 9), 8, 31)),
            )
        )
        or 0
    )


def recorded_b_count(case: Case, today: date) -> int:
    """A count a worker recorded in a form this school year (else 0)."""
    return (case.b_count or 0) if _this_year(case.b_count_on, today) else 0


def counted_b_count(
    case: Case, today: date, registered_since_move: int | None = None, registered: int | None = None
) -> int:
    """The registrations' part of the count (with the count carried over at a school
    change); given the registration counts for callers that counted in bulk."""
    if _this_year(case.carried_b_count_on, today):
        if registered_since_move is None:
            registered_since_move = registered_b_count(case.pupil_id, today, case.carried_b_count_on)
        return (case.carried_b_count or 0) + registered_since_move
    return registered_b_count(case.pupil_id, today) if registered is None else registered


def b_count_from(
    case: Case, today: date, registered_since_move: int | None = None, registered: int | None = None
) -> int:
    """The count, given the registration counts (for callers that counted in bulk)."""
    return max(recorded_b_count(case, today), counted_b_count(case, today, registered_since_move, registered))


def school_year_b_count(case: Case, today: date, *, counted: int | None = None) -> int:
    """B half-days this school year: the registrations (plus the count carried
    over at a school change), or a higher count recorded in a form. `counted`: the
    registrations' part when the caller read it already (a step's answer)."""
    if counted is None:
        return b_count_from(case, today)
    return max(recorded_b_count(case, today), counted)


def record_b_count(case: Case, count: int, on: date) -> None:
    """A count stated in a form or at a school change."""
    case.b_count, case.b_count_on = count, on


def carry_b_count(case: Case, count: int, on: date) -> None:
    """At a school change: the count moves with the pupil, the dates stay."""
    case.carried_b_count, case.carried_b_count_on = count, on
    record_b_count(case, count, on)
