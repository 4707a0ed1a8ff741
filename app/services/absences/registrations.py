"""Use cases that read absences: a pupil's registrations and warning signs, a school's statistics."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_year import school_year_bounds, school_year_of
from app.extensions import db
from app.models import AbsenceRegistration, Pupil
from app.services.absences import facts as absence_facts
from app.services.absences import settings as absence_settings
from app.services.absences.signals import Signal, evaluate, evaluation_day
from app.services.access import Actor, in_scope
from app.services.audit import audit
from app.services.errors import Invalid
from app.services.paging import paginate
from app.services.pupils import get_pupil
from app.services.schools import school_in_scope
from app.services.transaction import writing
from app.vocabulary import AbsenceCode, AuditAction

REG = AbsenceRegistration
# Pupils per number of B half-days in the school year: [low, high) — "5-9" holds the 5-B signal.
B_BANDS = ((0, 5), (5, 10), (10, 20), (20, 30), (30, None))
GRADE = re.compile(r"^\s*(\d+)")
DEPARTED = "vertrokken"


def today():
    return clock.today()


def resolve_school_year(label: str | None) -> str:
    """The school year asked for, or the current one."""
    if not label:
        return school_year_of(today())
    try:
        school_year_bounds(label)
    except ValueError:
        raise Invalid(
            "Ongeldig schooljaar.",
            {"school_year": ["Geef een schooljaar als 2026-2027 (1 september tot 31 augustus)."]},
        ) from None
    return label


def totals(rows) -> dict[str, int]:
    """{code: count} in the order of the codes (A R Z H P M B L -), only codes that occur."""
    found = dict(tuple(row) for row in rows)  # rows may be a Result, whose keys() are its columns
    return {code.value: found[code] for code in AbsenceCode if found.get(code)}


@dataclass
class PupilAbsences:
    pupil_id: int
    school_year: str
    items: list
    total: int
    totals: dict


def pupil_absences(
    actor: Actor, pupil_id: int, school_year: str | None, *, page=1, per_page=400
) -> PupilAbsences:
    """A pupil's registrations in a school year, as far as the actor may see them
    (registrations stay with the school that made them)."""
    pupil = get_pupil(actor, pupil_id, audited=False)
    year = resolve_school_year(school_year)
    first, last = school_year_bounds(year)
    where = (REG.pupil_id == pupil.id, REG.day.between(first, last), in_scope(REG.school_id, actor))
    items, total = paginate(select(REG).where(*where).order_by(REG.day, REG.half_day), page, per_page)
    counts = totals(db.session.execute(select(REG.code, func.count()).where(*where).group_by(REG.code)))
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.ABSENCES_READ, "pupil", pupil.id, detail=year)
    return PupilAbsences(pupil.id, year, items, total, counts)


@dataclass
class PupilSignals:
    pupil_id: int
    school_year: str
    compulsory: bool
    b_count: int
    totals: dict
    signals: list[Signal] = field(default_factory=list)


def pupil_signals(actor: Actor, pupil_id: int, school_year: str | None) -> PupilSignals:
    """The warning signs about a pupil, with the thresholds of the pupil's school."""
    pupil = get_pupil(actor, pupil_id, audited=False)
    year = resolve_school_year(school_year)
    settings = absence_settings.effective(pupil.school_id)
    facts = absence_facts.load(
        [pupil],
        year,
        in_scope(REG.school_id, actor),
        settings.thresholds,
        absence_facts.days_off(pupil.school_id),
    )[pupil.id]
    now = today()
    signals = evaluate(facts, settings.thresholds, now, police_protocol=settings.police_protocol)
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.SIGNALS_READ, "pupil", pupil.id, detail=year)
    return PupilSignals(
        pupil.id,
        year,
        pupil_is_compulsory(pupil, evaluation_day(year, now)),
        facts.b_count,
        totals(facts.codes.items()),
        signals,
    )


def _band(b: int) -> str:
    for low, high in B_BANDS:
        if high is None or b < high:
            return f"{low}+" if high is None else f"{low}-{high - 1}"
    raise AssertionError(b)


def _grade(class_name: str | None) -> str:
    match = GRADE.match(class_name or "")
    return match.group(1) if match else "onbekend"


def school_statistics(actor: Actor, school_id: int, school_year: str | None) -> dict:
    """Figures for the school–CLB dialogue: pupils per band of B half-days, totals
    per code, per class and grade (today's class), per month of the school year.
    Counts the registrations this school made; a pupil who left is listed under
    'vertrokken'."""
    school = school_in_scope(actor, school_id)
    year = resolve_school_year(school_year)
    first, last = school_year_bounds(year)
    signal_b = absence_settings.effective(school.id).thresholds["signal_b"]
    here = (REG.school_id == school.id, REG.day.between(first, last))
    per_pupil: dict[int, Counter[str]] = defaultdict(Counter)
    for pupil_id, code, count in db.session.execute(
        select(REG.pupil_id, REG.code, func.count()).where(*here).group_by(REG.pupil_id, REG.code)
    ):
        per_pupil[pupil_id][code] = count
    classes = dict(
        db.session.execute(select(Pupil.id, Pupil.class_name).where(Pupil.school_id == school.id)).all()
    )
    groups = {pupil_id: classes.get(pupil_id, DEPARTED) for pupil_id in set(classes) | set(per_pupil)}

    def summary(pupil_ids) -> dict:
        counts: Counter[str] = Counter()
        for pupil_id in pupil_ids:
            counts.update(per_pupil.get(pupil_id, Counter()))
        bs = [per_pupil.get(pupil_id, Counter()).get(AbsenceCode.B, 0) for pupil_id in pupil_ids]
        return {
            "pupils": len(pupil_ids),
            "totals": totals(counts.items()),
            "pupils_with_b": sum(1 for b in bs if b),
            "pupils_at_signal": sum(1 for b in bs if b >= signal_b),
        }

    bands = Counter(_band(per_pupil.get(pupil_id, Counter()).get(AbsenceCode.B, 0)) for pupil_id in groups)
    by_class, by_grade = defaultdict(list), defaultdict(list)
    for pupil_id, class_name in groups.items():
        by_class[class_name or "zonder klas"].append(pupil_id)
        by_grade[DEPARTED if class_name == DEPARTED else _grade(class_name)].append(pupil_id)
    months: dict[str, Counter] = {
        f"{(first.year if m >= 9 else first.year + 1)}-{m:02d}": Counter()
        for m in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
    }
    for day, code, count in db.session.execute(
        select(REG.day, REG.code, func.count()).where(*here).group_by(REG.day, REG.code)
    ):
        months[f"{day.year}-{day.month:02d}"][code] += count
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.STATISTICS_READ, "school", school.id, detail=year)
    return {
        "school_id": school.id,
        "school_year": year,
        "signal_b": signal_b,
        **summary(list(groups)),
        "b_bands": [
            {
                "band": _band(low),
                "min": low,
                "max": None if high is None else high - 1,
                "pupils": bands.get(_band(low), 0),
            }
            for low, high in B_BANDS
        ],
        "per_class": [{"class_name": name, **summary(ids)} for name, ids in sorted(by_class.items())],
        "per_grade": [{"grade": grade, **summary(ids)} for grade, ids in sorted(by_grade.items())],
        "per_month": [{"month": month, "totals": totals(counts.items())} for month, counts in months.items()],
    }
