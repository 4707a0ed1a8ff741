"""The case's kept earliest due dates (`cases.next_due_at`, any lane; `cases.school_next_due_at`,
the school lane: app/storage/case_due.py) equal what its open task rows say after every kind
of write of task rows: steps and completions, timers the sweep fires, a referral (CLB tasks),
moved days off, reassigning, a school change, cancelling, closing, the absence import's bulk
starts and adoptions, a migration of running cases, a write rolled back; the migration fills
them in for existing cases; `zorgpad check`'s `due` finding names a case left behind.

The expected values are computed here in Python from `case_tasks`, not with the module's SQL."""

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from app.extensions import db
from app.models import Case, CaseTask
from app.services.consistency import due_date_drift
from app.services.migrations.running import migrate_process
from app.storage import case_due
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.migration_fixture import PLAN, use_versions
from tests.walk import CaseWalk

FIVE_B = ("2026-11-16am", "2026-11-16pm", "2026-11-17am", "2026-11-17pm", "2026-11-19am")


def expected(app) -> dict[int, tuple]:
    """Each case's (earliest open due date, earliest open school-lane due date), from its task rows."""
    with app.app_context():
        every: dict[int, datetime] = {}
        school: dict[int, datetime] = {}
        for case_id, lane, due in db.session.execute(
            select(CaseTask.case_id, CaseTask.lane, CaseTask.due_at).where(
                CaseTask.status == "open", CaseTask.case_id.is_not(None), CaseTask.due_at.is_not(None)
            )
        ):
            every[case_id] = min(every.get(case_id, due), due)
            if lane == "school":
                school[case_id] = min(school.get(case_id, due), due)
        return {
            case_id: (every.get(case_id), school.get(case_id))
            for case_id in db.session.scalars(select(Case.id))
        }


def kept(app) -> dict[int, tuple]:
    with app.app_context():
        db.session.expire_all()
        rows = db.session.execute(select(Case.id, Case.next_due_at, Case.school_next_due_at))
        return {case_id: (every, school) for case_id, every, school in rows}


def assert_kept(app, step: str) -> dict[int, tuple]:
    want = expected(app)
    assert kept(app) == want, step
    with app.app_context():
        assert due_date_drift() == [], step
    return want


