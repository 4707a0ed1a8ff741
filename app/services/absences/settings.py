"""A school's absence thresholds, meeting cadence, local police protocol and lateness rule.

The thresholds drive the warning signs (app/services/absences/signals.py), the
meeting agenda and the signal to the CLB. Defaults below come from
../shared/domain.md and the source documents; a school stores only what it
changes (school_absence_settings.thresholds), so a better default later
reaches every school that did not choose otherwise.

Legal floors are not settings: the 5-B signal to the CLB (a school may set
`signal_b` lower, never higher) and the schooltoeslag's limit of 30 (a school
sets only its warning before it) are the constants below, checked here for
every door (API, web page). A police protocol's threshold has no default: it
counts only when the school names the protocol it works under.
"""

from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select

from app import clock
from app.calendar.school_days import is_school_day
from app.extensions import db
from app.models import AbsenceMeeting, School, SchoolAbsenceSettings
from app.services.access import Actor
from app.services.audit import audit
from app.services.calendar.functions import days_off
from app.services.errors import Forbidden, Invalid
from app.services.schools import school_in_scope
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, LateRule, MeetingCadence, Role

# Legal floors (regulation, not settings). A school may act earlier, never later.
# The 5-B signal: from 5 half-days with B-code in a school year (consecutive or
# not) the school signals the CLB (seed 001 §2, "Regelgeving"): the default of
# `signal_b` and its maximum.
SIGNAL_FLOOR_B = 5
# The schooltoeslag (groeipakket.be): from 6 years at most 29 half-days with
# B-code a school year; 30 or more in two consecutive school years loses the
# allowance in the second. The school sets only the warning before it.
ALLOWANCE_LIMIT_B = 30
# When a late arrival becomes B after "one lesson hour": a Flemish lesson hour.
LESSON_HOUR_MINUTES = 50
LATE_MINUTES_MAX = 240
POLICE_PROTOCOL_MAX = 200


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int | None
    title: str
    maximum: int = 400
    minimum: int = 1
    # Why `maximum` is a rule and not a range: said when a higher value is refused.
    ceiling: str | None = None


SIGNAL_CEILING = (
    f"Hoogstens {SIGNAL_FLOOR_B}: vanaf {SIGNAL_FLOOR_B} halve dagen met B-code signaleert de school "
    "wettelijk aan het CLB; lager mag (vroeger signaleren)."
)
ALLOWANCE_CEILING = (
    f"Hoogstens {ALLOWANCE_LIMIT_B - 1}: vanaf {ALLOWANCE_LIMIT_B} halve dagen met B-code in twee "
    "opeenvolgende schooljaren gaat de schooltoeslag wettelijk verloren; de waarschuwing komt ervoor."
)

THRESHOLDS = (
    Threshold(
        "signal_b",
        SIGNAL_FLOOR_B,
        f"Halve dagen met B-code in een schooljaar: signaal aan het CLB (wettelijk, hoogstens {SIGNAL_FLOOR_B})",
        maximum=SIGNAL_FLOOR_B,
        ceiling=SIGNAL_CEILING,
    ),
    # An import that brings in an older B episode (a whole year at once, a late
    # registration) counts it but starts no parents' contact for it any more.
    Threshold(
        "followup_window_days",
        14,
        "Dagen na een B-episode waarbinnen een import nog de opvolging "
        "start (ouders contacteren, gesprek bij terugkeer)",
        maximum=366,
    ),
    Threshold(
        "medical_certificates", 20, "Halve dagen met D-code (doktersattest) in een schooljaar: knipperlicht"
    ),
    Threshold("d_with_b_min_d", 3, "D naast B: minstens zoveel halve dagen met D-code (doktersattest)"),
    Threshold("d_with_b_min_b", 1, "D naast B: minstens zoveel halve dagen met B-code"),
    Threshold(
        "speed_absences",
        20,
        "Snelheid van opstapeling: afwezige halve dagen (B, Z of nog onbekend) binnen het aantal schoolweken",
    ),
    Threshold(
        "speed_school_weeks",
        6,
        "Snelheid van opstapeling: het aantal schoolweken waarbinnen geteld wordt",
        maximum=40,
    ),
    Threshold("early_b", 1, "Halve dagen met B-code in september en oktober (luxeverzuim niet meegeteld)"),
    Threshold("frequent_lateness", 10, "Keren te laat (L) in een schooljaar: knipperlicht"),
    Threshold("same_weekday_days", 4, "Afwezige dagen (B of Z) op eenzelfde weekdag", minimum=2),
    Threshold("around_holidays", 2, "Afwezige dagen (B of Z) vlak voor of na een vakantie of lang weekend"),
    Threshold(
        "allowance_warning_b",
        25,
        f"Halve dagen met B-code: waarschuwing voor de schooltoeslag (de wettelijke grens is {ALLOWANCE_LIMIT_B})",
        maximum=ALLOWANCE_LIMIT_B - 1,
        ceiling=ALLOWANCE_CEILING,
    ),
    Threshold(
        "toddler_attendance",
        290,
        "Halve dagen aanwezigheid van een kleuter in het laatste kleuterjaar (norm voor het lager onderwijs)",
    ),
    # No default: a figure belongs to a local police protocol, and the sources give
    # none; it counts only when the school names its protocol (`police_protocol`).
    Threshold(
        "police_protocol_b", None, "Halve dagen met B-code volgens het lokale politieprotocol (als er een is)"
    ),
)
DEFAULTS = {t.key: t.default for t in THRESHOLDS}
BY_KEY = {t.key: t for t in THRESHOLDS}
DEFAULT_CADENCE = MeetingCadence.MONTHLY
EDITORS = frozenset({Role.DIRECTIE})
EDITORS_ONLY = "Enkel de directie van de school wijzigt de drempels en het ritme van het overleg."
PROTOCOL_FIRST = (
    "Enkel onder een lokaal politieprotocol: geef eerst de naam van het protocol waaronder de school werkt."
)
MINUTES_NEEDED = f"Geef na hoeveel minuten te laat een B-code wordt (1 tot {LATE_MINUTES_MAX})."


