"""Bulk assign: several tasks to one colleague, all or none (`POST /api/tasks/assign`)."""

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import clock
from app.extensions import db
from app.models import CaseTask, User
from app.services.access import Actor, in_scope
from app.services.errors import Conflict, Invalid
from app.services.steps.records import event, lane_visibility, subject_of
from app.services.steps.roles import task_roles
from app.services.tasks.work import ROLE_NAMES, may_act, scoped
from app.services.transaction import writing
from app.vocabulary import EventKind, Role, TaskStatus

MAX_TASKS = 100


class NotAllAssigned(Invalid):
    """Some tasks cannot go to that colleague: none was assigned. `extra.refused`
    names each such task and why."""

    def __init__(self, refused: list[dict]):
        n = len(refused)
        super().__init__(
            f"Geen enkele taak werd toegewezen: {n} {'taak kan' if n == 1 else 'taken kunnen'} niet "
            "naar deze collega. Haal ze uit de selectie of kies iemand anders.",
            {"task_ids": [_line(r) for r in refused]},
        )
        self.refused = refused
        self.extra = {"refused": refused}


def _line(refusal: dict) -> str:
    if refusal["title"] is None:
        return f"Taak {refusal['task_id']}: {refusal['reason']}"
    return f"{refusal['title']} ({refusal['pupil']}): {refusal['reason']}"


def _colleague(user_id: int) -> Actor:
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise Invalid("Onbekende gebruiker.", {"user_id": ["Geen collega gevonden."]})
    return Actor.of(user)


def _why_not(actor: Actor, target: Actor, row: CaseTask, target_sees: set[int]) -> str | None:
    """Why this task cannot go to `target` (None: it can)."""
    if row.status != TaskStatus.OPEN:
        return "deze taak is niet meer open."
    if not may_act(actor, row):
        return "u mag deze taak niet toewijzen (ze is niet voor uw rol)."
    if row.id not in target_sees:
        return "deze collega werkt niet voor de school van deze taak."
    if not may_act(target, row):
        allowed = ", ".join(sorted(ROLE_NAMES[Role(r)] for r in task_roles(row)))
        return f"deze collega heeft niet de rol ervoor (de taak is voor {allowed})."
    return None


def assign_many(actor: Actor, task_ids: list[int], user_id: int) -> list[CaseTask]:
    """Assign every task to the colleague, in one transaction; when any task cannot
    go to them (not found, closed, not the actor's to give, outside the colleague's
    schools, not their role), nothing is assigned and each such task is named."""
    ids = list(dict.fromkeys(task_ids))
    if not ids or len(ids) > MAX_TASKS:
        raise Invalid("Kies de taken.", {"task_ids": [f"Kies 1 tot {MAX_TASKS} taken."]})
    target = _colleague(user_id)
    rows = {
        row.id: row
        for row in db.session.scalars(
            scoped(actor)
            .where(CaseTask.id.in_(ids))
            .options(joinedload(CaseTask.case), joinedload(CaseTask.pupil), joinedload(CaseTask.assignee))
        )
    }
    target_sees = set(
        db.session.scalars(
            select(CaseTask.id).where(CaseTask.id.in_(ids), in_scope(CaseTask.school_id, target))
        )
    )
    refused = []
    for task_id in ids:
        row = rows.get(task_id)
        reason = "taak niet gevonden." if row is None else _why_not(actor, target, row, target_sees)
        if reason:
            pupil = f"{row.pupil.first_name} {row.pupil.last_name}" if row else None
            refused.append(
                {"task_id": task_id, "title": row.title if row else None, "pupil": pupil, "reason": reason}
            )
    if refused:
        raise NotAllAssigned(refused)
    now = clock.now()
    ordered = [rows[task_id] for task_id in ids]
    with writing() as session:
        for row in ordered:
            if row.assignee_id == user_id:
                continue
            before = row.assignee_id
            guard = CaseTask.assignee_id.is_(None) if before is None else CaseTask.assignee_id == before
            changed = session.execute(
                update(CaseTask)
                .where(CaseTask.id == row.id, CaseTask.status == TaskStatus.OPEN, guard)
                .values(assignee_id=user_id)
            ).rowcount
            if changed != 1:  # raised inside writing(): every UPDATE of this call rolls back
                raise Conflict(
                    f"De taak “{row.title}” werd intussen gewijzigd; geen enkele taak werd toegewezen. "
                    "Laad de lijst opnieuw."
                )
            session.add(
                event(
                    subject_of(row.case, row.pupil, row.school_id),
                    actor,
                    now,
                    EventKind.TASK_ASSIGNED,
                    row.title,
                    before,
                    user_id,
                    visibility=lane_visibility(row.lane),
                    task=row,
                    school_id=row.school_id,
                )
            )
    for row in ordered:
        db.session.refresh(row)  # the UPDATEs bypassed the ORM's copies
    return ordered
