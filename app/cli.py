"""The `zorgpad` command: the Flask CLI plus Zorgpad's own commands.

    zorgpad db upgrade          apply migrations (Flask-Migrate / Alembic)
    zorgpad deploy-workflows    deploy changed workflows/*.bpmn as new versions
    zorgpad seed-demo           demo CLB, schools, pupils, users (idempotent)
    zorgpad import-absences FILE --school ID [--format csv|informat|smartschool]
    zorgpad serve               serve on 127.0.0.1:$PORT (default 8000)
"""
import os
import sys

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
    click.echo(f"demo data ready: CLB {ids['clb_id']}, schools {ids['school_ids']}")


@click.command("deploy-workflows")
@with_appcontext
def deploy_workflows_command():
    """Deploy every changed workflows/*.bpmn as a new version."""
    from app.engine import SpecError
    from app.services.workflows import sync_from_disk

    try:
        deployed = sync_from_disk()
    except SpecError as exc:
        raise click.ClickException(f"not deployed: {exc}") from None
    for row in deployed:
        click.echo(f"deployed {row.key} v{row.version} ({row.filename})")
    if not deployed:
        click.echo("workflows up to date")


@click.command("import-absences")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--school", "school_id", type=int, required=True, help="Id van de school.")
@click.option("--format", "format_", type=click.Choice(["csv", "informat", "smartschool"]),
              help="Standaard: herkend aan de inhoud.")
@with_appcontext
def import_absences_command(file, school_id, format_):
    """Read a school's absence registrations (refused as a whole when a line is wrong)."""
    from app.services.absence_import import ImportRefused, import_absences
    from app.services.errors import DomainError

    size = os.path.getsize(file)
    try:
        bar = click.progressbar(length=size, label="Inlezen", file=sys.stderr)
        with open(file, "rb") as stream, bar:
            report = import_absences(None, school_id, stream, format_, filename=os.path.basename(file),
                                     progress=bar.update)
    except ImportRefused as refused:
        click.echo(refused.message, err=True)
        for problem in refused.problems:
            click.echo(f"regel {problem.line}: {problem.message}", err=True)
        raise click.exceptions.Exit(1) from None
    except DomainError as exc:
        details = "; ".join(message for messages in exc.errors.values() for message in messages)
        raise click.ClickException(f"{exc.message} {details}".strip()) from None
    click.echo(f"Ingelezen ({report.format}, import {report.import_id}): {report.rows} rijen — "
               f"{report.new} nieuw, {report.changed} gewijzigd, {report.unchanged} ongewijzigd.")
    summary = report.b_summary
    click.echo(f"B-codes: {summary.pupils_with_new_b} leerlingen met nieuwe B-halve dagen, "
               f"{summary.new_episodes} nieuwe afwezigheidsepisodes; "
               f"{len(summary.signal_due_pupil_ids)} leerlingen bereiken de signaaldrempel voor het CLB.")


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
    for command in (seed_demo_command, deploy_workflows_command, import_absences_command, serve_command):
        app.cli.add_command(command)


def main() -> None:
    from app import create_app

    FlaskGroup(create_app=create_app)()
