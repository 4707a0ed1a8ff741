"""The warning signs (knipperlichten) about one pupil's absences in a school year.

Each signal names the rule that raised it, the figures, the threshold, and
where the rule comes from, so a care coordinator can explain it to parents.
Thresholds are the school's (app/services/absences/settings.py), within the
legal floors kept there. Pure: the figures come in as `PupilFacts`
(app/services/absences/facts.py).

Counting rules:
- B counts (the 5-B signal, the school allowance, the police protocol) count
  the pupil's half-days with B-code at every school this school year: only
  that count moves with a pupil who changes school, not the dates;
- every other rule reads only the registrations the reader may see (their own
  school, or the schools their CLB serves);
- medical certificates are the letter D as the school's software exported it
  (`original_code`; stored as Z): D is a subset of Z, and the seed counts D;
- lateness counts the letter L as exported, also an L the school's rule turned
  into B (`late_becomes_b`);
- "speed" counts B, Z and still-unknown (-) half-days within any window of N
  school weeks (holiday weeks do not count; app/calendar/school_year.py);
- B in September/October leaves out half-days the school marked as extended
  holiday (luxeverzuim), and so does "around holidays": the school knows why;
- "same weekday" and "around holidays" count days (a date with a B or Z
  half-day), not half-days (app/services/absences/patterns.py);
- the school allowance applies from the school year that starts in the
  calendar year the child turns 6, i.e. 6 years old on 31 December of that
  school year: the age groeipakket.be judges the schooltoeslag by; the year
  before (5 on 31 December) is the last toddler year, with its own rule;
- "toddler attendance" applies in that last toddler year; attendance is the
  school half-days since 1 September (Wednesday afternoons excluded) minus the
  absences the school did not accept (B and still-unknown -): for 5-year-olds
  every accepted absence (A, Z, R, P, H, M) counts as present. Below 290 the
  primary school's class council decides: a sign to talk, not a bar. We know
  neither the enrolment date nor whether the school is a primary school: the
  rule assumes a pupil enrolled from 1 September.
"""

from dataclasses import dataclass, field
from datetime import date

from app.calendar import compulsory_education
from app.calendar.school_year import (
    count_school_half_days,
    parse_school_year,
    school_week_index,
    school_year_bounds,
)
from app.calendar.words import day_words
from app.services.absences import patterns
from app.services.absences.patterns import fastest_window
from app.services.absences.settings import ALLOWANCE_LIMIT_B
from app.services.absences.sources import SOURCES
from app.vocabulary import AbsenceCode, SignalKind, SignalRule

__all__ = ["SPEED_CODES", "PupilFacts", "Signal", "evaluate", "evaluation_day", "fastest_window"]

SPEED_CODES = frozenset({AbsenceCode.B, AbsenceCode.Z, AbsenceCode.PENDING})
PATTERN_CODES = frozenset({AbsenceCode.B, AbsenceCode.Z})
# Absences a 5-year-old's school did not accept: they do not count as present.
NOT_ACCEPTED = frozenset({AbsenceCode.B, AbsenceCode.PENDING})


@dataclass
class PupilFacts:
    """What the rules read about one pupil in one school year."""

    pupil_id: int
    birth_date: date
    school_year: str
    diploma_on: date | None = None  # a secondary-education diploma ends compulsory education
    b_count: int = 0  # at every school: the count moves with the pupil
    b_previous_year: int = 0  # at every school
    codes: dict = field(default_factory=dict)  # code → half-days, visible registrations only
    medical_certificates: int = 0  # half-days exported as D (stored as Z), visible
    late: int = 0  # half-days exported as L, visible
    late_became_b: int = 0  # of those, turned into B by the school's lateness rule
    early_b: int = 0  # B in September and October, not marked as extended holiday, visible
    early_b_extended_holiday: int = 0  # B in September and October marked as extended holiday
    # (day, half-day, code, extended holiday) of the B / Z / - half-days, sorted; only loaded
    # when the pupil has enough of them for the speed, weekday or holiday rule to matter.
    absences: list = field(default_factory=list)
    days_off: frozenset = frozenset()  # the school's own days off (for "around holidays")


