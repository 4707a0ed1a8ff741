"""`zorgpad purge --older-than DATE [--dry-run]`: retention (app/services/rights/retention.py).

The school board's cut-off is the option; the CLB file's legal floor (10 years after the
last CLB activity, not before 25 or 30) is not an option. The report names pupils by id
only: it may be kept with the board's decision without being personal data itself.
"""

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from app.cli_errors import not_migrated
from app.services.rights import retention


def _day(_ctx, _param, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("a date as YYYY-MM-DD, e.g. 2024-09-01") from None


@click.command("purge")
@click.option(
    "--older-than",
    "older_than",
    required=True,
    callback=_day,
    help="Purge the guidance data of pupils inactive since before this day (YYYY-MM-DD).",
)
@click.option("--dry-run", is_flag=True, help="Report what would be purged; change nothing.")
@with_appcontext
def purge_command(older_than: date, dry_run: bool) -> None:
    """Purge the guidance data whose retention ran out; keep pseudonymous traces."""
    if older_than > retention.clock.today():
        raise click.BadParameter("the cut-off lies in the future", param_hint="--older-than")
    try:
        report = retention.purge(older_than, dry_run=dry_run)
    except DBAPIError as error:  # no tables yet, or an older schema: say what to do (as `zorgpad check`)
        raise not_migrated("the database cannot be purged", type(error.orig).__name__) from None
    for item in report.purged:
        floor = f", CLB-dossier bewaard tot {item.clb_kept_until.isoformat()}" if item.clb_kept_until else ""
        what = "alles" if item.part == "all" else "deel van de school"
        click.echo(
            f"leerling {item.pupil_id}: {what} (laatste activiteit {item.last_activity.isoformat()}{floor})"
        )
    lead, verb = ("Proef: zou ", "wissen") if dry_run else ("", "gewist")
    click.echo(
        f"{lead}{report.count('all')} leerlingen volledig {verb}, "
        f"{report.count('school')} enkel het deel van de school (het CLB-dossier blijft tot zijn "
        f"wettelijke termijn); overgeslagen: {report.running} met een lopend dossier of opvolging, "
        f"{report.recent} actief sinds {older_than.isoformat()}, {report.clb_floor} wachten op de "
        "termijn van het CLB."
    )
