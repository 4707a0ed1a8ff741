"""What a step reads (bench/README.md, service_step_ratio: on PostgreSQL every statement is
a round trip): the school's days off and deadlines are read only when the step's
expressions or timers ask for them (app/services/calendar/functions.script_functions)."""

from sqlalchemy import select

from app.extensions import db
from app.models import CaseEvent, CaseTask, User
from app.vocabulary import EventKind, TaskStatus
from tests.statements import recorded
from tests.walk import CaseWalk, example

CALENDAR_TABLES = ("school_days_off", "school_deadlines", "clb_deadlines")


def _calendar_reads(app, step) -> list[str]:
    with recorded(app, lambda sql: any(f"FROM {table}" in sql for table in CALENDAR_TABLES)) as seen:
        step()
    return seen


def test_a_step_without_dates_reads_no_calendar_and_one_with_a_timer_does(app, login, demo, clock):
    walk = CaseWalk(login, absence_type="schoolweigering")
    # The return plan opens its follow-up tasks without a timer: nothing to count.
    assert _calendar_reads(app, lambda: walk.complete("task_return_plan", "zorg1")) == []
    plan = CaseWalk(login, pupil=1, absence_type="spijbelen")
    # The action plan's evaluation waits until a date in school days: the calendar is read.
    reads = _calendar_reads(app, lambda: plan.complete("task_action_plan", "zorg1"))
    assert reads and len(reads) <= len(CALENDAR_TABLES)


def _statements(app, step) -> list[str]:
    with recorded(app) as seen:
        step()
    return seen


# The plain step (the return plan) with the case view it answers: 18 statements when the
# view read the B count twice and the owner and its roles apart; 16 since the view counts
# once and reads both owners with their roles in one statement; 9 since the answer reuses
# the step's B count and absence settings (facts.StepReads), the task's assignee comes with
# its roles in the task's statement (the owner the answer names is that user, not read
# again), the actor's own school needs no period read, and the completed task's row and
# events go in the step's own statement on PostgreSQL (storage/step_writes.py; SQLite
# writes them apart). This bound fails when a part of the step or the view reads again.
PLAIN_STEP_STATEMENTS = 9
SQLITE_STEP_WRITES = 3  # SQLite: the task changes, the events and the instance, a statement each
# Plus the case's kept earliest due dates (storage/case_due.py, the caseload's overdue
# filter): their UPDATE, on PostgreSQL after locking the case row.
CASE_DUE_STATEMENTS = {"sqlite": 1, "postgresql": 2}


def test_the_plain_step_answers_its_case_in_a_bounded_number_of_statements(app, login, demo, clock):
    walk = CaseWalk(login, absence_type="schoolweigering")
    task = walk.task("task_return_plan", "zorg1")
    user = login("zorg1")
    body = {"data": example("task_return_plan")}
    responses = []
    seen = _statements(
        app, lambda: responses.append(user.post(f"/api/tasks/{task['id']}/complete", json=body))
    )
    assert responses[0].status_code == 200, responses[0].get_json()
    answer = responses[0].get_json()
    assert answer["owner"] and answer["school_year_b_count"] is not None and "signal_due" in answer
    with app.app_context():
        dialect = db.engine.dialect.name
    sqlite = dialect == "sqlite"
    writes = [sql for sql in seen if not sql.lstrip().startswith(("SELECT", "WITH"))]
    bound = PLAIN_STEP_STATEMENTS + CASE_DUE_STATEMENTS[dialect] + (SQLITE_STEP_WRITES - 1 if sqlite else 0)
    assert len(seen) <= bound, "\n".join(seen)
    # The step's own writes (one WITH statement on PostgreSQL), then the kept due dates' UPDATE.
    assert len(writes) == (SQLITE_STEP_WRITES if sqlite else 0) + 1, writes


def test_the_step_writes_the_completed_task_and_its_event(app, login, demo, clock):
    """The completed row and its event come from the step's own statement (not the
    ORM's flush): every value as submitted, the form's keys in their order."""
    walk = CaseWalk(login, absence_type="schoolweigering")
    task = walk.task("task_return_plan", "zorg1")
    data = example("task_return_plan")
    response = login("zorg1").post(f"/api/tasks/{task['id']}/complete", json={"data": data})
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        db.session.expire_all()
        row = db.session.get(CaseTask, task["id"])
        zorg1 = db.session.scalar(select(User).where(User.username == "zorg1"))
        assert (row.status, row.completed_by_id, row.completed_at) == (
            TaskStatus.COMPLETED,
            zorg1.id,
            clock.now(),
        )
        assert row.assignee_id is not None
        assert row.data == data and list(row.data) == list(data)
        kinds = db.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.task_id == row.id).order_by(CaseEvent.id)
        ).all()
        assert kinds == [EventKind.TASK_CREATED, EventKind.TASK_COMPLETED]
