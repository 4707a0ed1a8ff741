"""The figures the warning-sign rules read, for one pupil or a whole school.

Counts are done by the database, a school year at a time; the dated rows the
speed, weekday and holiday rules need are read only for pupils with enough
absences for one of them to matter, pupil by pupil, so a school's agenda never
holds its whole year.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, case, func, select

from app.calendar.school_year import previous_school_year, school_year_bounds
from app.extensions import db
from app.models import AbsenceRegistration, Pupil, SchoolDayOff
from app.services.absences.signals import SPEED_CODES, PupilFacts
from app.vocabulary import AbsenceCode

CHUNK = 500
REG = AbsenceRegistration
MEDICAL_CERTIFICATE = "D"  # the letter as exported: a medical certificate (stored as Z)
LATE = AbsenceCode.LATE.value  # the letter as exported: late (stored as L, or B by the school's rule)


def _in_year(school_year: str):
    first, last = school_year_bounds(school_year)
    return REG.day.between(first, last)


def dated_minimum(thresholds: dict) -> int:
    """B / Z / - half-days from which a pupil's dated rows can matter to a rule."""
    return max(
        min(thresholds["speed_absences"], thresholds["same_weekday_days"], thresholds["around_holidays"]), 1
    )


def days_off(school_id: int) -> frozenset[date]:
    """The school's own days off (pedagogical study days and the like)."""
    return frozenset(db.session.scalars(select(SchoolDayOff.day).where(SchoolDayOff.school_id == school_id)))


def load(
    pupils: Iterable[Pupil],
    school_year: str,
    visible,
    thresholds: dict,
    school_days_off: frozenset = frozenset(),
) -> dict[int, PupilFacts]:
    """Facts per pupil id. `visible` is a filter on absence_registrations: the
    registrations the reader may see (B counts ignore it: they move with the pupil)."""
    facts: dict[int, PupilFacts] = {}
    pupils = list(pupils)
    for start in range(0, len(pupils), CHUNK):
        chunk = pupils[start : start + CHUNK]
        ids = [p.id for p in chunk]
        for pupil in chunk:
            facts[pupil.id] = PupilFacts(
                pupil.id, pupil.birth_date, school_year, pupil.diploma_on, days_off=school_days_off
            )
        _counts(facts, ids, school_year, visible)
        _dated(facts, ids, school_year, visible, dated_minimum(thresholds))
    return facts


def _counts(facts: dict[int, PupilFacts], ids: list[int], school_year: str, visible) -> None:
    where = (REG.pupil_id.in_(ids), _in_year(school_year), visible)
    for pupil_id, code, count in db.session.execute(
        select(REG.pupil_id, REG.code, func.count()).where(*where).group_by(REG.pupil_id, REG.code)
    ):
        facts[pupil_id].codes[code] = count
    for year, name in ((school_year, "b_count"), (previous_school_year(school_year), "b_previous_year")):
        for pupil_id, count in db.session.execute(
            select(REG.pupil_id, func.count())
            .where(REG.pupil_id.in_(ids), REG.code == AbsenceCode.B, _in_year(year))
            .group_by(REG.pupil_id)
        ):
            setattr(facts[pupil_id], name, count)
    letter = func.upper(REG.original_code)
    is_b = REG.code == AbsenceCode.B
    first, _ = school_year_bounds(school_year)
    autumn = and_(is_b, REG.day.between(first, date(first.year, 10, 31)))
    counted = (
        ("medical_certificates", letter == MEDICAL_CERTIFICATE),
        ("late", letter == LATE),
        ("late_became_b", and_(letter == LATE, is_b)),
        ("early_b", and_(autumn, REG.extended_holiday.is_(False))),
        ("early_b_extended_holiday", and_(autumn, REG.extended_holiday.is_(True))),
    )
    columns = [func.sum(case((condition, 1), else_=0)) for _, condition in counted]
    for pupil_id, *sums in db.session.execute(
        select(REG.pupil_id, *columns).where(*where).group_by(REG.pupil_id)
    ):
        for (name, _), value in zip(counted, sums, strict=True):
            setattr(facts[pupil_id], name, int(value or 0))


def _dated(facts: dict[int, PupilFacts], ids: list[int], school_year: str, visible, minimum: int) -> None:
    wanted = [pid for pid in ids if sum(facts[pid].codes.get(c, 0) for c in SPEED_CODES) >= minimum]
    if not wanted:
        return
    for pupil_id, day, half_day, code, holiday in db.session.execute(
        select(REG.pupil_id, REG.day, REG.half_day, REG.code, REG.extended_holiday)
        .where(REG.pupil_id.in_(wanted), _in_year(school_year), visible, REG.code.in_(SPEED_CODES))
        .order_by(REG.pupil_id, REG.day, REG.half_day)
    ):
        facts[pupil_id].absences.append((day, half_day, code, bool(holiday)))
