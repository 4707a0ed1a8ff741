"""Who read what: an admin lists the audit log, by pupil (every row about the pupil,
their cases, their cases' tasks and documents) or by user. The listing itself is
audited. The log stays append-only (database triggers, migration 0002)."""

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from app import clock
from app.models import AuditEntry, Case, CaseTask, Document
from app.services.access import Actor
from app.services.audit import audit
from app.services.errors import Forbidden
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import AuditAction, Role


def _about_pupil(pupil_id: int):
    cases = select(Case.id).where(Case.pupil_id == pupil_id).scalar_subquery()
    tasks = select(CaseTask.id).where(CaseTask.pupil_id == pupil_id).scalar_subquery()
    documents = select(Document.id).where(Document.case_id.in_(cases)).scalar_subquery()
    return or_(
        and_(AuditEntry.object_type == "pupil", AuditEntry.object_id == pupil_id),
        and_(AuditEntry.object_type == "case", AuditEntry.object_id.in_(cases)),
        and_(AuditEntry.object_type == "task", AuditEntry.object_id.in_(tasks)),
        and_(AuditEntry.object_type == "document", AuditEntry.object_id.in_(documents)),
    )


def list_audit(
    actor: Actor,
    *,
    pupil_id: int | None = None,
    user_id: int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: int = 1,
    per_page: int = 100,
) -> tuple[list[AuditEntry], int]:
    if Role.ADMIN not in actor.roles:
        raise Forbidden("Enkel een beheerder leest het auditlogboek.")
    query = select(AuditEntry).options(joinedload(AuditEntry.user))
    if pupil_id:
        query = query.where(_about_pupil(pupil_id))
    if user_id:
        query = query.where(AuditEntry.user_id == user_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    rows, total = paginate(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), page, per_page)
    detail = f"pupil={pupil_id or '-'} user={user_id or '-'} action={action or '-'} n={len(rows)}"
    with writing() as session:
        audit(session, actor, clock.now(), AuditAction.AUDIT_READ, detail=detail)
    return rows, total
