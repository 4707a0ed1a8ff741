"""Document generation in the BPMN and the templates on disk, without a database.

Every document is made by a service task right after the step that fills it,
in the lane of the side it belongs to; the engine reports it as an effect;
a service task the app cannot run is refused at deploy; the committed .docx
files are what tools/document_templates.py writes.
"""

import re
from pathlib import Path

import pytest
from lxml import etree

from app.documents.text import clean
from app.engine import SpecError, document_tasks, runtime, specs
from app.engine.specs import SpecBundle, user_task_ids
from app.services.documents.templates import TEMPLATES
from tests.unit.case_engine import FUNCTIONS, NOW
from tools import document_templates

ROOT = Path(__file__).resolve().parents[2]
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
# The step each document follows (docs/care-path.md, "Where document generation belongs").
AFTER = {
    "service_begeleidingsplan": "task_action_plan",
    "service_spijbelactieplan": "task_action_plan",
    "service_dossier_maatregelen": "task_signal_clb",
    "service_mdoc_bijlage": "task_m_document",
    "service_agodi_melding_school": "task_agodi_report",
    "service_agodi_melding_clb": "task_agodi_report_clb",
    "service_politie_melding": "task_police_report",
    "service_warme_overdracht": "task_warm_handover",
}


def _parsed():
    for path in sorted((ROOT / "workflows").glob("*.bpmn")):
        xml = path.read_text(encoding="utf-8")
        key = re.search(r'<process id="([^"]+)"', xml).group(1)
        yield key, xml, specs.parse(key, xml, path.name)


def _step_before(tree, task_id: str) -> str:
    """The one flow node before `task_id`, through a gateway that chooses the document
    (phase 1's plan: begeleidingsplan or spijbelactieplan)."""
    (source,) = tree.xpath(f"//bpmn:sequenceFlow[@targetRef='{task_id}']/@sourceRef", namespaces=NS)
    if tree.xpath(f"//bpmn:exclusiveGateway[@id='{source}']", namespaces=NS):
        return _step_before(tree, source)
    return source


def test_every_document_has_its_service_task_after_its_step_in_its_sides_lane():
    found = {}
    for _key, xml, (spec, subs) in _parsed():
        tasks = document_tasks(spec, subs)
        tree = etree.fromstring(xml.encode())
        for task_id, (template, lane) in tasks.items():
            assert _step_before(tree, task_id) == AFTER[task_id], task_id
            spec_of = TEMPLATES[template]
            assert lane in spec_of.sides, f"{task_id}: a {template} is not a {lane} document"
            if spec_of.sources[lane] is not None:  # it is filled from the step it follows
                assert spec_of.sources[lane] == AFTER[task_id], task_id
        found.update(tasks)
    assert set(found) == set(AFTER)
    assert {template for template, _ in found.values()} == set(TEMPLATES)


def test_the_engine_reports_the_document_as_an_effect():
    spec, subs = specs.parse(
        "zorgpad_police_track", (ROOT / "workflows" / "zorgpad_police_track.bpmn").read_text(encoding="utf-8")
    )
    bundle = SpecBundle("zorgpad_police_track", 1, spec, subs, user_task_ids(spec, subs))
    # The school could not wait for the CLB's advice: the report is the first task.
    facts = {"absence_type": "spijbelen", "police_could_not_wait": True}
    started = runtime.start(bundle, facts, now=NOW, functions=FUNCTIONS)
    (report,) = started.ready_tasks
    done = runtime.complete_task(
        bundle, started.state, report.engine_task_id, {"report_type": "melding"}, now=NOW, functions=FUNCTIONS
    )
    assert [(e.kind, e.value, e.data) for e in done.effects] == [
        ("document", "politie_melding", {"lane": "school", "task": "service_politie_melding"})
    ]
    assert [t.bpmn_id for t in done.ready_tasks] == ["task_parket_answer"]  # it did not wait


SERVICE = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zorgpad="http://zorgpad.local/bpmn/documents"
             id="d" targetNamespace="http://zorgpad.local/bpmn">
  <process id="p" isExecutable="true">
    <startEvent id="s"><outgoing>f1</outgoing></startEvent>
    <serviceTask id="doc">{extension}<incoming>f1</incoming><outgoing>f2</outgoing></serviceTask>
    <endEvent id="e"><incoming>f2</incoming></endEvent>
    <sequenceFlow id="f1" sourceRef="s" targetRef="doc" />
    <sequenceFlow id="f2" sourceRef="doc" targetRef="e" />
  </process>
</definitions>"""


@pytest.mark.parametrize(
    "extension, message",
    [
        ("", "needs one <zorgpad:document"),
        (
            '<extensionElements><zorgpad:document template="brief" /></extensionElements>',
            "unknown document template 'brief'",
        ),
    ],
)
def test_a_service_task_the_app_cannot_run_is_refused_at_deploy(extension, message):
    with pytest.raises(SpecError, match=message):
        specs.parse("p", SERVICE.format(extension=extension))


def test_the_committed_templates_are_what_the_script_writes():
    """Edit tools/document_templates.py and run it; never the .docx files by hand."""
    generated = document_templates.generate()
    assert sorted(generated) == sorted(f"document_templates/{key}.docx" for key in TEMPLATES)
    for path, content in generated.items():
        assert content == (ROOT / path).read_bytes(), f"{path}: run `make templates`"


def test_text_for_a_document_keeps_line_breaks_and_drops_what_xml_forbids():
    assert clean("a\r\nb\rc\td\x00e\x0bf\x1fg\ufffeh") == "a\nb\nc\tdefgh"
