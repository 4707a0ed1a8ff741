"""Retention (zorgpad purge): two clocks (the school's cut-off, the CLB file's legal
floor), a dry run that changes nothing, pseudonymous traces kept in the append-only logs."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import (
    AbsenceRegistration,
    AuditEntry,
    Case,
    CaseEvent,
    CaseNotice,
    CaseTask,
    Document,
    JournalEntry,
    Pupil,
    School,
    WorkflowInstance,
)
from tests.integration.documents_support import CLB_SECRET, TRICKY, to_signal
from tests.walk import example

FOLLOWUP_TASKS = ("task_absence_contact_parents", "task_absence_pupil_talk")


def _finish_followups(login) -> None:
    """Complete what still runs for the pupil after the case was cancelled (the follow-ups
    of its absences stay with the pupil), so that nothing of theirs runs any more."""
    for username in ("zorg1", "dir1", "zorg1", "dir1"):
        user = login(username)
        for task in user.get("/api/tasks?scope=group&per_page=100").get_json()["items"]:
            detail = user.get(f"/api/tasks/{task['id']}").get_json()
            if task["bpmn_id"].startswith(FOLLOWUP_TASKS) and detail["can_act"]:
                data = example(task["bpmn_id"]) | detail["prefill"]
                assert user.post(f"/api/tasks/{task['id']}/complete", json={"data": data}).status_code == 200


def _ended_case_with_the_clb(login, demo, clock) -> int:
    walk = to_signal(login, demo, clock)  # absences, notes (one CLB-only), documents, the signal
    cancelled = login("zorg1").post(
        f"/api/cases/{walk.id}/cancel", json={"reason": "Emma Peeters: verkeerd dossier"}
    )
    assert cancelled.status_code == 200
    _finish_followups(login)
    return login("zorg1").get(f"/api/cases/{walk.id}").get_json()["pupil"]["id"]


def _counts(pupil_id: int) -> dict:
    case_ids = select(CaseTask.case_id).where(CaseTask.pupil_id == pupil_id).scalar_subquery()
    return {
        "absences": db.session.scalar(
            select(func.count())
            .select_from(AbsenceRegistration)
            .where(AbsenceRegistration.pupil_id == pupil_id)
        ),
        "journal": db.session.scalar(
            select(func.count()).select_from(JournalEntry).where(JournalEntry.case_id.in_(case_ids))
        ),
        "documents": db.session.scalar(
            select(func.count()).select_from(Document).where(Document.case_id.in_(case_ids))
        ),
        "answers": db.session.scalar(
            select(func.count())
            .select_from(CaseTask)
            .where(CaseTask.pupil_id == pupil_id, CaseTask.data.is_not(None))
        ),
        "events": db.session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.pupil_id == pupil_id)
        ),
    }


def test_the_school_part_goes_first_and_the_clb_file_waits_for_its_legal_floor(
    app, login, demo, clock, runner
):
    pupil_id = _ended_case_with_the_clb(login, demo, clock)
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.pupil_id == pupil_id)).one()
        db.session.add(  # what a CLB step asked the school to carry out (a notice, issue 20)
            CaseNotice(
                case_id=case.id,
                school_id=case.school_id,
                bpmn_id="task_hgd",
                title="HGD-traject",
                text="Extra tijd bij toetsen voor Emma",
                created_at=clock.now(),
            )
        )
        db.session.commit()
        before = _counts(pupil_id)
    assert before["absences"] and before["journal"] and before["documents"] and before["answers"]
    # Three school years later the board purges what is older than two years.
    clock.at = datetime(2029, 12, 3, 8, 0, tzinfo=UTC)
    dry = runner.invoke(args=["purge", "--older-than", "2027-09-01", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"leerling {pupil_id}: deel van de school" in dry.output
    assert "CLB-dossier bewaard tot 2036-" in dry.output  # ten years after the CLB's last step
    with app.app_context():
        assert _counts(pupil_id) == before  # a dry run changes nothing
    done = runner.invoke(args=["purge", "--older-than", "2027-09-01"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        after = _counts(pupil_id)
        assert after["absences"] == 0 and after["events"] == before["events"]
        journal = db.session.scalars(select(JournalEntry.text)).all()
        assert CLB_SECRET in journal and TRICKY not in journal  # the CLB's notes stay, the school's go
        assert db.session.scalar(select(func.count()).select_from(CaseNotice)) == 0
        assert db.session.get(Pupil, pupil_id).school_part_purged_on.isoformat() == "2029-12-03"
    again = runner.invoke(args=["purge", "--older-than", "2027-09-01", "--dry-run"])
    assert "0 leerlingen volledig" in again.output and "1 wachten op de termijn van het CLB" in again.output

    # Past the CLB's floor (Emma, born 2011, is 25 in 2036; the CLB's last step was in 2026).
    clock.at = datetime(2037, 1, 5, 8, 0, tzinfo=UTC)
    done = runner.invoke(args=["purge", "--older-than", "2027-09-01"])
    assert f"leerling {pupil_id}: alles" in done.output, done.output
    with app.app_context():
        after = _counts(pupil_id)
        assert (after["absences"], after["journal"], after["documents"], after["answers"]) == (0, 0, 0, 0)
        assert after["events"] == before["events"]  # the trace: who did what kind of step when
        texts = db.session.execute(select(CaseEvent.reason, CaseEvent.old_value, CaseEvent.new_value)).all()
        assert all(row == (None, None, None) for row in texts)  # "Emma Peeters: verkeerd dossier" is gone
        states = db.session.scalars(
            select(WorkflowInstance.state).where(WorkflowInstance.pupil_id == pupil_id)
        )
        assert all("Verslapen" not in state and "Regel" not in state for state in states)
        audited = db.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "data_purged")
        ).all()
        assert [detail.split(";")[0] for detail in audited] == ["school", "all"]


def test_special_education_keeps_the_clb_file_until_30_and_nothing_running_is_purged(
    app, login, demo, clock, runner
):
    pupil_id = _ended_case_with_the_clb(login, demo, clock)
    # A pupil whose case still runs is never purged, however old the cut-off.
    other = login("zorg1").get("/api/pupils?q=L-1002").get_json()["items"][0]["id"]
    opened = login("zorg1").post(
        "/api/cases", json={"pupil_id": other, "absence_type": "spijbelen", "reason": "Knipperlicht"}
    )
    assert opened.status_code == 201
    with app.app_context():
        school = db.session.get(School, db.session.get(Pupil, pupil_id).school_id)
        school.special_education = True
        db.session.commit()
    clock.at = datetime(2037, 1, 5, 8, 0, tzinfo=UTC)
    dry = runner.invoke(args=["purge", "--older-than", "2036-12-01", "--dry-run"])
    assert f"leerling {pupil_id}: deel van de school (laatste activiteit" in dry.output
    assert "CLB-dossier bewaard tot 2041-03-14" in dry.output  # Emma turns 30
    assert f"leerling {other}:" not in dry.output and "1 met een lopend dossier" in dry.output
    refused = runner.invoke(args=["purge", "--older-than", "2040-01-01"])
    assert refused.exit_code != 0 and "future" in refused.output


def test_purge_on_an_unmigrated_database_says_so_not_a_traceback(tmp_path, clock):
    empty = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    )
    empty.extensions["zorgpad.clock"] = clock  # no test reads the real date
    result = empty.test_cli_runner().invoke(args=["purge", "--older-than", "2020-09-01", "--dry-run"])
    assert result.exit_code == 1 and "Run `zorgpad db upgrade` first." in result.output
    assert "Traceback" not in result.output
