"""How many instances run on each deployed version (the admin page, GET /api/workflows,
`zorgpad deploy-workflows --migrate`)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app import engine
from app.extensions import db
from app.models import User, WorkflowSpec
from app.services import workflows
from app.services.access import Actor
from app.services.errors import Forbidden
from app.services.migrations.running import MigrationReport, migrate_process
from app.services.workflows import running_counts
from app.vocabulary import Role


@dataclass(frozen=True)
class VersionInUse:
    key: str
    version: int
    filename: str
    deployed_at: datetime
    running: int
    latest: int

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest


def require_admin(actor: Actor) -> None:
    if Role.ADMIN not in actor.roles:
        raise Forbidden("Enkel een beheerder ziet en verplaatst de versies van de paden.")


def versions_in_use(actor: Actor) -> list[VersionInUse]:
    """Every deployed version with the instances running on it, per process."""
    require_admin(actor)
    counts = running_counts()
    rows = db.session.execute(
        select(
            WorkflowSpec.key, WorkflowSpec.version, WorkflowSpec.filename, WorkflowSpec.deployed_at
        ).order_by(WorkflowSpec.key, WorkflowSpec.version)
    ).all()
    latest: dict[str, int] = {}
    for key, version, _filename, _at in rows:
        latest[key] = max(version, latest.get(key, 0))
    return [
        VersionInUse(key, version, filename, deployed_at, counts.get((key, version), 0), latest[key])
        for key, version, filename, deployed_at in rows
    ]


def process_names(versions: list[VersionInUse]) -> dict[str, str]:
    """Each process's name in its latest version's BPMN, for the admin page's headings."""
    return {
        v.key: engine.process_name(workflows.bundle(v.key, v.latest))
        for v in versions
        if v.version == v.latest
    }


# The admin page moves at most this many cases per click (a request must end);
# `zorgpad migrate` has no such limit.
WEB_LIMIT = 200


def dry_run(actor: Actor, key: str, old: int, new: int) -> MigrationReport:
    """What a migration would do (the first WEB_LIMIT cases), for the admin page."""
    require_admin(actor)
    return migrate_process(key, old, new, dry_run=True, limit=WEB_LIMIT)


def migrate(actor: Actor, key: str, old: int, new: int) -> MigrationReport:
    """Move up to WEB_LIMIT cases as the admin (their events name who); the page says
    what is left, a next click takes it."""
    require_admin(actor)
    return migrate_process(key, old, new, actor=actor, limit=WEB_LIMIT)


def operator(username: str) -> Actor:
    """The admin a `zorgpad migrate --by` run acts as (the cases' events name them)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or Role.ADMIN not in user.role_set:
        raise Forbidden(
            f"{username}: geen actieve beheerder; enkel een beheerder verplaatst lopende dossiers."
        )
    return Actor.of(user)
