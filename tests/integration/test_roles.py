"""Who may do what, role by role (app/services/access.py, the forms' x-roles, the
meeting's and the calendar's role sets): each role does its own steps and is
refused the rest, as the house answers: out of scope 404, in scope but not
allowed 403.

The demo's school 1 has them all: zorg1 (zorgcoördinator), dir1 (directie),
secr1 (secretariaat), leraar1 (klastitularis), llb1 (leerlingbegeleider),
zorgl1 (zorgleerkracht), spijb1 (coördinator spijbelbeleid); its CLB clb1
(CLB-medewerker), clbarts1 (CLB-arts), clbdir1 (CLB-directeur).
"""

import pytest

from tests.integration.absences_support import fixture, upload
from tests.walk import REFERRAL, CaseWalk, example

READERS = ("zorgl1", "spijb1")  # sit on the absence meeting, analyse the data; no path work


def _other_school_pupil(login) -> int:
    return login("zorg2").get("/api/pupils?per_page=100").get_json()["items"][0]["id"]


def _meeting(login, school_id: int) -> dict:
    created = login("zorg1").post(f"/api/schools/{school_id}/meetings", json={})
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def test_the_leerlingbegeleider_follows_up_absences_and_does_phase_1(app, login, demo):
    school1, school2 = demo["school_ids"][:2]
    llb = login("llb1")
    walk = CaseWalk(login)  # zorg1 opens the case (the regie's step)
    assert llb.get(f"/api/cases/{walk.id}").status_code == 200
    assert llb.get(f"/api/pupils/{walk.case['pupil_id']}/signals").status_code == 200
    assert llb.get(f"/api/schools/{school1}/statistics").status_code == 200
    # The absence follow-up: steps in whatever role the school named (secretariaat, klastitularis).
    assert walk.detail("task_absence_contact_parents", "llb1")["can_act"] is True
    walk.complete("task_absence_contact_parents", "llb1")
    walk.complete("task_absence_pupil_talk", "llb1")
    # The pupil's record (the parents' contacts are checked at each absence).
    patched = llb.patch(f"/api/pupils/{walk.case['pupil_id']}", json={"class_name": "4TSO-b"})
    assert patched.status_code == 200, patched.get_json()
    # Phase 1: the plan, the evaluation and the referral.
    walk.complete("task_action_plan", "llb1")
    # Moving the evaluation forward stays with the zorgcoördinator and the directie.
    assert walk.message("llb1", "evaluate_now", reason="Loopt op.").status_code == 403
    walk.until_open("task_phase1_evaluation", "llb1")
    walk.complete("task_phase1_evaluation", "llb1", **REFERRAL)
    # The CLB lane is the CLB's: a school user does not even see its tasks.
    accept = walk.task("task_clb_accept", "clb1")
    assert llb.get(f"/api/tasks/{accept['id']}").status_code == 404
    # The regie's steps: opening a case by hand, the police track, the school's agreements.
    other = llb.get("/api/pupils?per_page=100").get_json()["items"][1]["id"]
    refused = llb.post("/api/cases", json={"pupil_id": other})
    assert refused.status_code == 403 and "zorgcoördinator of de directie" in refused.get_json()["message"]
    assert walk.message("llb1", "police_track", reason="Onbereikbaar.").status_code == 403
    agreements = llb.patch(f"/api/schools/{school1}", json={"pupil_talk_role": "leerlingbegeleider"})
    assert agreements.status_code == 403
    # Absences are registered by the secretariaat (and the care team); the calendar is the directie's.
    assert upload(llb, school1, fixture("absences.csv")).status_code == 403
    day_off = llb.post(f"/api/schools/{school1}/days-off", json={"date": "2026-12-02", "reason": "x"})
    assert day_off.status_code == 403
    assert llb.put(f"/api/schools/{school1}/deadlines/reminder", json={"school_days": 3}).status_code == 403
    # Another school: 404.
    assert llb.get(f"/api/pupils/{_other_school_pupil(login)}").status_code == 404
    assert llb.get(f"/api/schools/{school2}/statistics").status_code == 404
    assert llb.post(f"/api/schools/{school2}/meetings", json={}).status_code == 404


