"""A case's timeline in words: one line per event, its kind the heading (labels.py)
and its detail here. A new event kind needs its label in labels.py and, when its
values need words, a line in DETAILS."""

import re
from collections.abc import Callable
from datetime import datetime

from app.services.cases.evaluate_now import EVALUATE_NOW
from app.services.cases.legal_tracks import TRACKS
from app.services.cases.police_advice import COULD_NOT_WAIT, POLICE_TRACK
from app.services.documents.templates import TEMPLATES
from app.vocabulary import EventKind
from app.web import labels


def says_reason(event) -> bool:
    """Whether describe() already says the event's reason in its own words."""
    return event.kind == EventKind.ESCALATED or (
        event.kind == EventKind.MESSAGE_RECEIVED and event.what == EVALUATE_NOW
    )


def describe(event, names: dict[int, str]) -> str:
    """The detail of one timeline line, in words (its kind is the heading)."""
    detail = DETAILS.get(event.kind)
    text = detail(event, names) if detail else None
    return text or event.what  # e.g. timer_fired: the name of the wait, as the diagram shows it


def _change(label: Callable[[str | None], str]):
    return lambda event, _names: f"{label(event.old_value)} → {label(event.new_value)}"


def _assigned(event, names) -> str:
    user_id = int(event.new_value) if (event.new_value or "").isdigit() else None
    return f"{event.what} → {names.get(user_id, 'een collega')}" if user_id else event.what


def _journal(event, _names) -> str:
    channel = f" ({labels.channel(event.new_value).lower()})" if event.new_value else ""
    return f"{labels.journal_kind(event.what).lower()}{channel}"


def _process(event, _names) -> str:
    if event.kind == EventKind.PROCESS_STARTED and event.what == "absence_followup":
        return "opvolging van een afwezigheid (ouders contacteren, gesprek bij terugkeer)"
    return labels.PROCESSES.get(event.what, event.what)


def _reminded(who: str | None) -> str:
    """alerts.py writes "toegewezen medewerker" or "team (<n>)"."""
    if who and (team := re.fullmatch(r"team \((\d+)\)", who)):
        count = int(team.group(1))
        return f"het team ({count} {'persoon' if count == 1 else 'personen'})"
    return "wie de taak opnam" if who == "toegewezen medewerker" else "het team"


def _escalated(event, _names) -> str:
    notified = f" ({event.reason})" if event.reason else ""
    return f"“{event.what}” bleef liggen en ging naar de {labels.role(event.new_value)}{notified}"


def _day_of(value: str | None) -> str:
    try:
        return labels.day(datetime.fromisoformat(value)) if value else "geen termijn"
    except ValueError:
        return value


def _message(event, _names) -> str | None:
    if event.what == POLICE_TRACK:
        if event.new_value == COULD_NOT_WAIT:
            return "politiespoor gestart zonder het advies van het CLB af te wachten"
        return "politiespoor gestart: eerst het advies van het CLB"
    who = event.actor.full_name if event.actor else "een collega"
    reason = f": {event.reason}" if event.reason else ""
    if event.what in TRACKS:  # a legal track started (services/cases/legal_tracks.py)
        return f"{labels.PROCESSES[event.what]} gestart door {who}{reason}"
    if event.what != EVALUATE_NOW:
        return None
    return f"evaluatie vervroegd door {who}{reason}"


def _document(event, _names) -> str:
    spec = TEMPLATES.get(event.what)
    return f"{spec.title if spec else event.what}, {event.new_value}"


DETAILS: dict[EventKind, Callable] = {
    EventKind.CASE_OPENED: lambda e, _: f"type afwezigheid {labels.absence_type(e.new_value).lower()}",
    EventKind.PHASE_CHANGED: _change(labels.phase),
    EventKind.STATUS_CHANGED: _change(labels.status),
    EventKind.ABSENCE_TYPE_CHANGED: _change(labels.absence_type),
    EventKind.TASK_ASSIGNED: _assigned,
    EventKind.TASK_CLAIMED: _assigned,
    EventKind.JOURNAL_ADDED: _journal,
    EventKind.ABSENCES_IMPORTED: lambda e, _: f"B-codes dit schooljaar {e.old_value} → {e.new_value}",
    EventKind.SIGNAL_DUE: lambda e, _: f"B-codes dit schooljaar {e.old_value} → {e.new_value}",
    EventKind.PROCESS_STARTED: _process,
    EventKind.PROCESS_CANCELLED: _process,
    EventKind.SCHOOL_CHANGED: lambda e, _: "de leerling veranderde van school",
    EventKind.REMINDER_SENT: lambda e, _: (
        f"“{e.what}” is over haar termijn; {_reminded(e.new_value)} kreeg een herinnering"
    ),
    EventKind.ESCALATED: _escalated,
    EventKind.DUE_DATE_MOVED: lambda e, _: (
        f"{e.what}: van {_day_of(e.old_value)} naar {_day_of(e.new_value)}"
    ),
    EventKind.CLB_INVOLVED: lambda e, _: (
        "het CLB volgt het dossier mee na " + labels.CLB_INVOLVEMENTS.get(e.new_value, e.new_value)
    ),
    EventKind.NOTICE: lambda e, _: e.new_value or e.what,
    EventKind.NOTICE_ACKNOWLEDGED: lambda e, _: f"“{e.what}”: {e.new_value or 'gelezen en opgevolgd'}",
    EventKind.AGREEMENTS_SHARED: lambda e, _: e.new_value or e.what,
    EventKind.MESSAGE_RECEIVED: _message,
    EventKind.DOCUMENT_GENERATED: _document,
    EventKind.OWNER_CHANGED: lambda e, _: (
        f"{'CLB' if e.what == 'clb_owner' else 'school'}: {e.new_value or 'niemand'}"
        + (f" (was {e.old_value})" if e.old_value else "")
    ),
    EventKind.WORKFLOW_MIGRATED: lambda e, _: (
        f"{labels.PROCESSES.get(e.what, e.what)} loopt verder op {e.new_value} (was {e.old_value})"
    ),
}