@dataclass(frozen=True)
class Signal:
    rule: SignalRule
    kind: SignalKind
    message: str
    figures: dict
    threshold: int | None
    source: dict


def _signal(rule, kind, message, figures, threshold=None) -> Signal:
    entry: tuple = SOURCES[rule]
    (document, reference), section, quote = entry[0], entry[1], entry[2]
    source = {"document": document, "section": section, "quote": quote, "reference": reference}
    if len(entry) > 3:  # a note: the default is our choice, or the rule is regulation
        source["note"] = entry[3]
    return Signal(rule, kind, message, figures, threshold, source)


def half_days(n: int) -> str:
    return f"{n} halve dag" if n == 1 else f"{n} halve dagen"


def evaluation_day(school_year: str, today: date) -> date:
    """The day a school year is judged on: today, or its last day once it is over."""
    first, last = school_year_bounds(school_year)
    return min(max(today, first), last)


def is_last_toddler_year(birth_date: date, school_year: str) -> bool:
    """5 years old on 31 December of the school year's first calendar year."""
    return parse_school_year(school_year) == birth_date.year + 5


def allowance_applies(birth_date: date, school_year: str) -> bool:
    """6 or older on 31 December of the school year's first calendar year (groeipakket.be)."""
    return parse_school_year(school_year) >= birth_date.year + 6


def evaluate(
    facts: PupilFacts, thresholds: dict, today: date, *, police_protocol: str | None = None
) -> list[Signal]:
    """The signs in force. `police_protocol`: the name of the school's local police
    protocol; without one its threshold raises nothing."""
    on = evaluation_day(facts.school_year, today)
    compulsory = compulsory_education.is_compulsory(facts.birth_date, facts.diploma_on, on)
    found: list[Signal] = []
    found += _b_signal(facts, thresholds, on, compulsory)
    found += _certificates(facts, thresholds)
    found += _speed(facts, thresholds)
    found += _early_b(facts, thresholds)
    found += _lateness(facts, thresholds)
    found += _patterns(facts, thresholds)
    found += _allowance(facts, thresholds)
    if police_protocol and compulsory:
        found += _police(facts, thresholds, police_protocol)
    found += _toddler(facts, thresholds["toddler_attendance"], on)
    return found


def _b_signal(facts: PupilFacts, t: dict, on: date, compulsory: bool) -> list[Signal]:
    b, year = facts.b_count, facts.school_year
    ends = compulsory_education.last_day(facts.birth_date, facts.diploma_on)
    found = []
    if compulsory and b >= t["signal_b"]:
        found.append(
            _signal(
                SignalRule.B_SIGNAL,
                SignalKind.DUTY,
                f"{half_days(b)} met B-code in schooljaar {year} → signaal aan het CLB.",
                {"b": b, "school_year": year},
                t["signal_b"],
            )
        )
    if on > ends and b:
        found.append(
            _signal(
                SignalRule.PAST_COMPULSORY_AGE,
                SignalKind.INFO,
                f"Leerplicht eindigde op {day_words(ends)}: {half_days(b)} met B-code in schooljaar "
                f"{year}; begeleiding enkel vrijwillig, geen juridische stappen.",
                {"b": b, "compulsory_education_ended": ends.isoformat()},
            )
        )
    return found


