"""The sweep's writes: a batch of instances' steps written together.

A sweep writes hundreds of steps in a row (app/tasks/sweep.py). Written one by
one, each was a statement (on PostgreSQL a round trip, which costs the app and
the server a wake-up each) and a commit. For a batch whose engine steps are
computed:

- `claim(batch)` (PostgreSQL): one `SELECT … FOR UPDATE SKIP LOCKED` takes the
  batch's rows that no other transaction holds (another scheduler, a user's
  step) and that are still at the version the sweep read; the others are left,
  at once and without a trace (a lost race: their engine steps are wasted);
- `apply_step` of each instance collects its writes (`StepOptions.writes_out`);
- `write_steps(writes)`: on PostgreSQL one statement UPDATEs every instance
  (still under its optimistic lock) and INSERTs the events and notifications of
  the instances it updated; on SQLite (no round trips to save) one executemany
  UPDATE with the version checks, one INSERT of events, one of notifications.
  False when an instance moved since it was read: the caller rolls the batch
  back and leaves the ones `moved` names.

The claimed rows stay locked until the batch commits: a user's step on one of
them waits that long (the engine steps are done before the claim) and then
finds the instance moved on, as it would have anyway.
"""

import orjson
from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql

from app.extensions import db
from app.models import CaseEvent, Notification, WorkflowInstance
from app.storage.step_writes import EVENT_COLUMNS, VERSIONED_UPDATE

_CLAIM = text(
    "SELECT id, version FROM workflow_instances WHERE id = ANY(CAST(:ids AS integer[])) "
    "FOR UPDATE SKIP LOCKED"
)


def claim(instances: list[WorkflowInstance]) -> set[int]:
    """The ids of `instances` this transaction now holds, at the version read."""
    if not instances:
        return set()
    read = {instance.id: instance.version for instance in instances}
    rows = db.session.connection().execute(_CLAIM, {"ids": list(read)})
    return {instance_id for instance_id, version in rows if read.get(instance_id) == version}


def write_steps(writes: list[tuple[WorkflowInstance, dict, list[CaseEvent], list[dict]]]) -> bool:
    """Every collected step, each instance under its optimistic lock; False (and
    the transaction to be rolled back) when one of them moved since it was read."""
    if not writes:
        return True
    if any(e.task is not None and e.task.id is None for _i, _v, events, _n in writes for e in events):
        db.session.flush()  # new task rows first: their events name them
    steps, events, notes = [], [], []
    for instance, values, step_events, step_notes in writes:
        steps.append(
            {
                "instance_id": instance.id,
                "old_version": instance.version,
                "new_version": instance.version + 1,
                "status": instance.status,
                "ended_at": instance.ended_at,
                "workflow_version": instance.workflow_version,
                **values,
            }
        )
        events += [
            (
                instance.id,
                {
                    **{name: getattr(e, name) for name in EVENT_COLUMNS},
                    "task_id": e.task.id if e.task is not None else e.task_id,
                },
            )
            for e in step_events
        ]
        notes += [(instance.id, note) for note in step_notes]
    if db.engine.dialect.name == "postgresql":
        return _write_postgresql(steps, events, notes) == len(steps)
    # SQLite: no round trips to save; each statement once for the whole batch.
    connection = db.session.connection()
    if connection.execute(_UPDATE, steps).rowcount != len(steps):
        return False
    if events:
        connection.execute(insert(CaseEvent.__table__), [row for _id, row in events])
    if notes:
        connection.execute(insert(Notification.__table__), [row for _id, row in notes])
    return True


def moved(read: dict[int, int]) -> list[int]:
    """Which of the instances read at these versions (id → version) are no longer."""
    rows = db.session.execute(
        select(WorkflowInstance.id, WorkflowInstance.version).where(WorkflowInstance.id.in_(read))
    )
    return [instance_id for instance_id, version in rows if read[instance_id] != version]


def _write_postgresql(steps: list[dict], events: list, notes: list) -> int:
    # JSON (orjson, in C) rather than arrays: the driver escapes each element of a
    # text[] with a regular expression, and a state is ~10 KB of quotes.
    written = db.session.connection().execute(
        _WRITE,
        {
            "steps": orjson.dumps(steps).decode(),
            "events": orjson.dumps([{**row, "step_instance": i} for i, row in events]).decode(),
            "notifications": orjson.dumps([{**row, "step_instance": i} for i, row in notes]).decode(),
        },
    )
    return len(written.all())


# The instance's columns a step writes, with their SQL types.
_STEP_COLUMNS = (
    "instance_id integer, old_version integer, new_version integer, state text, next_timer_due_at timestamptz, "
    "status text, ended_at timestamptz, workflow_version integer"
)


def _rows_from_json(table, columns: list[str], parameter: str) -> str:
    """INSERT … SELECT of a JSON array of rows, for the instances the UPDATE took."""
    pg = postgresql.dialect()
    typed = ", ".join(f"{name} {table.c[name].type.compile(dialect=pg)}" for name in columns)
    names = ", ".join(columns)
    return (
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM json_to_recordset(CAST(:{parameter} AS json)) AS r({typed}, step_instance integer) "
        "WHERE r.step_instance IN (SELECT id FROM stepped)"
    )


def _write_statement():
    note_columns = [c.name for c in Notification.__table__.columns if c.name != "id"]
    return text(
        "WITH stepped AS (UPDATE workflow_instances AS w SET state = s.state, "
        "next_timer_due_at = s.next_timer_due_at, status = s.status, ended_at = s.ended_at, "
        "workflow_version = s.workflow_version, version = s.new_version, timer_failures = 0 "
        f"FROM json_to_recordset(CAST(:steps AS json)) AS s({_STEP_COLUMNS}) "
        "WHERE w.id = s.instance_id AND w.version = s.old_version RETURNING w.id), "
        f"step_events AS ({_rows_from_json(CaseEvent.__table__, [*EVENT_COLUMNS, 'task_id'], 'events')}), "
        f"step_notifications AS ({_rows_from_json(Notification.__table__, note_columns, 'notifications')}) "
        "SELECT id FROM stepped"
    )


_WRITE = _write_statement()
# The step's own versioned UPDATE (app/storage/step_writes), and a fired timer's failures cleared.
_UPDATE = VERSIONED_UPDATE.values(timer_failures=0)