def test_a_walk_to_the_clb_keeps_each_lanes_earliest_due_date(app, login, demo):
    walk = CaseWalk(login)  # the main path and the absence follow-up start
    opened = assert_kept(app, "opened")
    assert opened[walk.id][0] is not None and opened[walk.id] == (opened[walk.id][1], opened[walk.id][1])
    walk.episode()  # two completions of the follow-up
    assert_kept(app, "follow-up done")
    walk.plan()  # the plan, then the sweep fires its timer and the evaluation opens
    assert_kept(app, "plan and timer")
    walk.refer()
    referred = assert_kept(app, "referred: the CLB's tasks")
    with app.app_context():
        lanes = set(db.session.scalars(select(CaseTask.lane).where(CaseTask.status == "open")))
    assert "clb" in lanes
    task = walk.task("task_clb_accept", "clb1")
    clb1 = login("clb1").get("/api/me").get_json()["id"]
    assert login("clb1").post(f"/api/tasks/{task['id']}/assign", json={"user_id": clb1}).status_code == 200
    assert assert_kept(app, "reassigned") == referred
    walk.complete("task_clb_accept", "clb1", accepted=True)
    assert_kept(app, "accepted")
    # Time passes to every reminder and escalation: new tasks, none completed.
    walk.pass_time(datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
    assert_kept(app, "reminders and escalations")
    assert any(every != school for every, school in kept(app).values() if every)  # the CLB's task came first


def test_a_moved_day_off_moves_the_kept_due_date(app, login, demo, clock):
    clock.at = datetime(2026, 12, 18, 8, 0, tzinfo=UTC)  # Friday before the Christmas holidays
    walk = CaseWalk(login)
    before = assert_kept(app, "opened")[walk.id]
    assert before[1] == datetime(2027, 1, 4, 15, 0, tzinfo=UTC)  # the parents' contact: after the holidays
    added = login("dir1").post("/api/schools/1/days-off", json={"date": "2027-01-04", "reason": "Studiedag"})
    assert added.status_code == 201, added.get_json()
    assert assert_kept(app, "day off")[walk.id][1] == datetime(2027, 1, 5, 15, 0, tzinfo=UTC)


def test_a_school_change_cancelling_and_closing_keep_them(app, login, demo):
    moved, cancelled, closed = CaseWalk(login, pupil=0), CaseWalk(login, pupil=1), CaseWalk(login, pupil=2)
    moved.plan()
    moved.refer()
    answer = moved.message("zorg1", "school_change", new_school_id=demo["school_ids"][1])
    assert answer.status_code == 200, answer.get_json()
    assert_kept(app, "school change")
    done = login("zorg1").post(f"/api/cases/{cancelled.id}/cancel", json={"reason": "Verkeerde leerling."})
    assert done.status_code == 200, done.get_json()
    after = assert_kept(app, "cancelled: its follow-up's tasks go back to the pupil")
    assert after[cancelled.id] == (None, None)
    closed.plan()
    closed.complete("task_phase1_evaluation", "zorg1", decision="close", monitoring_until=None)
    assert closed.case["status"] == "closed"
    assert_kept(app, "closed")


def test_the_absence_import_keeps_them(app, login, school1):
    add_pupil(app, school1, "J-1", "Jonas")
    walk = CaseWalk(login, pupil=0)
    pupil_number = login("zorg1").get(f"/api/pupils/{walk.case['pupil_id']}").get_json()["external_id"]
    rows = [f"J-1,{h[:10]},{h[10:]},B," for h in FIVE_B[:4]]
    response = upload(login("secr1"), school1, csv_rows(*rows, f"{pupil_number},2026-11-20,am,B,"))
    assert response.status_code == 200, response.get_json()
    assert_kept(app, "follow-ups started: one for the case, one for a pupil without a case")
    rows.append(f"J-1,{FIVE_B[4][:10]},{FIVE_B[4][10:]},B,")
    response = upload(login("secr1"), school1, csv_rows(*rows))
    assert response.status_code == 200 and response.get_json()["path"]["opened"], response.get_json()
    opened = response.get_json()["path"]["opened"][0]
    assert assert_kept(app, "a case opened in bulk, its follow-ups adopted")[opened][0] is not None


def test_a_migration_of_running_cases_and_a_failed_write_keep_them(app, login, demo, tmp_path, clock):
    CaseWalk(login, pupil=0).to_clb_guidance()
    CaseWalk(login, pupil=1)
    clock.advance(days=3)
    login.sign_in_again()
    use_versions(app, tmp_path)
    (tmp_path / "workflows_v2" / "migrations" / PLAN.name).write_bytes(PLAN.read_bytes())
    deployed = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert "deployed zorgpad_case v2" in deployed, deployed
    with app.app_context():
        assert migrate_process("zorgpad_case", 1, 2).moved == 2
        assert migrate_process("zorgpad_absence_followup", 1, 2).moved > 0
    want = assert_kept(app, "migrated")
    with app.app_context():  # a write rolled back leaves the committed values
        row = db.session.scalar(select(CaseTask).where(CaseTask.status == "open").limit(1))
        row.status = "cancelled"
        db.session.flush()
        db.session.rollback()
        db.session.commit()  # nothing pending
    assert assert_kept(app, "rolled back") == want


def test_the_drift_check_names_a_case_left_behind_and_refresh_puts_it_right(app, login, demo):
    walk = CaseWalk(login)
    with app.app_context():
        db.session.execute(text("UPDATE cases SET next_due_at = NULL WHERE id = :id"), {"id": walk.id})
        db.session.commit()
        found = due_date_drift()
        assert [(f.kind, f.case_id) for f in found] == [("due", walk.id)]
        case_due.refresh(db.session, [walk.id])
        db.session.commit()
    assert_kept(app, "refreshed")


def test_the_migration_fills_them_in_for_existing_cases(app, login, demo):
    walk = CaseWalk(login)
    walk.plan()
    walk.refer()
    want = assert_kept(app, "before")
    assert any(value != (None, None) for value in want.values())
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision="0028_document_state")
        finally:
            upgrade()
        db.engine.dispose()
    assert_kept(app, "after the migration's back-fill")


def test_follow_ups_released_by_their_case_leave_its_due_dates(app, login, demo):
    """A Core UPDATE of the task rows' case (absences/followup.release) names its case itself."""
    from app.services.absences import followup

    walk = CaseWalk(login)
    before = assert_kept(app, "opened")[walk.id]
    with app.app_context():
        released = followup.release(db.session.get(Case, walk.id))
        db.session.commit()
    assert released == 1
    assert assert_kept(app, "released")[walk.id] != before  # the parents' contact was due first
