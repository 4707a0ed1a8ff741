"""A deadlock is a lost race: the database gives way for one transaction, the user
gets 409 (reload and try again) and nothing of the step is written.

The real shape on PostgreSQL: a step that re-marks the absence type writes the case
row (its version) before the instance row; the timer sweep holds the instance it
claimed and, at its commit, locks the case to keep its due dates (storage/case_due).
"""

import threading
import time

import pytest
from sqlalchemy import create_engine, select, text

from app.config import normalise_database_url
from app.extensions import db
from app.models import CaseEvent, CaseTask, WorkflowInstance
from app.vocabulary import TaskStatus
from tests.walk import CaseWalk, example


def _waiting_for_a_lock(probe) -> bool:
    """Some transaction of this database waits for a row lock (the step, on the claimed
    instance: its new task rows' foreign key, or the instance's own update)."""
    return bool(
        probe.execute(
            text(
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
        ).first()
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # row locks: PostgreSQL's
def test_a_step_that_deadlocks_with_the_sweep_is_a_conflict_and_writes_nothing(
    app, login, demo, database_url
):
    walk = CaseWalk(login, absence_type="onbekend")
    task = walk.task("task_absence_type", "zorg1")
    with app.app_context():
        instance_id = db.session.get(CaseTask, task["id"]).instance_id
        version_before = db.session.get(WorkflowInstance, instance_id).version
        events_before = db.session.scalar(select(db.func.count()).select_from(CaseEvent))
        db.session.remove()
    engine = create_engine(normalise_database_url(database_url))
    sweep, probe = engine.connect(), engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        # The "sweep": claims the instance, as its batch does, and may wait long before
        # it gives way itself; the step (1 s, the server's default) gives way first.
        sweep.execute(text("SET LOCAL deadlock_timeout = '20s'"))
        sweep.execute(text("SELECT id FROM workflow_instances WHERE id = :i FOR UPDATE"), {"i": instance_id})
        answer, zorg1 = {}, login("zorg1")

        def step():
            answer["response"] = zorg1.post(
                f"/api/tasks/{task['id']}/complete",
                json={"data": example("task_absence_type", absence_type="spijbelen")},
            )

        stepping = threading.Thread(target=step)
        stepping.start()
        deadline = time.monotonic() + 20
        while not _waiting_for_a_lock(probe):
            assert time.monotonic() < deadline, "the step never waited for the claimed instance"
            time.sleep(0.02)
        # The step holds the case row now (its version); the sweep's commit wants it.
        sweep.execute(text("UPDATE cases SET next_due_at = NULL WHERE id = :c"), {"c": walk.id})
        stepping.join(30)
        sweep.rollback()
    finally:
        sweep.close()
        probe.close()
        engine.dispose()
    response = answer["response"]
    assert response.status_code == 409, response.get_json()
    assert "laad het opnieuw" in response.get_json()["message"]
    with app.app_context():
        row = db.session.get(CaseTask, task["id"])
        assert row.status == TaskStatus.OPEN and row.completed_at is None
        assert db.session.scalar(select(db.func.count()).select_from(CaseEvent)) == events_before
        assert db.session.get(WorkflowInstance, instance_id).version == version_before
    # Tried again, the step goes through.
    assert (
        walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")["absence_type"] == "spijbelen"
    )
