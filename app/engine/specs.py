"""BPMN specs: reading the files, parsing, caching per deployed version."""

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.defaults import UserTask
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from app.engine.documents import PARSER_OVERRIDES as DOCUMENT_TASKS
from app.engine.scripting import ScriptMode, ScriptRejected, compile_checked
from app.engine.timers import PARSER_OVERRIDES as SCHOOL_TIMERS


class SpecError(ValueError):
    """A BPMN file that cannot be deployed (invalid XML, schema, or process)."""


@dataclass(frozen=True)
class WorkflowFile:
    key: str  # the executable process id
    filename: str
    xml: str
    sha256: str


@dataclass(frozen=True)
class SpecBundle:
    """A parsed, immutable process spec; shared by every case on that version."""

    key: str
    version: int
    spec: object
    subprocess_specs: dict
    user_task_ids: frozenset


class ZorgpadParser(BpmnParser):
    """Spiff's parser with our timers (app/engine/timers.py) and document
    service tasks (app/engine/documents.py)."""

    OVERRIDE_PARSER_CLASSES = {**SCHOOL_TIMERS, **DOCUMENT_TASKS}


_validator = None
_cache: dict[tuple[str, int], SpecBundle] = {}
_cache_lock = threading.Lock()


def _parser() -> BpmnParser:
    global _validator
    if _validator is None:
        _validator = BpmnValidator()  # loads the BPMN XSD once
    return ZorgpadParser(validator=_validator)


def _executable_ids(xml: str) -> list[str]:
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise SpecError(f"not well-formed XML: {exc}") from exc
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    return [p.get("id") for p in root.findall("bpmn:process", ns) if p.get("isExecutable") == "true"]


def read_workflow_files(directory: str) -> list[WorkflowFile]:
    """Every executable process in workflows/*.bpmn, with the file's hash."""
    found = []
    for path in sorted(Path(directory).glob("*.bpmn")):
        xml = path.read_text(encoding="utf-8")
        digest = hashlib.sha256(xml.encode("utf-8")).hexdigest()
        for key in _executable_ids(xml):
            found.append(WorkflowFile(key=key, filename=path.name, xml=xml, sha256=digest))
    return found


def parse(key: str, xml: str, filename: str = "<db>"):
    parser = _parser()
    try:
        parser.add_bpmn_str(xml.encode("utf-8"), filename=filename)
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
    except (ValidationException, etree.XMLSyntaxError, ValueError, KeyError) as exc:
        raise SpecError(f"{filename}: {exc}") from exc
    _check_scripts(filename, [spec, *subprocess_specs.values()])
    return spec, subprocess_specs


def _check_scripts(filename: str, processes) -> None:
    """Refuse at deploy time what the sandbox would refuse at run time."""
    for process in processes:
        for task_spec in process.task_specs.values():
            sources: list[tuple[str, ScriptMode]] = []
            if getattr(task_spec, "script", None):
                sources.append((task_spec.script, "exec"))
            for condition, _target in getattr(task_spec, "cond_task_specs", []):
                if condition is not None:  # Spiff wraps the expression: args[0]
                    sources.append((condition.args[0], "eval"))
            expression = timer_expression(task_spec)
            if expression is not None:
                sources.append((expression, "eval"))
            for source, mode in sources:
                try:
                    compile_checked(source, mode)
                except ScriptRejected as exc:
                    raise SpecError(f"{filename}: {task_spec.bpmn_id}: {exc}") from exc


def timer_expression(task_spec) -> str | None:
    definition = getattr(task_spec, "event_definition", None)
    return definition.expression if isinstance(definition, TimerEventDefinition) else None


def timer_expressions(spec, subprocess_specs) -> dict[str, str]:
    """bpmn id → timer expression, for deploy-time checks of what they call."""
    found = {}
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            expression = timer_expression(task_spec)
            if expression is not None:
                found[task_spec.bpmn_id] = expression
    return found


def user_task_ids(spec, subprocess_specs) -> frozenset:
    ids: set[str] = set()
    for process in [spec, *subprocess_specs.values()]:
        ids.update(ts.bpmn_id for ts in process.task_specs.values() if isinstance(ts, UserTask))
    return frozenset(ids)


def load_bundle(key: str, version: int, xml_loader) -> SpecBundle:
    """The parsed spec of a deployed version, cached by (key, version): a
    deployed version is immutable. `xml_loader()` runs on a miss only."""
    cache_key = (key, version)
    bundle = _cache.get(cache_key)
    if bundle is not None:
        return bundle
    with _cache_lock:
        bundle = _cache.get(cache_key)
        if bundle is None:
            spec, subs = parse(key, xml_loader())
            bundle = SpecBundle(key, version, spec, subs, user_task_ids(spec, subs))
            _cache[cache_key] = bundle
    return bundle


def process_name(bundle: SpecBundle) -> str:
    """The process's name in the BPMN (`<process name=…>`), else its id."""
    name = getattr(bundle.spec, "description", None)
    return name if isinstance(name, str) and name and name != bundle.key else bundle.key


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