def test_the_police_track_and_the_agodi_report_stay_with_the_coordinator_and_the_directie(app, login):
    walk = CaseWalk(login)
    started = walk.message("zorg1", "police_track", reason="Gezin onbereikbaar.")
    assert started.status_code == 200, started.get_json()
    walk.complete("task_police_clb_advice", "clb1")  # the report waits for the CLB's advice
    report = walk.task("task_police_report", "zorg1")
    seen = login("llb1").get(f"/api/tasks/{report['id']}")
    assert seen.status_code == 200 and seen.get_json()["can_act"] is False
    refused = login("llb1").post(
        f"/api/tasks/{report['id']}/complete", json={"data": example("task_police_report")}
    )
    assert refused.status_code == 403
    assert (
        refused.get_json()["message"]
        == "U mag deze taak niet uitvoeren: ze is voor directie, zorgcoördinator."
    )
    assert login("zorg1").get(f"/api/tasks/{report['id']}").get_json()["can_act"] is True


def test_the_leerlingbegeleider_runs_the_absence_meeting(app, login, demo):
    school1 = demo["school_ids"][0]
    walk = CaseWalk(login)  # a pupil with an open case is on the agenda
    created = login("llb1").post(f"/api/schools/{school1}/meetings", json={"note": "overleg"})
    assert created.status_code == 201, created.get_json()
    meeting = created.get_json()
    decided = login("llb1").post(
        f"/api/schools/{school1}/meetings/{meeting['id']}/decisions",
        json={"pupil_id": walk.case["pupil_id"], "decision": "action_agreed", "note": "Gesprek met ouders."},
    )
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["case_id"] == walk.id


@pytest.mark.parametrize("username", READERS)
def test_the_meeting_members_read_the_data_and_the_meeting_but_do_no_path_work(app, login, demo, username):
    school1, school2 = demo["school_ids"][:2]
    user = login(username)
    walk = CaseWalk(login)
    meeting = _meeting(login, school1)
    # They read: the school's pupils and cases, the statistics, the meetings and their agendas.
    assert user.get("/api/pupils").get_json()["total"] > 0
    assert user.get(f"/api/cases/{walk.id}").status_code == 200
    assert user.get(f"/api/pupils/{walk.case['pupil_id']}/signals").status_code == 200
    assert user.get(f"/api/schools/{school1}/statistics").status_code == 200
    assert user.get(f"/api/schools/{school1}/absence-settings").status_code == 200
    assert user.get(f"/api/schools/{school1}/meetings").get_json()["total"] == 1
    agenda = user.get(f"/api/schools/{school1}/meetings/{meeting['id']}").get_json()["items"]
    assert [item["pupil"]["id"] for item in agenda] == [walk.case["pupil_id"]]
    assert {"b_count", "reasons", "signals"} <= set(agenda[0])
    # A task they see but may not do, whatever it is.
    for bpmn_id in ("task_absence_contact_parents", "task_absence_pupil_talk"):
        task = walk.task(bpmn_id, "zorg1")
        assert user.get(f"/api/tasks/{task['id']}").get_json()["can_act"] is False
        assert user.post(f"/api/tasks/{task['id']}/claim").status_code == 403
        done = user.post(f"/api/tasks/{task['id']}/complete", json={"data": example(bpmn_id)})
        assert done.status_code == 403, bpmn_id
    # Refused (403): opening a case, the meeting's decisions and planning, imports, messages, records.
    other = user.get("/api/pupils?per_page=100").get_json()["items"][1]["id"]
    assert user.post("/api/cases", json={"pupil_id": other}).status_code == 403
    assert user.post(f"/api/schools/{school1}/meetings", json={}).status_code == 403
    decision = {"pupil_id": walk.case["pupil_id"], "decision": "signal_clb"}
    refused = user.post(f"/api/schools/{school1}/meetings/{meeting['id']}/decisions", json=decision)
    assert (
        refused.status_code == 403
        and "legt de beslissingen van het overleg vast" in refused.get_json()["message"]
    )
    assert upload(user, school1, fixture("absences.csv")).status_code == 403
    assert walk.message(username, "new_absences", b_count=6).status_code == 403
    assert walk.message(username, "police_track").status_code == 403
    assert user.patch(f"/api/pupils/{walk.case['pupil_id']}", json={"class_name": "X"}).status_code == 403
    thresholds = {"thresholds": {"signal_b": 4}}
    assert user.patch(f"/api/schools/{school1}/absence-settings", json=thresholds).status_code == 403
    assert user.put(f"/api/schools/{school1}/deadlines/reminder", json={"school_days": 3}).status_code == 403
    # Another school: 404.
    assert user.get(f"/api/schools/{school2}/statistics").status_code == 404
    assert user.get(f"/api/schools/{school2}/meetings").status_code == 404
    assert user.get(f"/api/pupils/{_other_school_pupil(login)}").status_code == 404
    # The meeting was not touched.
    after = login("zorg1").get(f"/api/schools/{school1}/meetings/{meeting['id']}").get_json()
    assert all(item["decision"] is None for item in after["items"])