@dataclass(frozen=True)
class SchoolSettings:
    school_id: int
    thresholds: dict
    overrides: dict
    meeting_cadence: str
    last_meeting_on: date | None = None
    # The local police protocol's name, None when the school works under none.
    police_protocol: str | None = None
    late_becomes_b: str = LateRule.NONE
    late_becomes_b_minutes: int | None = None
    # The school's own days off, so the next meeting falls on a school day.
    days_off: frozenset = frozenset()

    @property
    def defaults(self) -> dict:
        return DEFAULTS

    @property
    def legal(self) -> dict:
        """The figures that are regulation, not settings."""
        return {"signal_b_max": SIGNAL_FLOOR_B, "allowance_b": ALLOWANCE_LIMIT_B}

    @property
    def late_b_after_minutes(self) -> int | None:
        """From how many minutes late an L becomes B; None: it stays L."""
        if self.late_becomes_b == LateRule.LESSON_HOUR:
            return LESSON_HOUR_MINUTES
        if self.late_becomes_b == LateRule.MINUTES:
            return self.late_becomes_b_minutes
        return None

    @property
    def next_meeting_due(self) -> date | None:
        if self.last_meeting_on is None:
            return None
        return next_meeting_after(self.last_meeting_on, self.meeting_cadence, self.days_off)


def next_meeting_after(day: date, cadence: str, days_off: frozenset = frozenset()) -> date:
    """Two weeks or a month on, moved to the next school day (never a weekend, a
    holiday or one of the school's own days off)."""
    if cadence == MeetingCadence.BIWEEKLY:
        due = day + timedelta(days=14)
    else:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        due = date(year, month, min(day.day, monthrange(year, month)[1]))
    while not is_school_day(due, days_off):
        due += timedelta(days=1)
    return due


def effective(school_id: int) -> SchoolSettings:
    """The thresholds a school works with (its own choices over the defaults).
    `police_protocol` is the protocol's name or None (the signed spijbelactieplan
    follows it); without a protocol its threshold is off."""
    row = db.session.get(SchoolAbsenceSettings, school_id)
    if row is None:
        return SchoolSettings(school_id, dict(DEFAULTS), {}, DEFAULT_CADENCE)
    overrides = {key: value for key, value in (row.thresholds or {}).items() if key in DEFAULTS}
    thresholds = {**DEFAULTS, **overrides}
    if not row.police_protocol:
        thresholds["police_protocol_b"] = None
    return SchoolSettings(
        school_id,
        thresholds,
        overrides,
        row.meeting_cadence,
        police_protocol=row.police_protocol or None,
        late_becomes_b=row.late_becomes_b or LateRule.NONE,
        late_becomes_b_minutes=row.late_becomes_b_minutes,
    )


def _with_last_meeting(settings: SchoolSettings) -> SchoolSettings:
    last = db.session.scalar(
        select(func.max(AbsenceMeeting.held_on)).where(AbsenceMeeting.school_id == settings.school_id)
    )
    return replace(settings, last_meeting_on=last, days_off=days_off(settings.school_id))


