"""Deploying and looking up BPMN specs (versioned, per process key)."""

import ast
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from jsonschema.exceptions import SchemaError
from sqlalchemy import func, select

from app import clock, engine
from app.calendar.deadlines import DEADLINES
from app.extensions import db
from app.models import WorkflowInstance, WorkflowSpec
from app.services.errors import Conflict
from app.services.forms import FormMissing, load_form
from app.services.paging import paginate
from app.services.transaction import writing
from app.vocabulary import InstanceStatus


def sync_from_disk(directory: str | None = None) -> list[WorkflowSpec]:
    """Deploy every workflows/*.bpmn whose content changed since its last version.

    A changed file becomes version n+1; cases keep running on their version.
    Returns the newly deployed rows. Invalid BPMN raises SpecError and
    deploys nothing.
    """
    directory = directory or current_app.config["WORKFLOWS_DIR"]
    files = engine.read_workflow_files(directory)
    session = db.session
    latest: dict[str, WorkflowSpec] = {}
    for row in session.scalars(select(WorkflowSpec).order_by(WorkflowSpec.version)):
        latest[row.key] = row  # ordered by version: the last one per key wins
    changed = [f for f in files if f.key not in latest or latest[f.key].sha256 != f.sha256]
    for wf_file in changed:  # all or nothing: check every file before deploying any
        spec, subprocess_specs = engine.parse_spec(wf_file.key, wf_file.xml, wf_file.filename)
        _check_forms(wf_file.filename, engine.user_task_ids(spec, subprocess_specs))
        _check_deadlines(wf_file.filename, engine.timer_expressions(spec, subprocess_specs))
    deployed = [
        WorkflowSpec(
            key=f.key,
            version=latest[f.key].version + 1 if f.key in latest else 1,
            sha256=f.sha256,
            filename=f.filename,
            bpmn_xml=f.xml,
            deployed_at=clock.now(),
        )
        for f in changed
    ]
    with writing() as session:
        session.add_all(deployed)
    return deployed


def _check_forms(filename: str, task_ids) -> None:
    """Every user task needs a valid form before its process may run."""
    forms_dir = current_app.config["FORMS_DIR"]
    for task_id in sorted(task_ids):
        try:
            load_form(forms_dir, task_id)
        except (FormMissing, ValueError, SchemaError) as exc:
            raise engine.SpecError(f"{filename}: user task {task_id}: {exc}") from exc


def _check_deadlines(filename: str, expressions: dict[str, str]) -> None:
    """A timer names its deadline literally, and one that exists (app/calendar/deadlines.py):
    a typo would otherwise surface as an incident when the timer starts."""
    for bpmn_id, expression in sorted(expressions.items()):
        for node in ast.walk(ast.parse(expression.strip(), mode="eval")):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "deadline":
                name = (
                    node.args[0].value
                    if len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                    else None
                )
                if name not in DEADLINES:
                    raise engine.SpecError(
                        f"{filename}: {bpmn_id}: deadline() needs one of {', '.join(DEADLINES)} as a literal "
                        f"name, not {ast.unparse(node)}"
                    )


@dataclass(frozen=True)
class DeployedVersion:
    key: str
    version: int
    sha256: str
    filename: str
    deployed_at: datetime
    running: int  # instances running on it


def list_specs(*, page=1, per_page=100) -> tuple[list[DeployedVersion], int]:
    rows, total = paginate(
        select(WorkflowSpec).order_by(WorkflowSpec.key, WorkflowSpec.version), page, per_page
    )
    counts = running_counts()
    return [
        DeployedVersion(
            r.key, r.version, r.sha256, r.filename, r.deployed_at, counts.get((r.key, r.version), 0)
        )
        for r in rows
    ], total


def running_counts() -> dict[tuple[str, int], int]:
    """(process, version) → its running instances (one GROUP BY)."""
    return {
        (key, version): count
        for key, version, count in db.session.execute(
            select(WorkflowInstance.workflow_key, WorkflowInstance.workflow_version, func.count())
            .where(WorkflowInstance.status == InstanceStatus.RUNNING)
            .group_by(WorkflowInstance.workflow_key, WorkflowInstance.workflow_version)
        )
    }


class NotDeployed(Conflict):
    """No version of the process is deployed (run `zorgpad deploy-workflows`)."""


def latest_version(key: str) -> int:
    version = db.session.scalar(select(func.max(WorkflowSpec.version)).where(WorkflowSpec.key == key))
    if version is None:
        raise NotDeployed(
            f"Er is nog geen werkstroom '{key}' in gebruik genomen: de beheerder voert "
            "`zorgpad deploy-workflows` uit."
        )
    return version


def bundle(key: str, version: int) -> engine.SpecBundle:
    """The parsed spec of a deployed version (a deployed version never changes)."""
    return engine.load_bundle(key, version, lambda: deployed_xml(key, version))


def deployed_xml(key: str, version: int) -> str:
    """The BPMN text of a deployed version, as it was deployed (one row: key and version are unique)."""
    return db.session.execute(
        select(WorkflowSpec.bpmn_xml).where(WorkflowSpec.key == key, WorkflowSpec.version == version)
    ).scalar_one()


def bundle_for(instance: WorkflowInstance) -> engine.SpecBundle:
    return bundle(instance.workflow_key, instance.workflow_version)


@dataclass(frozen=True)
class OnOlderVersion:
    key: str
    version: int
    latest: int
    running: int


def running_on_older_versions() -> list[OnOlderVersion]:
    """Running instances whose process has a newer deployed version.

    They stay where they are until migrated (`zorgpad migrate`, app/services/migrations:
    a plan per pair of versions says where a waiting task goes when its element is
    gone); unmigrated, they finish on their version (their forms stay on disk, marked
    x-legacy where the new version dropped them); a school change starts the case's
    path again on the latest version; new cases start on it."""
    latest = dict(
        db.session.execute(
            select(WorkflowSpec.key, func.max(WorkflowSpec.version)).group_by(WorkflowSpec.key)
        ).all()
    )
    return [
        OnOlderVersion(key, version, latest[key], count)
        for (key, version), count in sorted(running_counts().items())
        if key in latest and version < latest[key]
    ]
