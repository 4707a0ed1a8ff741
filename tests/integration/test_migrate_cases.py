"""Running cases move to a new version of the path (`zorgpad migrate`, app/services/migrations).

The next version (tests/migration_fixture.py, built from workflows/ with lxml) renames
`task_hgd`, removes `task_monitoring_review` and adds a reminder on `task_short_term`;
the follow-up's next version renames the talk with the pupil and shortens its reminder.
Cases wait in each kind of wait: a user task, a timer, a message, parallel branches in
a CLB round, the review that is gone; each has its absence follow-up running beside it.
"""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.calendar.school_days import add_school_days
from app.extensions import db
from app.models import CaseTask, Document, JournalEntry, WorkflowInstance
from app.services.migrations import running
from app.services.migrations.running import migrate_process
from tests.clocks import day_of, end_of_school_day
from tests.integration.absences_support import add_pupil
from tests.migration_fixture import PLAN, use_versions
from tests.walk import CaseWalk, example

CASE, FOLLOWUP = "zorgpad_case", "zorgpad_absence_followup"


@pytest.fixture
def cases(app, login, school1, clock):
    """Five cases on v1, one per kind of wait (the walks move the clock: the slow ones first)."""
    for n in range(2):
        add_pupil(app, school1, f"M-{n}", f"Migratie{n}")
    review = CaseWalk(login, pupil=0)
    review.plan()
    review.complete("task_phase1_evaluation", "zorg1", decision="monitor", monitoring_until="2027-02-05")
    review.until_open("task_monitoring_review", "zorg1")
    login("zorg1").post(
        f"/api/cases/{review.id}/journal",
        json={"kind": "note", "text": "Gesprek met de ouders.", "occurred_at": clock.at.isoformat()},
    )
    rounds = CaseWalk(login, pupil=1)
    rounds.to_clb_guidance()
    rounds.complete(
        "task_clb_round_plan", "clb1", trajectories=["hgd", "short_term"], evaluation_date="2027-06-30"
    )
    closing = CaseWalk(login, pupil=2)
    closing.to_clb_guidance()
    closing.complete(
        "task_clb_round_plan",
        "clb1",
        plan="no_further_need",
        trajectories=[],
        followup_agreements="Elke maandag kort gesprek met de leerlingbegeleider.",
        school_contact="Leerlingbegeleider",
    )
    timer = CaseWalk(login, pupil=3)
    timer.complete("task_action_plan", "zorg1", evaluation_date="2027-06-15")
    user = CaseWalk(login, pupil=4)
    hgd = rounds.task("task_hgd", "clb1")
    assert login("clb1").post(f"/api/tasks/{hgd['id']}/claim").status_code == 200
    return {"review": review, "round": rounds, "closing": closing, "timer": timer, "user": user}


def _rows(app, case_id):
    with app.app_context():
        return {
            row.id: (row.engine_task_id, row.bpmn_id, row.title, row.status, row.assignee_id, row.due_at)
            for row in db.session.scalars(select(CaseTask).where(CaseTask.case_id == case_id))
        }


def _versions(app, key):
    with app.app_context():
        return dict(
            db.session.execute(
                select(WorkflowInstance.id, WorkflowInstance.workflow_version).where(
                    WorkflowInstance.workflow_key == key, WorkflowInstance.status == "running"
                )
            ).all()
        )


def _verdicts(report):
    return {o.instance_id: o.verdict for o in report.outcomes}


def _next_version(app, login, tmp_path, clock, *, plan=True):
    clock.advance(days=3)  # the migration happens later than the tasks opened
    login.sign_in_again()
    config = use_versions(app, tmp_path)
    if plan:
        shutil.copy(PLAN, tmp_path / "workflows_v2" / "migrations" / PLAN.name)
    deployed = app.test_cli_runner().invoke(args=["deploy-workflows"]).output
    assert f"deployed {CASE} v2" in deployed and f"deployed {FOLLOWUP} v2" in deployed, deployed
    return config