@pytest.mark.parametrize("username", READERS)
def test_the_meeting_members_pages_render_read_only(app, web, login, demo, username):
    school1 = demo["school_ids"][0]
    CaseWalk(login)
    meeting = _meeting(login, school1)
    page = web(username)
    for path in (f"/scholen/{school1}/afwezigheden", f"/scholen/{school1}/overleg"):
        assert page.get(path).status_code == 200, path
    html = page.get(f"/scholen/{school1}/overleg/{meeting['id']}").text
    assert "El Amrani" in html and "Beslissingen van het overleg bewaren" not in html
    decided = page.post(
        f"/scholen/{school1}/overleg/{meeting['id']}/beslissingen",
        {f"decision-{meeting['items'][0]['pupil']['id']}": "discussed"},
    )
    assert decided.status_code == 403


def test_the_clb_doctor_does_the_medical_steps_and_the_clb_workers_the_others(app, login):
    walk = CaseWalk(login)
    walk.complete(
        "task_absence_contact_parents",
        "secr1",
        medical_certificate="doubtful",
        certificate_question="Attest van een arts uit het buitenland?",
        certificate_still_doubtful=True,
    )
    doctor = walk.task("task_absence_clb_doctor", "clbarts1")
    assert login("clbarts1").get(f"/api/tasks/{doctor['id']}").get_json()["can_act"] is True
    data = {"data": example("task_absence_clb_doctor")}
    for user in ("clb1", "clbdir1"):  # medical secrecy: the doctor's step alone
        refused = login(user).post(f"/api/tasks/{doctor['id']}/complete", json=data)
        assert refused.status_code == 403 and refused.get_json()["message"].endswith("CLB-arts."), user
        assert login(user).get(f"/api/tasks/{doctor['id']}").get_json()["can_act"] is False
    assert login("zorg1").get(f"/api/tasks/{doctor['id']}").status_code == 404  # a CLB-lane task
    walk.complete("task_absence_clb_doctor", "clbarts1")

    walk.complete("task_absence_pupil_talk", "leraar1")
    walk.plan()
    walk.refer()
    accept = walk.task("task_clb_accept", "clb1")
    refused = login("clbarts1").post(
        f"/api/tasks/{accept['id']}/complete", json={"data": example("task_clb_accept")}
    )
    assert refused.status_code == 403
    assert refused.get_json()["message"] == (
        "U mag deze taak niet uitvoeren: ze is voor CLB-directeur, CLB-medewerker."
    )
    assert login("clbarts1").post(f"/api/tasks/{accept['id']}/claim").status_code == 403
    assert login("clbdir1").get(f"/api/tasks/{accept['id']}").get_json()["can_act"] is True
    walk.complete("task_clb_accept", "clb1", accepted=True)
    assert login("clb2").get(f"/api/tasks/{accept['id']}").status_code == 404  # another CLB


def test_every_role_reads_as_words_in_the_header(web):
    for username, words in (
        ("llb1", "leerlingbegeleider"),
        ("zorgl1", "zorgleerkracht"),
        ("spijb1", "coördinator spijbelbeleid"),
    ):
        assert f'<span class="user-menu__role">{words}</span>' in web(username).get("/taken").text
