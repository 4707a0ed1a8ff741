"""Absences drive the path: imports that cross 1 B and then 5 B move the case along the BPMN.

The clock stands on Tuesday 24 November 2026; the follow-up window is 14 days.
"""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AbsenceEpisode, Case, WorkflowInstance
from app.vocabulary import InstanceKind
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.walk import CaseWalk

FOLLOW_UP = ["task_absence_contact_parents", "task_absence_pupil_talk"]


@pytest.fixture
def jonas(app, school1):
    return add_pupil(app, school1, "J-1", "Jonas")


def b_rows(*half_days: str, pupil="J-1", code="B") -> bytes:
    """`2026-11-16am`-style half-days for one pupil."""
    return csv_rows(*(f"{pupil},{h[:10]},{h[10:]},{code}," for h in half_days))


def imported(login, school1, content: bytes, user="secr1") -> dict:
    response = upload(login(user), school1, content)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def case_of(app, pupil_id: int) -> Case | None:
    with app.app_context():
        return db.session.scalar(select(Case).where(Case.pupil_id == pupil_id).order_by(Case.id.desc()))


def episodes(app, pupil_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (
                e.first_day.isoformat(),
                e.first_half_day,
                e.b_half_days,
                e.case_id,
                e.followup_started_at is not None,
            )
            for e in db.session.scalars(
                select(AbsenceEpisode).where(AbsenceEpisode.pupil_id == pupil_id).order_by(AbsenceEpisode.id)
            )
        ]


def instances(app, case_id: int, kind: InstanceKind) -> list[int]:
    """The sizes of the case's instances' saved states."""
    with app.app_context():
        query = select(WorkflowInstance).where(
            WorkflowInstance.case_id == case_id, WorkflowInstance.kind == kind
        )
        return [len(i.state) for i in db.session.scalars(query.order_by(WorkflowInstance.id))]


def test_a_first_b_opens_a_case_with_its_follow_up(app, login, school1, jonas):
    body = imported(login, school1, b_rows("2026-11-23am"))
    case = case_of(app, jonas)
    assert body["path"] == {
        "opened": [case.id],
        "followed": [],
        "reopened": [],
        "signal_due": [],
        "followups_started": 1,
        "episodes_counted_only": 0,
    }
    assert (case.status, case.phase, case.absence_type) == ("open", "fase1", "onbekend")
    assert case.opened_by_id is not None  # the secretariat that imported
    walk = CaseWalk.existing(login, case.id)
    # The path starts by finding out the type; the absence's follow-up runs beside it.
    assert walk.open_ids("zorg1") == sorted(["task_absence_type", *FOLLOW_UP])
    assert walk.case["school_year_b_count"] == 1 and walk.case["signal_due"] is False
    assert episodes(app, jonas) == [("2026-11-23", "am", 1, case.id, True)]
    kinds = [(e["kind"], e["what"]) for e in walk.events("zorg1")]
    assert ("case_opened", "dossier") in kinds and ("absences_imported", "absences") in kinds
    assert ("process_started", "absence_followup") in kinds
    assert login("clb1").get(f"/api/cases/{case.id}").status_code == 404  # not signalled yet


def test_a_second_episode_is_a_second_follow_up_an_extension_or_reimport_none(app, login, school1, jonas):
    first = b_rows("2026-11-16am", "2026-11-16pm")
    imported(login, school1, first)
    case = case_of(app, jonas)
    # The same file again, and the same absence going on (Tuesday morning): no new follow-up.
    assert imported(login, school1, first)["path"]["followups_started"] == 0
    extended = imported(login, school1, b_rows("2026-11-16am", "2026-11-16pm", "2026-11-17am"))
    assert extended["path"]["followups_started"] == 0 and extended["path"]["followed"] == [case.id]
    # Thursday is a new absence (Wednesday was attended): a second follow-up in the same case.
    second = imported(login, school1, b_rows("2026-11-19am"))
    assert second["path"]["followed"] == [case.id] and second["path"]["followups_started"] == 1
    walk = CaseWalk.existing(login, case.id)
    assert walk.open_ids("zorg1") == sorted(["task_absence_type", *FOLLOW_UP, *FOLLOW_UP])
    assert len(instances(app, case.id, InstanceKind.ABSENCE_FOLLOWUP)) == 2
    assert len(instances(app, case.id, InstanceKind.CASE)) == 1
    assert [e[2:] for e in episodes(app, jonas)] == [(3, case.id, True), (1, case.id, True)]


