"""The figures the warning-sign rules read, for one pupil or a whole school.

Counts are done by the database, a school year at a time; the dated rows the
speed rule needs are read only for pupils with enough absences for it to
matter, pupil by pupil, so a school's agenda never holds its whole year.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select

from app.calendar.school_year import previous_school_year, school_week_index, school_year_bounds
from app.extensions import db
from app.models import AbsenceRegistration, Pupil
from app.services.absences.signals import SPEED_CODES, PupilFacts
from app.vocabulary import AbsenceCode

CHUNK = 500
REG = AbsenceRegistration


def _in_year(school_year: str):
    first, last = school_year_bounds(school_year)
    return REG.day.between(first, last)


def load(pupils: Iterable[Pupil], school_year: str, visible, speed_absences: int) -> dict[int, PupilFacts]:
    """Facts per pupil id. `visible` is a filter on absence_registrations: the
    registrations the reader may see (B counts ignore it: they move with the pupil)."""
    facts: dict[int, PupilFacts] = {}
    pupils = list(pupils)
    for start in range(0, len(pupils), CHUNK):
        chunk = pupils[start : start + CHUNK]
        ids = [p.id for p in chunk]
        for pupil in chunk:
            facts[pupil.id] = PupilFacts(pupil.id, pupil.birth_date, school_year, pupil.diploma_on)
        for pupil_id, code, count in db.session.execute(
            select(REG.pupil_id, REG.code, func.count())
            .where(REG.pupil_id.in_(ids), _in_year(school_year), visible)
            .group_by(REG.pupil_id, REG.code)
        ):
            facts[pupil_id].codes[code] = count
        for year, name in ((school_year, "b_count"), (previous_school_year(school_year), "b_previous_year")):
            for pupil_id, count in db.session.execute(
                select(REG.pupil_id, func.count())
                .where(REG.pupil_id.in_(ids), REG.code == AbsenceCode.B, _in_year(year))
                .group_by(REG.pupil_id)
            ):
                setattr(facts[pupil_id], name, count)
        first, _ = school_year_bounds(school_year)
        for pupil_id, count in db.session.execute(
            select(REG.pupil_id, func.count())
            .where(
                REG.pupil_id.in_(ids),
                REG.code == AbsenceCode.B,
                visible,
                REG.day.between(first, date(first.year, 10, 31)),
            )
            .group_by(REG.pupil_id)
        ):
            facts[pupil_id].early_b = count
        fast = [pid for pid in ids if sum(facts[pid].codes.get(c, 0) for c in SPEED_CODES) >= speed_absences]
        if fast:
            for pupil_id, day in db.session.execute(
                select(REG.pupil_id, REG.day)
                .where(REG.pupil_id.in_(fast), _in_year(school_year), visible, REG.code.in_(SPEED_CODES))
                .order_by(REG.pupil_id, REG.day, REG.half_day)
            ):
                facts[pupil_id].speed_days.append((school_week_index(day), day))
    return facts
