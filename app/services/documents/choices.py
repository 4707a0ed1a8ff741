"""What the sender chooses to send: the CLB-only journal entries an outgoing document
carries. A CLB-only note never goes out by default (professional secrecy): the CLB
worker sees the entries that would go in and ticks the CLB-only ones they want to
share; the choice is stored with the document version and audited."""

from sqlalchemy import select

from app.extensions import db
from app.models import Case, JournalEntry
from app.services.access import Actor, in_scope
from app.services.errors import Invalid
from app.vocabulary import Visibility


def clb_only_entries(actor: Actor, case: Case) -> list[JournalEntry]:
    """The case's CLB-only entries a CLB sender may tick (none for school users)."""
    if not actor.is_clb:
        return []
    return list(
        db.session.scalars(
            select(JournalEntry)
            .where(
                JournalEntry.case_id == case.id,
                JournalEntry.visibility == Visibility.CLB,
                in_scope(JournalEntry.school_id, actor),
            )
            .order_by(JournalEntry.occurred_at, JournalEntry.id)
        )
    )


def chosen_entries(actor: Actor, case: Case, ids: list[int] | None) -> frozenset[int]:
    """The ticked ids, each a CLB-only entry of this case the actor reads (422 otherwise)."""
    if not ids:
        return frozenset()
    known = {entry.id for entry in clb_only_entries(actor, case)}
    unknown = sorted(set(ids) - known)
    if unknown:
        message = (
            "Enkel notities die alleen voor het CLB zijn, van dit dossier, kunnen gekozen worden; "
            f"niet: {', '.join(map(str, unknown))}."
        )
        raise Invalid("Het document kon niet gemaakt worden.", {"include_entries": [message]})
    return frozenset(ids)
