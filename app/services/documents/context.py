"""What every document shows, read with the scope of the document's side.

A document's content never depends on who pressed the button: it is read as
its side may read the case (`reader_for`). A school-side document reads as
the school of its period (school-lane tasks, shared journal entries and
events, that school's registrations); a CLB-side document as that school's
CLB. So a CLB-only note can never reach a school-side document, whoever
generates it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.calendar.school_days import BRUSSELS, is_school_day
from app.calendar.school_year import school_year_bounds, school_year_of
from app.documents import text as t
from app.extensions import db
from app.models import AbsenceRegistration, Case, CaseEvent, CaseTask, JournalEntry, School
from app.services.absences.counts import school_year_b_count
from app.services.access import Actor, in_scope, visible_entries, visible_lanes
from app.services.calendar.functions import days_off
from app.services.cases.facts import police_protocol
from app.services.documents.step_words import step_summary
from app.vocabulary import AbsenceCode, EventKind, Lane, Role, TaskStatus, Visibility

REG = AbsenceRegistration
# Events worth a line in a chronology (the rest is bookkeeping: tasks created, claimed, ...).
CHRONOLOGY_EVENTS = (
    EventKind.CASE_OPENED,
    EventKind.PHASE_CHANGED,
    EventKind.STATUS_CHANGED,
    EventKind.ABSENCE_TYPE_CHANGED,
    EventKind.CLB_INVOLVED,
    EventKind.NOTICE,
    EventKind.AGREEMENTS_SHARED,
    EventKind.SCHOOL_CHANGED,
)
INVOLVEMENTS = {
    "signal": "signaal (5 B-codes)",
    "referral": "aanmelding",
    "medical_certificate": "twijfel over een medisch attest",
    "police_consult": "overleg vóór een politiemelding",
}


@dataclass(frozen=True)
class Source:
    """Everything a template's context is built from."""

    case: Case
    side: Lane
    school: School  # the school period the document belongs to
    reader: Actor  # the side's reading scope, not the user's
    template_title: str
    version: int
    created_at: datetime
    created_by: str | None
    # The CLB-only journal entries the sender ticked; no other CLB-only entry goes in.
    included: frozenset[int] = frozenset()

    @property
    def today(self) -> date:
        return self.created_at.astimezone(BRUSSELS).date()


def reader_for(side: Lane, school: School, user_id: int | None) -> Actor:
    """Whom a document reads the case as: its side at its school."""
    if side == Lane.SCHOOL:
        return Actor(user_id or 0, "", "", frozenset({Role.ZORGCOORDINATOR}), school.id, None)
    return Actor(user_id or 0, "", "", frozenset({Role.CLB_MEDEWERKER}), None, school.clb_id)


def _checked(on, by) -> str:
    if on is None:
        return t.BLANK
    return f"{t.numeric_day(on)}" + (f" door {by.full_name}" if by is not None else " (schoolbestand)")


def family(pupil) -> dict:
    """Whom and where to reach: the pupil's domicile and contacts, each with when it was
    last checked (the police and AGODI need this to trace a family)."""
    return {
        "domicile": t.value(pupil.domicile_address),
        "domicile_checked": _checked(pupil.domicile_checked_on, pupil.domicile_checked_by),
        "contacts": [
            {
                "name": contact.name,
                "relation": t.RELATIONS.get(contact.relation, contact.relation)
                + (", ouderlijk gezag" if contact.parental_authority else ""),
                "address": t.value(contact.address),
                "reach": ", ".join([*contact.phones, *([contact.email] if contact.email else [])]) or t.BLANK,
                "language": t.language(contact.language),
                "checked": t.numeric_day(contact.checked_on),  # who: in the pupil's record
            }
            for contact in sorted(pupil.contacts, key=lambda c: c.position)
        ],
    }


def common(src: Source, title: str | None = None) -> dict:
    """Header, pupil, school, CLB and case facts: the top of every document."""
    case, school = src.case, src.school
    pupil = case.pupil
    clb = school.clb
    on_school_side = src.side == Lane.SCHOOL
    return {
        "title": title or src.template_title,
        "org": {
            "name": school.name if on_school_side else clb.name,
            "line": (
                f"Instellingsnummer {t.value(school.institution_number)} · {clb.name}"
                if on_school_side
                else f"Centrum voor leerlingenbegeleiding · voor {school.name}"
            ),
        },
        "doc": {
            "case_id": case.id,
            "version": src.version,
            "template": src.template_title,
            "created_on": t.long_day(src.created_at),
            "created_by": t.value(src.created_by),
        },
        "family": family(pupil),
        "pupil": {
            "name": f"{pupil.first_name} {pupil.last_name}",
            "birth_date": t.long_day(pupil.birth_date),
            # A school the pupil left knows the class and number it had, not the new ones.
            "class_name": t.value(pupil.class_name if pupil.school_id == school.id else None),
            "number": t.value(pupil.external_id if pupil.school_id == school.id else None),
        },
        "school": {"name": school.name, "number": t.value(school.institution_number)},
        "clb": {"name": clb.name},
        "case": {
            "phase": t.label(t.PHASES, case.phase),
            "status": t.label(t.STATUSES, case.status),
            "absence_type": t.label(t.ABSENCE_TYPES, case.absence_type),
            "opened_on": t.long_day(case.opened_at),
        },
    }


