"""The care path as the sources describe it: writes workflows/*.bpmn.

    python -m tools.care_path    # from the repository root; or: make workflows

Every element's documentation names its source: a seed document in
shared/seeds (file and section, quoted where it helps) or shared/domain.md.
Element ids are a contract with forms/, app/services and the tests. Where
what is:

- tools/bpmn_layout.py: the Diagram (lane, column, row per element), its
  geometry and layout checks; tools/bpmn_xml.py writes it as BPMN XML;
- tools/care_path_case.py: the main path (zorgpad_case), its parts in order:
  tools/care_path_school.py (start, phase 1 up to its evaluation),
  tools/care_path_school_decision.py (phase 1's evaluation and decision),
  tools/care_path_clb.py (phase 2: referral, acceptance, intake, round plan),
  tools/care_path_clb_rounds.py (phase 2's rounds and trajectories),
  tools/care_path_clb_closing.py (closing with agreements, relapse),
  tools/care_path_phase3.py (phase 3: plan and evaluation),
  tools/care_path_phase3_tracks.py (phase 3's offer and tracks);
- tools/care_path_absence.py: one absence episode (zorgpad_absence_followup);
  tools/care_path_side.py: the police track and the warm handover;
- tools/care_path_sources.py: the sources every element cites;
- tools/care_path_timers.py: the deadlines (reminder, escalation) and the
  escalation tasks' forms.
"""

import json
from pathlib import Path

from tools.bpmn_xml import to_xml
from tools.care_path_absence import absence_followup_process
from tools.care_path_case import case_process
from tools.care_path_side import police_track_process, school_change_process
from tools.care_path_timers import UI_SCHEMA, escalation_forms

WORKFLOWS = Path(__file__).resolve().parents[1] / "workflows"
FORMS = Path(__file__).resolve().parents[1] / "forms"

PROCESSES = {
    "zorgpad_case.bpmn": case_process,
    "zorgpad_absence_followup.bpmn": absence_followup_process,
    "zorgpad_police_track.bpmn": police_track_process,
    "zorgpad_school_change.bpmn": school_change_process,
}


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for filename, build in PROCESSES.items():
        diagram = build()
        overlaps = diagram.check_overlaps()
        if overlaps:
            raise SystemExit(f"{filename}: overlapping shapes: {overlaps}")
        crossings = diagram.check_crossings()
        if crossings:
            raise SystemExit(f"{filename}: flows through shapes: {crossings}")
        (WORKFLOWS / filename).write_text(to_xml(diagram), encoding="utf-8")
        print(f"wrote workflows/{filename} ({len(diagram.nodes)} elements, {len(diagram.flows)} flows)")
        for task_id, form in escalation_forms(diagram).items():
            (FORMS / f"{task_id}.schema.json").write_text(_json(form), encoding="utf-8")
            (FORMS / f"{task_id}.uischema.json").write_text(_json(UI_SCHEMA), encoding="utf-8")


if __name__ == "__main__":
    main()
