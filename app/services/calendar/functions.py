"""What BPMN expressions may call for a case, bound to the case's school:
`add_school_days(start, n)` (counting the school's own days off) and
`deadline(name)` (in school days: a school-lane name as the school agreed it, a
CLB-lane name as the school's CLB agreed it, else the default)."""

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from app import engine
from app.calendar.deadlines import DEADLINES
from app.calendar.school_days import BRUSSELS, add_school_days
from app.extensions import db
from app.models import ClbDeadline, School, SchoolDayOff, SchoolDeadline
from app.services import workflows
from app.vocabulary import Lane


def local_day(start) -> date:
    """The Brussels calendar day of a date, a date-time or an ISO text."""
    if isinstance(start, date) and not isinstance(start, datetime):
        return start
    return engine.as_moment(start).astimezone(BRUSSELS).date()


def days_off(school_id: int) -> frozenset[date]:
    return frozenset(db.session.scalars(select(SchoolDayOff.day).where(SchoolDayOff.school_id == school_id)))


def deadlines(school_id: int) -> dict[str, int]:
    """Every deadline name with the value in force at the school: the school's
    own for a school-lane name, its CLB's for a CLB-lane name, else the
    configured default. A row of the other lane's table is not read."""
    values = dict(current_app.config["DEADLINE_DEFAULTS"])
    own = db.session.execute(
        select(SchoolDeadline.name, SchoolDeadline.school_days).where(SchoolDeadline.school_id == school_id)
    ).all()
    clb = db.session.execute(
        select(ClbDeadline.name, ClbDeadline.school_days).where(
            ClbDeadline.clb_id == select(School.clb_id).where(School.id == school_id).scalar_subquery()
        )
    ).all()
    for lane, rows in ((Lane.SCHOOL, own), (Lane.CLB, clb)):
        values.update(
            (name, days) for name, days in rows if name in DEADLINES and DEADLINES[name].lane == lane
        )
    return values


def script_functions(school_id: int) -> dict:
    """add_school_days(start, n) and deadline(name), bound to one school. The school's
    days off and deadlines are read on the first call (a step that starts no timer and
    computes no date reads neither: three statements fewer per step)."""
    read: dict = {}

    def school_days_after(start, count):
        if "days_off" not in read:
            read["days_off"] = days_off(school_id)
        return add_school_days(local_day(start), int(count), read["days_off"])

    def deadline(name):
        if "deadlines" not in read:
            read["deadlines"] = deadlines(school_id)
        values = read["deadlines"]
        if name not in values:
            raise ValueError(f"unknown deadline {name!r}; known: {', '.join(sorted(values))}")
        return values[name]

    return {"add_school_days": school_days_after, "deadline": deadline}


class FunctionsBySchool(dict):
    """script_functions per school, and spec bundles, looked up once per sweep."""

    def __init__(self):
        super().__init__()
        self.bundles = {}

    def __missing__(self, school_id):
        self[school_id] = script_functions(school_id)
        return self[school_id]

    def bundle(self, key: str, version: int):
        if (key, version) not in self.bundles:
            self.bundles[key, version] = workflows.bundle(key, version)
        return self.bundles[key, version]
