"""The zorgpad commands behind `make run`."""

from app.extensions import db
from app.models import Pupil, User, WorkflowSpec


def test_seed_demo_is_idempotent(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).count() == 14
        assert db.session.query(Pupil).count() == 8
        assert db.session.query(WorkflowSpec).count() == 8  # the eight processes, deployed once


def test_seed_demo_refuses_outside_demo_mode(app, runner):
    app.config["DEMO_MODE"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "ZORGPAD_DEMO_MODE=1" in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_seed_demo_recognises_a_pupil_who_changed_school(app, runner, login, demo):
    """Issue 6, defect 7: a second `make run` re-created a moved pupil in the old school."""
    from tests.walk import CaseWalk

    walk = CaseWalk(login)
    with app.app_context():
        before = db.session.query(Pupil).count()
    moved = login("zorg1").post(
        f"/api/cases/{walk.id}/messages",
        json={
            "name": "school_change",
            "data": {"new_school_id": demo["school_ids"][1], "new_external_id": "S-7"},
        },
    )
    assert moved.status_code == 200
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(Pupil).count() == before
        pupil = db.session.get(Pupil, walk.case["pupil_id"])
        assert (pupil.school_id, pupil.external_id) == (demo["school_ids"][1], "S-7")


def test_models_match_migrations(app, runner):
    """`zorgpad db check`: the migrated schema is what the models declare."""
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():  # and the check does notice a difference
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP INDEX ix_login_attempts_at")
        db.engine.dispose()
    try:
        result = runner.invoke(args=["db", "check"])
        assert result.exit_code != 0 and "add_index" in str(result.exception) + result.output
    finally:  # PostgreSQL's test database is shared by the session's tests
        with app.app_context():
            with db.engine.begin() as connection:
                connection.exec_driver_sql("CREATE INDEX ix_login_attempts_at ON login_attempts (at)")
            db.engine.dispose()
