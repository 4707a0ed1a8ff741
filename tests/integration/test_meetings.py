"""The absence meeting: its generated agenda, decisions into the case, who takes part."""

from datetime import date

import pytest

from app.extensions import db
from app.models import AbsenceMeetingItem
from tests.integration.absences_support import (
    add_other_clb,
    add_pupil,
    add_user,
    csv_rows,
    fixture,
    pupil_id,
    upload,
)


@pytest.fixture
def prepared(app, login, demo, school1):
    """Emma: 5 B (signal; the import opened her case); Noah: 2 Z (nothing); Lina: an open case; an
    adult with 6 B (past compulsory education: no case is opened for her and the signal does not
    apply: not on the agenda); a pupil of school 2 with 5 B (another school's agenda)."""
    add_pupil(app, school1, "V-1", "Volwassen", birth_date=date(2008, 3, 1))
    upload(login("secr1"), school1, fixture("absences.csv"))
    adult = [f"V-1,2026-11-{d},{h},B," for d in (16, 17, 18) for h in ("am", "pm")]
    upload(login("secr1"), school1, csv_rows(*adult))
    other = [f"S-2001,2026-11-{d},am,B," for d in range(16, 21)]
    upload(login("zorg2"), demo["school_ids"][1], csv_rows(*other))
    case = login("zorg1").post(
        "/api/cases", json={"pupil_id": pupil_id(app, "L-1003"), "reason": "Knipperlicht"}
    )
    assert case.status_code == 201, case.get_json()
    return case.get_json()


def agenda_of(body) -> dict:
    return {item["pupil"]["first_name"]: item for item in body["items"]}


