"""Absences drive the path, graded as the law grades it: every absence gets its
follow-up without a case; the fifth half-day with B-code opens the case.

The clock stands on Tuesday 24 November 2026; the follow-up window is 14 days.
"""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AbsenceEpisode, Case, WorkflowInstance
from app.vocabulary import InstanceKind
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.walk import CaseWalk, example

FOLLOW_UP = ["task_absence_contact_parents", "task_absence_pupil_talk"]
FIVE_B = ("2026-11-16am", "2026-11-16pm", "2026-11-17am", "2026-11-17pm", "2026-11-19am")


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


def pupil(login, pupil_id: int, user="zorg1") -> dict:
    response = login(user).get(f"/api/pupils/{pupil_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def open_ids(followups: list[dict]) -> list[str]:
    return sorted(t["bpmn_id"] for f in followups for t in f["tasks"] if t["status"] == "open")


def test_one_two_and_four_b_get_their_follow_ups_and_no_case(app, login, school1, jonas):
    body = imported(login, school1, b_rows("2026-11-16am"))
    assert case_of(app, jonas) is None
    assert body["path"]["opened"] == [] and body["path"]["pupils_without_case"] == 1
    assert body["path"]["followups_started"] == 1
    shown = pupil(login, jonas)
    assert [(f["status"], f["absence_on"]) for f in shown["followups"]] == [("running", "2026-11-16")]
    assert open_ids(shown["followups"]) == FOLLOW_UP
    # The tasks are in the school's work lists, without a case, naming the pupil.
    listed = [
        t
        for t in login("zorg1").get("/api/tasks?scope=all&per_page=100").get_json()["items"]
        if t["pupil_id"] == jonas
    ]
    assert sorted(t["bpmn_id"] for t in listed) == FOLLOW_UP and {t["case_id"] for t in listed} == {None}
    assert (
        login("clb1").get(f"/api/tasks/{listed[0]['id']}").status_code == 404
    )  # the school's, not the CLB's
    # A second absence (Thursday; Wednesday was attended), going on into Friday: 4 B, still no case.
    imported(login, school1, b_rows("2026-11-16am", "2026-11-19am"))
    body = imported(login, school1, b_rows("2026-11-16am", "2026-11-19am", "2026-11-19pm", "2026-11-20am"))
    assert case_of(app, jonas) is None and body["path"]["opened"] == []
    assert body["path"]["followups_started"] == 0  # the same absence went on: the same follow-up
    assert len(pupil(login, jonas)["followups"]) == 2
    assert episodes(app, jonas) == [("2026-11-16", "am", 1, None, True), ("2026-11-19", "am", 3, None, True)]


def test_the_fifth_b_opens_the_case_and_only_one(app, login, school1, jonas):
    imported(login, school1, b_rows(*FIVE_B[:4]))
    assert case_of(app, jonas) is None
    body = imported(login, school1, b_rows(*FIVE_B))
    case = case_of(app, jonas)
    assert body["path"]["opened"] == [case.id] and body["path"]["signal_due"] == [case.id]
    assert (case.status, case.phase, case.absence_type) == ("open", "fase1", "onbekend")
    assert case.opened_by_id is not None  # the secretariat that imported
    walk = CaseWalk.existing(login, case.id)
    # The path starts by finding out the type; the pupil's follow-ups (two absences) came along.
    assert walk.open_ids("zorg1") == sorted(["task_absence_type", *FOLLOW_UP, *FOLLOW_UP])
    assert walk.case["school_year_b_count"] == 5 and walk.case["signal_due"] is True
    assert pupil(login, jonas)["followups"] == []  # adopted by the case
    kinds = [(e["kind"], e["what"]) for e in walk.events("zorg1")]
    assert ("case_opened", "dossier") in kinds and ("followups_adopted", "absence_followup") in kinds
    assert ("signal_due", "signal") in kinds
    assert {e[3] for e in episodes(app, jonas)} == {case.id}
    # The same file again, and a sixth half-day: the same case.
    again = imported(login, school1, b_rows(*FIVE_B, "2026-11-20am"))
    assert again["path"]["opened"] == [] and again["path"]["followed"] == [case.id]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case).where(Case.pupil_id == jonas)) == 1
    assert login("clb1").get(f"/api/cases/{case.id}").status_code == 404  # not signalled yet


