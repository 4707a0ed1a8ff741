"""A pupil's absences at a glance, for the pupil's and the case's pages: per
month and code, the totals, the warning signs (each with its rule, figures and
source). One read, audited once."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app import clock
from app.calendar.compulsory_education import pupil_is_compulsory
from app.calendar.school_year import school_year_bounds, school_year_of
from app.extensions import db
from app.models import AbsenceRegistration, Case, Pupil
from app.services.absences import facts as absence_facts
from app.services.absences import settings as absence_settings
from app.services.absences.registrations import resolve_school_year, today, totals
from app.services.absences.signals import Signal, evaluate, evaluation_day
from app.services.access import Actor, case_in_scope, in_scope
from app.services.audit import audit
from app.services.pupils import get_pupil
from app.services.transaction import writing
from app.vocabulary import AbsenceCode, AuditAction

REG = AbsenceRegistration
MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)


@dataclass
class PupilOverview:
    pupil_id: int
    school_year: str
    compulsory: bool
    b_count: int  # moves with the pupil: every school's B half-days
    totals: dict  # what the reader may see: the registrations of its schools
    months: list[dict]  # [{"month": "2026-09", "codes": {"B": 2}}], the school year's twelve
    signals: list[Signal] = field(default_factory=list)
    school_years: list[str] = field(default_factory=list)  # to choose from

    @property
    def codes(self) -> list[str]:
        """The codes that occur, in the order of the codes."""
        seen = {code for month in self.months for code in month["codes"]}
        return [code.value for code in AbsenceCode if code.value in seen]


def month_keys(school_year: str) -> list[str]:
    first, _ = school_year_bounds(school_year)
    return [f"{first.year if m >= 9 else first.year + 1}-{m:02d}" for m in MONTHS]


def pupil_overview(actor: Actor, pupil_id: int, school_year: str | None = None) -> PupilOverview:
    pupil = get_pupil(actor, pupil_id, audited=False)
    year = resolve_school_year(school_year)
    first, last = school_year_bounds(year)
    visible = in_scope(REG.school_id, actor)
    months: dict[str, dict[str, int]] = {key: {} for key in month_keys(year)}  # code -> half-days
    for day, code, count in db.session.execute(
        select(REG.day, REG.code, func.count())
        .where(REG.pupil_id == pupil.id, REG.day.between(first, last), visible)
        .group_by(REG.day, REG.code)
    ):
        codes = months[f"{day.year}-{day.month:02d}"]
        codes[code] = codes.get(code, 0) + count
    settings = absence_settings.effective(pupil.school_id)
    facts = absence_facts.load(
        [pupil], year, visible, settings.thresholds, absence_facts.days_off(pupil.school_id)
    )[pupil.id]
    now = today()
    current = school_year_of(now)
    start = int(current[:4])
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.ABSENCES_READ, "pupil", pupil.id, detail=year)
    return PupilOverview(
        pupil.id,
        year,
        pupil_is_compulsory(pupil, evaluation_day(year, now)),
        facts.b_count,
        totals(facts.codes.items()),
        [{"month": key, "codes": totals(codes.items())} for key, codes in months.items()],
        evaluate(facts, settings.thresholds, now, police_protocol=settings.police_protocol),
        [f"{y}-{y + 1}" for y in range(start, start - 3, -1)],
    )


def case_pupils(actor: Actor, case_ids: list[int]) -> dict[int, str]:
    """{case id: the pupil's name} for the cases an import touched, as far as the actor sees them."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(Case.id, Pupil.first_name, Pupil.last_name)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(Case.id.in_(case_ids[:1000]), case_in_scope(Case.id, actor))
    )
    return {case_id: f"{first} {last}" for case_id, first, last in rows}
