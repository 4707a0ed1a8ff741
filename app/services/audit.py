"""The audit log: who read or changed what outside a case's own event log.

Pupils' data are minors' data: every read of them is recorded here, as is
every sign-in. Rows are append-only (database triggers, migration 0002).
"""

from datetime import datetime

from app.models import AuditEntry
from app.vocabulary import AuditAction


def audit(
    session,
    actor,
    at: datetime,
    action: AuditAction,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add an audit row to the session; the use case's one commit writes it."""
    session.add(
        AuditEntry(
            at=at,
            user_id=actor.user_id if actor else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )
    )
