"""The warning signs (knipperlichten) about one pupil's absences in a school year.

Each signal names the rule that raised it, the figures, the threshold, and
where the rule comes from, so a care coordinator can explain it to parents.
Thresholds are the school's (app/services/absences/settings.py). Pure: the
figures come in as `PupilFacts` (app/services/absences/facts.py).

Counting rules:
- B counts (the 5-B signal, the school allowance, the police protocol) count
  the pupil's B half-days at every school this school year: only that count
  moves with a pupil who changes school, not the dates;
- every other rule reads only the registrations the reader may see (their own
  school, or the schools their CLB serves);
- "speed" counts B, Z and still-unknown (-) half-days within any window of N
  school weeks (holiday weeks do not count; app/calendar/school_year.py);
- "toddler attendance" applies to a pupil in the school year that starts in
  the calendar year they turn 5 (the last toddler year); attendance is the
  school half-days since 1 September (Wednesday afternoons excluded) minus
  every absent half-day (any code but L). We know neither the enrolment date
  nor whether the school is a primary school: the rule assumes a pupil
  enrolled from 1 September.
"""

from dataclasses import dataclass, field
from datetime import date

from app.calendar import compulsory_education
from app.calendar.school_year import count_school_half_days, parse_school_year, school_year_bounds
from app.vocabulary import AbsenceCode, SignalKind, SignalRule

SEED_DIALOGUE = (
    "Dialoogdocument aanwezigheidsbeleid op school (PLG Samen tegen schooluitval, Brussel en Vlaams-Brabant)",
    "seeds/001_dc7eb8f1eb325aa8.txt",
)
SEED_PHASES = (
    "Fase 0 en fase 1 bij spijbelen en afwezigheden (CLB, presentatie 17/11/2023)",
    "seeds/000_32e939cdea7a1057.txt",
)
DOMAIN = ("Domeinnota Zorgpad (shared/domain.md), naar vlaanderen.be en het Groeipakket", "domain.md")

SOURCES = {
    SignalRule.B_SIGNAL: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB",
        "Regelgeving: school signaleert vanaf 5 B-codes aan het CLB",
    ),
    SignalRule.MANY_Z: (
        SEED_PHASES,
        "Specifieke leerlingenbespreking",
        "Aantal D-codes als knipperlicht (bv. 20 D-codes); D is sinds 2019 Z",
    ),
    SignalRule.SPEED: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB, knipperlichten",
        "De snelheid/de tijdsspanne waarin afwezigheden zich op korte termijn opstapelen, "
        "vb. 20 afwezigheden in 6 maanden versus 20 afwezigheden in zes weken",
    ),
    SignalRule.EARLY_B: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB, knipperlichten",
        "Problematische afwezigheden in september en oktober zijn een belangrijke "
        "voorspeller voor een hoger oplopend aantal afwezigheden",
    ),
    SignalRule.Z_WITH_B: (
        SEED_PHASES,
        "Specifieke leerlingenbespreking",
        "Andere signalen: herhaaldelijke korte afwezigheden, D-codes in combinatie met B-codes",
    ),
    SignalRule.SCHOOL_ALLOWANCE: (
        DOMAIN,
        "Thresholds",
        "30 B-halve dagen in twee opeenvolgende schooljaren: verlies van de schooltoeslag in het tweede jaar",
    ),
    SignalRule.PAST_COMPULSORY_AGE: (
        SEED_DIALOGUE,
        "2 Doorverwijzing naar het CLB",
        "De begeleiding situeert zich dan wel in een vrijwilliger minder "
        "aanklampend kader, aangezien er geen leerplicht meer geldt",
    ),
    SignalRule.TODDLER_ATTENDANCE: (
        DOMAIN,
        "Thresholds",
        "Kleuters: 290 halve dagen aanwezigheid nodig om naar het lager onderwijs te gaan",
    ),
    SignalRule.POLICE_PROTOCOL: (
        DOMAIN,
        "Thresholds",
        "Lokale politieprotocollen hebben eigen drempels (bv. 30 halve dagen in Gent, 11 in Oostende)",
    ),
}
SPEED_CODES = frozenset({AbsenceCode.B, AbsenceCode.Z, AbsenceCode.PENDING})


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
    early_b: int = 0  # B in September and October, visible registrations
    # (school week index, day) of B / Z / - half-days, sorted; only loaded when
    # the pupil has enough of them for the speed rule to matter.
    speed_days: list = field(default_factory=list)

    @property
    def absent(self) -> int:
        return sum(n for code, n in self.codes.items() if code != AbsenceCode.LATE)


