"""BPMN service tasks that ask for a document ("document X genereren").

A service task names its template in its extension elements:

    <serviceTask id="doc_spijbelactieplan" name="Spijbelactieplan genereren">
      <documentation>…</documentation>
      <extensionElements>
        <zorgpad:document template="spijbelactieplan" />
      </extensionElements>
      …
    </serviceTask>

with xmlns:zorgpad="http://zorgpad.local/bpmn/documents". The engine does not
render anything: running the task calls the script engine's service
`generate_document` (SpiffWorkflow's `call_service` seam), which the runtime
turns into an Effect("document", template, data={lane, task}); the service
layer (app/services/steps.apply_step) renders and stores the document in the
same transaction as the step. The task's lane says whose document it is.
"""

from SpiffWorkflow.bpmn.parser.TaskParser import TaskParser
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask

from app.vocabulary import DocumentTemplate, values

DOCUMENTS_NS = "http://zorgpad.local/bpmn/documents"
GENERATE_DOCUMENT = "generate_document"
TEMPLATES = values(DocumentTemplate)


class DocumentTask(ServiceTask):
    """Asks for a document and completes at once (Spiff's own service task would wait)."""

    def __init__(self, wf_spec, bpmn_id, template: str, **kwargs):
        super().__init__(wf_spec, bpmn_id, **kwargs)
        self.template = template

    def _run_hook(self, my_task):
        my_task.workflow.script_engine.environment.call_service(
            my_task.data,
            operation_name=GENERATE_DOCUMENT,
            operation_params={"template": self.template, "lane": self.lane, "task": self.bpmn_id},
        )
        return True


class DocumentTaskParser(TaskParser):
    def create_task(self):
        found = self.node.xpath(
            "./bpmn:extensionElements/zorgpad:document/@template",
            namespaces={**self.nsmap, "zorgpad": DOCUMENTS_NS},
        )
        if len(found) != 1:
            self.raise_validation_exception(
                'a service task needs one <zorgpad:document template="..."/> in its extensionElements'
            )
        if found[0] not in TEMPLATES:
            self.raise_validation_exception(
                f"unknown document template {found[0]!r}; known: {', '.join(TEMPLATES)}"
            )
        return self.spec_class(self.spec, self.bpmn_id, template=str(found[0]), **self.bpmn_attributes)


PARSER_OVERRIDES = {full_tag("serviceTask"): (DocumentTaskParser, DocumentTask)}


def document_tasks(spec, subprocess_specs) -> dict[str, tuple[str, str]]:
    """bpmn id → (template, lane) of every document service task."""
    found = {}
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            if isinstance(task_spec, DocumentTask):
                found[task_spec.bpmn_id] = (task_spec.template, (task_spec.lane or "").strip().lower())
    return found
