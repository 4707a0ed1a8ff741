"""A school's days off and deadlines: who may read and change them, bad input."""

import pytest

from tests.timer_fixture import break_main_instance, open_case, use_timer_fixture


@pytest.fixture
def app(app, tmp_path):
    use_timer_fixture(app, tmp_path)
    return app


def test_who_may_read_and_change_the_days_off(login):
    body = {"date": "2026-12-02", "reason": "Pedagogische studiedag"}
    assert login("zorg1").post("/api/schools/1/days-off", json=body).status_code == 403
    assert login("dir1").post("/api/schools/2/days-off", json=body).status_code == 404  # not their school
    assert login("clb1").post("/api/schools/1/days-off", json=body).status_code == 403
    created = login("dir1").post("/api/schools/1/days-off", json=body)
    assert created.status_code == 201 and created.get_json()["moved_tasks"] == 0
    assert login("admin").post("/api/schools/2/days-off", json=body).status_code == 201
    for user in ("zorg1", "secr1", "clb1", "admin"):
        listed = login(user).get("/api/schools/1/days-off").get_json()
        days = [(d["date"], d["reason"]) for d in listed["items"]]
        assert days == [("2026-12-02", "Pedagogische studiedag")]
    assert login("zorg2").get("/api/schools/1/days-off").status_code == 404


def test_bad_days_off_are_refused_and_write_nothing(login):
    director = login("dir1")
    weekend = director.post("/api/schools/1/days-off", json={"date": "2026-11-28", "reason": "Zaterdag"})
    assert weekend.status_code == 422 and "date" in weekend.get_json()["errors"]
    holiday = director.post("/api/schools/1/days-off", json={"date": "2026-12-24", "reason": "Kerst"})
    assert holiday.status_code == 422
    missing = director.post("/api/schools/1/days-off", json={"date": "2026-12-02"})
    assert missing.status_code == 422 and set(missing.get_json()["errors"]) == {"reason"}
    bad = director.post("/api/schools/1/days-off", json={"date": "2 december", "reason": "x"})
    assert bad.status_code == 422 and "date" in bad.get_json()["errors"]
    first = director.post("/api/schools/1/days-off", json={"date": "2026-12-02", "reason": "x"})
    assert first.status_code == 201
    again = director.post("/api/schools/1/days-off", json={"date": "2026-12-02", "reason": "y"})
    assert again.status_code == 409
    assert director.delete("/api/schools/1/days-off", json={"date": "2026-12-03"}).status_code == 404
    assert director.get("/api/schools/1/days-off").get_json()["total"] == 1


def test_deadlines_have_defaults_and_a_school_may_set_its_own(login):
    listed = login("clb1").get("/api/schools/1/deadlines").get_json()
    values = {d["name"]: (d["school_days"], d["default"]) for d in listed["items"]}
    assert values["reminder"] == (5, 5) and values["escalation"] == (10, 10)
    assert set(values) == {
        "reminder",
        "escalation",
        "first_contact_reminder",
        "first_contact_escalation",
        "plan_reminder",
        "plan_escalation",
        "absence_meeting_reminder",
        "absence_meeting_escalation",
        "clb_start_reminder",
        "clb_start_escalation",
        "action_plan_evaluation",
        "clb_evaluation",
        "relapse_check",
    }
    assert login("zorg1").put("/api/schools/1/deadlines/reminder", json={"school_days": 3}).status_code == 403
    assert login("dir1").put("/api/schools/1/deadlines/reminder", json={"school_days": 0}).status_code == 422
    assert login("dir1").put("/api/schools/1/deadlines/nope", json={"school_days": 3}).status_code == 404
    changed = login("dir1").put("/api/schools/1/deadlines/reminder", json={"school_days": 3})
    assert changed.status_code == 200 and changed.get_json()["school_days"] == 3
    # A new timer counts three school days: Tuesday 24 Nov → Friday 27 Nov.
    case = open_case(login)
    assert case["open_tasks"][0]["due_at"] == "2026-11-27T15:00:00+00:00"
    # The other school keeps the default.
    listed = login("zorg2").get("/api/schools/2/deadlines").get_json()["items"]
    other = {d["name"]: d["school_days"] for d in listed}
    assert other["reminder"] == 5


def test_one_unreadable_case_does_not_block_the_schools_calendar(app, login):
    broken, healthy = open_case(login), open_case(login, pupil=1)
    break_main_instance(app, broken["id"])
    added = login("dir1").post("/api/schools/1/days-off", json={"date": "2026-11-27", "reason": "Studiedag"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["moved_tasks"] == 1  # the healthy case's task moved; the broken one waits
    moved = login("zorg1").get(f"/api/tasks/{healthy['open_tasks'][0]['id']}").get_json()
    assert moved["due_at"] == "2026-12-02T15:00:00+00:00"
