"""Issue 6, defect 1: every event shows the true value before and after.

One walk produces each kind of event; each is checked against the state the
case really had before and after it."""

from app.vocabulary import EventKind
from tests.walk import CaseWalk


def test_each_event_kind_records_the_true_old_and_new_value(login, demo):
    school1, school2 = demo["school_ids"][:2]  # one CLB serves both
    walk = CaseWalk(login, absence_type="onbekend")
    zorg1, secr1 = login("zorg1"), login("secr1")
    ids = {name: login(name).get("/api/me").get_json()["id"] for name in ("zorg1", "secr1")}
    contact = walk.task("task_absence_contact_parents", "zorg1")
    zorg1.post(f"/api/tasks/{contact['id']}/assign", json={"user_id": ids["secr1"]})
    secr1.post(f"/api/tasks/{contact['id']}/unclaim")
    zorg1.post(f"/api/tasks/{contact['id']}/claim")
    walk.complete("task_absence_type", "zorg1", absence_type="spijbelen")
    zorg1.post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": "contact_attempt",
            "channel": "phone",
            "occurred_at": "2026-11-24T08:30:00+01:00",
            "text": "Geen antwoord",
        },
    )
    walk.plan()
    walk.complete("task_phase1_evaluation", "zorg1")  # the example: monitor
    walk.until_open("task_monitoring_review", "zorg1")
    walk.complete("task_monitoring_review", "zorg1")
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    walk.message("zorg1", "school_change", new_school_id=school2)

    by_kind: dict[str, list[tuple]] = {}
    for e in walk.events("clb1"):
        by_kind.setdefault(e["kind"], []).append((e["what"], e["old_value"], e["new_value"]))
    z, s = str(ids["zorg1"]), str(ids["secr1"])
    title = contact["title"]
    assert by_kind["case_opened"] == [("dossier", None, "onbekend")]
    assert by_kind["task_assigned"] == [(title, None, s)]
    assert by_kind["task_unclaimed"] == [(title, s, None)]
    assert by_kind["task_claimed"] == [(title, None, z)]
    assert by_kind["absence_type_changed"] == [("absence_type", "onbekend", "spijbelen")]
    assert by_kind["journal_added"] == [("contact_attempt", None, "phone")]
    assert by_kind["status_changed"] == [("status", "open", "monitoring"), ("status", "monitoring", "open")]
    assert by_kind["phase_changed"] == [("phase", "fase1", "fase2")]
    assert by_kind["clb_involved"] == [("clb", None, "referral")]
    assert [(what, old) for what, old, _new in by_kind["notice"]] == [("referral_accepted", None)]
    assert by_kind["message_received"] == [("school_change", None, None)]
    # Both schools' stories record the move.
    assert by_kind["school_changed"] == [("school", str(school1), str(school2))] * 2
    # The old school's work stops (the path starts again at the new school, at the
    # case's phase); the CLB involved starts its warm handover.
    assert ("case", "zorgpad_case v1", None) in by_kind["process_cancelled"]
    assert by_kind["process_started"] == [
        ("absence_followup", None, "zorgpad_absence_followup v1"),
        ("handover", None, "zorgpad_school_change v1"),
    ]
    assert all(old is None and new is None for _what, old, new in by_kind["task_cancelled"])
    # The plan's service task made its document, in the same step.
    assert by_kind["document_generated"] == [("begeleidingsplan", None, "versie 1")]
    completed = by_kind["task_completed"]
    assert ("Evaluatie en beslissing fase 1", None, "decision=monitor") in completed
    assert ("Evaluatie en beslissing fase 1", None, "decision=refer_to_clb") in completed
    assert ("Aanmelding beoordelen", None, "accepted=True") in completed
    assert all(old is None for _what, old, _new in by_kind["task_created"])
    assert {new for _what, _old, new in by_kind["task_created"]} == {"school", "clb"}
    # Weeks pass while the plan and the monitoring run: the absence follow-up, left
    # open, is reminded (the claimed contact to its assignee, the talk to the roles
    # the school named) and escalated; the waits end.
    talk = "Gesprek met de leerling bij terugkeer · vanaf ma 23 nov"  # the task names its absence
    assert by_kind["reminder_sent"] == [(title, None, "toegewezen medewerker"), (talk, None, "team (3)")]
    assert by_kind["escalated"] == [(title, None, "directie"), (talk, None, "directie")]
    assert by_kind["timer_fired"] == [
        ("Tot de evaluatiedatum van het plan", None, "wait"),
        ("Tot het einde van de opvolging", None, "wait"),
    ]
    # Every kind this path produces was checked above. Moved due dates are checked the
    # same way in tests/integration/test_timers.py, shared follow-up agreements in
    # tests/e2e/test_care_path.py, the absence imports' kinds (a signal due, follow-ups adopted
    # or cancelled, a count corrected under the floor) and cancelling a case in
    # tests/integration/test_absence_path.py, a move to a newer version of the path (its
    # old and new version) in tests/integration/test_migrate_cases.py.
    elsewhere = {
        EventKind.DUE_DATE_MOVED,
        EventKind.AGREEMENTS_SHARED,
        EventKind.ABSENCES_IMPORTED,
        EventKind.SIGNAL_DUE,
        EventKind.FOLLOWUPS_ADOPTED,
        EventKind.FOLLOWUP_CANCELLED,
        EventKind.BELOW_SIGNAL_FLOOR,
        EventKind.CASE_CANCELLED,
        EventKind.WORKFLOW_MIGRATED,
        EventKind.NOTICE_ACKNOWLEDGED,  # tests/integration/test_partners_for_school.py
    }
    assert set(by_kind) == {k.value for k in EventKind} - elsewhere
