"""Meeting decisions flow into the case: each decision kind, through the path where it can."""

import pytest
from sqlalchemy import select

from app.calendar.school_days import BRUSSELS
from app.calendar.words import day_words
from app.extensions import db
from app.models import Case
from tests.integration.absences_support import add_pupil, csv_rows, upload
from tests.walk import CaseWalk

FIVE_B = [f"J-1,2026-11-{d},{h},B," for d in (16, 17) for h in ("am", "pm")] + ["J-1,2026-11-19,am,B,"]


@pytest.fixture
def jonas(app, login, school1):
    """A pupil with 5 B half-days: the import opened his case (type still unknown)."""
    pupil = add_pupil(app, school1, "J-1", "Jonas")
    assert upload(login("secr1"), school1, csv_rows(*FIVE_B)).status_code == 200
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.pupil_id == pupil))
    return pupil, case_id


def decide(login, school1, pupil: int, decision: str, note: str | None = None) -> dict:
    zorg = login("zorg1")
    meeting = zorg.get(f"/api/schools/{school1}/meetings").get_json()["items"]
    meeting_id = (
        meeting[0]["id"]
        if meeting
        else zorg.post(f"/api/schools/{school1}/meetings", json={}).get_json()["id"]
    )
    body = {"pupil_id": pupil, "decision": decision} | ({"note": note} if note else {})
    response = zorg.post(f"/api/schools/{school1}/meetings/{meeting_id}/decisions", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def at_evaluation(login, case_id: int) -> CaseWalk:
    walk = CaseWalk.existing(login, case_id)
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    walk.plan()
    assert "task_phase1_evaluation" in walk.open_ids("zorg1")
    return walk


def today(clock):
    return clock.now().astimezone(BRUSSELS).date()


def involvements(walk: CaseWalk) -> list[str]:
    return [e["new_value"] for e in walk.events("zorg1") if e["kind"] == "clb_involved"]


def test_a_signal_completes_the_evaluation_and_the_signal_step(app, login, school1, jonas, clock):
    pupil, case_id = jonas
    walk = at_evaluation(login, case_id)  # on the plan's evaluation date: the meeting is that day
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 404
    item = decide(login, school1, pupil, "signal_clb", "Spijbelactieplan bijsturen.")
    assert item["case_id"] == case_id
    assert involvements(walk) == ["signal"]
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 200  # the CLB sees it from now on
    completed = login("zorg1").get(f"/api/tasks?case_id={case_id}&scope=all&status=completed&per_page=50")
    data = {t["bpmn_id"]: t for t in completed.get_json()["items"]}
    assert {"task_phase1_evaluation", "task_signal_clb"} <= set(data)
    signal = login("zorg1").get(f"/api/tasks/{data['task_signal_clb']['id']}").get_json()["data"]
    assert signal["signal_way"] == "absence_meeting" and signal["meeting_date"] == today(clock).isoformat()
    assert signal["b_half_days"] == 5 and signal["clb_advice"] == "Spijbelactieplan bijsturen."
    # Back at the evaluation, which may close now that the CLB was signalled.
    assert "task_phase1_evaluation" in walk.open_ids("zorg1")
    assert login("zorg1").get(f"/api/cases/{case_id}").get_json()["signal_due"] is False


def test_a_signal_completes_an_open_signal_step(app, login, school1, jonas):
    pupil, case_id = jonas
    walk = at_evaluation(login, case_id)
    walk.complete(
        "task_phase1_evaluation", "zorg1", decision="signal_clb", monitoring_until=None, b_half_days=5
    )
    assert "task_signal_clb" in walk.open_ids("zorg1")
    decide(login, school1, pupil, "signal_clb")
    assert "task_signal_clb" not in walk.open_ids("zorg1")
    assert involvements(walk) == ["signal"]  # once, by the path


def test_a_signal_while_the_path_is_elsewhere_involves_the_clb(app, login, school1, jonas):
    pupil, case_id = jonas
    walk = CaseWalk.existing(login, case_id)
    assert "task_absence_type" in walk.open_ids("zorg1")
    decide(login, school1, pupil, "signal_clb")
    assert involvements(walk) == ["signal"] and "task_absence_type" in walk.open_ids("zorg1")
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 200
    assert login("zorg1").get(f"/api/cases/{case_id}").get_json()["signal_due"] is False


def test_a_referral_lets_the_clb_see_the_case_and_is_proposed_at_the_evaluation(
    app, login, school1, jonas, clock
):
    pupil, case_id = jonas
    walk = at_evaluation(login, case_id)
    decide(login, school1, pupil, "refer_clb", "Aanmelden: onderliggende problematiek.")
    assert involvements(walk) == ["referral"]
    assert login("clb1").get(f"/api/cases/{case_id}").status_code == 200
    prefill = walk.detail("task_phase1_evaluation", "zorg1")["prefill"]
    assert prefill["decision"] == "refer_to_clb" and day_words(today(clock)) in prefill["motivation"]
    # The school completes the referral with the help question: phase 2, the CLB accepts.
    case = walk.refer()
    assert case["phase"] == "fase2" and walk.open_ids("clb1", "clb") == ["task_clb_accept"]


def test_action_agreed_and_discussed_land_in_the_journal(app, login, school1, jonas):
    pupil, case_id = jonas
    decide(login, school1, pupil, "action_agreed", "Gesprek met vader maandag.")
    journal = login("zorg1").get(f"/api/cases/{case_id}/journal").get_json()["items"]
    assert (journal[-1]["kind"], journal[-1]["text"]) == (
        "measure",
        "Overleg afwezigheden van di 24 nov 2026: actie afgesproken. Gesprek met vader maandag.",
    )
    walk = CaseWalk.existing(login, case_id)
    assert involvements(walk) == []  # the CLB is not involved by an agreed action


def test_without_a_case_a_signal_opens_one_and_discussing_does_not(app, login, school1):
    ziek = add_pupil(app, school1, "Z-1", "Ziek")
    sneller = add_pupil(app, school1, "Z-2", "Sneller")
    rows = [
        f"{p},2026-11-{d:02d},{h},Z,"
        for p in ("Z-1", "Z-2")
        for d in (9, 10, 12, 13, 16, 17, 18, 19, 20, 23)  # 20 half-days: the speed of accumulation
        for h in ("am", "pm")
    ]
    assert upload(login("secr1"), school1, csv_rows(*rows)).status_code == 200
    assert decide(login, school1, sneller, "discussed")["case_id"] is None
    item = decide(login, school1, ziek, "signal_clb")
    assert item["case_id"] is not None and item["journal_entry_id"] is not None
    case = login("zorg1").get(f"/api/cases/{item['case_id']}").get_json()
    assert (case["status"], case["phase"], case["absence_type"]) == ("open", "fase1", "onbekend")
    assert login("clb1").get(f"/api/cases/{item['case_id']}").status_code == 200
    walk = CaseWalk.existing(login, item["case_id"])
    assert involvements(walk) == ["signal"] and walk.open_ids("zorg1") == ["task_absence_type"]


def test_the_meeting_opens_a_case_on_a_warning_sign_before_the_floor(app, login, school1):
    """Two half-days with B-code in September (a warning sign): no case by itself; the
    meeting decides to open one."""
    pupil = add_pupil(app, school1, "E-1", "Elias")
    upload(login("secr1"), school1, csv_rows("E-1,2026-09-14,am,B,", "E-1,2026-09-14,pm,B,"))
    with app.app_context():
        assert db.session.scalar(select(Case.id).where(Case.pupil_id == pupil)) is None
    item = decide(login, school1, pupil, "open_case", "Vroege B-codes: samen opvolgen.")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.pupil_id == pupil))
    assert item["case_id"] == case.id and case.track == "care" and case.phase == "fase1"
    walk = CaseWalk.existing(login, case.id)
    opened = next(e for e in walk.events("zorg1") if e["kind"] == "case_opened")
    assert "overleg afwezigheden van di 24 nov 2026" in opened["reason"]
    notes = [e["text"] for e in login("zorg1").get(f"/api/cases/{case.id}/journal").get_json()["items"]]
    assert notes == [
        "Overleg afwezigheden van di 24 nov 2026: dossier geopend op een knipperlicht. Vroege B-codes: "
        "samen opvolgen."
    ]
    assert login("clb1").get(f"/api/cases/{case.id}").status_code == 404  # no signal, no referral