@dataclass(frozen=True)
class Signal:
    rule: SignalRule
    kind: SignalKind
    message: str
    figures: dict
    threshold: int | None
    source: dict


def _signal(rule, kind, message, figures, threshold=None) -> Signal:
    (document, reference), section, quote = SOURCES[rule]
    return Signal(
        rule,
        kind,
        message,
        figures,
        threshold,
        {"document": document, "section": section, "quote": quote, "reference": reference},
    )


def evaluation_day(school_year: str, today: date) -> date:
    """The day a school year is judged on: today, or its last day once it is over."""
    first, last = school_year_bounds(school_year)
    return min(max(today, first), last)


def fastest_window(speed_days: list[tuple[int, date]], weeks: int) -> tuple[int, date | None, date | None]:
    """The most absent half-days within `weeks` consecutive school weeks: (count, first, last)."""
    best, first, last = 0, None, None
    start = 0
    for end, (week, day) in enumerate(speed_days):
        while week - speed_days[start][0] >= weeks:
            start += 1
        if end - start + 1 > best:
            best, first, last = end - start + 1, speed_days[start][1], day
    return best, first, last


def is_last_toddler_year(birth_date: date, school_year: str) -> bool:
    return parse_school_year(school_year) == birth_date.year + 5


def evaluate(facts: PupilFacts, thresholds: dict, today: date) -> list[Signal]:
    year, on = facts.school_year, evaluation_day(facts.school_year, today)
    t = thresholds
    found: list[Signal] = []
    ends = compulsory_education.last_day(facts.birth_date, facts.diploma_on)
    compulsory = compulsory_education.is_compulsory(facts.birth_date, facts.diploma_on, on)
    z, b = facts.codes.get(AbsenceCode.Z, 0), facts.b_count
    if compulsory and b >= t["signal_b"]:
        found.append(
            _signal(
                SignalRule.B_SIGNAL,
                SignalKind.DUTY,
                f"{b} B-codes in schooljaar {year} → signaal aan het CLB.",
                {"b": b, "school_year": year},
                t["signal_b"],
            )
        )
    if on > ends and b:
        found.append(
            _signal(
                SignalRule.PAST_COMPULSORY_AGE,
                SignalKind.INFO,
                f"Leerplicht eindigde op {ends:%d/%m/%Y}: {b} B-codes in schooljaar "
                f"{year}; begeleiding enkel vrijwillig, geen juridische stappen.",
                {"b": b, "compulsory_education_ended": ends.isoformat()},
            )
        )
    if z >= t["many_z"]:
        found.append(
            _signal(
                SignalRule.MANY_Z,
                SignalKind.WARNING,
                f"{z} Z-codes (ziekte) in schooljaar {year}: knipperlicht vanaf {t['many_z']}.",
                {"z": z, "school_year": year},
                t["many_z"],
            )
        )
    count, first, last = fastest_window(facts.speed_days, t["speed_school_weeks"])
    if count >= t["speed_absences"]:
        # The threshold is at least 1 (settings.Threshold.minimum): a window was found.
        assert first is not None and last is not None
        found.append(
            _signal(
                SignalRule.SPEED,
                SignalKind.WARNING,
                f"{count} afwezige halve dagen (B, Z of onbekend) binnen "
                f"{t['speed_school_weeks']} schoolweken, van {first:%d/%m/%Y} tot "
                f"{last:%d/%m/%Y}.",
                {
                    "absences": count,
                    "school_weeks": t["speed_school_weeks"],
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                },
                t["speed_absences"],
            )
        )
    if facts.early_b >= t["early_b"]:
        start = parse_school_year(year)
        found.append(
            _signal(
                SignalRule.EARLY_B,
                SignalKind.WARNING,
                f"{facts.early_b} B-codes in september–oktober {start}: voorspeller van "
                "oplopende afwezigheden; volg de eerste B-codes intensief op.",
                {"b_september_october": facts.early_b},
                t["early_b"],
            )
        )
    if z >= t["z_with_b_min_z"] and b >= t["z_with_b_min_b"]:
        found.append(
            _signal(
                SignalRule.Z_WITH_B,
                SignalKind.WARNING,
                f"Z naast B: {z} Z-codes en {b} B-codes in schooljaar {year}.",
                {"z": z, "b": b},
                t["z_with_b_min_z"],
            )
        )
    found.extend(_allowance(facts, t))
    if t.get("police_protocol_b") and b >= t["police_protocol_b"]:
        found.append(
            _signal(
                SignalRule.POLICE_PROTOCOL,
                SignalKind.WARNING,
                f"{b} B-codes in schooljaar {year}: drempel van het lokale politieprotocol "
                f"({t['police_protocol_b']}) bereikt.",
                {"b": b},
                t["police_protocol_b"],
            )
        )
    toddler = _toddler(facts, t["toddler_attendance"], on)
    if toddler:
        found.append(toddler)
    return found


