"""`zorgpad check`: the workflows, their task index, timers, event log and documents agree,
and the check says so when they do not."""

from sqlalchemy import select, text

from app import create_app
from app.extensions import db
from app.models import CaseTask, WorkflowInstance
from tests.walk import CaseWalk


def _check(runner, *args):
    return runner.invoke(args=["check", *args])


def test_a_lived_in_database_is_consistent(app, runner, login):
    walk = CaseWalk(login)
    walk.episode()
    walk.plan()
    walk.refer()
    CaseWalk(login, pupil=1).complete("task_absence_contact_parents", "secr1")
    walk.login("zorg1").post(f"/api/cases/{walk.id}/documents", json={"template": "dossier_maatregelen"})
    result = _check(runner, "--documents")
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output and "documents" in result.output


def test_each_kind_of_disagreement_is_found(app, runner, login):
    first, second = CaseWalk(login), CaseWalk(login, pupil=1)
    with app.app_context():
        main = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == first.id, WorkflowInstance.kind == "case"
            )
        )
        task = db.session.scalar(select(CaseTask).where(CaseTask.case_id == second.id).limit(1))
        with db.engine.begin() as conn:
            # A step cut short: the index lost a row's status, the timer moved, a document's bytes changed.
            conn.execute(text("UPDATE case_tasks SET status = 'completed' WHERE id = :id"), {"id": task.id})
            conn.execute(
                text("UPDATE workflow_instances SET next_timer_due_at = NULL WHERE id = :id"), {"id": main.id}
            )
    result = _check(runner)
    assert result.exit_code == 1
    assert f"tasks: instance {task.instance_id}: ready in the engine without a task row" in result.output
    assert f"timer: instance {main.id}: indexed None" in result.output
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE workflow_instances SET state = 'kapot' WHERE id = :id"), {"id": main.id})
    assert f"state: instance {main.id}:" in _check(runner).output


def test_an_unmigrated_database_is_said_not_a_traceback(tmp_path, clock):
    empty = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    )
    empty.extensions["zorgpad.clock"] = clock  # no test reads the real date
    result = empty.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 1 and "Run `zorgpad db upgrade` first." in result.output
    assert "Traceback" not in result.output


def test_the_scheduler_on_an_unmigrated_database_says_so_once(tmp_path, clock):
    empty = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    )
    empty.extensions["zorgpad.clock"] = clock
    result = empty.test_cli_runner().invoke(args=["scheduler"])  # refused before any job runs
    assert result.exit_code == 1 and "Run `zorgpad db upgrade` first." in result.output
    assert "Traceback" not in result.output
