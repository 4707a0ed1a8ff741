"""Compulsory education (vlaanderen.be): from 1 September of the year the child
turns 5; until the 18th birthday (before 1 July) or 30 June; a diploma ends it."""

from datetime import date

from app.calendar.compulsory_education import is_compulsory, last_day, starts_on
from app.services.absences.counts import school_year_start


def test_it_starts_on_1_september_of_the_year_the_child_turns_five():
    assert starts_on(date(2021, 11, 3)) == date(2026, 9, 1)
    assert not is_compulsory(date(2021, 11, 3), None, date(2026, 8, 31))
    assert is_compulsory(date(2021, 11, 3), None, date(2026, 9, 1))


def test_turning_18_before_1_july_ends_it_on_the_birthday():
    born = date(2009, 3, 15)
    assert last_day(born) == date(2027, 3, 14)
    assert is_compulsory(born, None, date(2027, 3, 14))
    assert not is_compulsory(born, None, date(2027, 3, 15))


def test_turning_18_from_1_july_on_ends_it_on_30_june():
    born = date(2009, 10, 2)
    assert last_day(born) == date(2027, 6, 30)
    assert is_compulsory(born, None, date(2027, 6, 30)) and not is_compulsory(born, None, date(2027, 7, 1))
    assert last_day(date(2009, 7, 1)) == date(2027, 6, 30)
    assert last_day(date(2009, 6, 30)) == date(2027, 6, 29)


def test_a_secondary_education_diploma_ends_it_earlier():
    born = date(2009, 10, 2)
    assert last_day(born, date(2026, 6, 28)) == date(2026, 6, 27)
    assert not is_compulsory(born, date(2026, 6, 28), date(2026, 9, 1))
    assert last_day(born, date(2028, 1, 1)) == date(2027, 6, 30)  # a later diploma changes nothing


def test_born_on_29_february():
    assert last_day(date(2008, 2, 29)) == date(2026, 2, 28)


def test_the_school_year_starts_on_1_september():
    assert school_year_start(date(2026, 11, 24)) == date(2026, 9, 1)
    assert school_year_start(date(2027, 3, 1)) == date(2026, 9, 1)
    assert school_year_start(date(2026, 8, 31)) == date(2025, 9, 1)
