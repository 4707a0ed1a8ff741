"""Issue 6, defect 1: every event shows the true value before and after.

One walk produces each kind of event; each is checked against the state the
case really had before and after it."""
from app.vocabulary import EventKind
from tests.walk import CaseWalk


def test_each_event_kind_records_the_true_old_and_new_value(login, demo):
    school1, school2 = demo["school_ids"]
    walk = CaseWalk(login, absence_type="onbekend")
    zorg1 = login("zorg1")
    ids = {name: zorg1.get("/api/me").get_json()["id"] if name == "zorg1" else
           login(name).get("/api/me").get_json()["id"] for name in ("zorg1", "dir1")}
    first = walk.task("task_contact_parents", "zorg1")
    zorg1.post(f"/api/tasks/{first['id']}/assign", json={"user_id": ids["dir1"]})
    login("dir1").post(f"/api/tasks/{first['id']}/unclaim")
    zorg1.post(f"/api/tasks/{first['id']}/claim")
    walk.complete("task_contact_parents", "zorg1", absence_type="spijbelen")
    zorg1.post(f"/api/cases/{walk.id}/journal", json={
        "kind": "contact_attempt", "channel": "phone", "occurred_at": "2026-11-24T08:30:00+01:00",
        "text": "Geen antwoord"})
    walk.complete("task_action_plan", "zorg1")
    walk.complete("task_phase1_decision", "zorg1", decision="monitor")
    walk.complete("task_monitoring_review", "zorg1")
    walk.complete("task_phase1_decision", "zorg1", decision="refer_to_clb")
    zorg1.post(f"/api/cases/{walk.id}/messages", json={
        "name": "school_change", "data": {"new_school_id": school2}})

    events = walk.events("clb1")
    by_kind: dict[str, list[tuple]] = {}
    for e in events:
        by_kind.setdefault(e["kind"], []).append((e["what"], e["old_value"], e["new_value"]))
    z, d = str(ids["zorg1"]), str(ids["dir1"])
    assert by_kind["case_opened"] == [("dossier", None, "onbekend")]
    assert by_kind["task_assigned"] == [(first["title"], None, d)]
    assert by_kind["task_unclaimed"] == [(first["title"], d, None)]
    assert by_kind["task_claimed"] == [(first["title"], None, z)]
    assert by_kind["absence_type_changed"] == [("absence_type", "onbekend", "spijbelen")]
    assert by_kind["journal_added"] == [("contact_attempt", None, "phone")]
    assert by_kind["status_changed"] == [("status", "open", "monitoring"), ("status", "monitoring", "open")]
    assert by_kind["phase_changed"] == [("phase", "fase1", "fase2")]
    assert by_kind["message_received"] == [("school_change", None, None)]
    # Both schools' stories record the move.
    assert by_kind["school_changed"] == [("school", str(school1), str(school2))] * 2
    completed = by_kind["task_completed"]
    assert ("Evaluatie en beslissing fase 1", None, "decision=monitor") in completed
    assert ("Evaluatie en beslissing fase 1", None, "decision=refer_to_clb") in completed
    assert all(old is None for _what, old, _new in by_kind["task_created"])
    assert {new for _what, _old, new in by_kind["task_created"]} == {"school", "clb"}
    # Every kind this path can produce was checked above; the timers' kinds are
    # checked the same way in tests/integration/test_timers.py.
    unreachable_here = {EventKind.TASK_CANCELLED, EventKind.REMINDER_SENT, EventKind.ESCALATED,
                        EventKind.TIMER_FIRED, EventKind.DUE_DATE_MOVED}
    assert set(by_kind) == {k.value for k in EventKind} - unreachable_here
