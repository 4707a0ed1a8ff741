"""Demo absence registrations (`zorgpad seed-demo --absences`, run by `make run`), so the
absences, warning signs, charts and the cases they open show at once.

Dates are placed in the current school year up to yesterday, counted in school
half-days back from today, and go through the real import (so the care path
reacts as it would to a school's file). Loaded once per school: a school that
already has registrations is left alone, so the command stays idempotent.
"""

import io
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.calendar.school_days import BRUSSELS
from app.calendar.school_year import is_school_half_day, school_year_bounds, school_year_of
from app.extensions import db
from app.models import AbsenceRegistration, Pupil, School
from app.services.absences.importing import import_absences

# Per demo pupil: (half-days counted from the start of the school year, or from the
# end (negative: -1 is yesterday's last school half-day), code as exported).
PATTERNS = {
    "L-1001": [(1, "B"), (2, "B"), (-25, "B"), (-2, "B"), (-1, "B"), (-40, "D"), (-39, "Z")],
    "L-1002": [(n, "Z") for n in (5, 6, 30, 31, 32, 60, 61, -12, -11, -10)]
    + [(-30, "D"), (-29, "D"), (-3, "B"), (-7, "D")],
    "L-1003": [(10, "R"), (11, "R"), (-15, "P"), (-9, "L"), (-4, "L")],
    "L-1004": [(20, "Z"), (21, "Z"), (-6, "-")],
    "S-2001": [(n, "Z") for n in range(-30, -10)] + [(-5, "-"), (-4, "B")],
    "S-2002": [(15, "B"), (-8, "B"), (-7, "B")],
}


def _half_days(today) -> list[tuple]:
    first, _ = school_year_bounds(school_year_of(today))
    found, day = [], first
    while day < today:
        for half in ("am", "pm"):
            if is_school_half_day(day, half):
                found.append((day, half))
        day += timedelta(days=1)
    return found


def load_demo_absences() -> dict[int, int]:
    """{school id: rows imported} for the demo schools without registrations yet."""
    today = clock.now().astimezone(BRUSSELS).date()
    slots = _half_days(today)
    if len(slots) < 10:
        return {}  # the first days of a school year: too early to show anything
    rows_by_school: dict[int, list[str]] = {}
    pupils = db.session.execute(
        select(Pupil.external_id, Pupil.school_id).where(Pupil.external_id.in_(list(PATTERNS)))
    ).all()
    for external_id, school_id in pupils:
        seen = set()
        for position, code in PATTERNS[external_id]:
            index = position - 1 if position > 0 else len(slots) + position
            if 0 <= index < len(slots) and index not in seen:
                seen.add(index)
                day, half = slots[index]
                line = f"{external_id},{day.isoformat()},{half},{code},"
                rows_by_school.setdefault(school_id, []).append(line)
    loaded = {}
    for school_id, rows in sorted(rows_by_school.items()):
        if (
            db.session.scalar(
                select(AbsenceRegistration.id).where(AbsenceRegistration.school_id == school_id).limit(1)
            )
            is not None
        ):
            continue
        if db.session.get(School, school_id) is None:
            continue
        content = ("external_id,date,half_day,code,note\n" + "\n".join(rows) + "\n").encode()
        report = import_absences(None, school_id, io.BytesIO(content), "csv", filename="demo.csv")
        loaded[school_id] = report.rows
    return loaded