def test_each_kind_of_wait_moves_to_the_next_version(app, login, cases, tmp_path, clock):
    before = {name: _rows(app, walk.id) for name, walk in cases.items()}
    with app.app_context():
        journal = db.session.scalar(select(func.count()).select_from(JournalEntry))
        documents = db.session.scalar(select(func.count()).select_from(Document))
    assert journal and documents  # the review's journal entry, the plans' spijbelactieplannen
    _next_version(app, login, tmp_path, clock, plan=False)
    with app.app_context():  # without the plan: the renamed and the removed task cannot move
        blocked = migrate_process(CASE, 1, 2, dry_run=True)
    stuck = {o.case_id: o for o in blocked.outcomes if o.verdict == "blocked"}
    assert set(stuck) == {cases["review"].id, cases["round"].id}
    assert "task_monitoring_review" in stuck[cases["review"].id].reasons[0]
    assert (
        "SpiffWorkflow denkt aan “HGD-traject” (task_hgd_trajectory)" in stuck[cases["round"].id].reasons[0]
    )
    shutil.copy(PLAN, tmp_path / "workflows_v2" / "migrations" / PLAN.name)

    dry = app.test_cli_runner().invoke(
        args=["migrate", "--process", CASE, "--from", "1", "--to", "2", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "proefdraai: er is niets geschreven" in dry.output
    assert f"dossier {cases['round'].id}, case" in dry.output and "migreert volgens het plan" in dry.output
    assert set(_versions(app, CASE).values()) == {1}  # nothing written
    with app.app_context():
        predicted = migrate_process(CASE, 1, 2, dry_run=True)
        done = migrate_process(CASE, 1, 2)
        followups = migrate_process(FOLLOWUP, 1, 2)
    assert _verdicts(predicted) == _verdicts(done)  # the dry run says what the real run does
    assert done.counts == {"as_is": 3, "plan": 2, "blocked": 0, "failed": 0, "skipped": 0}
    assert done.moved == 5 and followups.moved == followups.count("as_is") == len(followups.outcomes) > 0
    assert set(_versions(app, CASE).values()) == {2} and set(_versions(app, FOLLOWUP).values()) == {2}

    # No lost work: the open tasks keep their engine tasks, assignees and dates.
    for name, walk in cases.items():
        after = _rows(app, walk.id)
        for row_id, (engine_id, bpmn_id, _title, status, assignee, due) in before[name].items():
            if status != "open" or bpmn_id == "task_monitoring_review":
                assert after[row_id][3] == (status if status != "open" else "cancelled"), (name, bpmn_id)
                continue
            new = after[row_id]
            assert (new[0], new[3], new[4]) == (engine_id, "open", assignee), (name, bpmn_id)
            if bpmn_id not in ("task_short_term", "task_absence_pupil_talk"):
                assert new[5] == due, (name, bpmn_id)
    round_rows = {r[1]: r for r in _rows(app, cases["round"].id).values() if r[3] == "open"}
    hgd = round_rows["task_hgd_trajectory"]
    assert hgd[2] == "HGD-traject" and hgd[4] is not None
    with app.app_context():  # the new reminder counts from when the task opened, not from the migration
        short = db.session.scalar(
            select(CaseTask).where(
                CaseTask.case_id == cases["round"].id, CaseTask.bpmn_id == "task_short_term"
            )
        )
        opened = day_of(short.created_at)
    assert round_rows["task_short_term"][5] == end_of_school_day(add_school_days(opened, 5))
    task = login("clb1").get(
        f"/api/tasks/{next(i for i, r in _rows(app, cases['round'].id).items() if r[1] == 'task_hgd_trajectory')}"
    )
    assert task.status_code == 200, task.get_json()
    assert task.get_json()["form"]["schema"]["title"] == "HGD-traject"  # its form is the new version's

    review = login("zorg1").get(f"/api/cases/{cases['review'].id}").get_json()
    assert review["workflow_version"] == 2 and review["status"] == "open"
    main = [t["bpmn_id"] for t in review["open_tasks"] if not t["bpmn_id"].startswith("task_absence")]
    assert main == ["task_phase1_evaluation"]  # the review is gone: the path reopened the case
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == journal
        assert db.session.scalar(select(func.count()).select_from(Document)) == documents
    events = [e for e in cases["round"].events("clb1") if e["kind"] == "workflow_migrated"]
    assert {(e["old_value"], e["new_value"]) for e in events} == {
        (f"{CASE} v1", f"{CASE} v2"),
        (f"{FOLLOWUP} v1", f"{FOLLOWUP} v2"),
    }
    assert any("task_hgd_trajectory" in (e["reason"] or "") for e in events)
    school_view = [e for e in cases["round"].events("zorg1") if e["kind"] == "workflow_migrated"]
    assert school_view and not any(
        "task_hgd" in (e["reason"] or "") for e in school_view
    )  # CLB work stays CLB's

    # The cases go on, on the new version.
    hgd_task = cases["round"].task("task_hgd_trajectory", "clb1")  # its form: task_hgd's, under a new name
    done_hgd = login("clb1").post(f"/api/tasks/{hgd_task['id']}/complete", json={"data": example("task_hgd")})
    assert done_hgd.status_code == 200, done_hgd.get_json()
    cases["closing"].message("zorg1", "new_absences", b_count=7)
    assert "task_relapse_review" in cases["closing"].open_ids("clb1")
    cases["timer"].until_open("task_phase1_evaluation", "zorg1")
    cases["user"].complete("task_action_plan", "zorg1")

    with app.app_context():  # restartable: a second run finds nothing left on v1
        again = migrate_process(CASE, 1, 2)
    assert again.outcomes == []


def _open_rows(app, case_ids):
    with app.app_context():
        return sorted(
            db.session.execute(
                select(CaseTask.case_id, CaseTask.engine_task_id, CaseTask.bpmn_id, CaseTask.due_at).where(
                    CaseTask.case_id.in_(case_ids), CaseTask.status == "open"
                )
            ).all()
        )


def test_forked_workers_move_the_cases_as_the_run_itself_does(app, login, cases, tmp_path, clock):
    """A large run hands the engine's part to forked processes (migrations/workers.py);
    the verdicts, the report's reasons and the open tasks are the same as in-process."""
    _next_version(app, login, tmp_path, clock)
    ids = [walk.id for walk in cases.values()]
    app.config.update(MIGRATE_WORKERS=2, MIGRATE_PARALLEL_FROM=1_000_000)
    with app.app_context():
        alone = migrate_process(CASE, 1, 2, dry_run=True, parallel=True)
    app.config["MIGRATE_PARALLEL_FROM"] = 1
    with app.app_context():
        forked = migrate_process(CASE, 1, 2, dry_run=True, parallel=True)
        in_a_request = migrate_process(CASE, 1, 2, dry_run=True)  # the web's threads never fork
        done = migrate_process(CASE, 1, 2, parallel=True)
    assert in_a_request.workers == 0 and len(in_a_request.outcomes) == len(alone.outcomes)
    assert (alone.workers, forked.workers, done.workers) == (0, 2, 2)
    seen = [(o.instance_id, o.verdict, o.reasons) for o in alone.outcomes]
    assert [(o.instance_id, o.verdict, o.reasons) for o in forked.outcomes] == seen
    assert [(o.instance_id, o.verdict, o.reasons) for o in done.outcomes] == seen
    assert done.moved == 5 and set(_versions(app, CASE).values()) == {2}
    moved = {r.bpmn_id for r in _open_rows(app, ids)}  # as the in-process test finds them
    assert {"task_hgd_trajectory", "task_phase1_evaluation"} <= moved
    assert not {"task_hgd", "task_monitoring_review"} & moved


def test_a_case_that_fails_midway_stays_on_the_old_version(app, login, school1, tmp_path, clock, monkeypatch):
    first, second = CaseWalk(login, pupil=0), CaseWalk(login, pupil=1)
    rows = _rows(app, second.id)
    _next_version(app, login, tmp_path, clock)
    real = running._events

    def fail_for_second(run, subject, instance, old_name, migrated):
        if instance.case_id == second.id:  # after its instance and task rows were written
            raise RuntimeError("schijf vol")
        return real(run, subject, instance, old_name, migrated)

    monkeypatch.setattr(running, "_events", fail_for_second)
    result = app.test_cli_runner().invoke(args=["migrate", "--process", CASE, "--from", "1", "--to", "2"])
    assert result.exit_code == 1
    assert (
        f"dossier {second.id}, case" in result.output
        and "mislukt: bleef op de oude versie (RuntimeError: schijf vol)" in result.output
    )
    assert (
        f"dossier {first.id}, case (instantie" in result.output
        and "verplaatst zoals het was" in result.output
    )
    assert login("zorg1").get(f"/api/cases/{first.id}").get_json()["workflow_version"] == 2
    assert login("zorg1").get(f"/api/cases/{second.id}").get_json()["workflow_version"] == 1
    assert _rows(app, second.id) == rows
    assert not [e for e in second.events("zorg1") if e["kind"] == "workflow_migrated"]
    monkeypatch.setattr(running, "_events", real)
    with app.app_context():  # the next run takes it
        assert migrate_process(CASE, 1, 2).moved == 1
    second.complete("task_action_plan", "zorg1")


def test_a_case_waiting_on_the_version_before_nu_evalueren_gets_the_button(app, login, tmp_path):
    """The issue's own example: a case deployed before "Nu evalueren" waits on a plain
    timer; migrated, it waits on the new version's race of that date and the message,
    its date counted from when it started waiting."""
    real_dir = app.config["WORKFLOWS_DIR"]
    before = tmp_path / "workflows"
    shutil.copytree(real_dir, before)
    shutil.copy(
        Path(__file__).resolve().parents[1] / "data" / "zorgpad_case_before_evaluate_now.bpmn",
        before / "zorgpad_case.bpmn",
    )
    app.config["WORKFLOWS_DIR"] = str(before)
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    walk = CaseWalk(login)
    walk.complete("task_action_plan", "zorg1")
    old = walk.case["workflow_version"]
    due = login("zorg1").get(f"/api/cases/{walk.id}").get_json()["next_timer_due_at"]
    assert walk.message("zorg1", "evaluate_now").status_code == 409  # that version has no such message
    app.config["WORKFLOWS_DIR"] = real_dir
    app.test_cli_runner().invoke(args=["deploy-workflows"])
    with app.app_context():
        report = migrate_process(CASE, old, old + 1)
    mine = next(o for o in report.outcomes if o.case_id == walk.id)
    assert (mine.verdict, mine.moved) == ("as_is", True)
    case = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    assert case["workflow_version"] == old + 1 and case["next_timer_due_at"] == due
    answered = walk.message("zorg1", "evaluate_now")
    assert answered.status_code == 200, answered.get_json()
    assert "task_phase1_evaluation" in [t["bpmn_id"] for t in answered.get_json()["open_tasks"]]
