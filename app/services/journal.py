"""The case journal: the dossier of guidance measures (begeleidende maatregelen)."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import JournalEntry
from app.models.cases import CHANNELS, JOURNAL_KINDS
from app.services.access import Actor, audit, visible_entries
from app.services.cases import load_case
from app.services.errors import Forbidden, Invalid
from app.services.paging import paginate
from app.services.steps import event
from app.services.transaction import writing


def list_entries(actor: Actor, case_id: int, *, page=1, per_page=100):
    case = load_case(actor, case_id)
    entries, total = paginate(
        select(JournalEntry).where(JournalEntry.case_id == case.id,
                                   JournalEntry.visibility.in_(visible_entries(actor)))
        .options(joinedload(JournalEntry.author))
        .order_by(JournalEntry.occurred_at, JournalEntry.id),
        page, per_page,
    )
    audit(db.session, actor, clock.now(), "journal_read", "case", case.id)
    db.session.commit()
    return entries, total


def add_entry(actor: Actor, case_id: int, *, kind: str, occurred_at: datetime, text: str,
              visibility: str = "shared", channel: str | None = None,
              outcome: str | None = None) -> JournalEntry:
    case = load_case(actor, case_id)
    if visibility == "clb" and not actor.is_clb:
        # Professional secrecy works one way: only the CLB writes CLB-only notes.
        raise Forbidden("Alleen CLB-medewerkers maken CLB-notities.")
    errors = {}
    if kind not in JOURNAL_KINDS:
        errors["kind"] = ["Ongeldige keuze."]
    if kind in ("contact_attempt", "contact") and not channel:
        errors["channel"] = ["Geef het kanaal van het contact(poging)."]
    if channel is not None and channel not in CHANNELS:
        errors["channel"] = ["Ongeldige keuze."]
    if occurred_at > clock.now():
        errors["occurred_at"] = ["Ligt in de toekomst."]
    if errors:
        raise Invalid("De notitie is niet correct.", errors)
    now = clock.now()
    with writing() as session:
        entry = JournalEntry(
            case_id=case.id, kind=kind, channel=channel, occurred_at=occurred_at, outcome=outcome,
            text=text, visibility=visibility, author_id=actor.user_id, created_at=now,
        )
        session.add(entry)
        session.flush()
        session.add(event(case, actor, now, "journal_added", kind, new=channel,
                          visibility=visibility))
    return entry