def _code(registration: AbsenceRegistration) -> str:
    """The stored code, and in words what the school's software said where it differs
    ("Z: ziekte met doktersattest", not "Z (als D)")."""
    original = (registration.original_code or "").upper()
    if original and original != registration.code:
        return f"{registration.code}: {t.ORIGINAL_CODE_WORDS.get(original, f'geregistreerd als {original}')}"
    return registration.code


def absences(src: Source) -> dict:
    """The pupil's registrations this school year that the side may read: per
    date (morning, afternoon) and totals per code."""
    year = school_year_of(src.today)
    first, last = school_year_bounds(year)
    rows = db.session.execute(
        select(REG, School.name)
        .join(School, School.id == REG.school_id)
        .where(
            REG.pupil_id == src.case.pupil_id,
            REG.day.between(first, last),
            in_scope(REG.school_id, src.reader),
        )
        .order_by(REG.day, REG.half_day)
    ).all()
    by_day: dict[date, dict] = defaultdict(dict)
    counts: dict[str, int] = defaultdict(int)
    schools = []
    for registration, school_name in rows:
        by_day[registration.day][registration.half_day] = _code(registration)
        counts[registration.code] += 1
        if school_name not in schools:
            schools.append(school_name)
    totals = [
        {"code": code.value, "meaning": t.CODE_MEANINGS[code.value], "count": counts[code]}
        for code in AbsenceCode
        if counts.get(code)
    ]
    source = ", ".join(schools) if schools else src.school.name
    registered = counts.get(AbsenceCode.B, 0)
    # The count the case knows may hold B-codes registered elsewhere this year (an
    # earlier school: only the count moves with the pupil) or not imported here.
    b_count = max(registered, school_year_b_count(src.case, src.today))
    summary = [{"label": "Halve dagen met B-code dit schooljaar", "value": b_count}]
    if b_count != registered:
        summary.append({"label": f"Waarvan geregistreerd door {source}", "value": registered})
    return {
        "school_year": year,
        "source": source,
        "rows": [
            {"day": t.short_day(day), "am": half.get("am", ""), "pm": half.get("pm", "")}
            for day, half in by_day.items()
        ],
        "totals": totals,
        "b_count": b_count,
        "summary": summary,
    }


def completed_tasks(src: Source) -> list[CaseTask]:
    return list(
        db.session.scalars(
            select(CaseTask)
            .where(
                CaseTask.case_id == src.case.id,
                CaseTask.status == TaskStatus.COMPLETED,
                CaseTask.lane.in_(visible_lanes(src.reader)),
                in_scope(CaseTask.school_id, src.reader),
            )
            .order_by(CaseTask.completed_at, CaseTask.id)
        )
    )


def latest_task(src: Source, bpmn_id: str) -> CaseTask | None:
    """The latest completed task `bpmn_id` the side may read (the form a document is filled from)."""
    found = [row for row in completed_tasks(src) if row.bpmn_id == bpmn_id]
    return found[-1] if found else None


def _journal(src: Source) -> list[JournalEntry]:
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(
                JournalEntry.case_id == src.case.id,
                JournalEntry.visibility.in_(visible_entries(src.reader)),
                or_(JournalEntry.visibility == Visibility.SHARED, JournalEntry.id.in_(src.included)),
                in_scope(JournalEntry.school_id, src.reader),
            )
            .options(joinedload(JournalEntry.author))
            .order_by(JournalEntry.occurred_at, JournalEntry.id)
        )
    )


def _event_text(event: CaseEvent) -> str:
    if event.kind == EventKind.CASE_OPENED:
        return f"Dossier geopend (type: {t.label(t.ABSENCE_TYPES, event.new_value)})"
    if event.kind == EventKind.PHASE_CHANGED:
        return f"Naar {t.label(t.PHASES, event.new_value)}"
    if event.kind == EventKind.STATUS_CHANGED:
        return f"Status: {t.label(t.STATUSES, event.new_value)}"
    if event.kind == EventKind.ABSENCE_TYPE_CHANGED:
        return (
            f"Type afwezigheid: {t.label(t.ABSENCE_TYPES, event.old_value)} → "
            f"{t.label(t.ABSENCE_TYPES, event.new_value)}"
        )
    if event.kind == EventKind.CLB_INVOLVED:
        how = event.new_value
        return f"CLB betrokken: {how if how is None else INVOLVEMENTS.get(how, how)}"
    if event.kind == EventKind.NOTICE:
        return event.new_value or event.what  # the words the school was told (steps.NOTICE_TEXT)
    if event.kind == EventKind.AGREEMENTS_SHARED:
        return f"Opvolgafspraken met de school: {event.new_value or t.BLANK}"
    return "Schoolverandering"