def get_settings(actor: Actor, school_id: int) -> SchoolSettings:
    """For the school's staff and its CLB."""
    school = school_in_scope(actor, school_id)
    settings = _with_last_meeting(effective(school.id))
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.ABSENCE_SETTINGS_READ, "school", school.id)
    return settings


def may_change(actor: Actor) -> bool:
    """The school's own directie (the school itself is checked by scope)."""
    return actor.lane == Lane.SCHOOL and actor.has_any(EDITORS)


def require_editor(actor: Actor, school_id: int) -> School:
    """The school if the actor may change its settings: 404 out of scope, else 403."""
    school = school_in_scope(actor, school_id)
    if not may_change(actor):
        raise Forbidden(EDITORS_ONLY)
    return school


def update_settings(actor: Actor, school_id: int, changes: dict) -> SchoolSettings:
    """The director sets thresholds (null: back to the default), the cadence, the
    local police protocol's name (null or empty: none) and when a late arrival becomes B."""
    school = require_editor(actor, school_id)
    now = clock.now()
    with writing() as session:
        row = session.get(SchoolAbsenceSettings, school.id)
        if row is None:
            row = SchoolAbsenceSettings(
                school_id=school.id,
                thresholds={},
                meeting_cadence=DEFAULT_CADENCE,
                late_becomes_b=LateRule.NONE,
            )
            session.add(row)
        before = {key: value for key, value in (row.thresholds or {}).items() if key in DEFAULTS}
        other_before = _others(row)
        overrides = dict(before)
        sent = changes.get("thresholds") or {}
        for key, value in sent.items():
            if value is None or value == DEFAULTS[key]:
                overrides.pop(key, None)
            else:
                overrides[key] = value
        if "police_protocol" in changes:
            row.police_protocol = (changes["police_protocol"] or "").strip() or None
        if changes.get("meeting_cadence"):
            row.meeting_cadence = changes["meeting_cadence"]
        _set_late_rule(row, changes)
        if not row.police_protocol:
            if sent.get("police_protocol_b") is not None:
                raise Invalid(
                    "De drempels zijn niet samen te gebruiken.",
                    {"thresholds.police_protocol_b": [PROTOCOL_FIRST]},
                )
            overrides.pop("police_protocol_b", None)  # no protocol, no threshold of its own
        _check_ceilings({**DEFAULTS, **overrides})
        row.thresholds = overrides  # a new dict, so the JSON column is written
        row.updated_at, row.updated_by_id = now, actor.user_id
        # What changed, not what was sent: the web form sends every field each time.
        changed = sorted(key for key in DEFAULTS if before.get(key) != overrides.get(key))
        after = _others(row)
        changed += [key for key in other_before if other_before[key] != after[key]]
        audit(
            session,
            actor,
            now,
            AuditAction.ABSENCE_SETTINGS_UPDATED,
            "school",
            school.id,
            detail=",".join(changed) or None,
        )
    return _with_last_meeting(effective(school.id))


def _others(row: SchoolAbsenceSettings) -> dict:
    """The settings beside the thresholds, in the order the audit names them."""
    return {
        "meeting_cadence": row.meeting_cadence,
        "police_protocol": row.police_protocol,
        "late_becomes_b": row.late_becomes_b,
        "late_becomes_b_minutes": row.late_becomes_b_minutes,
    }


def _set_late_rule(row: SchoolAbsenceSettings, changes: dict) -> None:
    if changes.get("late_becomes_b"):
        row.late_becomes_b = changes["late_becomes_b"]
    if "late_becomes_b_minutes" in changes:
        row.late_becomes_b_minutes = changes["late_becomes_b_minutes"]
    if row.late_becomes_b != LateRule.MINUTES:
        row.late_becomes_b_minutes = None  # only the school's own number of minutes is kept
    elif not row.late_becomes_b_minutes:
        raise Invalid(
            "Na hoeveel minuten wordt te laat een B-code?", {"late_becomes_b_minutes": [MINUTES_NEEDED]}
        )


def _check_ceilings(merged: dict) -> None:
    """The legal floors: whatever door the change came through, a school acts earlier, never later."""
    errors = {
        f"thresholds.{t.key}": [t.ceiling]
        for t in THRESHOLDS
        if t.ceiling and merged[t.key] is not None and merged[t.key] > t.maximum
    }
    if errors:
        raise Invalid("Een wettelijke drempel kan enkel lager (vroeger handelen).", errors)