def test_the_agenda_lists_the_right_pupils(app, login, school1, prepared):
    response = login("zorg1").post(f"/api/schools/{school1}/meetings", json={"note": "novemberoverleg"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["held_on"] == "2026-11-24" and body["school_year"] == "2026-2027"
    agenda = agenda_of(body)
    assert list(agenda) == ["Emma", "Lina"]  # most B half-days first
    assert agenda["Emma"]["reasons"] == ["b_signal", "early_b", "open_case"]
    assert agenda["Emma"]["b_count"] == 5
    assert agenda["Emma"]["compulsory"] is True and agenda["Emma"]["case_id"] is not None
    assert (
        agenda["Emma"]["signals"][0]["message"]
        == "5 halve dagen met B-code in schooljaar 2026-2027 → signaal aan het CLB."
    )
    assert agenda["Lina"]["reasons"] == ["open_case"] and agenda["Lina"]["case_id"] == prepared["id"]
    assert all(item["decision"] is None for item in body["items"])


def test_warning_signs_put_a_pupil_on_the_agenda(app, login, school1):
    # 20 half-days with a medical certificate (D) within three school weeks: two signs, by their new names.
    add_pupil(app, school1, "Z-1", "Ziek")
    days = (9, 10, 12, 13, 16, 17, 18, 19, 20, 23)
    rows = [f"Z-1,2026-11-{d:02d},{h},D," for d in days for h in ("am", "pm")]
    upload(login("secr1"), school1, csv_rows(*rows))
    agenda = agenda_of(login("dir1").post(f"/api/schools/{school1}/meetings", json={}).get_json())
    assert list(agenda) == ["Ziek"] and agenda["Ziek"]["reasons"] == ["medical_certificates", "speed"]
    signs = {s["rule"]: s for s in agenda["Ziek"]["signals"]}
    assert signs["medical_certificates"]["figures"] == {"d": 20, "school_year": "2026-2027"}
    assert signs["speed"]["source"]["section"] == "2 Doorverwijzing naar het CLB, knipperlichten"


def test_decisions_flow_into_the_open_case(app, login, school1, prepared):
    zorg = login("zorg1")
    meeting = zorg.post(f"/api/schools/{school1}/meetings", json={}).get_json()
    lina, emma = pupil_id(app, "L-1003"), pupil_id(app, "L-1001")
    url = f"/api/schools/{school1}/meetings/{meeting['id']}/decisions"
    response = zorg.post(
        url, json={"pupil_id": lina, "decision": "action_agreed", "note": "Gesprek met moeder volgende week."}
    )
    assert response.status_code == 200, response.get_json()
    item = response.get_json()
    assert item["decision"] == "action_agreed" and item["journal_entry_id"] is not None
    journal = zorg.get(f"/api/cases/{prepared['id']}/journal").get_json()["items"]
    assert journal[-1]["kind"] == "measure"
    assert journal[-1]["text"] == (
        "Overleg afwezigheden van di 24 nov 2026: actie afgesproken. Gesprek met moeder volgende week."
    )
    # Emma's case was opened by the import: the signal lands there.
    item = zorg.post(url, json={"pupil_id": emma, "decision": "signal_clb"}).get_json()
    assert item["decision"] == "signal_clb" and item["journal_entry_id"] is not None
    detail = login("clb1").get(f"/api/schools/{school1}/meetings/{meeting['id']}").get_json()
    assert {i["pupil"]["first_name"]: i["decision"] for i in detail["items"]} == {
        "Emma": "signal_clb",
        "Lina": "action_agreed",
    }
    noah = pupil_id(app, "L-1002")
    response = zorg.post(url, json={"pupil_id": noah, "decision": "discussed"})
    assert response.status_code == 404
    response = zorg.post(url, json={"pupil_id": emma, "decision": "later"})
    assert response.status_code == 422 and "decision" in response.get_json()["errors"]


def test_who_takes_part(app, login, demo, school1, prepared):
    add_user(app, "klas1", "klastitularis", school_id=school1)
    add_other_clb(app)
    assert login("secr1").post(f"/api/schools/{school1}/meetings", json={}).status_code == 403
    assert login("clb1").post(f"/api/schools/{school1}/meetings", json={}).status_code == 403
    meeting = login("zorg1").post(f"/api/schools/{school1}/meetings", json={}).get_json()
    path = f"/api/schools/{school1}/meetings/{meeting['id']}"
    for user in ("clb1", "clbarts1", "secr1", "dir1", "klas1"):
        assert login(user).get(path).status_code == 200, user
    assert login("clb1").get(f"/api/schools/{school1}/meetings").get_json()["total"] == 1
    for user in ("zorg2", "clbx", "admin"):
        assert login(user).get(path).status_code == 404, user
        assert login(user).get(f"/api/schools/{school1}/meetings").status_code == 404, user
    # A meeting of school 1 is not reachable under school 2's address.
    elsewhere = f"/api/schools/{demo['school_ids'][1]}/meetings/{meeting['id']}"
    assert login("zorg2").get(elsewhere).status_code == 404
    decision = {"pupil_id": pupil_id(app, "L-1001"), "decision": "discussed"}
    assert login("clb1").post(f"{path}/decisions", json=decision).status_code == 403
    assert login("secr1").post(f"{path}/decisions", json=decision).status_code == 403


def test_one_meeting_a_day_and_the_next_one_due(app, login, school1):
    dir1 = login("dir1")
    assert dir1.post(f"/api/schools/{school1}/meetings", json={"held_on": "2026-11-10"}).status_code == 201
    response = dir1.post(f"/api/schools/{school1}/meetings", json={"held_on": "2026-11-10"})
    assert response.status_code == 409 and "held_on" in response.get_json()["errors"]
    settings = dir1.get(f"/api/schools/{school1}/absence-settings").get_json()
    assert settings["last_meeting_on"] == "2026-11-10" and settings["next_meeting_due"] == "2026-12-10"
    dir1.patch(f"/api/schools/{school1}/absence-settings", json={"meeting_cadence": "biweekly"})
    assert dir1.get(f"/api/schools/{school1}/absence-settings").get_json()["next_meeting_due"] == "2026-11-24"
    response = dir1.post(f"/api/schools/{school1}/meetings", json={"held_on": "2030-01-01"})
    assert response.status_code == 422 and "held_on" in response.get_json()["errors"]
    listed = dir1.get(f"/api/schools/{school1}/meetings").get_json()
    assert listed["total"] == 1 and listed["items"][0]["held_on"] == "2026-11-10"
    with app.app_context():
        assert db.session.query(AbsenceMeetingItem).count() == 0  # nothing to discuss yet
