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


SCHOOL_LANE = [
    "reminder",
    "escalation",
    "first_contact_reminder",
    "first_contact_escalation",
    "plan_reminder",
    "plan_escalation",
    "absence_meeting_reminder",
    "absence_meeting_escalation",
    "action_plan_evaluation",
    "return_followup",
]
CLB_LANE = [
    "clb_reminder",
    "clb_escalation",
    "clb_start_reminder",
    "clb_start_escalation",
    "clb_evaluation",
    "relapse_check",
]


def test_deadlines_have_defaults_and_a_school_may_set_its_own(login):
    listed = login("clb1").get("/api/schools/1/deadlines").get_json()
    values = {d["name"]: (d["school_days"], d["default"]) for d in listed["items"]}
    assert values["reminder"] == (5, 5) and values["escalation"] == (10, 10)
    assert values["clb_reminder"] == (5, 5) and values["clb_escalation"] == (10, 10)
    # What is in force at the school: its own agreements first, then its CLB's.
    assert [(d["name"], d["lane"]) for d in listed["items"]] == [(n, "school") for n in SCHOOL_LANE] + [
        (n, "clb") for n in CLB_LANE
    ]
    assert all(d["updated_at"] is None and d["updated_by"] is None for d in listed["items"])
    assert login("zorg1").put("/api/schools/1/deadlines/reminder", json={"school_days": 3}).status_code == 403
    assert login("dir1").put("/api/schools/1/deadlines/reminder", json={"school_days": 0}).status_code == 422
    assert login("dir1").put("/api/schools/1/deadlines/nope", json={"school_days": 3}).status_code == 404
    changed = login("dir1").put("/api/schools/1/deadlines/reminder", json={"school_days": 3})
    assert changed.status_code == 200 and changed.get_json()["school_days"] == 3
    one = login("zorg1").get("/api/schools/1/deadlines/reminder").get_json()
    assert (one["lane"], one["school_days"], one["default"]) == ("school", 3, 5)
    assert one["updated_by"] == "Carla Directeur" and one["updated_at"] == "2026-11-24T08:00:00+00:00"
    assert login("zorg1").get("/api/schools/1/deadlines/nope").status_code == 404
    # A new timer counts three school days: Tuesday 24 Nov → Friday 27 Nov.
    case = open_case(login)
    assert case["open_tasks"][0]["due_at"] == "2026-11-27T15:00:00+00:00"
    # The other school keeps the default.
    listed = login("zorg2").get("/api/schools/2/deadlines").get_json()["items"]
    other = {d["name"]: d["school_days"] for d in listed}
    assert other["reminder"] == 5


def test_the_school_sets_the_school_lane_and_the_clb_director_the_clb_lane(login, demo):
    clb = demo["clb_id"]
    # The school's directie does not set a CLB deadline, not even for its own school: 403 says who does.
    for name in CLB_LANE:
        refused = login("dir1").put(f"/api/schools/1/deadlines/{name}", json={"school_days": 3})
        assert refused.status_code == 403, name
        assert "CLB-directeur" in refused.get_json()["message"]
    assert (
        login("admin").put("/api/schools/1/deadlines/clb_reminder", json={"school_days": 3}).status_code
        == 403
    )
    # The CLB director sets it, once, for every school the CLB serves.
    for user in ("clb1", "clbarts1", "dir1", "zorg1"):
        response = login(user).put(f"/api/clbs/{clb}/deadlines/clb_reminder", json={"school_days": 3})
        assert response.status_code == 403, user
    assert (
        login("clb2").put(f"/api/clbs/{clb}/deadlines/clb_reminder", json={"school_days": 3}).status_code
        == 404
    )
    assert login("zorg3").get(f"/api/clbs/{clb}/deadlines").status_code == 404  # served by the other CLB
    refused = login("clbdir1").put(f"/api/clbs/{clb}/deadlines/reminder", json={"school_days": 3})
    assert refused.status_code == 403 and "directie" in refused.get_json()["message"]
    assert login("clbdir1").put(f"/api/clbs/{clb}/deadlines/nope", json={"school_days": 3}).status_code == 404
    bad = login("clbdir1").put(f"/api/clbs/{clb}/deadlines/clb_reminder", json={"school_days": 201})
    assert bad.status_code == 422 and "school_days" in bad.get_json()["errors"]
    changed = login("clbdir1").put(f"/api/clbs/{clb}/deadlines/clb_start_reminder", json={"school_days": 4})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["updated_by"] == "Greet CLB-directeur" and changed.get_json()["lane"] == "clb"
    listed = login("clb1").get(f"/api/clbs/{clb}/deadlines").get_json()["items"]
    assert [d["name"] for d in listed] == CLB_LANE
    assert {d["name"]: d["school_days"] for d in listed}["clb_start_reminder"] == 4
    assert login("clb1").get(f"/api/clbs/{clb}/deadlines/relapse_check").get_json()["school_days"] == 30
    # Both schools of the CLB read the CLB's value as the one in force; the other CLB's school not.
    for user, school, days in (("zorg1", 1, 4), ("zorg2", 2, 4), ("zorg3", 3, 10)):
        items = login(user).get(f"/api/schools/{school}/deadlines").get_json()["items"]
        assert {d["name"]: d["school_days"] for d in items}["clb_start_reminder"] == days, user
    assert login("zorg1").get(f"/api/clbs/{clb}/deadlines").status_code == 200  # its own CLB's agreements
    assert (
        login("admin").put(f"/api/clbs/{clb}/deadlines/clb_evaluation", json={"school_days": 25}).status_code
        == 200
    )
    assert login("clbdir1").get("/api/clbs/999/deadlines").status_code == 404


def test_one_unreadable_case_does_not_block_the_schools_calendar(app, login):
    broken, healthy = open_case(login), open_case(login, pupil=1)
    break_main_instance(app, broken["id"])
    added = login("dir1").post("/api/schools/1/days-off", json={"date": "2026-11-27", "reason": "Studiedag"})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["moved_tasks"] == 1  # the healthy case's task moved; the broken one waits
    moved = login("zorg1").get(f"/api/tasks/{healthy['open_tasks'][0]['id']}").get_json()
    assert moved["due_at"] == "2026-12-02T15:00:00+00:00"
