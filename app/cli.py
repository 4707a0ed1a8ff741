"""The `zorgpad` command: the Flask CLI plus Zorgpad's own commands.

zorgpad db upgrade          apply migrations (Flask-Migrate / Alembic)
zorgpad deploy-workflows [--migrate]   deploy changed workflows/*.bpmn as new versions
                            (--migrate: move running instances when everything maps)
zorgpad migrate --process KEY --from N --to M [--dry-run] [--plan FILE] [--write-plan] [--limit N] [--by ADMIN]
zorgpad seed-demo [--absences]  demo CLB, schools, pupils, users (idempotent)
zorgpad import-absences FILE --school ID [--format csv|informat|smartschool]
zorgpad serve               gunicorn on 127.0.0.1:$PORT (default 8000), with the scheduler
zorgpad scheduler           the timer sweep every ZORGPAD_SWEEP_SECONDS, in this process
zorgpad scheduler run-once [--now ISO-8601]   one sweep (as of that time)
zorgpad check [--documents]  do workflows, task index, timers, events (and documents) agree
zorgpad demo-clock show|set|advance|reset   move a demo through time (app/cli_demo_clock.py)
"""

import os
import sys

import click
from flask import current_app
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from sqlalchemy.exc import DBAPIError

from app.cli_demo_clock import demo_clock_group
from app.cli_errors import not_migrated
from app.cli_purge import purge_command
from app.engine import SpecError
from app.runners.scheduler import database_unreadable, run_forever
from app.runners.server import default_workers, serve
from app.services import consistency
from app.services.absences.demo import load_demo_absences
from app.services.absences.importing import ImportRefused, import_absences
from app.services.demo import DemoModeOff, seed_demo
from app.services.errors import DomainError
from app.services.migrations import overview as migration_overview
from app.services.migrations import texts as migration_texts
from app.services.migrations.plans import load_plan, write_skeleton
from app.services.migrations.running import migrate_process
from app.services.workflows import running_on_older_versions, sync_from_disk
from app.tasks.sweep import run_due_timers


@click.command("seed-demo")
@click.option(
    "--absences",
    is_flag=True,
    help="also a few absence registrations of this school year, "
    "imported like a school's file (once per school)",
)
@with_appcontext
def seed_demo_command(absences):
    """Load the demo data (idempotent)."""
    try:
        ids = seed_demo()
    except DemoModeOff as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"demo data ready: CLBs {ids['clb_ids']}, schools {ids['school_ids']}")
    if absences:
        loaded = load_demo_absences()
        click.echo(
            f"demo absences: {sum(loaded.values())} half-days imported for {len(loaded)} schools"
            if loaded
            else "demo absences: already there (or too early in the school year)"
        )


@click.command("deploy-workflows")
@click.option(
    "--migrate",
    is_flag=True,
    help="move the running instances of older versions to the latest when every one of them maps "
    "(the plan file, else the generated plan); otherwise say which cannot move and why",
)
@with_appcontext
def deploy_workflows_command(migrate):
    """Deploy every changed workflows/*.bpmn as a new version."""
    try:
        deployed = sync_from_disk()
    except SpecError as exc:
        raise click.ClickException(f"not deployed: {exc}") from None
    for row in deployed:
        click.echo(f"deployed {row.key} v{row.version} ({row.filename})")
    if not deployed:
        click.echo("workflows up to date")
    for older in running_on_older_versions():
        if migrate and _migrate_all(older.key, older.version, older.latest):
            continue
        click.echo(
            f"{older.running} running instance(s) stay on {older.key} v{older.version} "
            f"(latest: v{older.latest}): a saved state follows the steps of the version it "
            "started on; `zorgpad migrate --process "
            f"{older.key} --from {older.version} --to {older.latest} --dry-run` says which can move "
            "and why not. Left there, it finishes on its version (its forms stay on disk), "
            "a school change restarts the case's path on the latest version, "
            "new cases start on it."
        )


