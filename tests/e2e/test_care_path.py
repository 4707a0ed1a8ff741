"""The issue's paths, through the API alone, with the demo users (SQLite and PostgreSQL).

Where the path waits for a date, the walk lets the time pass (tests/walk.py)."""

from datetime import UTC, datetime

from tests.walk import CaseWalk


def _kinds(events):
    return [(e["kind"], e["what"], e["new_value"]) for e in events]


def test_truancy_with_a_signal_then_a_referral(login):
    walk = CaseWalk(login, absence_type="spijbelen", b_count=3)
    # Phase 1 starts with the plan for truancy and the follow-up of the absence.
    assert sorted(t["bpmn_id"] for t in walk.case["open_tasks"]) == [
        "task_absence_contact_parents",
        "task_absence_pupil_talk",
        "task_action_plan",
    ]
    # Before any signal the CLB does not see the case at all.
    assert login("clb1").get(f"/api/cases/{walk.id}").status_code == 404
    assert login("clb1").get(f"/api/tasks?case_id={walk.id}&scope=all").get_json()["total"] == 0
    assert walk.case["id"] not in [c["id"] for c in login("clb1").get("/api/cases").get_json()["items"]]

    # Contacting the parents and the talk on return: two tasks, by the roles the school named.
    talk = walk.detail("task_absence_pupil_talk", "leraar1")
    assert talk["can_act"] is True
    assert walk.detail("task_absence_pupil_talk", "secr1")["can_act"] is False
    assert walk.detail("task_absence_contact_parents", "secr1")["can_act"] is True
    assert walk.detail("task_absence_contact_parents", "leraar1")["can_act"] is False
    walk.complete("task_absence_contact_parents", "secr1")
    walk.complete("task_absence_pupil_talk", "leraar1")
    walk.plan("spijbelen")

    # 6 half-days with B-code: until the signal, phase 1 decides nothing else (not offered, refused).
    form = walk.detail("task_phase1_evaluation", "zorg1")
    assert form["prefill"] == {"b_half_days": 3}
    for decision, extra in (("close", {"monitoring_until": None}), ("monitor", {})):
        refused = walk.submit("task_phase1_evaluation", "zorg1", decision=decision, b_half_days=6, **extra)
        assert refused.status_code == 422 and "decision" in refused.get_json()["errors"], refused.get_json()
    walk.complete(
        "task_phase1_evaluation", "zorg1", decision="monitor", b_half_days=4
    )  # 4: monitoring is fine
    walk.until_open("task_monitoring_review", "zorg1")  # at the end of monitoring (29 Jan)
    walk.complete("task_monitoring_review", "zorg1", new_b_half_days=2, evolution="worsened")
    # Two more half-days with B-code meanwhile: at the evaluation the school records 6 and may
    # only signal or refer.
    refused = walk.submit("task_phase1_evaluation", "zorg1", decision="monitor", b_half_days=6)
    assert refused.status_code == 422 and "decision" in refused.get_json()["errors"]
    options = [
        o["const"]
        for o in walk.detail("task_phase1_evaluation", "zorg1")["form"]["schema"]["properties"]["decision"][
            "oneOf"
        ]
    ]
    assert "close" in options  # the recorded count is still 4 until a step records 6

    # The signal: discussed at the absence meeting; from now on the CLB sees the case.
    walk.signal(b_half_days=6)
    assert walk.case["clb_since"] is not None and walk.case["phase"] == "fase1"
    clb_view = login("clb1").get(f"/api/cases/{walk.id}").get_json()
    assert clb_view["phase"] == "fase1" and clb_view["school_year_b_count"] == 6
    assert login("clb1").get(f"/api/tasks?case_id={walk.id}&scope=all").get_json()["total"] == 1
    assert ("clb_involved", "clb", "signal") in _kinds(walk.events("zorg1"))

    # Then the referral: parents informed, talked through with the pupil.
    refused = walk.submit(
        "task_phase1_evaluation",
        "zorg1",
        decision="refer_to_clb",
        monitoring_until=None,
        referral_reasons=["absences_rising"],
        help_question="Wat helpt?",
        parents_informed=False,
        discussed_with_pupil=False,
    )
    assert set(refused.get_json()["errors"]) == {"parents_informed", "discussed_with_pupil"}
    walk.refer()
    assert walk.case["phase"] == "fase2" and walk.case["open_tasks"] == []  # the school sees no CLB task
    walk.complete("task_clb_accept", "clb1", accepted=True)
    school_story = _kinds(walk.events("zorg1"))
    assert ("notice", "referral_accepted", "Aanmelding aanvaard door het CLB") in school_story
    assert ("clb_involved", "clb", "referral") in school_story
    assert all(e["what"] != "Aanmelding beoordelen" for e in walk.events("zorg1"))  # CLB work stays CLB's
    assert walk.open_ids("clb1", "clb") == ["task_clb_intake"]


