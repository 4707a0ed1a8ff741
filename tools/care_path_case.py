"""The main path, zorgpad_case: its diagram (lanes, rows, columns) and its parts.

The parts add their elements in the order called here; that order is the order
of the elements in workflows/zorgpad_case.bpmn (moving a call moves them in the
file, not in the process). A part's flows may join elements of earlier parts
(both ends must exist when a flow is drawn), never of later ones. Columns run left to
right through the phases: phase 1 from 0, phase 2 from 12, closing and relapse
from 34, phase 3 from 40.
"""

from tools.bpmn_layout import TALL, Diagram
from tools.care_path_clb import add_phase2_referral
from tools.care_path_clb_closing import add_closing
from tools.care_path_clb_rounds import add_phase2_rounds
from tools.care_path_phase3 import add_phase3_evaluation, add_phase3_plan
from tools.care_path_phase3_tracks import add_phase3_tracks
from tools.care_path_school import add_phase1_plan
from tools.care_path_school_decision import add_phase1_decision
from tools.care_path_timers import add_deadlines


def case_process() -> Diagram:
    d = Diagram(
        "zorgpad_case",
        "Zorgpad: problematische afwezigheden",
        "Het zorgcontinuüm bij problematische afwezigheden, per leerling en per schoolperiode: fase 1 "
        "(school), fase 2 (CLB), fase 3 (aanbod op maat, met het zorgwekkend dossier als één deel). "
        "Elke stap noemt haar bron (shared/seeds). Per afwezigheid loopt een eigen proces "
        "(zorgpad_absence_followup), net als het politiespoor (zorgpad_police_track) en de warme "
        "overdracht (zorgpad_school_change). Scripts roepen enkel set_phase, set_status, involve_clb, "
        "notify_school en share_agreements aan. Termijnen in schooldagen: herinnering en escalatie op de "
        "taken, wachten op de evaluatiedata, het einde van de opvolging en de controle op terugval.",
        # TALL rows keep room below their tasks for the deadline timers.
        [
            ("lane_school", "School", [TALL] * 4, 50),
            ("lane_clb", "CLB", [TALL, 120, TALL, 120, TALL, 160, 120], 60),
        ],
        # The stretched spans make room for the choice of the plan's document and for the
        # "evaluate now" events beside the waits.
        col_width=180,
        messages=["new_absences", "evaluate_now"],
        stretch={8: 2, 9: 2, 13: 2, 54: 2},
    )
    add_phase1_plan(d)  # the start, and phase 1 at the school: the approach per type, until its evaluation
    add_phase1_decision(d)  # phase 1's evaluation: signal the CLB, keep monitoring, close, a new plan
    add_phase2_referral(d)  # phase 2: the referral to the CLB, its acceptance, the intake, the round's plan
    add_phase2_rounds(d)  # phase 2: a round's trajectories side by side, bridging help, its evaluation
    add_closing(d)  # closing with agreements with the school, the relapse check
    add_phase3_plan(d)  # phase 3: the tailored offer and the tracks chosen
    add_phase3_tracks(d)  # phase 3: the offer, the welfare track (OCJ, M-document), AGODI
    add_phase3_evaluation(d)  # phase 3: its evaluation, until the pupil is back or the case closes
    add_deadlines(d)  # reminders and escalations on the watched tasks (tools/care_path_timers.py)
    return d
