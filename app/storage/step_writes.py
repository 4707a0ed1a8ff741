"""Writing one engine step's own rows: the instance, under its optimistic lock,
with the step's events, its notifications and its changes to the task rows it
holds (completed, cancelled, due date moved).

Every step of every case comes through here, and the timer sweep writes
thousands of them in a row: statements are built once, and on PostgreSQL the
writes go in one statement (data-modifying WITH queries), because there
each round trip costs both the app and the database server CPU. The events,
notifications and task changes only go in when the instance's UPDATE did (a
lost race, rolled back anyway, writes nothing first). SQLite (no server, no
round trip) gets a statement each.
"""

import orjson
from sqlalchemy import bindparam, insert, inspect, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import CaseEvent, CaseTask, Notification, WorkflowInstance
from app.models.types import UTCDateTime
from app.storage import case_due

EVENT_COLUMNS = [c.key for c in CaseEvent.__table__.columns if c.key not in ("id", "task_id")]
# What a step changes on the task rows it holds; a row with other changes is left to the ORM.
TASK_CHANGES = ("status", "assignee_id", "due_at", "completed_at", "completed_by_id", "data")


def write_step(
    instance: WorkflowInstance,
    values: dict,
    events: list[CaseEvent],
    notes: list[dict],
    *,
    claim: bool = False,
    tasks: list[CaseTask] | tuple = (),
) -> None:
    """The instance's new `values` (state, next timer, status, end; the process
    version when a migration moves it), the step's
    events and its notifications (`notifications.notification` dicts).

    StaleDataError, as from the ORM, when the instance's version moved. `claim`
    (the timer sweep, PostgreSQL): the instance is also only taken if no other
    transaction holds it (FOR UPDATE SKIP LOCKED), so a second scheduler gives
    up at once instead of waiting. A new instance is left to the ORM's INSERT.
    `tasks`: the step's task rows; their changes (`TASK_CHANGES`) are written here.
    """
    # Taken from the ORM first, so the flush new task rows need (their events name
    # them) leaves these rows to this write (a lost race rolls both back).
    changes = _take_task_changes(tasks)
    if changes:  # past the ORM, so the session's hooks do not see them: named here
        case_due.touch(db.session, {row.case_id for row in tasks})
    if db.engine.dialect.name != "postgresql" or not _changes(instance, values):
        _write_instance(instance, values, claim=claim)
        insert_events(events)
        _add_notifications(notes)
        if changes:
            db.session.connection().execute(_UPDATE_TASKS, changes)
        return
    event_rows = _event_rows(events)
    task_rows = [{**change, "data": _json_text(change["data"])} for change in changes]
    values = _instance_values(instance, values)
    stepped = (
        db.session.connection()
        .execute(
            _STEP_CLAIMED if claim else _STEP,
            {
                **values,
                "instance_id": instance.id,
                "old_version": instance.version,
                "new_version": instance.version + 1,
                "events": orjson.dumps(event_rows).decode(),
                "notifications": orjson.dumps(notes).decode(),
                "tasks": orjson.dumps(task_rows).decode(),
            },
        )
        .scalar_one()  # SELECT count(*): one row
    )
    _written(instance, values, stepped)


def _take_task_changes(rows) -> list[dict]:
    """The new values of the stored rows whose only changes are a step's; the ORM
    counts them as stored from here on (this write stores them)."""
    changes = []
    for row in rows:
        state = inspect(row)
        if state.has_identity and state.committed_state and state.committed_state.keys() <= _TASK_CHANGE_SET:
            change = {"task_id": row.id, **{name: getattr(row, name) for name in TASK_CHANGES}}
            for name in TASK_CHANGES:
                set_committed_value(row, name, change[name])
            changes.append(change)
    return changes


def _json_text(value) -> str | None:
    # The form's data as its own JSON text (a jsonb round trip would reorder its keys).
    return None if value is None else orjson.dumps(value).decode()


def _write_instance(instance: WorkflowInstance, values: dict, *, claim: bool = False) -> None:
    """The instance's new values alone (one UPDATE built once: the ORM's unit of
    work costs more than the statement); see `write_step`."""
    if not _changes(instance, values):
        for name, value in values.items():
            setattr(instance, name, value)  # a new instance: the ORM's INSERT has them
        return
    values = _instance_values(instance, values)
    statement = _UPDATE_CLAIMED if claim and db.engine.dialect.name == "postgresql" else VERSIONED_UPDATE
    updated = db.session.connection().execute(
        statement,
        {
            **values,
            "instance_id": instance.id,
            "old_version": instance.version,
            "new_version": instance.version + 1,
        },
    )
    _written(instance, values, updated.rowcount)


def insert_events(events: list[CaseEvent]) -> None:
    """One INSERT for events (the log is append-only; nobody needs their ids), after
    the new task rows they name have theirs."""
    if events:
        db.session.connection().execute(_INSERT_EVENTS, _event_rows(events))


def _add_notifications(rows: list[dict]) -> None:
    """One INSERT for notifications (nobody needs their ids; the rows they name exist)."""
    if rows:
        db.session.connection().execute(_INSERT_NOTIFICATIONS, rows)


