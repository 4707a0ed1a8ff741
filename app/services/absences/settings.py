"""A school's absence thresholds and meeting cadence.

The thresholds drive the warning signs (app/services/absences/signals.py), the
meeting agenda and the signal to the CLB. Defaults below come from
../shared/domain.md and the source documents; a school stores only what it
changes (school_absence_settings.thresholds), so a better default later
reaches every school that did not choose otherwise.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.models import AbsenceMeeting, School, SchoolAbsenceSettings
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Forbidden, Invalid
from app.services.schools import school_in_scope
from app.services.transaction import writing
from app.vocabulary import AuditAction, Lane, MeetingCadence, Role


@dataclass(frozen=True)
class Threshold:
    key: str
    default: int | None
    title: str
    maximum: int = 400
    minimum: int = 1


THRESHOLDS = (
    Threshold("signal_b", 5, "B-halve dagen in een schooljaar: signaal aan het CLB"),
    # An import that brings in an older B episode (a whole year at once, a late
    # registration) counts it but starts no parents' contact for it any more.
    Threshold(
        "followup_window_days",
        14,
        "Dagen na een B-episode waarbinnen een import nog de opvolging "
        "start (ouders contacteren, gesprek bij terugkeer)",
        maximum=366,
    ),
    Threshold("many_z", 20, "Z-halve dagen (ziekte) in een schooljaar: knipperlicht"),
    Threshold("speed_absences", 10, "Afwezige halve dagen (B, Z of nog onbekend) binnen het tempovenster"),
    Threshold("speed_school_weeks", 6, "Lengte van het tempovenster, in schoolweken", maximum=40),
    Threshold("early_b", 1, "B-halve dagen in september en oktober"),
    Threshold("z_with_b_min_z", 3, "Z naast B: minstens zoveel Z-halve dagen"),
    Threshold("z_with_b_min_b", 1, "Z naast B: minstens zoveel B-halve dagen"),
    Threshold("allowance_warning_b", 25, "B-halve dagen: de 30 voor de schooltoeslag komen dichtbij"),
    Threshold("allowance_b", 30, "B-halve dagen: grens voor de schooltoeslag"),
    Threshold(
        "toddler_attendance", 290, "Halve dagen aanwezigheid van een kleuter in het laatste kleuterjaar"
    ),
    # Off unless the local police protocol sets one (e.g. 30 in Gent, 11 in Oostende).
    Threshold("police_protocol_b", None, "B-halve dagen volgens het lokale politieprotocol"),
)
DEFAULTS = {t.key: t.default for t in THRESHOLDS}
DEFAULT_CADENCE = MeetingCadence.MONTHLY
EDITORS = frozenset({Role.DIRECTIE})
EDITORS_ONLY = "Enkel de directie van de school wijzigt de drempels en het ritme van het overleg."


@dataclass(frozen=True)
class SchoolSettings:
    school_id: int
    thresholds: dict
    overrides: dict
    meeting_cadence: str
    last_meeting_on: date | None = None

    @property
    def defaults(self) -> dict:
        return DEFAULTS

    @property
    def next_meeting_due(self) -> date | None:
        if self.last_meeting_on is None:
            return None
        return next_meeting_after(self.last_meeting_on, self.meeting_cadence)


def next_meeting_after(day: date, cadence: str) -> date:
    if cadence == MeetingCadence.BIWEEKLY:
        return day + timedelta(days=14)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def effective(school_id: int) -> SchoolSettings:
    """The thresholds a school works with (its own choices over the defaults)."""
    row = db.session.get(SchoolAbsenceSettings, school_id)
    overrides = dict(row.thresholds) if row else {}
    return SchoolSettings(
        school_id, {**DEFAULTS, **overrides}, overrides, row.meeting_cadence if row else DEFAULT_CADENCE
    )


def _with_last_meeting(settings: SchoolSettings) -> SchoolSettings:
    last = db.session.scalar(
        select(func.max(AbsenceMeeting.held_on)).where(AbsenceMeeting.school_id == settings.school_id)
    )
    return SchoolSettings(
        settings.school_id, settings.thresholds, settings.overrides, settings.meeting_cadence, last
    )


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
    """The director sets thresholds (null: back to the default) and the cadence."""
    school = require_editor(actor, school_id)
    now = clock.now()
    with writing() as session:
        row = session.get(SchoolAbsenceSettings, school.id)
        if row is None:
            row = SchoolAbsenceSettings(school_id=school.id, thresholds={}, meeting_cadence=DEFAULT_CADENCE)
            session.add(row)
        before, cadence_before = dict(row.thresholds or {}), row.meeting_cadence
        overrides = dict(before)
        for key, value in (changes.get("thresholds") or {}).items():
            if value is None or value == DEFAULTS[key]:
                overrides.pop(key, None)
            else:
                overrides[key] = value
        merged = {**DEFAULTS, **overrides}
        if merged["allowance_warning_b"] >= merged["allowance_b"]:
            raise Invalid(
                "De drempels zijn niet samen te gebruiken.",
                {
                    "thresholds.allowance_warning_b": [
                        f"Moet kleiner zijn dan de grens voor de schooltoeslag ({merged['allowance_b']})."
                    ]
                },
            )
        row.thresholds = overrides  # a new dict, so the JSON column is written
        if changes.get("meeting_cadence"):
            row.meeting_cadence = changes["meeting_cadence"]
        row.updated_at, row.updated_by_id = now, actor.user_id
        # What changed, not what was sent: the web form sends every threshold each time.
        changed = sorted(key for key in DEFAULTS if before.get(key) != overrides.get(key))
        if row.meeting_cadence != cadence_before:
            changed.append("meeting_cadence")
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