def _steps(task_ids: set) -> dict:
    """The completed tasks of the chronology's step lines, in one query."""
    if not task_ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(CaseTask).where(CaseTask.id.in_(task_ids)))}


def chronology(src: Source) -> list[dict]:
    """Completed steps, journal entries and the case's main events the side may
    read, oldest first: date, who, what kind, what. Steps and events come from
    the event log in the order they were written; journal entries at the
    moment they happened."""
    lines = []
    for entry in _journal(src):
        kind = t.JOURNAL_KINDS.get(entry.kind, entry.kind)
        if entry.channel:
            kind = f"{kind} ({t.label(t.CHANNELS, entry.channel)})"
        what = entry.text + (f" — resultaat: {entry.outcome}" if entry.outcome else "")
        who = "CLB" if entry.author.clb_id is not None else "School"
        lines.append((entry.occurred_at, 0, {"who": who, "kind": kind, "what": what}))
    events = list(
        db.session.scalars(
            select(CaseEvent)
            .where(
                CaseEvent.case_id == src.case.id,
                CaseEvent.kind.in_((EventKind.TASK_COMPLETED, *CHRONOLOGY_EVENTS)),
                CaseEvent.visibility.in_(visible_entries(src.reader)),
                in_scope(CaseEvent.school_id, src.reader),
            )
            .order_by(CaseEvent.at, CaseEvent.id)
        )
    )
    steps = _steps({e.task_id for e in events if e.kind == EventKind.TASK_COMPLETED and e.task_id})
    for event in events:
        if event.kind == EventKind.TASK_COMPLETED:  # CLB-lane work is logged for the CLB only
            step = steps.get(event.task_id)
            recorded = step_summary(step.bpmn_id, step.data) if step is not None else None
            line = {
                "who": "CLB" if event.visibility == Visibility.CLB else "School",
                "kind": "Stap",
                "what": f"{event.what} — {recorded}" if recorded else event.what,
            }
        else:
            line = {"who": "Dossier", "kind": "Gebeurtenis", "what": _event_text(event)}
        lines.append((event.at, event.id, line))
    lines.sort(key=lambda line: line[:2])
    return [{"date": t.numeric_day(moment), **line} for moment, _, line in lines]


def school_days_between(school_id: int, start, end) -> int | None:
    """School days after `start` up to and including `end` (the school's days off counted)."""
    first, last = t.as_date(start), t.as_date(end)
    if first is None or last is None or last < first:
        return None
    off = days_off(school_id)
    count, day = 0, first
    while day < last:
        day = date.fromordinal(day.toordinal() + 1)
        count += is_school_day(day, off)
    return count


def action_plan(data: dict | None, school_id: int) -> dict | None:
    """Phase 1's plan (task_action_plan) as a document shows it; None without a plan.
    `title`: a plan with signatures (a school under a local police protocol, or any
    plan made before the begeleidingsplan) is a spijbelactieplan, else a
    begeleidingsplan; `police_protocol`: the school's protocol now, by name."""
    if data is None:
        return None
    days = school_days_between(school_id, data.get("plan_date"), data.get("evaluation_date"))
    formal = any(data.get(name) is not None for name in ("pupil_agreed", "parents_agreed", "signed_on"))
    protocol = police_protocol(school_id)
    return {
        "title": "Spijbelactieplan" if formal else "Begeleidingsplan",
        "formal": formal,
        "date": t.long_day(data.get("plan_date")),
        "school_contact": t.value(data.get("school_contact")),
        "parents": t.value(data.get("parents")),
        # Optional sections ("" when empty) are left out; the pupil's goals are required.
        "situation": t.optional(data.get("situation")),
        "pupil_goals": t.text(data.get("pupil_goals")),
        "parents_view": t.optional(data.get("parents_view")),
        "goals": t.optional(data.get("goals")),
        "has_goals": bool((data.get("goals") or "").strip()),
        "actions": [
            {
                "nr": index,
                "action": t.value(action.get("action")),
                "who": t.value(action.get("who")),
                "deadline": t.long_day(action.get("deadline")),
            }
            for index, action in enumerate(data.get("actions") or [], start=1)
        ],
        "evaluation_date": t.long_day(data.get("evaluation_date")),
        "evaluation_school_days": t.value(days),
        "pupil_agreed": t.yes_no(data.get("pupil_agreed")),
        "parents_agreed": t.yes_no(data.get("parents_agreed")),
        "police_protocol": t.value(protocol),
        "has_protocol": protocol is not None,
        "signed_on": t.long_day(data.get("signed_on")),
        "notes": t.optional(data.get("notes")),
        "has_notes": bool((data.get("notes") or "").strip()),
    }
