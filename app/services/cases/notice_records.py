"""What the CLB writes "voor de school" on a step becomes a notice on the case.

A CLB step that asks something of the school (the HGD's advice on adaptations,
the pupil now in NAFT or a time-out — whose absences are then P, not B —, a
partner's waiting list, the agreements at closing) carries the optional fields
below in its form (forms/task_*.schema.json). When such a step completes with
them filled, `record_from_step` writes, in the step's transaction, a notice
holding only those fields (never the rest of the CLB's form, its findings or
its journal), an event the school reads and a notification to the school's
care coordinators and pupil counsellors. School staff acknowledge it
("Gelezen en opgevolgd"): services/cases/notices.py.

Source: 004_… §3.1 "de school op ieder moment betrokken partij blijft";
000_… "School blijft partner in begeleiding en registratie"; domain.md,
phase 2: "what the school must carry out … is shared with the school".
"""

from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Case, CaseNotice, CaseTask, Notification, User, UserRole
from app.services.access import STEP_IN_ROLES, Actor
from app.services.notifications import notification
from app.services.steps.records import event
from app.vocabulary import EventKind, Lane, NotificationKind

TEXT = "for_school"
P_KIND, P_FROM, P_UNTIL = "for_school_p_kind", "for_school_p_from", "for_school_p_until"
FIELDS = (TEXT, P_KIND, P_FROM, P_UNTIL)
P_KINDS = {
    "naft": "een NAFT-traject (schoolexterne interventie)",
    "time_out": "een time-out",
    "care_farm": "een zorgboerderij",
    "other": "een andere schoolexterne interventie",
}


def has_notice_fields(form_schema: dict) -> bool:
    return TEXT in form_schema.get("properties", {})


def field_errors(data: dict) -> dict[str, list[str]]:
    """The structured part holds together: a period needs its kind and start, and
    ends on or after it (the form's schema checks each field on its own)."""
    kind, start, until = data.get(P_KIND), data.get(P_FROM), data.get(P_UNTIL)
    errors: dict[str, list[str]] = {}
    if (start or until) and not kind:
        errors[P_KIND] = ["Kies het traject waarvoor de afwezigheden P worden."]
    if kind and not start:
        errors[P_FROM] = ["Vanaf wanneer is de leerling in het traject?"]
    if start and until and date.fromisoformat(until) < date.fromisoformat(start):
        errors[P_UNTIL] = ["Het einde ligt vóór het begin."]
    return errors


def p_period_words(details: dict | None) -> str | None:
    """'Leerling in een time-out vanaf 2026-12-01 tot 2027-01-29: …' (dates in ISO;
    the web page puts them in words)."""
    period = (details or {}).get("p_period")
    if not period:
        return None
    until = f" tot {period['until']}" if period.get("until") else ""
    return (
        f"Leerling in {P_KINDS.get(period['kind'], period['kind'])} vanaf {period['from']}{until}: "
        "registreer de afwezigheden in die periode met code P, niet B."
    )


def record_from_step(case: Case, row: CaseTask, data: dict, actor: Actor | None, now: datetime) -> None:
    """A notice of the CLB step `row` for the case's school, if the CLB wrote
    something for it (in the caller's transaction)."""
    if row.lane != Lane.CLB:
        return
    text = (data.get(TEXT) or "").strip() or None
    details = None
    if data.get(P_KIND):
        details = {"p_period": {"kind": data[P_KIND], "from": data.get(P_FROM), "until": data.get(P_UNTIL)}}
    if text is None and details is None:
        return
    notice = CaseNotice(
        case_id=case.id,
        school_id=case.school_id,
        task_id=row.id,
        bpmn_id=row.bpmn_id,
        title=row.title[:200],
        text=text,
        details=details,
        created_at=now,
        created_by_id=actor.user_id if actor else None,
    )
    session = db.session
    session.add(notice)
    summary = text or p_period_words(details) or ""
    session.add(event(case, actor, now, EventKind.NOTICE, "school_notice", new=f"Voor de school: {summary}"))
    for user in _school_readers(case.school_id):
        session.add(
            Notification(
                **notification(
                    user,
                    NotificationKind.NOTICE,
                    now,
                    case_id=case.id,
                    task=None,
                    title=f"Mededeling van het CLB: {row.title}",
                    body="Het CLB vraagt iets van de school in dossier "
                    f"{case.id}. Lees het op het dossier en bevestig met 'Gelezen en opgevolgd'.",
                )
            )
        )


def _school_readers(school_id: int) -> list[User]:
    """Who at the school carries out what the CLB asks: its care coordinators and
    pupil counsellors."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.school_id == school_id, User.active.is_(True), UserRole.role.in_(STEP_IN_ROLES))
            .distinct()
            .order_by(User.id)
        )
    )


def notices_of(case_id: int, until: datetime | None = None) -> list[CaseNotice]:
    """The case's notices, oldest first (for a school the pupil left: up to the move)."""
    query = select(CaseNotice).where(CaseNotice.case_id == case_id)
    if until is not None:
        query = query.where(CaseNotice.created_at <= until)
    return list(db.session.scalars(query.order_by(CaseNotice.created_at, CaseNotice.id)))