def test_five_b_make_the_signal_due_and_phase_one_does_not_close_without_it(app, login, school1, jonas):
    imported(login, school1, b_rows("2026-11-16am", "2026-11-16pm"))
    case = case_of(app, jonas)
    walk = CaseWalk.existing(login, case.id)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.plan()
    body = imported(login, school1, b_rows("2026-11-19am", "2026-11-19pm", "2026-11-20am"))
    assert body["path"]["signal_due"] == [case.id] and body["b_summary"]["signal_due_pupil_ids"] == [jonas]
    walk.case = login("zorg1").get(f"/api/cases/{case.id}").get_json()
    assert walk.case["school_year_b_count"] == 5 and walk.case["signal_due"] is True
    due = [e for e in walk.events("zorg1") if e["kind"] == "signal_due"]
    assert len(due) == 1 and due[0]["new_value"] == "5"
    assert "5 B-codes (halve dagen) in schooljaar 2026-2027" in due[0]["reason"]
    # The evaluation is prefilled with the count, does not offer closing, and refuses it.
    detail = walk.detail("task_phase1_evaluation", "zorg1")
    assert detail["prefill"]["b_half_days"] == 5
    offered = [o["const"] for o in detail["form"]["schema"]["properties"]["decision"]["oneOf"]]
    assert "close" not in offered and "signal_clb" in offered
    refused = walk.submit(
        "task_phase1_evaluation", "zorg1", decision="close", monitoring_until=None, b_half_days=5
    )
    assert refused.status_code == 422 and "decision" in refused.get_json()["errors"]
    # One more B does not make it due a second time; the signal itself lifts it.
    imported(login, school1, b_rows("2026-11-23am"))
    assert len([e for e in walk.events("zorg1") if e["kind"] == "signal_due"]) == 1
    walk.signal(b_half_days=6)
    assert login("zorg1").get(f"/api/cases/{case.id}").get_json()["signal_due"] is False
    assert login("clb1").get(f"/api/cases/{case.id}").status_code == 200  # the CLB sees it from the signal


def test_a_case_closed_with_agreements_reopens_and_the_clb_is_told(app, login, school1, jonas):
    imported(login, school1, b_rows("2026-11-16am"))
    case = case_of(app, jonas)
    walk = CaseWalk.existing(login, case.id)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.episode()
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1", trajectories=["short_term"])
    walk.complete("task_short_term", "clb1")
    walk.until_open("task_round_evaluation", "clb1")  # on the round's evaluation date, 29 January 2027
    walk.complete("task_round_evaluation", "clb1")  # the example: close with agreements
    assert walk.case["status"] == "closed"
    body = imported(login, school1, b_rows("2027-01-28am", "2027-01-28pm"))  # the day before
    assert body["path"]["reopened"] == [case.id] and body["path"]["opened"] == []
    assert case_of(app, jonas).id == case.id
    reopened = login("zorg1").get(f"/api/cases/{case.id}").get_json()
    assert reopened["status"] == "open" and reopened["closed_at"] is None
    assert walk.open_ids("clb1", "clb") == ["task_relapse_review"]  # the CLB is told
    assert walk.open_ids("zorg1") == FOLLOW_UP


def test_a_case_closed_for_good_gets_a_new_case(app, login, school1, jonas):
    imported(login, school1, b_rows("2026-11-16am"))
    first = case_of(app, jonas)
    walk = CaseWalk.existing(login, first.id)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.plan()
    walk.complete("task_phase1_evaluation", "zorg1", decision="close", monitoring_until=None, b_half_days=1)
    body = imported(login, school1, b_rows("2026-11-19am"))
    second = case_of(app, jonas)
    assert second.id != first.id and body["path"]["opened"] == [second.id]
    assert episodes(app, jonas)[-1][3] == second.id


