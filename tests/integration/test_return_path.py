"""The return to school after a long justified absence (zorgpad_return), walked through
the API as the school's users: the talk with the pupil, the class council, the class
prepared only with the pupil's consent, and the follow-up of the first weeks after the
school's term (`return_followup`), round after round until it goes well."""

from datetime import date, datetime

from tests.walk import CaseWalk

REASON = "Terug na drie weken ziekenhuisopname; de ziekenhuisschool meldde de ontslagdatum."


def _return_case(login, **extra) -> CaseWalk:
    """Opened by hand on the return track: no problematic absence, so no absence follow-up."""
    return CaseWalk(login, absence_type=None, track="return", reason=REASON, first_absence_on=None, **extra)


def _statuses(walk) -> list[tuple]:
    return [(e["old_value"], e["new_value"]) for e in walk.events("zorg1") if e["kind"] == "status_changed"]


def _due_day(walk) -> date:
    due = login_case(walk)["next_timer_due_at"]
    return datetime.fromisoformat(due).date()


def login_case(walk) -> dict:
    return walk.login("zorg1").get(f"/api/cases/{walk.id}").get_json()


def test_a_return_with_the_pupils_consent_prepares_the_class_and_loops_until_it_goes_well(login):
    walk = _return_case(login)
    assert walk.case["track"] == "return" and walk.case["workflow_key"] == "zorgpad_return"
    assert walk.ready() == ["task_return_talk"] and walk.case["status"] == "open"
    talk = walk.detail("task_return_talk", "llb1")  # the school lane's roles: the pupil counsellor too
    assert talk["form"]["schema"]["title"] == "Terugkeergesprek met de leerling" and talk["can_act"] is True
    assert walk.submit("task_return_talk", "leraar1").status_code == 403  # not the class teacher's
    walk.complete("task_return_talk", "llb1")  # the example: the pupil consents
    walk.complete("task_class_council", "zorg1")
    assert walk.ready() == ["task_prepare_class"]
    walk.complete("task_prepare_class", "zorg1")
    assert walk.ready() == [] and walk.case["status"] == "monitoring"
    assert _due_day(walk) == date(2026, 12, 8)  # 10 school days (return_followup) after 24 November

    walk.until_open("task_return_followup", "zorg1")
    not_yet = walk.submit("task_return_followup", "zorg1", going_well="not_yet")
    assert not_yet.status_code == 422 and "next_steps" in not_yet.get_json()["errors"]
    walk.complete(
        "task_return_followup",
        "zorg1",
        going_well="not_yet",
        next_steps="Nog twee weken halve dagen; de klastitularis polst wekelijks.",
    )
    assert walk.ready() == [] and walk.case["status"] == "monitoring"  # another round
    assert _due_day(walk) == date(2027, 1, 5)  # the Christmas holidays are not school days

    walk.until_open("task_return_followup", "zorg1")
    walk.complete("task_return_followup", "zorg1")  # the example: it goes well
    assert walk.case["status"] == "closed" and walk.ready() == []
    assert _statuses(walk) == [("open", "monitoring"), ("monitoring", "closed")]
    events = walk.events("zorg1")
    assert [e["what"] for e in events if e["kind"] == "timer_fired"] == ["Na de termijn van de opvolging"] * 2
    assert not [e for e in events if e["kind"] in ("phase_changed", "notice")]  # no phase; the class prepared
    completed = [(e["what"], e["new_value"]) for e in events if e["kind"] == "task_completed"]
    assert ("Terugkeergesprek met de leerling", "class_consent=yes") in completed
    assert ("Opvolging van de terugkeer: gaat het?", "going_well=not_yet") in completed
    assert not [e for e in events if e["kind"] == "process_started"]  # no absence follow-up was started


def test_without_the_pupils_consent_the_class_is_not_prepared_and_the_case_records_it(login):
    walk = _return_case(login, pupil=1)
    walk.complete(
        "task_return_talk",
        "zorg1",
        class_consent="no",
        class_preparation_wishes=None,
        pupil_role=None,
        return_mode="full",
        partial_arrangement=None,
    )
    walk.complete("task_class_council", "zorg1", curriculum="none", adaptations=None)
    assert walk.ready() == [] and walk.case["status"] == "monitoring"  # straight to the follow-up
    notices = [e["new_value"] for e in walk.events("zorg1") if e["kind"] == "notice"]
    assert notices == ["De klas wordt niet voorbereid op de terugkeer: de leerling gaf geen toestemming"]
    walk.until_open("task_return_followup", "zorg1")
    walk.complete("task_return_followup", "zorg1")
    assert walk.case["status"] == "closed"
    done = walk.login("zorg1").get(f"/api/tasks?case_id={walk.id}&scope=all&status=completed&per_page=100")
    assert sorted(t["bpmn_id"] for t in done.get_json()["items"]) == [
        "task_class_council",
        "task_return_followup",
        "task_return_talk",
    ]


def test_the_return_talk_refuses_a_preparation_without_its_wishes_and_dates_out_of_order(login):
    walk = _return_case(login)
    missing = walk.submit("task_return_talk", "zorg1", class_preparation_wishes=None)
    assert missing.status_code == 422 and "class_preparation_wishes" in missing.get_json()["errors"]
    later = walk.submit("task_return_talk", "zorg1", talk_date="2026-11-25")
    assert later.status_code == 422 and "talk_date" in later.get_json()["errors"]  # after today
    walk.complete("task_return_talk", "zorg1")
    early = walk.submit("task_class_council", "zorg1", council_date="2026-11-20")
    assert early.status_code == 422 and "council_date" in early.get_json()["errors"]  # before the talk


def test_a_return_case_that_moves_school_starts_its_return_path_again_at_the_new_school(login, demo):
    walk = _return_case(login)
    walk.complete("task_return_talk", "zorg1")
    moved = walk.message("zorg1", "school_change", new_school_id=demo["school_ids"][1])
    assert moved.status_code == 200, moved.get_json()
    case = login("zorg2").get(f"/api/cases/{walk.id}").get_json()
    assert case["workflow_key"] == "zorgpad_return" and case["track"] == "return"
    assert walk.open_ids("zorg2") == ["task_return_talk"]  # the new school talks with the pupil first
