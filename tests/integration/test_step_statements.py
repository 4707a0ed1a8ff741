"""What a step reads (bench/README.md, service_step_ratio: on PostgreSQL every statement is
a round trip): the school's days off and deadlines are read only when the step's
expressions or timers ask for them (app/services/calendar/functions.script_functions)."""

from sqlalchemy import event as sa_event

from app.extensions import db
from tests.walk import CaseWalk, example

CALENDAR_TABLES = ("school_days_off", "school_deadlines", "clb_deadlines")


def _calendar_reads(app, step) -> list[str]:
    seen = []

    def record(_conn, _cursor, statement, *_):
        if any(f"FROM {table}" in statement for table in CALENDAR_TABLES):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        step()
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
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
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        step()
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return seen


# The plain step (the return plan) with the case view it answers: 18 statements when the
# view read the B count twice and the owner and its roles apart; 16 since the view counts
# once and reads both owners with their roles in one statement. This bound fails when a
# part of the view starts reading again.
PLAIN_STEP_STATEMENTS = 16
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
        bound = PLAIN_STEP_STATEMENTS + CASE_DUE_STATEMENTS[db.engine.dialect.name]
    assert len(seen) <= bound, "\n".join(seen)