def _certificates(facts: PupilFacts, t: dict) -> list[Signal]:
    d, b, year = facts.medical_certificates, facts.b_count, facts.school_year
    found = []
    if d >= t["medical_certificates"]:
        found.append(
            _signal(
                SignalRule.MEDICAL_CERTIFICATES,
                SignalKind.WARNING,
                f"{half_days(d)} met D-code (doktersattest) in schooljaar {year}: knipperlicht vanaf "
                f"{t['medical_certificates']}. Twijfel over een attest: eerst de ouders, dan de CLB-arts.",
                {"d": d, "school_year": year},
                t["medical_certificates"],
            )
        )
    if d >= t["d_with_b_min_d"] and b >= t["d_with_b_min_b"]:
        found.append(
            _signal(
                SignalRule.D_WITH_B,
                SignalKind.WARNING,
                f"Doktersattesten naast B-codes: {half_days(d)} met D-code en {b} met B-code in "
                f"schooljaar {year}.",
                {"d": d, "b": b},
                t["d_with_b_min_d"],
            )
        )
    return found


def _speed(facts: PupilFacts, t: dict) -> list[Signal]:
    weeks = t["speed_school_weeks"]
    days = [(school_week_index(day), day) for day, _, code, _ in facts.absences if code in SPEED_CODES]
    count, first, last = fastest_window(days, weeks)
    if count < t["speed_absences"]:
        return []
    # The threshold is at least 1 (settings.Threshold.minimum): a window was found.
    assert first is not None and last is not None
    return [
        _signal(
            SignalRule.SPEED,
            SignalKind.WARNING,
            f"Snelheid van opstapeling: {count} afwezige halve dagen (B, Z of onbekend) binnen {weeks} "
            f"schoolweken, van {day_words(first)} tot {day_words(last)}.",
            {"absences": count, "school_weeks": weeks, "from": first.isoformat(), "to": last.isoformat()},
            t["speed_absences"],
        )
    ]


def _early_b(facts: PupilFacts, t: dict) -> list[Signal]:
    n, holiday = facts.early_b, facts.early_b_extended_holiday
    if n < t["early_b"]:
        return []
    start = parse_school_year(facts.school_year)
    left_out = f" ({holiday} als luxeverzuim gemarkeerd: niet meegeteld)" if holiday else ""
    return [
        _signal(
            SignalRule.EARLY_B,
            SignalKind.WARNING,
            f"{half_days(n)} met B-code in september–oktober {start}{left_out}: voorspeller van "
            "oplopende afwezigheden; volg de eerste B-codes intensief op.",
            {"b_september_october": n, "extended_holiday_left_out": holiday},
            t["early_b"],
        )
    ]


def _lateness(facts: PupilFacts, t: dict) -> list[Signal]:
    n, became_b = facts.late, facts.late_became_b
    if n < t["frequent_lateness"]:
        return []
    turned = f", waarvan {became_b} een B-code werden volgens de regel van de school" if became_b else ""
    return [
        _signal(
            SignalRule.FREQUENT_LATENESS,
            SignalKind.WARNING,
            f"{n} keer te laat in schooljaar {facts.school_year}{turned}: knipperlicht vanaf "
            f"{t['frequent_lateness']}.",
            {"late": n, "late_became_b": became_b, "school_year": facts.school_year},
            t["frequent_lateness"],
        )
    ]


def _patterns(facts: PupilFacts, t: dict) -> list[Signal]:
    found = []
    days = {day for day, _, code, _ in facts.absences if code in PATTERN_CODES}
    weekday, count, total = patterns.same_weekday(days)
    if weekday is not None and count >= t["same_weekday_days"]:
        found.append(
            _signal(
                SignalRule.SAME_WEEKDAY,
                SignalKind.WARNING,
                f"Afwezig (B of Z) op {count} verschillende {patterns.WEEKDAYS_PLURAL[weekday]}: {count} van "
                f"de {total} afwezige dagen in schooljaar {facts.school_year}.",
                {"weekday": patterns.WEEKDAYS[weekday], "days": count, "absent_days": total},
                t["same_weekday_days"],
            )
        )
    explained = {day for day, _, code, holiday in facts.absences if code in PATTERN_CODES and holiday}
    near = patterns.around_breaks(days - explained, facts.days_off)
    if len(near) >= t["around_holidays"]:
        found.append(
            _signal(
                SignalRule.AROUND_HOLIDAYS,
                SignalKind.WARNING,
                f"{len(near)} keer afwezig (B of Z) op de schooldag vlak voor of na een vakantie of lang "
                f"weekend: {', '.join(day_words(day) for day in near)}.",
                {"days": len(near), "dates": [day.isoformat() for day in near]},
                t["around_holidays"],
            )
        )
    return found