def _allowance(facts: PupilFacts, t: dict) -> list[Signal]:
    b, year, limit = facts.b_count, facts.school_year, t["allowance_b"]
    figures = {"b": b, "b_previous_year": facts.b_previous_year, "school_year": year}
    if b >= limit:
        consequence = (
            f"ook vorig schooljaar ({facts.b_previous_year}): de schooltoeslag gaat verloren"
            if facts.b_previous_year >= limit
            else f"haalt de leerling ook volgend schooljaar {limit}, dan gaat de schooltoeslag verloren"
        )
        return [
            _signal(
                SignalRule.SCHOOL_ALLOWANCE,
                SignalKind.WARNING,
                f"{b} B-codes in schooljaar {year}: grens van {limit} bereikt; {consequence}.",
                figures,
                limit,
            )
        ]
    if b >= t["allowance_warning_b"]:
        return [
            _signal(
                SignalRule.SCHOOL_ALLOWANCE,
                SignalKind.WARNING,
                f"{b} B-codes in schooljaar {year}: de grens van {limit} voor de schooltoeslag komt "
                "dichtbij.",
                figures,
                t["allowance_warning_b"],
            )
        ]
    return []


def _toddler(facts: PupilFacts, needed: int, on: date) -> Signal | None:
    if not is_last_toddler_year(facts.birth_date, facts.school_year):
        return None
    first, last = school_year_bounds(facts.school_year)
    elapsed = count_school_half_days(first, on)
    if not elapsed:
        return None
    remaining = count_school_half_days(on, last) - count_school_half_days(on, on)
    attended = max(elapsed - facts.absent, 0)
    reachable = attended + remaining
    projected = round(attended / elapsed * (elapsed + remaining))
    figures = {
        "attended": attended,
        "school_half_days_so_far": elapsed,
        "remaining": remaining,
        "reachable": reachable,
        "projected": projected,
        "needed": needed,
    }
    if reachable < needed:
        message = (
            f"Laatste kleuterjaar: {attended} halve dagen aanwezig; ook met volle aanwezigheid "
            f"wordt het hoogstens {reachable} van de {needed} nodig voor het lager onderwijs."
        )
    elif projected < needed:
        message = (
            f"Laatste kleuterjaar: {attended} van {elapsed} halve dagen aanwezig; aan dit tempo "
            f"wordt het ongeveer {projected} van de {needed} nodig voor het lager onderwijs."
        )
    else:
        return None
    return _signal(SignalRule.TODDLER_ATTENDANCE, SignalKind.WARNING, message, figures, needed)
