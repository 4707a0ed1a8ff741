"""Every gateway branch of workflows/zorgpad_case.bpmn, on the engine layer.

No database here: these tests drive app.engine directly so a broken branch in
the BPMN shows up as a precise failure. The API tests walk the same path with
real users and forms.
"""
from pathlib import Path

import pytest

from app.engine import runtime, specs
from app.engine.specs import SpecBundle, user_task_ids

BPMN = Path(__file__).resolve().parents[2] / "workflows" / "zorgpad_case.bpmn"


@pytest.fixture(scope="module")
def bundle():
    spec, subs = specs.parse("zorgpad_case", BPMN.read_text(encoding="utf-8"))
    return SpecBundle("zorgpad_case", 1, spec, subs, user_task_ids(spec, subs))


class Case:
    """Drives one workflow and remembers what it did."""

    def __init__(self, bundle, absence_type="spijbelen"):
        self.bundle = bundle
        self.effects = []
        self.done = []
        self._take(runtime.start(bundle, {"absence_type": absence_type}))

    def _take(self, result):
        self.result = result
        self.effects += [(e.kind, e.value) for e in result.effects]

    @property
    def ready(self):
        return sorted(t.bpmn_id for t in self.result.ready_tasks)

    def do(self, bpmn_id, **data):
        matches = [t for t in self.result.ready_tasks if t.bpmn_id == bpmn_id]
        assert matches, f"{bpmn_id} not ready; ready: {self.ready}"
        self._take(runtime.complete_task(self.bundle, self.result.state,
                                         matches[0].engine_task_id, data))
        self.done.append(bpmn_id)
        return self

    def message(self, name, **payload):
        self._take(runtime.deliver_message(self.bundle, self.result.state, name, payload))
        return self

    def through_phase1(self, decision="refer_to_clb"):
        self.do("task_contact_parents").do("task_action_plan")
        return self.do("task_phase1_decision", decision=decision)

    def to_trajectory(self, trajectory):
        self.through_phase1().do("task_clb_accept", accepted=True).do("task_clb_intake")
        return self.do("task_clb_trajectory", trajectory=trajectory)

    def to_tracks(self, tracks):
        self.to_trajectory("hgd").do("task_hgd").do("task_clb_end", outcome="escalate")
        return self.do("task_choose_tracks", tracks=tracks)


def test_start_is_phase_one_with_contacting_the_parents(bundle):
    case = Case(bundle)
    assert case.ready == ["task_contact_parents"]
    assert case.effects == [("phase", "fase1")]
    assert case.result.ready_tasks[0].lane == "school"


def test_close_in_phase_one(bundle):
    case = Case(bundle).through_phase1("close")
    assert case.result.completed and case.ready == []
    assert case.effects[-1] == ("status", "closed")


def test_monitor_loops_back_to_the_decision(bundle):
    case = Case(bundle).through_phase1("monitor")
    assert case.ready == ["task_monitoring_review"]
    assert ("status", "monitoring") in case.effects
    case.do("task_monitoring_review")
    assert case.ready == ["task_phase1_decision"]
    assert case.effects[-1] == ("status", "open")


def test_referral_goes_to_the_clb_lane(bundle):
    case = Case(bundle).through_phase1("refer_to_clb")
    assert case.ready == ["task_clb_accept"]
    assert case.result.ready_tasks[0].lane == "clb"
    assert case.effects[-1] == ("phase", "fase2")


def test_refused_referral_returns_to_the_school_with_reason(bundle):
    case = Case(bundle).through_phase1().do("task_clb_accept", accepted=False, reason="eerst huisbezoek")
    assert case.ready == ["task_phase1_decision"]
    assert case.result.effects[-1].value == "fase1"
    assert case.result.effects[-1].reason == "eerst huisbezoek"


@pytest.mark.parametrize("trajectory, task", [
    ("hgd", "task_hgd"), ("short_term", "task_short_term"), ("hub", "task_hub_referral"),
])
def test_each_trajectory_leads_to_its_task_then_the_end_of_guidance(bundle, trajectory, task):
    case = Case(bundle).to_trajectory(trajectory)
    assert case.ready == [task]
    case.do(task)
    assert case.ready == ["task_clb_end"]
    case.do("task_clb_end", outcome="closed_with_followup")
    assert case.result.completed
    assert case.effects[-1] == ("status", "closed")


def test_no_further_need_closes(bundle):
    case = Case(bundle).to_trajectory("no_further_need")
    assert case.result.completed and case.effects[-1] == ("status", "closed")


