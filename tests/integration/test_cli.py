"""The zorgpad commands behind `make run`."""
from app.extensions import db
from app.models import Pupil, User, WorkflowSpec


def test_seed_demo_is_idempotent(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).count() == 11
        assert db.session.query(Pupil).count() == 8
        assert db.session.query(WorkflowSpec).count() == 4  # the four processes, deployed once


def test_seed_demo_refuses_outside_demo_mode(app, runner):
    app.config["DEMO_MODE"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "ZORGPAD_DEMO_MODE=1" in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0
