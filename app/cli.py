"""The `zorgpad` command: the Flask CLI plus Zorgpad's own commands.

    zorgpad db upgrade          apply migrations (Flask-Migrate / Alembic)
    zorgpad deploy-workflows    deploy changed workflows/*.bpmn as new versions
    zorgpad seed-demo           demo CLB, schools, pupils, users (idempotent)
    zorgpad serve               serve on 127.0.0.1:$PORT (default 8000)
"""
import os

import click
from flask.cli import FlaskGroup, with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo data (idempotent)."""
    from app.services.demo import DemoModeOff, seed_demo

    try:
        ids = seed_demo()
    except DemoModeOff as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"demo data ready: CLBs {ids['clb_ids']}, schools {ids['school_ids']}")


@click.command("deploy-workflows")
@with_appcontext
def deploy_workflows_command():
    """Deploy every changed workflows/*.bpmn as a new version."""
    from app.engine import SpecError
    from app.services.workflows import running_on_older_versions, sync_from_disk

    try:
        deployed = sync_from_disk()
    except SpecError as exc:
        raise click.ClickException(f"not deployed: {exc}") from None
    for row in deployed:
        click.echo(f"deployed {row.key} v{row.version} ({row.filename})")
    if not deployed:
        click.echo("workflows up to date")
    for older in running_on_older_versions():
        click.echo(f"{older.running} running instance(s) stay on {older.key} v{older.version} "
                   f"(latest: v{older.latest}): a saved state follows the steps of the version it "
                   "started on, so it is not moved; it finishes there (its forms stay on disk), "
                   "a school change restarts the case's path on the latest version, "
                   "new cases start on it.")


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int)
@with_appcontext
def serve_command(host, port):
    """Serve the app (threaded werkzeug server, fine for one machine's demo)."""
    from flask import current_app
    from werkzeug.serving import run_simple

    click.echo(f"Zorgpad on http://{host}:{port}/ (API docs: /api/docs)")
    run_simple(host, port, current_app._get_current_object(), threaded=True)


def init_app(app) -> None:
    for command in (seed_demo_command, deploy_workflows_command, serve_command):
        app.cli.add_command(command)


def main() -> None:
    from app import create_app

    FlaskGroup(create_app=create_app)()
