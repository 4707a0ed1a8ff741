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
  tools/care_path_return.py: the return after a long justified absence (zorgpad_return);
  tools/care_path_phase3_legal.py: the M-document and AGODI tracks started from phase 2 on;
  tools/care_path_phase3_offer.py: the school's part of phase 3's tailored offer (zorgpad_school_offer);
- tools/care_path_sources.py: the sources every element cites;
- tools/care_path_timers.py: the deadlines (reminder, escalation) and the
  escalation tasks' forms.
"""

import json
from pathlib import Path

from tools.bpmn_xml import to_xml
from tools.care_path_absence import absence_followup_process
from tools.care_path_case import case_process
from tools.care_path_phase3_legal import agodi_report_process, m_document_process
from tools.care_path_phase3_offer import school_offer_process
from tools.care_path_return import return_process
from tools.care_path_side import police_track_process, school_change_process
from tools.care_path_timers import UI_SCHEMA, escalation_forms

ROOT = Path(__file__).resolve().parents[1]

PROCESSES = {
    "zorgpad_case.bpmn": case_process,
    "zorgpad_absence_followup.bpmn": absence_followup_process,
    "zorgpad_police_track.bpmn": police_track_process,
    "zorgpad_school_change.bpmn": school_change_process,
    "zorgpad_return.bpmn": return_process,
    "zorgpad_m_document.bpmn": m_document_process,
    "zorgpad_agodi_report.bpmn": agodi_report_process,
    "zorgpad_school_offer.bpmn": school_offer_process,
}


class LayoutError(ValueError):
    """A diagram the generator refuses: overlapping shapes, or a flow drawn through a shape."""


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """Every file this generator writes, by path relative to the repository root
    (workflows/*.bpmn, then each escalation task's forms/*.json), with its
    content; writes nothing. tests/unit/test_generated_files.py compares it with
    the committed files."""
    files = {}
    for filename, build in PROCESSES.items():
        diagram = build()
        overlaps = diagram.check_overlaps()
        if overlaps:
            raise LayoutError(f"{filename}: overlapping shapes: {overlaps}")
        crossings = diagram.check_crossings()
        if crossings:
            raise LayoutError(f"{filename}: flows through shapes: {crossings}")
        files[f"workflows/{filename}"] = to_xml(diagram)
        for task_id, form in escalation_forms(diagram).items():
            files[f"forms/{task_id}.schema.json"] = _json(form)
            files[f"forms/{task_id}.uischema.json"] = _json(UI_SCHEMA)
    return files


def main() -> None:
    try:
        files = generate()
    except LayoutError as exc:
        raise SystemExit(str(exc)) from exc
    for path, content in files.items():
        (ROOT / path).write_text(content, encoding="utf-8")
    bpmn = [path for path in files if path.startswith("workflows/")]
    print(f"wrote {', '.join(bpmn)} and {len(files) - len(bpmn)} escalation forms in forms/")


if __name__ == "__main__":
    main()
