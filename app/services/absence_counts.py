"""The school-year B count of a case: ONE function the path reads it through.

Today it uses what the case knows: a count recorded in a form ("Aantal B-codes
(halve dagen)") or carried over at a school change (the count moves with the
pupil, the dates do not). When absence registrations land, the integrator
switches `school_year_b_count` to count the registrations of the school year
(plus the count carried over), and everything that reads it follows.
"""
from datetime import date

from app.models import Case


def school_year_start(on: date) -> date:
    """1 September of the school year `on` falls in."""
    return date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def school_year_b_count(case: Case, today: date) -> int:
    """B half-days this school year, as far as the case knows."""
    if case.b_count is None or case.b_count_on is None:
        return 0
    if case.b_count_on < school_year_start(today):
        return 0  # recorded in an earlier school year
    return case.b_count


def record_b_count(case: Case, count: int, on: date) -> None:
    case.b_count, case.b_count_on = count, on