def test_older_episodes_are_counted_without_follow_up(app, login, school1, jonas):
    """A whole school year imported at once: only the recent absence gets a parents' contact."""
    body = imported(
        login, school1, b_rows("2025-10-06am", "2026-09-14am", "2026-10-05am", "2026-10-05pm", "2026-11-20pm")
    )
    case = case_of(app, jonas)
    assert body["path"]["followups_started"] == 1 and body["path"]["episodes_counted_only"] == 2
    found = episodes(app, jonas)
    assert ("2025-10-06", "am", 1, None, False) in found  # last school year: no case
    assert ("2026-09-14", "am", 1, case.id, False) in found
    assert ("2026-11-20", "pm", 1, case.id, True) in found
    assert login("zorg1").get(f"/api/cases/{case.id}").get_json()["school_year_b_count"] == 4


def test_only_last_school_year_opens_nothing(app, login, school1, jonas):
    body = imported(login, school1, b_rows("2026-03-02am", "2026-03-03am"))
    assert body["path"]["opened"] == [] and case_of(app, jonas) is None


def test_the_main_path_stays_flat_whatever_the_number_of_episodes(app, login, school1, jonas):
    days = ["2026-11-10am", "2026-11-12am", "2026-11-16am", "2026-11-19am", "2026-11-23am"]
    imported(login, school1, b_rows(days[0]))
    case = case_of(app, jonas)
    size = instances(app, case.id, InstanceKind.CASE)[0]
    for count in range(2, len(days) + 1):
        imported(login, school1, b_rows(*days[:count]))
    main = instances(app, case.id, InstanceKind.CASE)
    assert main == [size]  # the main path's state did not grow with the episodes
    assert len(instances(app, case.id, InstanceKind.ABSENCE_FOLLOWUP)) == len(days)


def test_a_command_line_import_opens_the_case_for_the_school(app, runner, school1, jonas, tmp_path):
    path = tmp_path / "afwezigheden.csv"
    path.write_bytes(b_rows("2026-11-23am"))
    result = runner.invoke(args=["import-absences", str(path), "--school", str(school1)])
    assert result.exit_code == 0, result.output
    assert "Dossiers: 1 geopend" in result.output
    case = case_of(app, jonas)
    assert case.opened_by_id is None and case.school_id == school1


def test_past_compulsory_age_no_signal_is_due(app, login, school1):
    adult = add_pupil(app, school1, "V-1", "Volwassen", birth_date=date(2008, 3, 1))
    body = imported(
        login,
        school1,
        b_rows("2026-11-16am", "2026-11-16pm", "2026-11-17am", "2026-11-17pm", "2026-11-19am", pupil="V-1"),
    )
    case = case_of(app, adult)
    assert body["path"]["opened"] == [case.id] and body["path"]["signal_due"] == []
    shown = login("zorg1").get(f"/api/cases/{case.id}").get_json()
    assert shown["school_year_b_count"] == 5 and shown["signal_due"] is False  # voluntary guidance only


def test_an_imported_follow_up_is_watched_by_its_timers(app, login, school1, jonas):
    """The import writes each new instance once (no UPDATE after the INSERT): its
    next-due time must be in that INSERT, or the sweep would never remind anyone."""
    from sqlalchemy import event as sa_event

    from app.sweep.run import run_due_timers

    updates = []

    def count_updates(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE WORKFLOW_INSTANCES"):
            updates.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count_updates)
    try:
        imported(login, school1, b_rows("2026-11-23am"))
    finally:
        sa_event.remove(engine, "before_cursor_execute", count_updates)
    assert updates == []
    case = case_of(app, jonas)
    walk = CaseWalk.existing(login, case.id)
    contact = walk.task("task_absence_contact_parents", "zorg1")
    with app.app_context():
        followup = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == case.id, WorkflowInstance.kind == InstanceKind.ABSENCE_FOLLOWUP
            )
        )
        due = followup.next_timer_due_at
        main = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.case_id == case.id, WorkflowInstance.kind == InstanceKind.CASE
            )
        )
        assert main.next_timer_due_at is not None
    assert due is not None and due.isoformat() <= contact["due_at"]
    with app.app_context():
        assert run_due_timers(due).timers_fired >= 1
    reminded = [e["what"] for e in walk.events("zorg1") if e["kind"] == "reminder_sent"]
    assert contact["title"] in reminded
