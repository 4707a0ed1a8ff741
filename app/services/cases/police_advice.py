"""The CLB's advice before a police report, as the school's report reads it.

The advice is CLB work (a CLB-lane task of the police track) addressed to the
school: the school reads what the CLB advised (recommendation, advice, date, who)
on its own report task, read-only, and its form starts from it (tasks/prefill.py);
professional secrecy keeps the rest of the CLB's work from the school. When the
school started the track without waiting (an acute situation), the reason it
gave is what the report shows instead (its start event in the timeline).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import CaseEvent, CaseTask, User
from app.vocabulary import EventKind, TaskStatus

POLICE_TRACK = "police_track"
COULD_NOT_WAIT = "could_not_wait"
ADVICE_TASK, REPORT_TASK = "task_police_clb_advice", "task_police_report"
RECOMMENDATIONS = {
    "melden": "Melden aan de politie",
    "niet_melden": "Niet melden",
    "eerst_andere_stappen": "Eerst andere stappen",
}


@dataclass(frozen=True)
class PoliceAdvice:
    recommendation: str | None  # in words; None when the school could not wait
    advice: str | None
    advice_date: date | None
    given_by: str | None
    could_not_wait: str | None  # the school's reason, when it did not wait


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _advice_row(instance_id: int | None) -> CaseTask | None:
    if instance_id is None:
        return None
    return db.session.scalar(
        select(CaseTask)
        .where(
            CaseTask.instance_id == instance_id,
            CaseTask.bpmn_id == ADVICE_TASK,
            CaseTask.status == TaskStatus.COMPLETED,
        )
        .order_by(CaseTask.completed_at.desc(), CaseTask.id.desc())
        .limit(1)
    )


def could_not_wait(case_id: int | None) -> str | None:
    """The reason the school gave for not waiting for the CLB's advice, when the
    case's latest police track started that way (one track runs at a time)."""
    if case_id is None:
        return None
    latest = db.session.execute(
        select(CaseEvent.new_value, CaseEvent.reason)
        .where(
            CaseEvent.case_id == case_id,
            CaseEvent.kind == EventKind.MESSAGE_RECEIVED,
            CaseEvent.what == POLICE_TRACK,
        )
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
        .limit(1)
    ).first()
    if latest is None or latest.new_value != COULD_NOT_WAIT:
        return None
    return latest.reason or ""


def for_report(row: CaseTask) -> PoliceAdvice | None:
    """What the school's police report task shows of the CLB's advice, or None
    (another task, or a track from before the advice existed)."""
    if row.bpmn_id != REPORT_TASK:
        return None
    advice = _advice_row(row.instance_id)
    if advice is not None:
        data = advice.data or {}
        by = db.session.get(User, advice.completed_by_id) if advice.completed_by_id else None
        chosen = str(data.get("recommendation") or "")
        return PoliceAdvice(
            RECOMMENDATIONS.get(chosen, chosen) or None,
            data.get("advice"),
            _date(data.get("advice_date")),
            by.full_name if by else None,
            None,
        )
    reason = could_not_wait(row.case_id)
    if reason is None:
        return None
    return PoliceAdvice(None, None, None, None, reason)


def prefill(row: CaseTask) -> dict:
    """The police report's fields the CLB's advice fills."""
    found = for_report(row)
    if found is None or found.could_not_wait is not None:
        return {"clb_consulted": False} if found else {}
    text = f"{found.recommendation}: {found.advice}" if found.advice else found.recommendation
    values = {
        "clb_consulted": True,
        "clb_consulted_on": found.advice_date.isoformat() if found.advice_date else None,
        "clb_contact": found.given_by,
        "clb_advice": (text or "")[:2000] or None,
    }
    return {name: value for name, value in values.items() if value is not None}
