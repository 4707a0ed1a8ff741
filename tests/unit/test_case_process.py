"""Every gateway branch of workflows/*.bpmn, on the engine layer.

No database here: these tests drive app.engine directly so a broken branch in
the BPMN shows up as a precise failure. Data is given as the service gives
it: every field of the task's form (None when left empty) plus the case's
facts. The API tests walk the same paths with real users and forms. Time
moves only when a test waits for a step behind a timer (`Case.wait`).
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.engine import runtime
from app.vocabulary import TimerKind
from tests.unit.case_engine import FUNCTIONS, Case, load_bundle

# --- phase 1 ---------------------------------------------------------------------------


def test_a_new_case_starts_in_phase_one_with_the_plan_for_its_type(bundle):
    case = Case(bundle)
    assert case.ready == ["task_action_plan"] and case.lane("task_action_plan") == "school"
    assert case.effects == [("phase", "fase1"), ("status", "open")]


@pytest.mark.parametrize(
    "absence_type, plan",
    [
        ("spijbelen", "task_action_plan"),
        ("schoolweigering", "task_return_plan"),
        ("schoolonthouding", "task_parent_agreements"),
        ("schooluitsluiting", "task_exclusion_support"),
    ],
)
def test_an_unknown_type_is_found_out_first_then_each_type_has_its_own_plan(bundle, absence_type, plan):
    case = Case(bundle, absence_type="onbekend")
    assert case.ready == ["task_absence_type"]
    case.do("task_absence_type", absence_type=absence_type)
    assert case.ready == [plan]
    assert "task_action_plan" not in case.ready or absence_type == "spijbelen"


def test_signal_is_a_step_apart_from_the_referral_and_returns_to_the_evaluation(bundle):
    case = Case(bundle).plan().do("task_phase1_evaluation", decision="signal_clb")
    assert ("clb", "signal") in case.effects
    assert case.ready == ["task_signal_clb"] and ("phase", "fase2") not in case.effects
    case.do("task_signal_clb")
    assert case.ready == ["task_phase1_evaluation"]
    case.do("task_phase1_evaluation", decision="refer_to_clb")
    assert case.ready == ["task_clb_accept"] and case.lane("task_clb_accept") == "clb"
    assert case.effects[-2:] == [("clb", "referral"), ("phase", "fase2")]


def test_truancy_gets_a_begeleidingsplan_or_under_a_police_protocol_a_signed_spijbelactieplan(bundle):
    plan = Case(bundle).do("task_action_plan")
    assert [(kind, value) for kind, value in plan.effects if kind == "document"] == [
        ("document", "begeleidingsplan")
    ]
    formal = Case(bundle, formal_plan=True).do("task_action_plan")
    assert [(kind, value) for kind, value in formal.effects if kind == "document"] == [
        ("document", "spijbelactieplan")
    ]
    for case in (plan, formal):  # either way the plan runs until its evaluation date
        assert case.ready == [] and case.wait("task_phase1_evaluation").ready == ["task_phase1_evaluation"]


def test_the_evaluation_waits_for_the_plans_evaluation_date(bundle):
    case = Case(bundle).do("task_action_plan", evaluation_date="2026-12-17")
    assert case.ready == []
    assert case.result.next_timer_due_at == datetime(2026, 12, 17, 15, tzinfo=UTC)
    case.wait("task_phase1_evaluation")
    assert [t.bpmn_id for t in case.fired] == ["wait_plan_evaluation"]
    assert case.now == datetime(2026, 12, 17, 15, tzinfo=UTC)  # the end of that school day


def test_an_exclusion_without_evaluation_date_is_evaluated_after_the_schools_term(bundle):
    case = Case(bundle, absence_type="schooluitsluiting").do("task_exclusion_support")
    # 20 school days from Tuesday 24 Nov 2026, the Christmas holidays not counted.
    assert case.result.next_timer_due_at.date() == date(2027, 1, 5)


def test_monitoring_loops_back_and_a_new_plan_follows_the_current_type(bundle):
    case = Case(bundle).plan().do("task_phase1_evaluation", decision="monitor", monitoring_until="2027-01-15")
    assert case.ready == [] and ("status", "monitoring") in case.effects  # not before the date
    assert case.result.next_timer_due_at == datetime(2027, 1, 15, 15, tzinfo=UTC)
    case.wait("task_monitoring_review")
    case.do("task_monitoring_review")
    assert case.ready == ["task_phase1_evaluation"] and case.effects[-1] == ("status", "open")
    case.facts["absence_type"] = "schoolweigering"  # the CLB re-marked the type meanwhile
    case.do("task_phase1_evaluation", decision="new_plan")
    assert case.ready == ["task_return_plan"]


def test_close_in_phase_one(bundle):
    case = Case(bundle).plan().do("task_phase1_evaluation", decision="close")
    assert case.result.completed and case.effects[-1] == ("status", "closed")


def test_a_declined_referral_returns_to_the_school_with_its_reason(bundle):
    case = Case(bundle).plan().do("task_phase1_evaluation", decision="refer_to_clb")
    case.do("task_clb_accept", accepted=False, reason="eerst huisbezoek")
    assert case.ready == ["task_phase1_evaluation"]
    assert case.result.effects[-1].value == "fase1" and case.result.effects[-1].reason == "eerst huisbezoek"


# --- phase 2 ---------------------------------------------------------------------------


def test_an_accepted_referral_is_told_to_the_school(bundle):
    case = Case(bundle).plan().do("task_phase1_evaluation", decision="refer_to_clb")
    case.do("task_clb_accept", accepted=True)
    assert ("notice", "referral_accepted") in case.effects and case.ready == ["task_clb_intake"]


def test_trajectories_combine_and_the_hub_bridges_a_waiting_list_until_the_partner_takes_over(bundle):
    case = Case(bundle).referred().round("short_term", "hub")
    assert case.ready == ["task_hub_referral", "task_short_term"]
    case.do("task_hub_referral", waiting_list=True)
    assert case.ready == ["task_bridging_help", "task_short_term"]
    next_contact = (case.now + timedelta(days=7)).date()
    case.do("task_bridging_help", partner_took_over=False, next_contact_date=next_contact.isoformat())
    assert case.ready == ["task_short_term"]  # the next bridging contact on its date
    assert case.result.next_timer_due_at.date() == next_contact
    case.wait("task_bridging_help")
    assert case.ready == ["task_bridging_help", "task_short_term"]  # the CLB keeps bridging
    case.do("task_short_term")
    assert case.ready == ["task_bridging_help"]  # the round waits for the partner
    case.do("task_bridging_help", partner_took_over=True)
    case.wait("task_round_evaluation")  # and for its evaluation date
    assert case.ready == ["task_round_evaluation"]


@pytest.mark.parametrize(
    "decision, ready",
    [
        ("continue", ["task_hgd", "task_short_term"]),
        ("switch", ["task_clb_round_plan"]),
        ("phase3", ["task_phase3_plan"]),
    ],
)
def test_the_round_evaluation_continues_switches_or_goes_to_phase_three(bundle, decision, ready):
    case = Case(bundle).referred().round("hgd", "short_term").do("task_hgd").do("task_short_term")
    case.wait("task_round_evaluation").do("task_round_evaluation", decision=decision)
    assert case.ready == ready


def test_closing_with_agreements_shares_them_and_new_absences_reopen_for_the_clb(bundle):
    case = Case(bundle).referred().round("short_term").do("task_short_term").wait("task_round_evaluation")
    case.do(
        "task_round_evaluation",
        decision="close_with_agreements",
        followup_agreements="Meld elke B-code",
        school_contact="Mevr. Peeters",
        relapse_signal="Bij de eerste B-code",
    )
    assert ("agreements", "shared") in case.effects and case.effects[-1] == ("status", "closed")
    agreements = next(e for e in case.result.effects if e.kind == "agreements")
    assert agreements.data == {
        "agreements": "Meld elke B-code",
        "school_contact": "Mevr. Peeters",
        "relapse_signal": "Bij de eerste B-code",
    }
    assert not case.result.completed and case.ready == []
    assert runtime.waiting_messages(bundle, case.result.state) == {"new_absences"}
    case.message("new_absences", b_count=7)
    assert case.ready == ["task_relapse_review"] and case.effects[-1] == ("status", "open")
    case.do("task_relapse_review", decision="close_again", followup_agreements="Opnieuw melden")
    assert case.effects[-1] == ("status", "closed")
    case.message("new_absences").do("task_relapse_review", decision="new_round")
    assert case.ready == ["task_clb_round_plan"]


def _closed_with_agreements(bundle):
    case = Case(bundle).referred()
    return case.do("task_clb_round_plan", plan="no_further_need", followup_agreements="Nieuwe B-codes melden")


def test_without_new_absences_the_relapse_check_closes_the_case_for_good(bundle):
    case = _closed_with_agreements(bundle)
    due = case.result.next_timer_due_at  # 30 school days after closing, the Christmas holidays not counted
    assert due.date() == date(2027, 2, 2) and case.now.date() == date(2026, 12, 8)
    assert runtime.waiting_messages(bundle, case.result.state) == {"new_absences"}
    early = runtime.fire_timers(
        bundle, case.result.state, now=due - timedelta(seconds=1), functions=FUNCTIONS
    )
    assert early.fired_timers == [] and not early.completed
    done = runtime.fire_timers(bundle, case.result.state, now=due, functions=FUNCTIONS)
    assert [(t.bpmn_id, t.kind) for t in done.fired_timers] == [("wait_relapse_check", TimerKind.WAIT)]
    assert done.completed and done.next_timer_due_at is None
    assert runtime.waiting_messages(bundle, done.state) == frozenset()


def test_new_absences_win_over_a_relapse_check_that_is_due_but_not_yet_swept(bundle):
    case = _closed_with_agreements(bundle)
    case.now = case.result.next_timer_due_at + timedelta(hours=1)
    case.message("new_absences", b_count=7)
    assert case.ready == ["task_relapse_review"] and case.result.fired_timers == []
    assert not case.result.completed and case.effects[-1] == ("status", "open")


def test_a_watched_task_is_reminded_then_escalated_to_the_lanes_director(bundle):
    case = Case(bundle)
    (plan,) = case.result.ready_tasks
    assert plan.due_at == datetime(2026, 12, 8, 15, tzinfo=UTC)  # 10 school days: plan_reminder
    reminded = runtime.fire_timers(bundle, case.result.state, now=plan.due_at, functions=FUNCTIONS)
    fired = [(t.bpmn_id, t.kind, t.watched_bpmn_id, t.watched_engine_task_id) for t in reminded.fired_timers]
    assert fired == [
        ("task_action_plan_reminder", TimerKind.REMINDER, "task_action_plan", plan.engine_task_id)
    ]
    escalation_at = datetime(2027, 1, 5, 15, tzinfo=UTC)  # 20 school days: plan_escalation
    assert reminded.next_timer_due_at == escalation_at
    escalated = runtime.fire_timers(bundle, reminded.state, now=escalation_at, functions=FUNCTIONS)
    assert [t.kind for t in escalated.fired_timers] == [TimerKind.ESCALATION]
    assert sorted((t.bpmn_id, t.lane) for t in escalated.ready_tasks) == [
        ("task_action_plan", "school"),
        ("task_action_plan_escalated", "school"),
    ]
    assert escalated.next_timer_due_at is None  # each fires once


def test_no_further_need_closes_with_agreements(bundle):
    case = Case(bundle).referred()
    case.do("task_clb_round_plan", plan="no_further_need", followup_agreements="Nieuwe B-codes melden")
    assert case.effects[-2:] == [("agreements", "shared"), ("status", "closed")]


# --- phase 3 ---------------------------------------------------------------------------


def test_phase_three_runs_the_offer_and_the_tracks_side_by_side(bundle):
    case = Case(bundle).to_phase3()
    assert ("phase", "fase3") in case.effects and case.ready == ["task_phase3_plan"]
    case.do("task_phase3_plan", offers=["toah"], tracks=["ocj_consult", "agodi"], agodi_filed_by="clb")
    assert case.ready == ["task_agodi_report_clb", "task_ocj_consult", "task_tailored_offer"]
    case.do("task_ocj_consult", consult_outcome="continue_current")  # ends without an M-document
    case.do("task_agodi_report_clb").do("task_agodi_report_clb_sent").do("task_agodi_letter_clb")
    assert case.ready == ["task_tailored_offer"]
    case.do("task_tailored_offer").wait("task_phase3_evaluation")
    assert case.ready == ["task_phase3_evaluation"]


def test_an_m_document_follows_the_consult_only_when_decided_and_the_school_files_agodi_in_its_lane(bundle):
    case = Case(bundle).to_phase3()
    case.do("task_phase3_plan", offers=[], tracks=["ocj_consult", "agodi"], agodi_filed_by="school")
    assert case.lane("task_agodi_report") == "school"
    case.do("task_ocj_consult", consult_outcome="m_document")
    assert case.ready == ["task_agodi_report", "task_m_document"]
    case.do("task_m_document").do("task_m_document_sent").do("task_ocj_outcome")
    case.do("task_agodi_report").do("task_agodi_report_sent").do("task_agodi_letter_school")
    assert case.wait("task_phase3_evaluation").ready == ["task_phase3_evaluation"]


def test_an_m_document_without_consult(bundle):
    case = Case(bundle).to_phase3().do("task_phase3_plan", offers=[], tracks=["m_document"])
    assert case.ready == ["task_m_document"]


def test_the_phase_three_evaluation_loops(bundle):
    case = Case(bundle).to_phase3().do("task_phase3_plan", offers=["reorientation"], tracks=[])
    case.do("task_tailored_offer").wait("task_phase3_evaluation")
    case.do("task_phase3_evaluation", decision="continue", next_evaluation_date="2027-04-15")
    assert case.ready == [] and case.result.next_timer_due_at.date() == date(2027, 4, 15)
    case.wait("task_phase3_evaluation")
    assert [t.bpmn_id for t in case.fired][-2:] == ["wait_phase3_evaluation", "wait_phase3_next_evaluation"]
    case.do("task_phase3_evaluation", decision="adjust")
    assert case.ready == ["task_phase3_plan"]
    case.do("task_phase3_plan", offers=["bednet"], tracks=[]).do("task_tailored_offer")
    case.wait("task_phase3_evaluation")
    case.do("task_phase3_evaluation", decision="close_with_agreements", followup_agreements="Opvolgen")
    assert case.effects[-1] == ("status", "closed")


# --- a school change restarts the path at the case's phase --------------------------------


@pytest.mark.parametrize(
    "phase, ready, lane",
    [
        ("fase1", ["task_action_plan"], "school"),
        ("fase2", ["task_clb_intake"], "clb"),
        ("fase3", ["task_phase3_plan"], "clb"),
    ],
)
def test_the_new_school_starts_at_the_phase_the_case_was_in(bundle, phase, ready, lane):
    case = Case(bundle, resume_phase=phase, clb_involved=True)
    assert case.ready == ready and case.lane(ready[0]) == lane
    assert ("phase", phase) in case.effects


# --- the absence follow-up, one per episode -----------------------------------------------


def test_an_episode_contacts_the_parents_and_talks_with_the_pupil_as_two_tasks(followup):
    episode = Case(followup)
    assert episode.ready == ["task_absence_contact_parents", "task_absence_pupil_talk"]
    episode.do("task_absence_contact_parents", medical_certificate="none")
    assert episode.ready == ["task_absence_pupil_talk"]  # the talk often comes days later
    episode.do("task_absence_pupil_talk")
    assert episode.result.completed


def test_school_refusal_asks_the_pupil_first(followup):
    episode = Case(followup, absence_type="schoolweigering")
    assert episode.ready == ["task_absence_ask_pupil"]
    episode.do("task_absence_ask_pupil")
    assert episode.ready == ["task_absence_contact_parents"]


def test_a_doubtful_certificate_goes_to_the_clb_doctor_and_the_school_hears_the_outcome(followup):
    episode = Case(followup).do("task_absence_pupil_talk")
    episode.do(
        "task_absence_contact_parents", medical_certificate="doubtful", certificate_still_doubtful=True
    )
    assert episode.ready == ["task_absence_clb_doctor"] and episode.lane("task_absence_clb_doctor") == "clb"
    assert ("clb", "medical_certificate") in episode.effects
    episode.do("task_absence_clb_doctor", certificate_outcome="not_upheld")
    assert ("notice", "certificate_not_upheld") in episode.effects and episode.result.completed


# --- the return after a long justified absence ---------------------------------------------


def test_the_return_path_talks_decides_prepares_the_class_and_follows_up_until_it_goes_well(return_path):
    case = Case(return_path)
    assert case.ready == ["task_return_talk"] and case.lane("task_return_talk") == "school"
    assert case.effects == [("status", "open")]  # no phase: a return is not a phase of the continuum
    case.do("task_return_talk", class_consent="yes").do("task_class_council")
    assert case.ready == ["task_prepare_class"]
    case.do("task_prepare_class")
    assert case.ready == [] and case.effects[-1] == ("status", "monitoring")
    # return_followup: 10 school days from Tuesday 24 Nov 2026.
    assert case.result.next_timer_due_at == datetime(2026, 12, 8, 15, tzinfo=UTC)
    case.wait("task_return_followup").do("task_return_followup", going_well="not_yet")
    assert case.ready == [] and not case.result.completed  # another round
    # Again 10 school days, from 8 December: the Christmas holidays not counted.
    assert case.result.next_timer_due_at == datetime(2027, 1, 5, 15, tzinfo=UTC)
    case.wait("task_return_followup").do("task_return_followup", going_well="yes")
    assert case.result.completed and case.effects[-1] == ("status", "closed")
    assert [t.bpmn_id for t in case.fired] == ["wait_return_followup"] * 2
    assert not any(kind == "phase" for kind, _ in case.effects)


def test_without_the_pupils_consent_the_class_is_not_prepared_and_the_case_says_so(return_path):
    case = Case(return_path).do("task_return_talk", class_consent="no").do("task_class_council")
    assert case.ready == [] and ("notice", "class_not_prepared") in case.effects
    assert case.effects[-1] == ("status", "monitoring")
    assert case.wait("task_return_followup").ready == ["task_return_followup"]


def test_police_track_and_handover_processes(bundle):
    police = Case(load_bundle("zorgpad_police_track"), police_could_not_wait=False)
    assert police.ready == ["task_police_clb_advice"] and ("clb", "police_consult") in police.effects
    assert police.lane("task_police_clb_advice") == "clb"
    police.do("task_police_clb_advice")  # the report waits for the CLB's advice
    assert police.ready == ["task_police_report"]
    police.do("task_police_report").do("task_parket_answer")
    assert police.result.completed
    acute = Case(load_bundle("zorgpad_police_track"), police_could_not_wait=True)
    assert acute.ready == ["task_police_report"]  # the school said why it could not wait
    handover = Case(load_bundle("zorgpad_school_change"))
    assert handover.ready == ["task_warm_handover"]
    handover.do("task_warm_handover")
    assert handover.ready == ["task_receive_handover"] and handover.lane("task_receive_handover") == "clb"


# --- state size ---------------------------------------------------------------------------


def test_state_holds_no_spec_and_stays_small(bundle):
    case = Case(bundle)
    assert "task_specs" not in case.result.state
    assert len(case.result.state) < 20_000


def test_live_state_does_not_grow_with_monitoring_cycles(bundle):
    case = Case(bundle).plan()
    sizes = []
    for cycle in range(60):
        case.do("task_phase1_evaluation", decision="monitor", motivation=f"cyclus {cycle}")
        case.wait("task_monitoring_review").do("task_monitoring_review")
        sizes.append(len(case.result.state))
    assert max(sizes[20:]) <= sizes[10] * 1.05  # flat after the first cycles
    case.do("task_phase1_evaluation", decision="refer_to_clb").do("task_clb_accept", accepted=True)
    case.do("task_clb_intake").round("hgd").do("task_hgd").wait("task_round_evaluation")
    case.do("task_round_evaluation", decision="phase3")
    case.do("task_phase3_plan", offers=["toah"], tracks=["m_document"]).do("task_tailored_offer")
    case.do("task_m_document").do("task_m_document_sent").do("task_ocj_outcome")
    assert case.wait("task_phase3_evaluation").ready == ["task_phase3_evaluation"]
