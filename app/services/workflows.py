"""Deploying and looking up BPMN specs (versioned, per process key)."""
from flask import current_app
from sqlalchemy import func, select

from app import clock, engine
from app.extensions import db
from app.models import Case, WorkflowSpec
from app.services.paging import paginate


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
    deployed = []
    for wf_file in files:
        current = latest.get(wf_file.key)
        if current is not None and current.sha256 == wf_file.sha256:
            continue
        engine.specs.parse(wf_file.key, wf_file.xml, wf_file.filename)  # refuse broken files
        row = WorkflowSpec(
            key=wf_file.key, version=(current.version + 1) if current else 1,
            sha256=wf_file.sha256, filename=wf_file.filename, bpmn_xml=wf_file.xml,
            deployed_at=clock.now(),
        )
        session.add(row)
        deployed.append(row)
    session.commit()
    return deployed


def list_specs(*, page=1, per_page=100):
    return paginate(select(WorkflowSpec).order_by(WorkflowSpec.key, WorkflowSpec.version),
                    page, per_page)


def latest_version(key: str) -> int:
    version = db.session.scalar(select(func.max(WorkflowSpec.version)).where(WorkflowSpec.key == key))
    if version is None:
        sync_from_disk()
        version = db.session.scalar(
            select(func.max(WorkflowSpec.version)).where(WorkflowSpec.key == key)
        )
    if version is None:
        raise LookupError(f"no BPMN process {key!r} deployed or found in workflows/")
    return version


def bundle(key: str, version: int) -> engine.SpecBundle:
    def xml():
        return db.session.scalar(
            select(WorkflowSpec.bpmn_xml).where(WorkflowSpec.key == key, WorkflowSpec.version == version)
        )
    return engine.load_bundle(str(db.engine.url), key, version, xml)


def bundle_for(case: Case) -> engine.SpecBundle:
    return bundle(case.workflow_key, case.workflow_version)
