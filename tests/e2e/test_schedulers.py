"""Two scheduler processes on one database: every due timer fires exactly once.

Real `zorgpad scheduler run-once` subprocesses, started together, against the
test's database (PostgreSQL claims rows with SKIP LOCKED; SQLite relies on the
instances' optimistic lock, and a sweep that lost a race leaves the rest to
the next one).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import CaseEvent, Notification, User, WorkflowInstance
from tests.e2e.served import clock_env
from tests.timer_fixture import REMINDER_AT, T0, use_timer_fixture

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))
CASES = 120


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    return app


def _open_cases(login, n):
    director = login("dir1")
    for i in range(n):
        pupil = director.post(
            "/api/pupils",
            json={
                "external_id": f"T-{i}",
                "first_name": "Timer",
                "last_name": f"Leerling {i}",
                "birth_date": "2012-02-02",
            },
        )
        assert pupil.status_code == 201, pupil.get_json()
        case = director.post(
            "/api/cases", json={"pupil_id": pupil.get_json()["id"], "reason": "Knipperlicht"}
        )
        assert case.status_code == 201, case.get_json()


def _sweepers(app, count):
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ZORGPAD_WORKFLOWS_DIR": app.config["WORKFLOWS_DIR"],
        "ZORGPAD_FORMS_DIR": app.config["FORMS_DIR"],
        **clock_env(T0),
    }  # the in-process tests' clock
    args = [ZORGPAD, "scheduler", "run-once", "--now", REMINDER_AT.isoformat()]
    processes = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(count)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    return [int(re.search(r"(\d+) timers fired", out).group(1)) for out in outputs]


def test_two_schedulers_fire_every_timer_exactly_once(app, login):
    _open_cases(login, CASES)
    fired = _sweepers(app, 2)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    if postgres:  # SKIP LOCKED: nothing lost, nothing twice, in one round
        assert sum(fired) == CASES, fired
    catch_up = _sweepers(app, 1)
    assert sum(fired) + sum(catch_up) == CASES, (fired, catch_up)
    with app.app_context():
        per_case = db.session.execute(
            select(CaseEvent.case_id, func.count())
            .where(CaseEvent.kind == "reminder_sent")
            .group_by(CaseEvent.case_id)
        ).all()
        assert len(per_case) == CASES and {n for _, n in per_case} == {1}
        # Each reminder went once to the one who holds the task: the case's owner, dir1, who
        # opened it (issue 20: work reaches a named person, not the whole team).
        recipients = db.session.execute(
            select(User.username, func.count())
            .select_from(Notification)
            .join(User, User.id == Notification.user_id)
            .group_by(User.username)
        ).all()
        assert recipients == [("dir1", CASES)]
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(WorkflowInstance)
                .where(WorkflowInstance.next_timer_due_at <= REMINDER_AT)
            )
            == 0
        )