def test_an_unannounced_absence_is_followed_up_that_day_and_a_later_z_cancels_it(app, login, school1, jonas):
    body = imported(login, school1, b_rows("2026-11-24am", code="-"))  # this morning, no word from home
    assert body["path"]["followups_started"] == 1 and case_of(app, jonas) is None
    shown = pupil(login, jonas)
    assert open_ids(shown["followups"]) == FOLLOW_UP
    contact = next(
        t for t in shown["followups"][0]["tasks"] if t["bpmn_id"] == "task_absence_contact_parents"
    )
    assert contact["due_at"].startswith("2026-11-25")  # one school day: the parents are called now
    # The parents bring a doctor's note: the half-day is Z.
    body = imported(login, school1, b_rows("2026-11-24am", code="Z"))
    assert body["path"]["followups_cancelled"] == 1
    shown = pupil(login, jonas)
    assert [f["status"] for f in shown["followups"]] == ["cancelled"] and open_ids(shown["followups"]) == []
    cancelled = [e for e in shown["timeline"] if e["kind"] == "followup_cancelled"]
    assert len(cancelled) == 1 and "gewettigd" in cancelled[0]["reason"]
    assert login("zorg1").get(f"/api/tasks/{contact['id']}").get_json()["status"] == "cancelled"


def test_a_pending_half_day_that_becomes_b_keeps_its_follow_up(app, login, school1, jonas):
    imported(login, school1, b_rows("2026-11-23am", code="-"))
    body = imported(login, school1, b_rows("2026-11-23am"))
    assert body["path"]["followups_started"] == 0 and body["path"]["followups_cancelled"] == 0
    assert episodes(app, jonas) == [("2026-11-23", "am", 1, None, True)]


def test_a_case_opened_by_b_corrected_to_z_offers_cancelling_and_is_cancelled(
    app, login, web, school1, jonas
):
    imported(login, school1, b_rows(*FIVE_B))
    case = case_of(app, jonas)
    corrected = b_rows(*FIVE_B[:4]) + b_rows(FIVE_B[4], code="Z").split(b"\n", 1)[1]
    body = imported(login, school1, corrected)
    assert body["path"]["below_floor"] == [case.id]
    shown = login("zorg1").get(f"/api/cases/{case.id}").get_json()
    assert shown["below_signal_floor"] is True and shown["school_year_b_count"] == 4
    refused = login("zorg1").post(f"/api/cases/{case.id}/cancel", json={})
    assert refused.status_code == 422 and "reason" in refused.get_json()["errors"]
    assert login("secr1").post(f"/api/cases/{case.id}/cancel", json={"reason": "x"}).status_code == 403
    done = login("zorg1").post(
        f"/api/cases/{case.id}/cancel", json={"reason": "Registratiefout: ziek, attest."}
    )
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "cancelled" and done.get_json()["open_tasks"] == []
    walk = CaseWalk.existing(login, case.id)
    cancelled = [e for e in walk.events("zorg1") if e["kind"] == "case_cancelled"]
    assert (
        cancelled[0]["reason"] == "Registratiefout: ziek, attest."
        and cancelled[0]["actor"]["username"] == "zorg1"
    )
    assert login("zorg1").post(f"/api/cases/{case.id}/cancel", json={"reason": "nog eens"}).status_code == 409
    # The corrected half-day's follow-up stopped; the other absence still needs its own: back with the pupil.
    assert open_ids(pupil(login, jonas)["followups"]) == FOLLOW_UP
    assert case_of(app, jonas).status == "cancelled"  # nothing deleted
    diagram = web("zorg1").get(f"/dossiers/{case.id}/diagram")  # the path it ran on, still drawn
    assert diagram.status_code == 200 and diagram.get_json()["open"] == []
    assert "task_absence_type" in diagram.get_json()["xml"]


def test_a_case_closed_with_agreements_reopens_and_the_clb_is_told(app, login, school1, jonas):
    walk = CaseWalk(login, pupil_id=jonas, absence_type=None)  # opened by hand, with a reason
    case = case_of(app, jonas)
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