def _migrate_all(key: str, old: int, new: int) -> bool:
    """Move every running instance of the version if each one maps; else say which cannot."""
    try:
        trial = migrate_process(key, old, new, dry_run=True, parallel=True)
    except DomainError as exc:
        click.echo(f"{key} v{old} → v{new}: {exc.message}")
        return False
    stuck = [o for o in trial.outcomes if o.verdict in ("blocked", "failed")]
    if stuck:
        click.echo(f"{key} v{old} → v{new}: not migrated, {len(stuck)} instance(s) cannot move:")
        for outcome in stuck:
            click.echo(f"  {migration_texts.line(outcome)}")
        return False
    report = migrate_process(key, old, new, parallel=True)
    click.echo(
        f"migrated {report.moved} running instance(s) of {key} v{old} to v{new} "
        f"({report.plan or 'generated plan'}); {migration_texts.summary(report)}"
    )
    return report.moved == len(report.outcomes)


@click.command("migrate")
@click.option("--process", "key", required=True, help="Het proces, bv. zorgpad_case.")
@click.option("--from", "old", type=int, required=True, help="De versie waarop de instanties lopen.")
@click.option("--to", "new", type=int, required=True, help="De versie waarheen ze gaan.")
@click.option("--dry-run", is_flag=True, help="Enkel zeggen wat er zou gebeuren; niets schrijven.")
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False),
    help="Het migratieplan (standaard workflows/migrations/<proces>_<van>_<naar>.json, als het bestaat).",
)
@click.option("--write-plan", is_flag=True, help="Een plan om na te kijken wegschrijven en stoppen.")
@click.option(
    "--limit", type=int, help="Hoogstens zoveel dossiers deze keer (een volgende keer doet de rest)."
)
@click.option(
    "--by", "username", help="De beheerder die migreert (zo staat hij in de tijdlijn van elk dossier)."
)
@with_appcontext
def migrate_command(key, old, new, dry_run, plan_file, write_plan, limit, username):
    """Lopende instanties van een procesversie naar een andere versie verplaatsen, dossier per dossier."""
    try:
        if write_plan:
            click.echo(f"plan geschreven: {write_skeleton(key, old, new)} (nakijken, dan committen)")
            return
        actor = migration_overview.operator(username) if username else None
        plan = load_plan(key, old, new, plan_file)
        report = migrate_process(
            key, old, new, plan=plan, dry_run=dry_run, limit=limit, actor=actor, parallel=True
        )
    except DomainError as exc:
        details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.errors.items())
        raise click.ClickException(f"{exc.message} {details}".strip()) from None
    click.echo(migration_texts.heading(report))
    for outcome in report.outcomes:
        click.echo(migration_texts.line(outcome))
    click.echo(migration_texts.summary(report))
    if report.count("failed"):
        raise click.exceptions.Exit(1)


@click.command("import-absences")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--school", "school_id", type=int, required=True, help="Id van de school.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["csv", "informat", "smartschool"]),
    help="Standaard: herkend aan de inhoud.",
)
@with_appcontext
def import_absences_command(file, school_id, format_):
    """Read a school's absence registrations (refused as a whole when a line is wrong)."""
    size = os.path.getsize(file)
    try:
        bar = click.progressbar(length=size, label="Inlezen", file=sys.stderr)
        with open(file, "rb") as stream, bar:
            report = import_absences(
                None, school_id, stream, format_, filename=os.path.basename(file), progress=bar.update
            )
    except ImportRefused as refused:
        click.echo(refused.message, err=True)
        for problem in refused.problems:
            click.echo(f"regel {problem.line}: {problem.message}", err=True)
        raise click.exceptions.Exit(1) from None
    except DomainError as exc:
        details = "; ".join(message for messages in exc.errors.values() for message in messages)
        raise click.ClickException(f"{exc.message} {details}".strip()) from None
    click.echo(
        f"Ingelezen ({report.format}, import {report.import_id}): {report.rows} rijen — "
        f"{report.new} nieuw, {report.changed} gewijzigd, {report.unchanged} ongewijzigd."
    )
    summary = report.b_summary
    click.echo(
        f"B-codes: {summary.pupils_with_new_b} leerlingen met nieuwe halve dagen met B-code, "
        f"{summary.new_episodes} nieuwe afwezigheidsepisodes; "
        f"{len(summary.signal_due_pupil_ids)} leerlingen bereiken de signaaldrempel voor het CLB."
    )
    path = report.path
    click.echo(
        f"Dossiers: {len(path.opened)} geopend, {len(path.followed)} aangevuld, "
        f"{len(path.reopened)} heropend; {path.followups_started} opvolgingen gestart, "
        f"{path.episodes_counted_only} oudere episodes enkel geteld; signaal aan het CLB nodig in "
        f"{len(path.signal_due)} dossiers."
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int)
@click.option(
    "--workers",
    type=int,
    default=lambda: int(os.environ.get("ZORGPAD_WORKERS", "0")) or None,
    help="gunicorn worker processes (ZORGPAD_WORKERS; default: 2 on 2 cores, at most 4)",
)
@click.option(
    "--threads",
    type=int,
    default=lambda: int(os.environ.get("ZORGPAD_THREADS", "4")),
    help="request threads per worker (ZORGPAD_THREADS; default 4)",
)
@click.option(
    "--scheduler/--no-scheduler",
    "with_scheduler",
    default=lambda: os.environ.get("ZORGPAD_SCHEDULER_IN_SERVER", "1") == "1",
    help="start one scheduler process beside the server (ZORGPAD_SCHEDULER_IN_SERVER)",
)
@pass_script_info
def serve_command(info: ScriptInfo, host, port, workers, threads, with_scheduler):
    """Serve the app with gunicorn (and the timer scheduler)."""
    workers = workers or default_workers()
    click.echo(
        f"Zorgpad on http://{host}:{port}/ (API docs: /api/docs), {workers} workers × {threads} "
        f"threads, scheduler {'on' if with_scheduler else 'off'}"
    )
    serve(host, port, workers, threads, with_scheduler, info.create_app)


