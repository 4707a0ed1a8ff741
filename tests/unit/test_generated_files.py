"""The generated files are what tools/ writes (DEVELOPERS.md, "Generated files").

tools/care_path.py writes workflows/*.bpmn and the escalation tasks' forms;
its `generate()` builds them in memory, so the repository is never written
here. When a test fails: edit the generator, run `make workflows`, and commit
the generator and the files together; never edit a generated file by hand.
The .docx templates have the same test in tests/unit/test_document_tasks.py.
"""

import json
from pathlib import Path

import pytest

from tools import care_path
from tools.bpmn_xml import MARKER
from tools.care_path_timers import GENERATED_BY

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return care_path.generate()


def test_every_generated_file_is_committed_as_the_generator_writes_it(generated):
    missing = [path for path in generated if not (ROOT / path).is_file()]
    differ = [
        path
        for path, content in generated.items()
        if path not in missing and (ROOT / path).read_bytes() != content.encode("utf-8")
    ]
    assert not missing, f"not committed: {', '.join(missing)}; run `make workflows`"
    assert not differ, (
        f"not what tools/care_path.py writes: {', '.join(differ)}; edit the generator (not the file) "
        "and run `make workflows`"
    )


def test_the_generator_writes_every_workflow_and_exactly_the_escalation_forms(generated):
    """.gitattributes marks workflows/*.bpmn and forms/*_escalated.*.json as generated."""
    workflows = sorted(f"workflows/{p.name}" for p in (ROOT / "workflows").glob("*.bpmn"))
    escalation_forms = sorted(f"forms/{p.name}" for p in (ROOT / "forms").glob("*_escalated.*.json"))
    assert sorted(p for p in generated if p.startswith("workflows/")) == workflows
    assert sorted(p for p in generated if p.startswith("forms/")) == escalation_forms
    assert escalation_forms and len(escalation_forms) % 2 == 0  # a schema and a UI schema each


def _marked() -> list[str]:
    """The committed files that say they are generated."""
    workflows = [p for p in (ROOT / "workflows").glob("*.bpmn") if MARKER in p.read_text(encoding="utf-8")]
    forms = [
        p
        for p in (ROOT / "forms").glob("*.json")
        if json.loads(p.read_text(encoding="utf-8")).get("x-generated") == GENERATED_BY
    ]
    return sorted(str(p.relative_to(ROOT)) for p in workflows + forms)


def test_the_generated_files_and_only_those_carry_the_marker(generated):
    """A file the generator no longer writes still says it is generated: delete it, or keep it by
    hand (a form for running cases of an earlier version: x-legacy) without the marker."""
    stale = sorted(set(_marked()) - set(generated))
    assert not stale, f"marked as generated, but tools/ no longer writes them: {', '.join(stale)}"
    for path, content in generated.items():  # near the top, where an editor sees it
        head = content.split("\n", 3)[:3]
        assert MARKER in head or f'  "x-generated": "{GENERATED_BY}",' in head, path