@pytest.mark.parametrize("track, tasks", [
    ("ocj", ["task_m_document"]),
    ("police", ["task_police_report"]),
    ("agodi", ["task_agodi_report"]),
])
def test_each_legal_track_alone(bundle, track, tasks):
    case = Case(bundle).to_tracks([track])
    assert ("phase", "fase3") in case.effects
    assert case.ready == tasks
    if track == "ocj":
        case.do("task_m_document")
        assert case.ready == ["task_ocj_outcome"]
        case.do("task_ocj_outcome")
    else:
        case.do(tasks[0])
    assert case.ready == ["task_phase3_evaluation"]
    case.do("task_phase3_evaluation")
    assert case.result.completed


def test_all_tracks_run_in_parallel_and_join(bundle):
    case = Case(bundle).to_tracks(["ocj", "police", "agodi"])
    assert case.ready == ["task_agodi_report", "task_m_document", "task_police_report"]
    lanes = {t.bpmn_id: t.lane for t in case.result.ready_tasks}
    assert lanes == {"task_agodi_report": "school", "task_m_document": "clb",
                     "task_police_report": "school"}
    case.do("task_police_report").do("task_m_document")
    assert case.ready == ["task_agodi_report", "task_ocj_outcome"]
    case.do("task_agodi_report")
    assert case.ready == ["task_ocj_outcome"]  # the join waits for the OCJ track
    case.do("task_ocj_outcome")
    assert case.ready == ["task_phase3_evaluation"]


def test_school_refusal_uses_a_return_plan_not_an_action_plan(bundle):
    case = Case(bundle, absence_type="schoolweigering").do("task_contact_parents")
    assert case.ready == ["task_return_plan"]


def test_school_refusal_never_reaches_police_without_explicit_confirmation(bundle):
    case = Case(bundle, absence_type="schoolweigering").do("task_contact_parents")
    case.do("task_return_plan").do("task_phase1_decision", decision="refer_to_clb")
    case.do("task_clb_accept", accepted=True).do("task_clb_intake")
    case.do("task_clb_trajectory", trajectory="short_term").do("task_short_term")
    case.do("task_clb_end", outcome="escalate").do("task_choose_tracks", tracks=["police", "ocj"])
    assert case.ready == ["task_confirm_police"]
    case.do("task_confirm_police", confirm_police=False)
    assert case.ready == ["task_choose_tracks"]  # choose again
    case.do("task_choose_tracks", tracks=["police"])
    case.do("task_confirm_police", confirm_police=True)
    assert case.ready == ["task_police_report"]


def test_school_refusal_without_police_skips_the_confirmation(bundle):
    case = Case(bundle, absence_type="schoolweigering").do("task_contact_parents")
    case.do("task_return_plan").do("task_phase1_decision", decision="refer_to_clb")
    case.do("task_clb_accept", accepted=True).do("task_clb_intake")
    case.do("task_clb_trajectory", trajectory="hub").do("task_hub_referral")
    case.do("task_clb_end", outcome="escalate").do("task_choose_tracks", tracks=["ocj"])
    assert case.ready == ["task_m_document"]


def test_school_change_is_accepted_at_any_time_and_does_not_interrupt(bundle):
    case = Case(bundle).do("task_contact_parents")
    case.message("school_change", new_school_id=2, b_count=4)
    assert case.ready == ["task_action_plan", "task_warm_handover"]
    handover = next(t for t in case.result.ready_tasks if t.bpmn_id == "task_warm_handover")
    assert handover.lane == "clb"
    case.message("school_change", new_school_id=3)
    assert case.ready.count("task_warm_handover") == 2
    case.do("task_warm_handover").do("task_action_plan")
    assert "task_phase1_decision" in case.ready


def test_state_holds_no_spec_and_stays_small(bundle):
    case = Case(bundle)
    assert "task_specs" not in case.result.state
    assert len(case.result.state) < 20_000


def test_live_state_does_not_grow_with_monitoring_cycles(bundle):
    case = Case(bundle).do("task_contact_parents").do("task_action_plan")
    case.message("school_change", new_school_id=2)  # an open handover across the cycles
    sizes = []
    for cycle in range(60):
        case.do("task_phase1_decision", decision="monitor", motivation=f"cyclus {cycle}")
        case.do("task_monitoring_review")
        sizes.append(len(case.result.state))
    assert max(sizes[20:]) <= sizes[10] * 1.05  # flat after the first cycles
    # Still a working case: the handover is still open and the path goes on.
    case.do("task_warm_handover")
    case.do("task_phase1_decision", decision="refer_to_clb")
    case.do("task_clb_accept", accepted=False, reason="nog niet")
    assert case.ready == ["task_phase1_decision"]
    case.do("task_phase1_decision", decision="refer_to_clb").do("task_clb_accept", accepted=True)
    case.do("task_clb_intake").do("task_clb_trajectory", trajectory="hgd").do("task_hgd")
    case.do("task_clb_end", outcome="escalate").do("task_choose_tracks", tracks=["ocj", "police"])
    case.do("task_police_report").do("task_m_document").do("task_ocj_outcome")
    case.do("task_phase3_evaluation")
    assert case.result.completed