def test_a_case_closed_for_good_gets_a_new_case_from_the_floor(app, login, school1, jonas):
    walk = CaseWalk(login, pupil_id=jonas, absence_type=None)
    first = case_of(app, jonas)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.plan()
    walk.complete("task_phase1_evaluation", "zorg1", decision="close", monitoring_until=None, b_half_days=1)
    below = imported(login, school1, b_rows("2026-11-19am"))  # one B: no case forced on the pupil
    assert below["path"]["opened"] == [] and case_of(app, jonas).id == first.id
    assert episodes(app, jonas)[-1][3] is None
    body = imported(login, school1, b_rows(*FIVE_B))
    second = case_of(app, jonas)
    assert second.id != first.id and body["path"]["opened"] == [second.id]
    assert {e[3] for e in episodes(app, jonas)} == {second.id}


def test_older_episodes_are_counted_without_follow_up(app, login, school1, jonas):
    """A whole school year imported at once: only the recent absence gets a parents' contact."""
    body = imported(
        login, school1, b_rows("2025-10-06am", "2026-09-14am", "2026-10-05am", "2026-10-05pm", "2026-11-20pm")
    )
    assert case_of(app, jonas) is None  # 4 this school year: under the floor
    assert body["path"]["followups_started"] == 1 and body["path"]["episodes_counted_only"] == 2
    found = episodes(app, jonas)
    assert ("2025-10-06", "am", 1, None, False) in found  # last school year
    assert ("2026-09-14", "am", 1, None, False) in found  # counted, too old for a parents' call
    assert ("2026-11-20", "pm", 1, None, True) in found


def test_only_last_school_year_opens_nothing(app, login, school1, jonas):
    body = imported(login, school1, b_rows("2026-03-02am", "2026-03-03am"))
    assert body["path"]["opened"] == [] and case_of(app, jonas) is None


def test_the_main_path_stays_flat_whatever_the_number_of_episodes(app, login, school1, jonas):
    days = ["2026-11-10am", "2026-11-12am", "2026-11-16am", "2026-11-19am", "2026-11-23am"]
    CaseWalk(login, pupil_id=jonas, first_absence_on=None)  # opened by hand, on a warning sign
    case = case_of(app, jonas)
    size = instances(app, case.id, InstanceKind.CASE)[0]
    for count in range(1, len(days) + 1):
        imported(login, school1, b_rows(*days[:count]))
    main = instances(app, case.id, InstanceKind.CASE)
    assert main == [size]  # the main path's state did not grow with the episodes
    assert len(instances(app, case.id, InstanceKind.ABSENCE_FOLLOWUP)) == len(days)


def test_a_command_line_import_opens_the_case_for_the_school(app, runner, school1, jonas, tmp_path):
    path = tmp_path / "afwezigheden.csv"
    path.write_bytes(b_rows(*FIVE_B))
    result = runner.invoke(args=["import-absences", str(path), "--school", str(school1)])
    assert result.exit_code == 0, result.output
    assert "Dossiers: 1 geopend" in result.output
    case = case_of(app, jonas)
    assert case.opened_by_id is None and case.school_id == school1


def test_past_compulsory_age_no_case_opens_and_no_signal_is_due(app, login, school1):
    adult = add_pupil(app, school1, "V-1", "Volwassen", birth_date=date(2008, 3, 1))
    body = imported(
        login,
        school1,
        b_rows("2026-11-16am", "2026-11-16pm", "2026-11-17am", "2026-11-17pm", "2026-11-19am", pupil="V-1"),
    )
    # Past compulsory education: no case is forced, no signal is due (voluntary guidance only);
    # the absences are still followed up.
    assert case_of(app, adult) is None
    assert body["path"]["opened"] == [] and body["path"]["signal_due"] == []
    assert len(pupil(login, adult)["followups"]) == 2  # Monday–Tuesday, and Thursday


