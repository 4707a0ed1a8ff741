"""Two `zorgpad migrate` processes at once on one database: no case moves twice.

Real subprocesses, started together against the test's database. On PostgreSQL each
instance's write takes the row only if no other transaction holds it (`FOR UPDATE SKIP
LOCKED`) and it is still the version read, so the two share the cases in one round; on
SQLite the optimistic lock and the one writer at a time do the same, and a run that
found the file busy leaves those cases to the next run (restartable).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import CaseEvent, WorkflowInstance
from tests.clocks import T0
from tests.e2e.served import clock_env
from tests.migration_fixture import PLAN, use_versions

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))
CASES = 60


def _open_cases(login, n):
    director = login("dir1")
    for i in range(n):
        pupil = director.post(
            "/api/pupils",
            json={
                "external_id": f"MIG-{i}",
                "first_name": "Mig",
                "last_name": f"L{i}",
                "birth_date": "2012-02-02",
            },
        )
        assert pupil.status_code == 201, pupil.get_json()
        case = director.post(
            "/api/cases", json={"pupil_id": pupil.get_json()["id"], "reason": "Knipperlicht"}
        )
        assert case.status_code == 201, case.get_json()


def _migrators(app, count):
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ZORGPAD_WORKFLOWS_DIR": app.config["WORKFLOWS_DIR"],
        "ZORGPAD_FORMS_DIR": app.config["FORMS_DIR"],
        **clock_env(T0),
    }
    args = [ZORGPAD, "migrate", "--process", "zorgpad_case", "--from", "1", "--to", "2"]
    processes = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(count)
    ]
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    return [int(re.search(r"(\d+) verplaatst", out).group(1)) for out in outputs]


def test_two_migrations_at_once_move_each_case_once(app, login, tmp_path):
    _open_cases(login, CASES)
    with app.app_context():
        versions = dict(db.session.execute(select(WorkflowInstance.id, WorkflowInstance.version)).all())
    use_versions(app, tmp_path)
    shutil.copy(PLAN, tmp_path / "workflows_v2" / "migrations" / PLAN.name)
    assert "deployed zorgpad_case v2" in app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    moved = _migrators(app, 2)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    if postgres:  # SKIP LOCKED: nothing lost, nothing twice, in one round
        assert sum(moved) == CASES, moved
    catch_up = _migrators(app, 1)
    assert sum(moved) + sum(catch_up) == CASES, (moved, catch_up)
    with app.app_context():
        per_instance = dict(
            db.session.execute(
                select(WorkflowInstance.id, func.count(CaseEvent.id))
                .join(CaseEvent, CaseEvent.case_id == WorkflowInstance.case_id)
                .where(WorkflowInstance.workflow_key == "zorgpad_case", CaseEvent.kind == "workflow_migrated")
                .group_by(WorkflowInstance.id)
            ).all()
        )
        rows = db.session.execute(
            select(WorkflowInstance.id, WorkflowInstance.workflow_version, WorkflowInstance.version).where(
                WorkflowInstance.workflow_key == "zorgpad_case"
            )
        ).all()
    assert len(rows) == CASES and set(per_instance.values()) == {1} and len(per_instance) == CASES
    assert all(version == 2 and lock == versions[i] + 1 for i, version, lock in rows)  # written once each
    shutil.rmtree(tmp_path / "workflows_v2")
