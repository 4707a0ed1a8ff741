"""The case's earliest open task due dates, `cases.next_due_at` (any lane) and
`cases.school_next_due_at` (the school lane: what a school user sees), kept by
every transaction that writes task rows.

Task rows are written through the ORM in many places (the step funnel's new,
cancelled and moved rows, a completion, a cancelled instance, moved days off,
the sweep's and the import's batches, a migration's steps). Rather than a call
in each, the session notes after every flush the cases whose task rows changed
in a way that matters (a new or deleted row; its status, due date, lane or
case), and the cases of task rows inserted in bulk through the session; just
before the commit it recomputes those cases' two columns from `case_tasks`, in
one UPDATE per 500 cases (on PostgreSQL with the lock below: one statement more).
A Core UPDATE of task rows that changes one of those columns must name its cases
with `touch` (absences/followup.py: follow-ups adopted by a case or handed back).

On PostgreSQL the cases' rows are locked first, in id order, and the UPDATE that
reads the tasks is a statement of its own after that (READ COMMITTED: a fresh
snapshot), so two transactions changing tasks of one case at once each compute
from what the other committed. The values are written by Core: they never bump
the case's `version` (no lost race with a user's write of the case).
"""

from collections.abc import Iterable

from sqlalchemy import and_, case, event, func, inspect, select, update
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.orm.attributes import set_committed_value

from app.models import Case, CaseTask
from app.vocabulary import Lane, TaskStatus

PENDING = "zorgpad.case_due"  # session.info: the case ids to recompute before the commit
TRACKED = ("status", "due_at", "lane", "case_id")
CHUNK = 500

AnySession = Session | scoped_session  # a session, or Flask-SQLAlchemy's db.session
CASES = Case.__table__
TASKS = CaseTask.__table__


def earliest_per_case(case_ids: list[int] | None):
    """Each case's two dates, grouped once (not a subquery per case: on a freshly loaded
    table without statistics PostgreSQL read every open task for each case)."""
    school_due = case((TASKS.c.lane == Lane.SCHOOL, TASKS.c.due_at))
    query = (
        select(
            CASES.c.id.label("case_id"),
            func.min(TASKS.c.due_at).label("every"),
            func.min(school_due).label("school"),
        )
        .select_from(
            CASES.outerjoin(TASKS, and_(TASKS.c.case_id == CASES.c.id, TASKS.c.status == TaskStatus.OPEN))
        )
        .group_by(CASES.c.id)
    )
    if case_ids is not None:
        query = query.where(CASES.c.id.in_(case_ids))
    return query.subquery("earliest")


def _write(session: AnySession, case_ids: list[int] | None):
    earliest = earliest_per_case(case_ids)
    return session.execute(
        update(CASES)
        .where(CASES.c.id == earliest.c.case_id)
        .values(next_due_at=earliest.c.every, school_next_due_at=earliest.c.school)
        .returning(CASES.c.id, CASES.c.next_due_at, CASES.c.school_next_due_at)
    )


def touch(session: AnySession, case_ids: Iterable) -> None:
    """Recompute these cases' due dates before this transaction commits."""
    session.info.setdefault(PENDING, set()).update(i for i in case_ids if isinstance(i, int))


def refresh(session: AnySession, case_ids: Iterable[int]) -> None:
    """Recompute the cases' two columns from their open tasks, now, in this transaction."""
    ids = sorted(set(case_ids))
    postgresql = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if postgresql:
            session.execute(
                select(CASES.c.id).where(CASES.c.id.in_(chunk)).order_by(CASES.c.id).with_for_update()
            ).all()
        for case_id, next_due_at, school_next_due_at in _write(session, chunk):
            held = session.identity_map.get(session.identity_key(Case, (case_id,)))
            if held is not None:  # the case in hand says what the database holds
                set_committed_value(held, "next_due_at", next_due_at)
                set_committed_value(held, "school_next_due_at", school_next_due_at)


def _after_flush(session: Session, _context) -> None:
    touched: set = set()
    for row in session.new:
        if isinstance(row, CaseTask):
            touched.add(row.case_id)
    for row in session.deleted:
        if isinstance(row, CaseTask):
            touched.add(inspect(row).attrs.case_id.loaded_value)
    for row in session.dirty:
        if not isinstance(row, CaseTask):
            continue
        attrs = inspect(row).attrs
        if any(attrs[key].history.has_changes() for key in TRACKED):
            touched.add(row.case_id)
            touched.update(attrs.case_id.history.deleted)  # the case a row left
    if touched - {None}:
        touch(session, touched)


def _bulk_insert(execute_state) -> None:
    """`session.execute(insert(CaseTask), rows)` (the ORM's bulk INSERT) skips the flush."""
    if execute_state.is_insert and execute_state.bind_mapper is inspect(CaseTask):
        rows = execute_state.parameters
        rows = rows if isinstance(rows, list) else [rows or {}]
        touch(execute_state.session, (row.get("case_id") for row in rows))


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush would come after this hook
    pending = session.info.pop(PENDING, None)
    if pending:
        refresh(session, pending)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost: committed (consumed above) or rolled back
        session.info.pop(PENDING, None)


_listening = False


def listen() -> None:
    """On the Session class: every app's sessions (and the sweep's own), registered once."""
    global _listening
    if not _listening:
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)
        event.listen(Session, "do_orm_execute", _bulk_insert)
        _listening = True
