"""The sweep writes a batch of due instances together: one transaction, one
commit, and a fixed number of statements however many are due in it (on
PostgreSQL the batch's rows are claimed with one statement and written with
another; on SQLite one executemany UPDATE and one INSERT each for the events
and the notifications). Each timer still fires once, and one instance that
cannot be written costs the others nothing.
"""

import threading

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DataError

from app.extensions import db
from app.models import CaseEvent, Notification, WorkflowInstance
from app.tasks import sweep as timers
from app.tasks import sweep_writes
from app.tasks.sweep import run_due_timers
from tests.timer_fixture import REMINDER_AT, open_case, use_timer_fixture


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    return app


def _open_cases(login, pupils: range) -> list[dict]:
    """Cases of the team (nobody holds their tasks), on new pupils as needed."""
    director = login("dir1")
    for i in pupils:
        created = director.post(
            "/api/pupils",
            json={
                "external_id": f"SW-{i}",
                "first_name": "Sweep",
                "last_name": f"Leerling {i}",
                "birth_date": "2012-02-02",
            },
        )
        assert created.status_code == 201, created.get_json()
    known = login("zorg1").get("/api/pupils?per_page=100").get_json()["items"]
    index = {pupil["external_id"]: n for n, pupil in enumerate(known)}
    return [open_case(login, pupil=index[f"SW-{i}"]) for i in pupils]


def _main_instance(case_id: int) -> WorkflowInstance:
    return db.session.scalar(
        select(WorkflowInstance).where(WorkflowInstance.case_id == case_id, WorkflowInstance.kind == "case")
    )


def _reminders(app, case_id: int) -> tuple[int, int]:
    """A case's reminder events and notifications."""
    with app.app_context():
        reminders = db.session.scalar(
            select(func.count())
            .select_from(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == "reminder_sent")
        )
        notes = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.case_id == case_id)
        )
        return reminders, notes


def _counted_sweep(app, at):
    """One sweep, and the statements it sent to the database."""
    with app.app_context():
        statements = []

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            report = run_due_timers(at)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return report, len(statements)


def test_the_statements_of_a_sweep_do_not_grow_with_the_instances_due(app, login):
    first = _open_cases(login, range(2))
    report, two_due = _counted_sweep(app, REMINDER_AT)
    assert (report.instances, report.timers_fired) == (2, 2)

    more = _open_cases(login, range(2, 8))
    report, six_due = _counted_sweep(app, REMINDER_AT)
    assert (report.instances, report.timers_fired) == (6, 6)
    # Reading the batch, claiming it (PostgreSQL), writing it: per batch, not per instance.
    assert six_due == two_due, (two_due, six_due)
    for case in first + more:
        assert _reminders(app, case["id"]) == (1, 3)  # zorg1, dir1 and llb1 reminded once
    assert run_due_timers_in(app).timers_fired == 0


def run_due_timers_in(app):
    with app.app_context():
        return run_due_timers(REMINDER_AT)


def test_many_batches_fire_each_timer_once(app, login, monkeypatch):
    cases = _open_cases(login, range(5))
    monkeypatch.setattr(timers, "BATCH", 2)
    report = run_due_timers_in(app)
    assert (report.instances, report.timers_fired, report.lost_races, report.failures) == (5, 5, 0, 0)
    assert run_due_timers_in(app).timers_fired == 0
    assert [_reminders(app, case["id"]) for case in cases] == [(1, 3)] * 5


def test_an_instance_whose_write_fails_costs_the_rest_of_its_batch_nothing(app, login, monkeypatch):
    """The batch is rolled back when one instance's step cannot be applied; that
    one is counted as failing (retried later), the others are read again and
    fire once."""
    broken, *healthy = _open_cases(login, range(4))
    with app.app_context():
        broken_id = _main_instance(broken["id"]).id
    apply_step = timers.apply_step

    def failing(case, instance, *args, **kwargs):
        if instance.id == broken_id:
            raise RuntimeError("a step that cannot be applied")
        return apply_step(case, instance, *args, **kwargs)

    monkeypatch.setattr(timers, "apply_step", failing)
    report = run_due_timers_in(app)
    assert (report.instances, report.timers_fired, report.failures) == (3, 3, 1)
    assert report.failed_ids == [broken_id]
    assert [_reminders(app, case["id"]) for case in healthy] == [(1, 3)] * 3
    assert _reminders(app, broken["id"]) == (0, 0)
    with app.app_context():
        assert _main_instance(broken["id"]).timer_failures == 1

    monkeypatch.setattr(timers, "apply_step", apply_step)
    with app.app_context():
        retry_at = _main_instance(broken["id"]).next_timer_due_at
        assert run_due_timers(retry_at).timers_fired == 1
        assert run_due_timers(retry_at).timers_fired == 0
        assert _main_instance(broken["id"]).timer_failures == 0
    assert _reminders(app, broken["id"]) == (1, 3)
    assert [_reminders(app, case["id"]) for case in healthy] == [(1, 3)] * 3


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_row_another_transaction_holds_is_left_and_the_rest_of_the_batch_fires(app, login):
    """PostgreSQL: the batch's claim skips a row that is held (a user's step,
    another scheduler) at once; the others are written in the same batch."""
    held_case, *free = _open_cases(login, range(3))
    with app.app_context():
        held_id = _main_instance(held_case["id"]).id
        holder = db.engine.connect()
        holder.execute(text("SELECT id FROM workflow_instances WHERE id = :id FOR UPDATE"), {"id": held_id})
        try:
            swept = {}
            sweeper = threading.Thread(target=lambda: swept.update(report=run_due_timers_in(app)))
            sweeper.start()
            sweeper.join(timeout=30)
            assert not sweeper.is_alive(), "the sweep waited for the lock"
        finally:
            holder.rollback()
            holder.close()
    report = swept["report"]
    assert (report.instances, report.timers_fired, report.lost_races) == (2, 2, 1)
    assert _reminders(app, held_case["id"]) == (0, 0)
    assert [_reminders(app, case["id"]) for case in free] == [(1, 3)] * 2
    assert run_due_timers_in(app).timers_fired == 1
    assert _reminders(app, held_case["id"]) == (1, 3)


def test_a_write_that_fails_for_one_instance_of_a_batch_fails_it_alone(app, login, monkeypatch):
    """The batch's statement fails (say, a value the database refuses) without
    saying whose it is: the batch's instances are stepped one to a batch, so the
    one that cannot be written fails alone (retried, then an incident) and the
    others fire once."""
    broken, *healthy = _open_cases(login, range(4))
    with app.app_context():
        broken_id = _main_instance(broken["id"]).id
    write_steps = sweep_writes.write_steps

    def refusing(writes):
        if any(instance.id == broken_id for instance, *_rest in writes):
            raise DataError("INSERT …", {}, Exception("value too long"))
        return write_steps(writes)

    monkeypatch.setattr(sweep_writes, "write_steps", refusing)
    report = run_due_timers_in(app)
    assert (report.instances, report.timers_fired, report.failures, report.lost_races) == (3, 3, 1, 0)
    assert report.failed_ids == [broken_id]
    assert [_reminders(app, case["id"]) for case in healthy] == [(1, 3)] * 3
    assert _reminders(app, broken["id"]) == (0, 0)
    with app.app_context():
        assert _main_instance(broken["id"]).timer_failures == 1
