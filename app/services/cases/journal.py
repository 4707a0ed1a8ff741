"""The case journal: the dossier of guidance measures (begeleidende maatregelen)."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.models import JournalEntry
from app.services.access import Actor, in_scope, visible_entries
from app.services.audit import audit
from app.services.cases.views import load_current, load_view
from app.services.errors import Forbidden, Invalid
from app.services.paging import paginate
from app.services.steps.records import event
from app.services.transaction import writing
from app.vocabulary import AuditAction, EventKind, JournalKind, Visibility

CONTACT_KINDS = (JournalKind.CONTACT_ATTEMPT, JournalKind.CONTACT)


def visible_journal(actor: Actor, case_id: int):
    """The case's journal entries the actor may see (a query)."""
    return select(JournalEntry).where(
        JournalEntry.case_id == case_id,
        JournalEntry.visibility.in_(visible_entries(actor)),
        in_scope(JournalEntry.school_id, actor),
    )


def list_entries(actor: Actor, case_id: int, *, page=1, per_page=100):
    view = load_view(actor, case_id)
    entries, total = paginate(
        visible_journal(actor, view.id)
        .options(joinedload(JournalEntry.author))
        .order_by(JournalEntry.occurred_at, JournalEntry.id),
        page,
        per_page,
    )
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.JOURNAL_READ, "case", view.id)
    return entries, total


def add_entry(
    actor: Actor,
    case_id: int,
    *,
    kind: str,
    occurred_at: datetime,
    text: str,
    visibility: str = Visibility.SHARED,
    channel: str | None = None,
    outcome: str | None = None,
) -> JournalEntry:
    case = load_current(actor, case_id)
    if visibility == Visibility.CLB and not actor.is_clb:
        # Professional secrecy works one way: only the CLB writes CLB-only notes.
        raise Forbidden("Alleen CLB-medewerkers maken CLB-notities (visibility: clb).")
    errors = {}
    if kind in CONTACT_KINDS and not channel:
        errors["channel"] = ["Geef het kanaal van het contact of de contactpoging."]
    now = clock.now()
    if occurred_at > now:
        errors["occurred_at"] = ["Dit tijdstip ligt in de toekomst."]
    if not text.strip():
        errors["text"] = ["Schrijf wat er gebeurde."]
    if errors:
        raise Invalid("De notitie is niet correct.", errors)
    with writing() as session:
        entry = JournalEntry(
            case_id=case.id,
            school_id=case.school_id,
            kind=kind,
            channel=channel,
            occurred_at=occurred_at,
            outcome=outcome,
            text=text,
            visibility=visibility,
            author_id=actor.user_id,
            created_at=now,
        )
        session.add(entry)
        session.flush()
        session.add(
            event(case, actor, now, EventKind.JOURNAL_ADDED, kind, new=channel, visibility=visibility)
        )
    return entry
