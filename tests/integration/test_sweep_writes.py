"""What the sweep writes when it cannot have an instance: nothing at all.

The sweep computes an instance's step, then writes it under the instance's
optimistic lock, and on PostgreSQL only if no other transaction holds the row
(SKIP LOCKED). A step it may not write leaves no event, no notification and no
new state behind; the next sweep fires the timer once.
"""

import threading

import pytest
from sqlalchemy import func, select, text, update

from app.extensions import db
from app.models import CaseEvent, Notification, WorkflowInstance
from app.tasks import sweep as timers
from app.tasks.sweep import run_due_timers
from tests.timer_fixture import REMINDER_AT, open_case, use_timer_fixture


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    return app


def _written(app, case_id):
    """The rows a fired reminder leaves: its events, its notifications, the instance's version."""
    with app.app_context():
        instance = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == case_id, WorkflowInstance.kind == "case"
            )
        )
        reminders = db.session.scalar(
            select(func.count())
            .select_from(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == "reminder_sent")
        )
        notes = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.case_id == case_id)
        )
        return reminders, notes, instance.version


def test_a_step_on_an_instance_stepped_meanwhile_writes_nothing(app, login, monkeypatch):
    """Between the sweep's read and its write someone else stepped the instance
    (its version moved): the sweep's step is dropped whole, and the next sweep
    fires the reminder from the new state, once."""
    case = open_case(login)
    before = _written(app, case["id"])
    fire = timers._fire_here

    def stepped_meanwhile(instance, *args):
        result = fire(instance, *args)
        with db.engine.begin() as other:  # another transaction, committed before our write
            other.execute(
                update(WorkflowInstance.__table__)
                .where(WorkflowInstance.id == instance.id)
                .values(version=WorkflowInstance.version + 1)
            )
        return result

    monkeypatch.setattr(timers, "_fire_here", stepped_meanwhile)
    with app.app_context():
        report = run_due_timers(REMINDER_AT)
    assert (report.instances, report.timers_fired, report.lost_races) == (0, 0, 1)
    reminders, notes, version = _written(app, case["id"])
    assert (reminders, notes, version) == (0, 0, before[2] + 1)  # only the other's bump

    monkeypatch.setattr(timers, "_fire_here", fire)
    with app.app_context():
        assert run_due_timers(REMINDER_AT).timers_fired == 1
        assert run_due_timers(REMINDER_AT).timers_fired == 0
    assert _written(app, case["id"]) == (1, 3, before[2] + 2)  # zorg1, dir1 and llb1 reminded once


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_instance_another_transaction_holds_is_left_to_the_next_sweep(app, login):
    """PostgreSQL: a row another transaction holds (a user's step, another
    scheduler) is skipped at once, without waiting and without a trace."""
    case = open_case(login)
    before = _written(app, case["id"])
    with app.app_context():
        instance_id = db.session.scalar(
            select(WorkflowInstance.id).where(
                WorkflowInstance.case_id == case["id"], WorkflowInstance.kind == "case"
            )
        )
        holder = db.engine.connect()
        holder.execute(
            text("SELECT id FROM workflow_instances WHERE id = :id FOR UPDATE"), {"id": instance_id}
        )
        try:
            swept = {}
            sweeper = threading.Thread(target=lambda: swept.update(report=_sweep_in(app)))
            sweeper.start()
            sweeper.join(timeout=30)
            assert not sweeper.is_alive(), "the sweep waited for the lock"
        finally:
            holder.rollback()
            holder.close()
    report = swept["report"]
    assert (report.instances, report.timers_fired, report.lost_races) == (0, 0, 1)
    assert _written(app, case["id"]) == before
    with app.app_context():
        assert run_due_timers(REMINDER_AT).timers_fired == 1
    assert _written(app, case["id"]) == (1, 3, before[2] + 1)  # zorg1, dir1 and llb1


def _sweep_in(app):
    with app.app_context():
        return run_due_timers(REMINDER_AT)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_sweeps_commits_skip_the_disk_flush_and_the_pool_gets_its_connection_back_as_it_was(
    app, login, monkeypatch
):
    """PostgreSQL: the sweep's own connection commits without waiting for the
    disk (synchronous_commit off); a request that gets that connection from the
    pool afterwards has the server's setting again."""
    open_case(login)
    seen = {}
    fire = timers._fire_here

    def note_setting(*args):
        connection = db.session.connection()
        seen["setting"] = connection.exec_driver_sql("SHOW synchronous_commit").scalar()
        seen["pid"] = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        return fire(*args)

    monkeypatch.setattr(timers, "_fire_here", note_setting)
    with app.app_context():
        default = db.session.execute(text("SHOW synchronous_commit")).scalar()
        db.session.remove()
        assert run_due_timers(REMINDER_AT).timers_fired == 1
        assert seen["setting"] == "off" and default != "off"
        held = []  # take the pool's idle connections until the sweep's one comes back
        try:
            for _ in range(db.engine.pool.checkedin()):
                connection = db.engine.connect()
                held.append(connection)
                if connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() == seen["pid"]:
                    assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == default
                    break
            else:
                pytest.fail("the sweep's connection did not go back to the pool")
        finally:
            for connection in held:
                connection.close()


def test_no_full_garbage_collection_during_a_sweep_and_the_settings_come_back(app, login, monkeypatch):
    """A full collection walks the whole heap for none of the sweep's (young)
    garbage; during the sweep only the young generations are collected, and
    afterwards the process collects as it did before."""
    import gc

    open_case(login)
    before = gc.get_threshold()
    during = []
    fire = timers._fire_here
    monkeypatch.setattr(timers, "_fire_here", lambda *args: during.append(gc.get_threshold()) or fire(*args))
    with app.app_context():
        assert run_due_timers(REMINDER_AT).timers_fired == 1
    assert during and during[0][:2] == before[:2] and during[0][2] > 1000 * before[2]
    assert gc.get_threshold() == before
