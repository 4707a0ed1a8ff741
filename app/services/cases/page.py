"""What the case's web page reads of the case itself, in one go: the view with its open
tasks, the latest events and journal entries with how many there are, the team (the task rows' colleagues), and the
four reads audited in one transaction. (`views.get_case`, `listing.list_events` and
`journal.list_entries` each load the view and commit their audit row; on the page that
was ten statements and three commits more, each a round trip.)"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import joinedload, lazyload

from app import clock
from app.extensions import db
from app.models import CaseEvent, JournalEntry, User
from app.services import users
from app.services.access import Actor
from app.services.audit import audit
from app.services.cases.journal import visible_journal
from app.services.cases.listing import visible_events
from app.services.cases.views import CaseView, load_view, visible_open_tasks
from app.services.transaction import writing
from app.vocabulary import AuditAction


@dataclass
class CasePage:
    view: CaseView
    events: list[CaseEvent]  # the newest first
    event_total: int
    entries: list[JournalEntry]  # the newest first
    entry_total: int
    colleagues: list[User]  # the team, as users.list_colleagues lists it (the task rows, the names)


def _newest(query, order, limit: int) -> tuple[list, int]:
    """The first `limit` rows in `order` and how many there are (a window count: one read)."""
    rows = db.session.execute(query.add_columns(func.count().over()).order_by(*order).limit(limit)).all()
    return [row[0] for row in rows], rows[0][1] if rows else 0


def case_page(actor: Actor, case_id: int, *, events: int, entries: int) -> CasePage:
    """The case as the actor may see it (else NotFound), its newest `events` events and
    newest `entries` journal entries, audited as the API's three reads are."""
    view = load_view(actor, case_id)
    view.open_tasks = [] if view.is_former else visible_open_tasks(actor, view.id)
    names_only = lazyload(User.role_rows)  # who wrote it, not what they may do
    event_rows, event_total = _newest(
        visible_events(actor, view.id).options(joinedload(CaseEvent.actor).options(names_only)),
        (CaseEvent.id.desc(),),
        events,
    )
    entry_rows, entry_total = _newest(
        visible_journal(actor, view.id).options(joinedload(JournalEntry.author).options(names_only)),
        (JournalEntry.occurred_at.desc(), JournalEntry.id.desc()),
        entries,
    )
    colleagues = users.first_colleagues(actor)
    with writing() as session:
        now = clock.now()
        for action in (AuditAction.CASE_READ, AuditAction.EVENTS_READ, AuditAction.JOURNAL_READ):
            audit(session, actor, now, action, "case", view.id)
        users.audit_listed(session, actor, colleagues)
    return CasePage(view, event_rows, event_total, entry_rows, entry_total, colleagues)
