"""The whole absence meeting at once: the decisions of every pupil on its agenda in one
transaction (all or nothing), and the cases its table shows (phase, owner).

A meeting of 60 pupils is decided in one sitting; its page (and the API's batch) sends
the decision of each row. Each changed row goes through the same per-pupil logic as one
decision (meetings.decide: the item, the case's journal, the path's signal or referral);
unchanged rows are left alone (no second journal entry). A row refused on the way (not on
the agenda, twice in the list, a return path next to a running case) refuses the whole
meeting: nothing is stored and the error names the row and the pupil.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import AbsenceMeeting, AbsenceMeetingItem, Case
from app.services.absences import meetings
from app.services.access import Actor, case_in_scope
from app.services.errors import DomainError, Invalid
from app.services.schools import MEETING_ROLES, require_school_role, school_in_scope
from app.services.transaction import writing
from app.vocabulary import ENDED_STATUSES

NOTHING_STORED = "Er werd niets bewaard."


@dataclass(frozen=True)
class Decided:
    """What one save of the meeting did: the items it changed, and how many reached a case."""

    meeting: AbsenceMeeting
    changed: tuple[AbsenceMeetingItem, ...]

    @property
    def in_cases(self) -> int:
        return sum(1 for item in self.changed if item.journal_entry_id is not None)


def _name(item: AbsenceMeetingItem) -> str:
    return f"{item.pupil.first_name} {item.pupil.last_name}"


def _blank(text: str | None) -> str | None:
    return (text or "").strip() or None


def _rows(meeting: AbsenceMeeting, rows: list[dict]) -> list[tuple[int, AbsenceMeetingItem, dict]]:
    """The rows that change something, with their index in `rows`; every unknown or
    repeated pupil refused at once (nothing is written before all rows are known)."""
    items = {item.pupil_id: item for item in meeting.items}
    seen: set[int] = set()
    errors: dict[str, list[str]] = {}
    changed = []
    for index, row in enumerate(rows):
        item = items.get(row["pupil_id"])
        if item is None:
            errors[f"decisions.{index}.pupil_id"] = ["Deze leerling staat niet op de agenda van dit overleg."]
        elif item.pupil_id in seen:
            errors[f"decisions.{index}.pupil_id"] = [f"{_name(item)} staat twee keer in de lijst."]
        elif _blank(row.get("note")) and not (row.get("decision") or item.decision):
            errors[f"decisions.{index}.decision"] = [
                f"Kies een beslissing voor {_name(item)} bij de toelichting."
            ]
        else:
            seen.add(item.pupil_id)
            decision, note = row.get("decision") or item.decision, _blank(row.get("note"))
            if decision and (decision, note) != (item.decision, item.decision_note):
                changed.append((index, item, {"decision": decision, "note": note}))
    if errors:
        first = int(next(iter(errors)).split(".")[1])
        raise Invalid(f"Regel {first + 1}: {next(iter(errors.values()))[0]} {NOTHING_STORED}", errors)
    return changed


def record_decisions(actor: Actor, school_id: int, meeting_id: int, rows: list[dict]) -> Decided:
    """The meeting's decisions, one row per pupil ({pupil_id, decision, note}); rows without
    a decision, or as stored, change nothing. One transaction: a refused row refuses all."""
    school = school_in_scope(actor, school_id)
    meeting = meetings.load(school.id, meeting_id)
    require_school_role(
        actor,
        MEETING_ROLES,
        "Enkel de zorgcoördinator, de leerlingbegeleider of de directie van de school legt de "
        "beslissingen van het overleg vast.",
    )
    changed = _rows(meeting, rows)
    now = clock.now()
    with writing() as session:
        for index, item, row in changed:
            try:
                meetings.decide(session, meeting, item, actor, now, row["decision"], row["note"])
            except DomainError as refused:
                errors = {f"decisions.{index}.{field}": list(m) for field, m in refused.errors.items()}
                errors = errors or {f"decisions.{index}.decision": [refused.message]}
                message = f"Regel {index + 1} ({_name(item)}): {refused.message} {NOTHING_STORED}"
                raise type(refused)(message, errors) from None
    return Decided(meeting, tuple(item for _, item, _ in changed))


def agenda_cases(actor: Actor, meeting: AbsenceMeeting) -> dict[int, Case]:
    """The running case of each pupil on the agenda that the actor may see, by pupil
    (its phase and owner in the meeting's table); read with the meeting (get_meeting audits)."""
    pupil_ids = [item.pupil_id for item in meeting.items]
    if not pupil_ids:
        return {}
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.pupil_id.in_(pupil_ids),
            Case.school_id == meeting.school_id,
            Case.status.not_in(ENDED_STATUSES),
            case_in_scope(Case.id, actor),
        )
        .options(joinedload(Case.owner))
    )
    return {case.pupil_id: case for case in cases}
