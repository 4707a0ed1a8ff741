"""A migration plan per pair of versions of a process.

Generated from the two specs: elements with the same id map to themselves. What cannot
map by itself (a waiting task whose element was removed, a changed gateway before the
token, a new variable the case lacks) the plan file names, reviewed in git:

    workflows/migrations/<process>_<from>_<to>.json
    {
      "process": "zorgpad_case", "from": 3, "to": 4,
      "from_sha256": "…", "to_sha256": "…",          (optional: the versions' files)
      "elements": {
        "task_hgd": "task_hgd_trajectory",          (a waiting task moves to that element)
        "task_monitoring_review": {"to": "script_reopen", "data": {"reopened_by": "migratie"}},
        "task_old_wait": null                        (left unmapped: cases there stay)
      },
      "data": {"risk_level": null},                 (set on every waiting task)
      "keep_gateways": ["gw_round_plan"],           (changed, but tokens past it stay put)
      "note": "why, for the reviewer"
    }

An element of the same kind (user task to user task, event to event) keeps the waiting
task and its id: its open task row, assignee and form data follow it, its form becomes
the target's. A target of another kind (a script, a gateway) is where the path resumes:
it runs on from there until it waits, and what opens then is new. `zorgpad migrate
--write-plan` writes the skeleton (with SpiffWorkflow's guesses for removed elements,
and the differences, for the reviewer).
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app import engine
from app.extensions import db
from app.models import WorkflowSpec
from app.services import workflows
from app.services.cases.facts import FACT_NAMES
from app.services.errors import Invalid
from app.services.forms import FormMissing, load_form

KEYS = {
    "process",
    "from",
    "to",
    "from_sha256",
    "to_sha256",
    "elements",
    "data",
    "keep_gateways",
    "note",
    "changes",
}


class PlanRefused(Invalid):
    """The plan file does not fit the two versions (HTTP 422)."""


@dataclass(frozen=True)
class Plan:
    key: str
    old_version: int
    new_version: int
    elements: dict[str, str] = field(default_factory=dict)
    element_data: dict[str, dict] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    keep_gateways: frozenset[str] = frozenset()
    path: str | None = None  # the file; None: generated (same ids only)

    def for_engine(self, provided: frozenset[str]) -> engine.VersionPlan:
        return engine.VersionPlan(self.elements, self.data, self.element_data, self.keep_gateways, provided)


def migrations_dir() -> Path:
    configured = current_app.config.get("MIGRATIONS_DIR")
    return Path(configured) if configured else Path(current_app.config["WORKFLOWS_DIR"]) / "migrations"


def plan_path(key: str, old: int, new: int) -> Path:
    return migrations_dir() / f"{key}_{old}_{new}.json"


def load_plan(key: str, old: int, new: int, path: str | Path | None = None) -> Plan:
    """The plan file for the pair (or `path`), checked against both versions; without a
    file, the generated plan (same ids only)."""
    file = Path(path) if path else plan_path(key, old, new)
    if not file.is_file():
        if path:
            raise PlanRefused(f"Het migratieplan {file} bestaat niet.")
        return Plan(key, old, new)
    try:
        body = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanRefused(f"{file}: geen leesbare JSON ({exc}).") from None
    return _checked(body, key, old, new, str(file))


def _checked(body, key: str, old: int, new: int, path: str) -> Plan:
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not isinstance(body, dict):
        raise PlanRefused(f"{path}: een plan is een JSON-object.")
    for name in sorted(set(body) - KEYS):
        refuse(name, f"Onbekende sleutel; toegelaten: {', '.join(sorted(KEYS))}.")
    for name, expected in (("process", key), ("from", old), ("to", new)):
        if body.get(name) != expected:
            refuse(name, f"Dit plan hoort bij {key} v{old} → v{new}: verwacht {expected!r}.")
    for name, version in (("from_sha256", old), ("to_sha256", new)):
        if name in body and body[name] != _sha256(key, version):
            refuse(name, f"v{version} van {key} is niet het bestand waarvoor dit plan geschreven werd.")
    before = engine.element_info(workflows.bundle(key, old))
    after = engine.element_info(workflows.bundle(key, new))
    elements, element_data = _elements(body.get("elements", {}), before, after, refuse)
    data = body.get("data", {})
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        refuse("data", "Verwacht een object: variabele → waarde.")
        data = {}
    gateways = body.get("keep_gateways", [])
    if not isinstance(gateways, list) or not all(isinstance(g, str) for g in gateways):
        refuse("keep_gateways", "Verwacht een lijst van gateway-id's.")
        gateways = []
    for gateway in gateways:
        if gateway not in before or gateway not in after:
            refuse("keep_gateways", f"{gateway}: geen element van beide versies.")
    if errors:
        raise PlanRefused(f"Het migratieplan {path} past niet bij {key} v{old} → v{new}.", errors)
    return Plan(key, old, new, elements, element_data, data, frozenset(gateways), path)


def _elements(entries, before: dict, after: dict, refuse) -> tuple[dict, dict]:
    elements: dict[str, str] = {}
    element_data: dict[str, dict] = {}
    if not isinstance(entries, dict):
        refuse("elements", "Verwacht een object: element van de oude versie → element van de nieuwe.")
        return elements, element_data
    for source, entry in entries.items():
        target, data = (entry.get("to"), entry.get("data", {})) if isinstance(entry, dict) else (entry, {})
        if target is None:
            continue  # left unmapped on purpose
        name = f"elements.{source}"
        if source not in before:
            refuse(name, f"{source} is geen element van de oude versie.")
        elif not isinstance(target, str) or target not in after:
            refuse(name, f"{target!r} is geen element van de nieuwe versie.")
        elif (
            "join" in (before[source].kind, after[target].kind) and before[source].kind != after[target].kind
        ):
            refuse(name, "Een samenkomst (parallelle gateway) kan enkel naar een andere samenkomst.")
        elif not isinstance(data, dict):
            refuse(name, "`data` is een object: variabele → waarde.")
        else:
            elements[source] = target
            if data:
                element_data[source] = data
    return elements, element_data


def _sha256(key: str, version: int) -> str | None:
    return db.session.scalar(
        select(WorkflowSpec.sha256).where(WorkflowSpec.key == key, WorkflowSpec.version == version)
    )


def provided_names(bundle: engine.SpecBundle) -> frozenset[str]:
    """What the forms of the version's user tasks and the case's facts supply: no new
    variable for a running case to lack."""
    names = set(FACT_NAMES)
    forms_dir = current_app.config["FORMS_DIR"]
    for task_id in bundle.user_task_ids:
        try:
            names.update(load_form(forms_dir, task_id).schema.get("properties", {}))
        except FormMissing:
            continue
    return frozenset(names)


def skeleton(key: str, old: int, new: int) -> dict:
    """A plan file to review: the removed elements with SpiffWorkflow's guess (or null),
    and the differences between the versions."""
    changes = engine.compare_versions(workflows.bundle(key, old), workflows.bundle(key, new))
    before = engine.element_info(workflows.bundle(key, old))
    waits = [name for name in changes.removed if before[name].kind is not None]
    return {
        "process": key,
        "from": old,
        "to": new,
        "from_sha256": _sha256(key, old),
        "to_sha256": _sha256(key, new),
        "elements": {name: changes.suggested.get(name) for name in waits},
        "data": dict.fromkeys(changes.new_names),
        "keep_gateways": [],
        "note": "Nagekeken door: … (elk element hierboven: waar wacht een lopend dossier nu?)",
        "changes": {
            "added": list(changes.added),
            "removed": list(changes.removed),
            "changed": {name: list(what) for name, what in changes.changed.items()},
            "routing_changed": sorted(name for name, what in changes.changed.items() if "routing" in what),
            "raced": dict(changes.raced),
            "moved": dict(changes.moved),
        },
    }


def write_skeleton(key: str, old: int, new: int) -> Path:
    path = plan_path(key, old, new)
    if path.exists():
        raise PlanRefused(f"{path} bestaat al: pas het aan, of verwijder het eerst.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(skeleton(key, old, new), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def digest(plan: Plan) -> str | None:
    """The plan file's sha256 (for the record), None for a generated plan."""
    return hashlib.sha256(Path(plan.path).read_bytes()).hexdigest() if plan.path else None