def _allowance(facts: PupilFacts, t: dict) -> list[Signal]:
    if not allowance_applies(facts.birth_date, facts.school_year):
        return []
    b, previous, year, limit = facts.b_count, facts.b_previous_year, facts.school_year, ALLOWANCE_LIMIT_B
    figures = {"b": b, "b_previous_year": previous, "school_year": year}
    if b >= limit:
        consequence = (
            f"ook vorig schooljaar ({previous}): de schooltoeslag gaat verloren voor dit schooljaar"
            if previous >= limit
            else f"haalt de leerling ook volgend schooljaar {limit}, dan gaat de schooltoeslag verloren"
        )
        message = f"{half_days(b)} met B-code in schooljaar {year}: wettelijke grens van {limit} bereikt; "
        return [
            _signal(
                SignalRule.SCHOOL_ALLOWANCE, SignalKind.WARNING, f"{message}{consequence}.", figures, limit
            )
        ]
    if b < t["allowance_warning_b"]:
        return []
    stake = (
        f"; vorig schooljaar waren het er {previous}: bij {limit} gaat de schooltoeslag verloren"
        if previous >= limit
        else ""
    )
    return [
        _signal(
            SignalRule.SCHOOL_ALLOWANCE,
            SignalKind.WARNING,
            f"{half_days(b)} met B-code in schooljaar {year}: de wettelijke grens van {limit} voor de "
            f"schooltoeslag komt dichtbij{stake}.",
            figures,
            t["allowance_warning_b"],
        )
    ]


def _police(facts: PupilFacts, t: dict, protocol: str) -> list[Signal]:
    b, threshold = facts.b_count, t.get("police_protocol_b")
    if not threshold or b < threshold:
        return []
    return [
        _signal(
            SignalRule.POLICE_PROTOCOL,
            SignalKind.WARNING,
            f"{half_days(b)} met B-code in schooljaar {facts.school_year}: drempel ({threshold}) van het "
            f"lokale politieprotocol “{protocol}” bereikt.",
            {"b": b, "protocol": protocol},
            threshold,
        )
    ]


def _toddler(facts: PupilFacts, needed: int, on: date) -> list[Signal]:
    if not is_last_toddler_year(facts.birth_date, facts.school_year):
        return []
    first, last = school_year_bounds(facts.school_year)
    elapsed = count_school_half_days(first, on)
    if not elapsed:
        return []
    remaining = count_school_half_days(on, last) - count_school_half_days(on, on)
    not_accepted = sum(facts.codes.get(code, 0) for code in NOT_ACCEPTED)
    attended = max(elapsed - not_accepted, 0)
    reachable = attended + remaining
    projected = round(attended / elapsed * (elapsed + remaining))
    figures = {
        "attended": attended,
        "not_accepted": not_accepted,
        "school_half_days_so_far": elapsed,
        "remaining": remaining,
        "reachable": reachable,
        "projected": projected,
        "needed": needed,
    }
    if reachable < needed:
        outlook = f"ook met volle aanwezigheid wordt het hoogstens {reachable} van de {needed}"
    elif projected < needed:
        outlook = f"aan dit tempo wordt het ongeveer {projected} van de {needed}"
    else:
        return []
    message = (
        f"Laatste kleuterjaar: {attended} van {elapsed} halve dagen aanwezig (afwezigheden die de school "
        f"aanvaardde tellen als aanwezig); {outlook}, de norm voor de instap in het lager onderwijs. "
        "Daaronder beslist de klassenraad van de lagere school over de toelating: geen harde grens."
    )
    return [_signal(SignalRule.TODDLER_ATTENDANCE, SignalKind.WARNING, message, figures, needed)]
