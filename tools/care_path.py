"""The care path as the sources describe it: writes workflows/*.bpmn.

    python -m tools.care_path    # from the repository root; or: make workflows

Every element's documentation names its source: a seed document in
shared/seeds (file and section, quoted where it helps) or shared/domain.md.
Element ids are a contract with forms/, app/services and the tests. Layout:
tools/bpmn_layout.py (lane, column, row per element). The main path is in
tools/care_path_school.py (start, phase 1) and tools/care_path_clb.py
(phases 2 and 3); the short processes in tools/care_path_side.py; the
sources in tools/care_path_sources.py; the deadlines (reminder, escalation) and
the escalation tasks' forms in tools/care_path_timers.py.
"""

import json
from pathlib import Path

from tools.bpmn_xml import to_xml
from tools.care_path_school import case_process
from tools.care_path_side import (
    absence_followup_process,
    police_track_process,
    school_change_process,
)
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