def _all_task_ids(walk, username):
    """Every task of the case the user can see, whatever its status."""
    ids = []
    for status in ("open", "completed", "cancelled"):
        body = walk.login(username).get(
            f"/api/tasks?case_id={walk.id}&scope=all&status={status}&per_page=100"
        )
        ids += [t["bpmn_id"] for t in body.get_json()["items"]]
    return ids


def test_school_refusal_without_contract_or_coercive_track(login):
    walk = CaseWalk(login, absence_type="schoolweigering")
    # The pupil is asked first, not the parents straight away; a return plan, no action plan.
    assert walk.ready() == ["task_absence_ask_pupil", "task_return_plan"]
    walk.complete("task_absence_ask_pupil", "leraar1")
    assert walk.open_ids("zorg1") == ["task_absence_contact_parents", "task_return_plan"]
    walk.complete("task_absence_contact_parents", "secr1")
    plan = walk.detail("task_return_plan", "zorg1")["form"]["schema"]
    assert "key_person" in plan["required"] and not any("contract" in name for name in plan["properties"])
    walk.plan("schoolweigering")
    # No coercive track by default: the police track needs an explicit, reasoned confirmation.
    refused = walk.message("zorg1", "police_track")
    assert refused.status_code == 422 and "confirm_school_refusal" in refused.get_json()["errors"]
    walk.refer()
    walk.complete("task_clb_accept", "clb1", accepted=True)
    walk.complete("task_clb_intake", "clb1")
    walk.complete("task_clb_round_plan", "clb1", trajectories=["short_term"])
    assert walk.open_ids("clb1", "clb") == ["task_short_term"]
    seen = _all_task_ids(walk, "clb1")
    assert "task_action_plan" not in seen and "task_police_report" not in seen


def test_a_clb_round_of_short_term_guidance_and_a_partner_referral_with_a_waiting_list(login):
    walk = CaseWalk(login)
    walk.episode()
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1", trajectories=["short_term", "hub"])
    assert walk.open_ids("clb1", "clb") == ["task_hub_referral", "task_short_term"]
    walk.complete("task_hub_referral", "clb1", waiting_list=True)
    # The referral does not hand the case off: the CLB bridges the waiting list ...
    walk.complete(
        "task_bridging_help",
        "clb1",
        partner_took_over=False,
        partner_start_date=None,
        next_contact_date="2026-12-24",
    )
    walk.complete("task_short_term", "clb1")
    assert walk.open_ids("clb1", "clb") == []  # the next contact is on its date
    walk.until_open("task_bridging_help", "clb1")
    # ... until the partner has taken over; then the CLB evaluates the round, on its date.
    walk.complete("task_bridging_help", "clb1")
    walk.until_open("task_round_evaluation", "clb1")
    assert walk.open_ids("clb1", "clb") == ["task_round_evaluation"]
    walk.complete("task_round_evaluation", "clb1", decision="continue")
    assert walk.open_ids("clb1", "clb") == ["task_hub_referral", "task_short_term"]  # the round repeats
    walk.complete("task_hub_referral", "clb1", waiting_list=False, referral_kind="ongoing")
    walk.complete("task_short_term", "clb1")
    walk.until_open("task_round_evaluation", "clb1")
    walk.complete("task_round_evaluation", "clb1")  # the example: close with agreements
    assert walk.case["status"] == "closed"

    # The school sees the agreements on the case, and the event.
    school_case = login("zorg1").get(f"/api/cases/{walk.id}").get_json()
    agreements = school_case["followup_agreements"]
    assert agreements["agreements"] == "School meldt elke nieuwe B-code binnen de week."
    assert school_case["followup_agreements"]["school_contact"] == "Mevr. Peeters"
    shared = [
        (e["what"], e["old_value"], e["new_value"])
        for e in walk.events("zorg1")
        if e["kind"] == "agreements_shared"
    ]
    assert shared == [("followup_agreements", None, "School meldt elke nieuwe B-code binnen de week.")]

    # New absences reopen the case and the CLB is told (its relapse task); a new episode starts.
    reopened = walk.message("secr1", "new_absences", b_count=9, note="Opnieuw afwezig op maandag")
    assert reopened.status_code == 200, reopened.get_json()
    assert reopened.get_json()["status"] == "open" and reopened.get_json()["closed_at"] is None
    assert walk.open_ids("clb1", "clb") == ["task_relapse_review"]
    assert walk.open_ids("zorg1") == ["task_absence_contact_parents", "task_absence_pupil_talk"]
    assert ("status_changed", "status", "open") in _kinds(walk.events("zorg1"))
    walk.complete("task_relapse_review", "clb1", decision="new_round")
    assert "task_clb_round_plan" in walk.open_ids("clb1", "clb")