def _changes(instance: WorkflowInstance, values: dict) -> bool:
    """Whether a stored instance is to be written (as the ORM, nothing when
    nothing changed: e.g. an import's new instance, inserted as the step left it)."""
    return inspect(instance).has_identity and any(
        getattr(instance, name) != value for name, value in values.items()
    )


def _instance_values(instance: WorkflowInstance, values: dict) -> dict:
    # workflow_version changes only when the instance moves to another version (a migration).
    return {
        "status": instance.status,
        "ended_at": instance.ended_at,
        "workflow_version": instance.workflow_version,
        **values,
    }


def _written(instance: WorkflowInstance, values: dict, rows: int) -> None:
    if rows != 1:
        raise StaleDataError(f"workflow instance {instance.id} is not at version {instance.version}")
    for name, value in {**values, "version": instance.version + 1}.items():
        set_committed_value(instance, name, value)  # as stored: nothing left for the ORM to flush


def _event_rows(events: list[CaseEvent]) -> list[dict]:
    # New task rows are flushed first: their events name them.
    if any(e.task is not None and e.task.id is None for e in events):
        db.session.flush()
    return [
        {
            **{name: getattr(e, name) for name in EVENT_COLUMNS},
            "task_id": e.task.id if e.task is not None else e.task_id,
        }
        for e in events
    ]


_INSTANCES = WorkflowInstance.__table__
VERSIONED_UPDATE = (
    update(_INSTANCES)
    .where(_INSTANCES.c.id == bindparam("instance_id"), _INSTANCES.c.version == bindparam("old_version"))
    .values(
        state=bindparam("state"),
        next_timer_due_at=bindparam("next_timer_due_at"),
        status=bindparam("status"),
        ended_at=bindparam("ended_at"),
        workflow_version=bindparam("workflow_version"),
        version=bindparam("new_version"),
    )
)
_UNLOCKED = (
    select(_INSTANCES.c.id)
    .where(_INSTANCES.c.id == bindparam("instance_id"))
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
_UPDATE_CLAIMED = VERSIONED_UPDATE.where(_INSTANCES.c.id == _UNLOCKED)
_INSERT_EVENTS = insert(CaseEvent.__table__)
_TASKS = CaseTask.__table__
_TASK_CHANGE_SET = frozenset(TASK_CHANGES)
_UPDATE_TASKS = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("task_id"))
    .values({name: bindparam(name, type_=_TASKS.c[name].type) for name in TASK_CHANGES})
)
_INSERT_NOTIFICATIONS = insert(Notification.__table__)


def _rows_from_json(table, columns: list[str], parameter: str) -> str:
    """INSERT … SELECT of a JSON array of rows, once the instance's UPDATE took."""
    pg = postgresql.dialect()
    typed = ", ".join(f"{name} {table.c[name].type.compile(dialect=pg)}" for name in columns)
    names = ", ".join(columns)
    return (
        f"INSERT INTO {table.name} ({names}) SELECT {names} FROM stepped, "
        f"jsonb_to_recordset(CAST(:{parameter} AS jsonb)) AS r({typed})"
    )


def _task_updates_from_json() -> str:
    """UPDATE … FROM a JSON array of task changes, once the instance's UPDATE took
    (`data` comes as JSON text: see `_json_text`)."""
    pg = postgresql.dialect()
    typed = ", ".join(
        f"{name} {'text' if name == 'data' else _TASKS.c[name].type.compile(dialect=pg)}"
        for name in TASK_CHANGES
    )
    sets = ", ".join(
        f"{name} = CAST(r.data AS json)" if name == "data" else f"{name} = r.{name}" for name in TASK_CHANGES
    )
    return (
        f"UPDATE case_tasks SET {sets} FROM stepped, "
        f"jsonb_to_recordset(CAST(:tasks AS jsonb)) AS r(task_id integer, {typed}) "
        "WHERE case_tasks.id = r.task_id"
    )


def _step_statement(claim: bool):
    guard = (
        " AND id = (SELECT id FROM workflow_instances WHERE id = :instance_id FOR UPDATE SKIP LOCKED)"
        if claim
        else ""
    )
    event_columns = [*EVENT_COLUMNS, "task_id"]
    note_columns = [c.name for c in Notification.__table__.columns if c.name != "id"]
    return text(
        "WITH stepped AS (UPDATE workflow_instances SET state = :state, "
        "next_timer_due_at = :next_timer_due_at, status = :status, ended_at = :ended_at, "
        "workflow_version = :workflow_version, version = :new_version "
        f"WHERE id = :instance_id AND version = :old_version{guard} RETURNING id), "
        f"step_events AS ({_rows_from_json(CaseEvent.__table__, event_columns, 'events')}), "
        f"step_notifications AS ({_rows_from_json(Notification.__table__, note_columns, 'notifications')}), "
        f"step_tasks AS ({_task_updates_from_json()}) "
        "SELECT count(*) FROM stepped"
    ).bindparams(
        bindparam("next_timer_due_at", type_=UTCDateTime()), bindparam("ended_at", type_=UTCDateTime())
    )


_STEP = _step_statement(claim=False)
_STEP_CLAIMED = _step_statement(claim=True)