@click.group("scheduler", invoke_without_command=True)
@click.pass_context
def scheduler_group(ctx):
    """Run the timer sweep every ZORGPAD_SWEEP_SECONDS (until stopped)."""
    if ctx.invoked_subcommand is None:
        with ctx.ensure_object(ScriptInfo).load_app().app_context():
            app = current_app._get_current_object()
            unreadable = database_unreadable()
        if unreadable:  # not a traceback every few seconds from each job: say what to do, once
            raise not_migrated("the scheduler cannot read the database", unreadable)
        run_forever(app)


@scheduler_group.command("run-once")
@click.option(
    "--now",
    "as_of",
    default=None,
    help="ISO 8601 with offset, e.g. 2026-12-01T17:00:00+01:00 (default: the clock)",
)
@with_appcontext
def run_once_command(as_of):
    """One sweep: fire every timer due as of --now (catch-up, tests)."""
    from datetime import datetime

    moment = None
    if as_of:
        try:
            moment = datetime.fromisoformat(as_of)
        except ValueError:
            raise click.BadParameter(
                "expected ISO 8601, e.g. 2026-12-01T17:00:00+01:00", param_hint="--now"
            ) from None
        if moment.tzinfo is None:
            raise click.BadParameter("give an offset (e.g. +01:00 or Z)", param_hint="--now")
    report = run_due_timers(moment)
    click.echo(
        f"sweep as of {report.now.isoformat()}: {report.instances} instances, "
        f"{report.timers_fired} timers fired, {report.failures} failures, "
        f"{report.incidents} new incidents, {report.emails_sent} e-mails"
    )


@click.command("check")
@click.option("--documents", is_flag=True, help="also recompute every stored document's sha256")
@with_appcontext
def check_command(documents):
    """Do the workflows, task index, timers, event log (and documents) agree? Exit 1 if not."""
    try:
        report = consistency.check(documents=documents)
    except DBAPIError as error:  # no tables yet, or an older schema: say what to do
        raise not_migrated("the database cannot be checked", type(error.orig).__name__) from None
    for finding in report.findings:
        where = f"instance {finding.instance_id}" if finding.instance_id else f"case {finding.case_id}"
        click.echo(f"{finding.kind}: {where}: {finding.detail}")
    click.echo(
        f"checked {report.instances} running instances"
        + (f" and {report.documents} documents" if documents else "")
        + f": {len(report.findings)} findings"
    )
    if not report.ok:
        raise SystemExit(1)


def init_app(app) -> None:
    for command in (
        check_command,
        seed_demo_command,
        deploy_workflows_command,
        migrate_command,
        import_absences_command,
        serve_command,
        scheduler_group,
        demo_clock_group,
        purge_command,
    ):
        app.cli.add_command(command)