def test_phase_three_tailored_offer_with_an_ocj_consult_that_ends_without_m_document(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3("Blijft afwezig ondanks het traject.")
    assert walk.case["phase"] == "fase3"
    plan = walk.task("task_phase3_plan", "clb1")
    assert plan["title"] == "Fase 3: aanbod op maat en sporen kiezen"
    refused = walk.submit("task_phase3_plan", "clb1", offers=[], tracks=[])
    assert refused.status_code == 422 and "offers" in refused.get_json()["errors"]
    walk.complete("task_phase3_plan", "clb1", offers=["toah"], tracks=["ocj_consult"])
    assert walk.open_ids("clb1", "clb") == ["task_ocj_consult", "task_tailored_offer"]
    walk.complete("task_ocj_consult", "clb1")  # the example: other help, no report
    walk.complete("task_tailored_offer", "clb1")
    assert walk.open_ids("clb1", "clb") == []  # the evaluation is on the plan's date
    walk.until_open("task_phase3_evaluation", "clb1")
    assert "task_m_document" not in _all_task_ids(walk, "clb1")
    # The evaluation loops while the pupil is not back; the CLB stays responsible.
    walk.complete(
        "task_phase3_evaluation",
        "clb1",
        decision="continue",
        next_evaluation_date="2027-04-15",
        followup_agreements=None,
        pupil_back_at_school=False,
    )
    walk.until_open("task_phase3_evaluation", "clb1")
    walk.complete("task_phase3_evaluation", "clb1", decision="adjust", followup_agreements=None)
    walk.complete(
        "task_phase3_plan",
        "clb1",
        offers=["reorientation"],
        tracks=[],
        plan_date="2027-04-15",
        evaluation_date="2027-05-14",
    )
    walk.complete("task_tailored_offer", "clb1")
    walk.until_open("task_phase3_evaluation", "clb1")
    walk.complete("task_phase3_evaluation", "clb1", evaluation_date="2027-05-14")  # close with agreements
    assert walk.case["status"] == "closed" and walk.case["phase"] == "fase3"


def test_a_police_track_started_by_the_school_for_an_unreachable_family(login, clock):
    walk = CaseWalk(login)
    attempts = [
        {"date": "2026-11-23", "channel": "phone", "result": "Geen antwoord"},
        {"date": "2026-11-23", "channel": "email"},
    ]
    walk.complete(
        "task_absence_contact_parents",
        "secr1",
        reached=False,
        reason_given=None,
        contact_attempts=attempts,
        contact_date="2026-11-24",
        channel="letter",
    )
    visit = login("secr1").post(
        f"/api/cases/{walk.id}/journal",
        json={
            "kind": "contact_attempt",
            "channel": "home_visit",
            "occurred_at": "2026-11-24T07:00:00+00:00",
            "text": "Huisbezoek",
            "outcome": "Niemand thuis",
        },
    )
    assert visit.status_code == 201
    assert (
        login("secr1")
        .post(f"/api/cases/{walk.id}/messages", json={"name": "police_track", "data": {}})
        .status_code
        == 403
    )
    started = walk.message("zorg1", "police_track", reason="Gezin onbereikbaar")
    assert started.status_code == 200, started.get_json()
    assert started.get_json()["phase"] == "fase1" and started.get_json()["clb_since"]  # the CLB was consulted
    assert "task_police_report" not in walk.open_ids("zorg1")  # it waits for the CLB's advice
    walk.complete("task_police_clb_advice", "clb1")

    report = walk.detail("task_police_report", "zorg1")
    prefill = report["prefill"]
    assert prefill["report_type"] == "fiche_onbereikbaarheid"
    assert [(a["date"], a["channel"]) for a in prefill["contact_attempts"]] == [
        ("2026-11-23", "phone"),
        ("2026-11-23", "email"),
        ("2026-11-24", "home_visit"),
        ("2026-11-24", "letter"),
    ]
    refused = walk.submit("task_police_report", "zorg1", clb_consulted=False)
    assert refused.status_code == 422 and "clb_consulted" in refused.get_json()["errors"]
    walk.complete(
        "task_police_report",
        "zorg1",
        contact_attempts=prefill["contact_attempts"],
        sent_on="2026-11-24",
        clb_consulted_on="2026-11-24",
    )
    early = walk.submit("task_parket_answer", "zorg1", answer_date="2026-11-20")
    assert early.status_code == 422 and "answer_date" in early.get_json()["errors"]
    walk.complete("task_parket_answer", "zorg1")
    clb_work = [t for t in _all_task_ids(walk, "clb1") if t.startswith("task_clb")]
    assert clb_work == []  # no CLB trajectory was needed
    assert walk.case["phase"] == "fase1"


def test_an_agodi_report_by_the_clb(login):
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.round_to_phase3("Gezin gaat niet in op hulp.")
    walk.complete("task_phase3_plan", "clb1", offers=[], tracks=["agodi"], agodi_filed_by="clb")
    assert walk.open_ids("clb1", "clb") == ["task_agodi_report_clb"]
    # Not the CLB's work; weeks went by without contacting the parents: escalated to the directie.
    assert walk.open_ids("zorg1") == [
        "task_absence_contact_parents",
        "task_absence_contact_parents_escalated",
        "task_absence_pupil_talk",
        "task_absence_pupil_talk_escalated",
    ]
    report = walk.detail("task_agodi_report_clb", "clb1")
    chronology = report["prefill"]["chronology"]
    assert "School — Begeleidingsplan opstellen" in chronology
    assert "CLB — Kortdurende begeleiding" in chronology and report["prefill"]["reported_by"] == "clb"
    walk.complete("task_agodi_report_clb", "clb1", chronology=chronology)
    # The report is a document first; then it is recorded as sent, then AGODI's letter.
    assert walk.open_ids("clb1", "clb") == ["task_agodi_report_clb_sent"]
    walk.complete("task_agodi_report_clb_sent", "clb1")
    early = walk.submit("task_agodi_letter_clb", "clb1", letter_date="2027-02-01")
    assert early.status_code == 422 and "letter_date" in early.get_json()["errors"]
    walk.complete("task_agodi_letter_clb", "clb1")
    assert walk.open_ids("clb1", "clb") == []
    walk.until_open("task_phase3_evaluation", "clb1")  # on the plan's evaluation date


def test_a_school_change_with_a_warm_handover_between_two_clbs(login, demo):
    school1, _, school3 = demo["school_ids"]
    walk = CaseWalk(login)
    walk.to_clb_guidance()
    walk.complete("task_clb_round_plan", "clb1", trajectories=["short_term"])
    before = walk.events("clb1")
    # The pupil moves to a school served by another CLB; the B count moves, the dates do not.
    moved = walk.message("zorg1", "school_change", new_school_id=school3, b_count=9)
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["access"] == "former" and moved.get_json()["open_tasks"] == []

    # The old school's open tasks are cancelled, not inherited by the new school (the parents
    # were never contacted: their escalations to the directie were open too).
    cancelled = walk.login("zorg1").get(f"/api/tasks?case_id={walk.id}&scope=all&status=cancelled").get_json()
    assert sorted(t["bpmn_id"] for t in cancelled["items"]) == [
        "task_absence_contact_parents",
        "task_absence_contact_parents_escalated",
        "task_absence_pupil_talk",
        "task_absence_pupil_talk_escalated",
    ]
    new_school = login("zorg3").get(f"/api/cases/{walk.id}").get_json()
    assert new_school["access"] == "current" and new_school["school_id"] == school3
    assert new_school["phase"] == "fase2" and new_school["school_year_b_count"] == 9
    assert new_school["open_tasks"] == []  # the CLB leads in phase 2; nothing of the old school
    assert all(e["kind"] != "task_completed" for e in walk.events("zorg3"))  # nothing of the old period

    # The sending CLB does the handover (its task belongs to the old school's period) ...
    assert walk.open_ids("clb1", "clb") == ["task_warm_handover"]
    handover = walk.detail("task_warm_handover", "clb1")
    assert handover["school_id"] == school1
    assert handover["prefill"]["receiving_clb"] == "CLB Demo Regio Antwerpen"
    assert handover["prefill"]["b_half_days"] == 9
    not_personal = walk.submit("task_warm_handover", "clb1", personal_contact=False)
    assert not_personal.status_code == 422 and "personal_contact" in not_personal.get_json()["errors"]
    walk.complete("task_warm_handover", "clb1", summary="Kortdurend traject liep; motivatie broos.")
    assert walk.open_ids("clb1", "clb") == []

    # ... and the receiving CLB gets a task to receive it, next to its own guidance.
    assert walk.open_ids("clb2", "clb") == ["task_clb_intake", "task_receive_handover"]
    receive = walk.detail("task_receive_handover", "clb2")
    assert "Kortdurend traject liep" in receive["prefill"]["handover_summary"]
    early = walk.submit("task_receive_handover", "clb2", received_date="2026-11-20")
    assert early.status_code == 422 and "received_date" in early.get_json()["errors"]
    walk.complete("task_receive_handover", "clb2")
    # Each CLB reads its own period only.
    clb2_story = walk.events("clb2")
    assert {e["id"] for e in clb2_story}.isdisjoint({e["id"] for e in before})
    assert login("clb1").get(f"/api/cases/{walk.id}").get_json()["access"] == "former"
    walk.complete("task_clb_intake", "clb2")
    assert walk.open_ids("clb2", "clb") == ["task_clb_round_plan"]


def test_an_eighteen_year_old_before_and_after_the_birthday(app, login, clock):
    app.config["TOKEN_TTL_HOURS"] = 24 * 200  # the test moves the clock months ahead
    user = login("zorg1")
    # 18 on 15 March 2027
    pupil = user.post(
        "/api/pupils",
        json={
            "external_id": "L-1818",
            "first_name": "Sam",
            "last_name": "Achttien",
            "birth_date": "2009-03-15",
        },
    ).get_json()
    walk = CaseWalk(login, pupil_id=pupil["id"])
    assert walk.case["compulsory_education_until"] == "2027-03-14" and walk.case["legal_tracks_available"]
    walk.to_clb_guidance()
    walk.round_to_phase3()  # on the round's evaluation date, 29 January 2027

    def offered_tracks():
        form = walk.detail("task_phase3_plan", "clb1")["form"]["schema"]
        return [o["const"] for o in form["properties"]["tracks"]["items"]["oneOf"]]

    assert offered_tracks() == ["ocj_consult", "m_document", "agodi"]
    clock.at = datetime(2027, 3, 15, 8, tzinfo=UTC)  # the 18th birthday
    assert offered_tracks() == ["ocj_consult"]  # the legal tracks are no longer offered ...
    refused = walk.submit("task_phase3_plan", "clb1", tracks=["agodi"], agodi_filed_by="clb")
    assert refused.status_code == 422 and "tracks" in refused.get_json()["errors"]  # ... nor accepted
    police = walk.message("zorg1", "police_track", reason="Onbereikbaar")
    assert police.status_code == 422 and "niet (meer) leerplichtig" in police.get_json()["errors"]["name"][0]
    case = login("clb1").get(f"/api/cases/{walk.id}").get_json()
    assert case["legal_tracks_available"] is False
    walk.complete("task_phase3_plan", "clb1", offers=["school_external"], tracks=[])  # the voluntary track
    assert walk.open_ids("clb1", "clb") == ["task_tailored_offer"]
