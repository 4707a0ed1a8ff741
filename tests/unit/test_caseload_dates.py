"""The caseload's SQL reads compulsory education as a range of birth dates: the same
answer as `compulsory_education.is_compulsory` for every birth date, on hard days."""

from datetime import date, timedelta

import pytest

from app.calendar.compulsory_education import is_compulsory
from app.services.cases.caseload import compulsory_birth_dates


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 11, 24),
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2027, 6, 30),
        date(2027, 7, 1),
        date(2028, 2, 29),
    ],
)
def test_the_birth_date_range_is_compulsory_education(today):
    low, high = compulsory_birth_dates(today)
    born = today - timedelta(days=366 * 21)
    while born <= today:
        assert (low <= born <= high) == is_compulsory(born, None, today), (today, born)
        born += timedelta(days=1)