def test_an_imported_follow_up_is_watched_by_its_timers(app, login, school1, jonas):
    """The import writes each new instance once (no UPDATE after the INSERT): its
    next-due time must be in that INSERT, or the sweep would never remind anyone."""
    from sqlalchemy import event as sa_event

    from app.tasks.sweep import run_due_timers

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
    contact = next(
        t
        for t in pupil(login, jonas)["followups"][0]["tasks"]
        if t["bpmn_id"] == "task_absence_contact_parents"
    )
    with app.app_context():
        followup = db.session.scalar(
            select(WorkflowInstance).where(
                WorkflowInstance.pupil_id == jonas, WorkflowInstance.kind == InstanceKind.ABSENCE_FOLLOWUP
            )
        )
        assert followup.case_id is None
        due = followup.next_timer_due_at
    assert due is not None and due.isoformat() <= contact["due_at"]
    with app.app_context():
        assert run_due_timers(due).timers_fired >= 1
    reminded = [e["what"] for e in pupil(login, jonas)["timeline"] if e["kind"] == "reminder_sent"]
    assert contact["title"] in reminded


def test_a_doubtful_certificate_in_a_follow_up_without_a_case_opens_one_for_the_clb_doctor(
    app, login, school1, jonas
):
    imported(login, school1, b_rows("2026-11-23am"))
    contact = next(
        t
        for t in pupil(login, jonas)["followups"][0]["tasks"]
        if t["bpmn_id"] == "task_absence_contact_parents"
    )
    data = example(
        "task_absence_contact_parents",
        medical_certificate="doubtful",
        certificate_question="Zelfde arts, tiende attest dit jaar: echt ziek?",
        certificate_still_doubtful=True,
    )
    done = login("zorg1").post(f"/api/tasks/{contact['id']}/complete", json={"data": data})
    assert done.status_code == 200, done.get_json()
    case = case_of(app, jonas)  # the CLB doctor is asked: a case from here on, with its reason
    assert done.get_json()["id"] == case.id and case.clb_since is not None
    walk = CaseWalk.existing(login, case.id)
    assert "task_absence_clb_doctor" in walk.open_ids("clbarts1")
    opened = next(e for e in walk.events("zorg1") if e["kind"] == "case_opened")
    assert "medisch attest" in opened["reason"]
    assert pupil(login, jonas)["followups"] == []  # the case took the follow-up over


def test_while_the_signal_is_due_phase_one_decides_nothing_but_signal_or_referral(app, login, school1, jonas):
    imported(login, school1, b_rows(*FIVE_B))
    case = case_of(app, jonas)
    walk = CaseWalk.existing(login, case.id)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.plan()
    detail = walk.detail("task_phase1_evaluation", "zorg1")
    assert detail["prefill"]["b_half_days"] == 5
    offered = [o["const"] for o in detail["form"]["schema"]["properties"]["decision"]["oneOf"]]
    assert offered == ["signal_clb", "refer_to_clb"]
    for decision, extra in (
        ("monitor", {}),
        ("new_plan", {"monitoring_until": None}),
        ("close", {"monitoring_until": None}),
    ):
        refused = walk.submit("task_phase1_evaluation", "zorg1", decision=decision, b_half_days=5, **extra)
        assert refused.status_code == 422, (decision, refused.get_json())
        assert "regelgeving" in refused.get_json()["errors"]["decision"][0]
    walk.signal(b_half_days=5)
    assert login("zorg1").get(f"/api/cases/{case.id}").get_json()["signal_due"] is False
    assert login("clb1").get(f"/api/cases/{case.id}").status_code == 200  # the CLB sees it from the signal


def test_the_tasks_of_two_absences_say_which_absence_they_follow(app, login, school1, jonas):
    imported(login, school1, b_rows("2026-11-17am", "2026-11-17pm", "2026-11-18am") + b"")
    imported(login, school1, b_rows("2026-11-23am", code="-"))
    tasks = login("secr1").get("/api/tasks?scope=group&per_page=100").get_json()["items"]
    contacts = sorted(t["title"] for t in tasks if t["bpmn_id"] == "task_absence_contact_parents")
    assert contacts == [
        "Ouders contacteren bij afwezigheid · di 17 nov vm – wo 18 nov vm (3 halve dagen)",
        "Ouders contacteren bij afwezigheid · ma 23 nov vm (1 halve dag, reden nog onbekend)",
    ]
    talks = [t["title"] for t in tasks if t["bpmn_id"] == "task_absence_pupil_talk"]
    assert "Gesprek met de leerling bij terugkeer · di 17 nov vm – wo 18 nov vm (3 halve dagen)" in talks
