"""`zorgpad demo-clock`: move a demo through time, every process of it at once.

zorgpad demo-clock show
zorgpad demo-clock set 2027-01-15            (08:30 in Brussels) or 2027-01-15T14:00
zorgpad demo-clock advance --school-days 5   (or --days, --hours)
zorgpad demo-clock reset                     back to the real date

Demo mode only. The clock moves forward only (a timeline that ran back would
put steps before the events that caused them) unless `--back` says otherwise;
after each move one sweep fires what fell due, so the pages agree at once.
"""

from datetime import date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from app import clock
from app.calendar.school_days import BRUSSELS, add_school_days
from app.tasks.sweep import run_due_timers

DEFAULT_HOUR = time(8, 30)  # a school morning, when a coordinator opens the app


def _demo_clock() -> clock.DemoClock:
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("the demo clock needs ZORGPAD_DEMO_MODE=1 (never in production)")
    demo = clock.demo_clock()
    if demo is None:
        raise click.ClickException("ZORGPAD_NOW is set: that clock wins; unset it to use the demo clock")
    return demo


def parse_demo_moment(text: str) -> datetime:
    """A date (08:30 in Brussels), a local time in Brussels, or a moment with its offset."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), DEFAULT_HOUR, BRUSSELS)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            "expected e.g. 2027-01-15, 2027-01-15T14:00 or 2027-01-15T14:00+01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BRUSSELS)


def _move(demo: clock.DemoClock, to: datetime, back: bool, sweep: bool) -> None:
    now = demo.now()
    if to < now and not back:
        raise click.ClickException(
            f"{to.isoformat()} is before the demo's now ({now.astimezone(BRUSSELS):%Y-%m-%d %H:%M}); "
            "steps already taken would lie in the future. Use --back to move anyway."
        )
    demo.set(to)
    click.echo(f"demo clock: {to.astimezone(BRUSSELS):%a %Y-%m-%d %H:%M} (Brussels)")
    if sweep:
        report = run_due_timers(clock.now())
        click.echo(f"sweep: {report.timers_fired} timers fired, {report.failures} failures")


@click.group("demo-clock")
def demo_clock_group():
    """The demo's clock, shared by the app, the scheduler and the commands."""


@demo_clock_group.command("show")
@with_appcontext
def show_command():
    demo = _demo_clock()
    moved = demo.offset != timedelta(0)
    click.echo(
        f"{clock.now().astimezone(BRUSSELS):%a %Y-%m-%d %H:%M} (Brussels)"
        + (f", moved {demo.offset.days} days from the real date" if moved else ", the real date")
    )


_sweep_option = click.option("--sweep/--no-sweep", default=True, help="fire what fell due at once (default)")
_back_option = click.option("--back", is_flag=True, help="allow moving back in time")


@demo_clock_group.command("set")
@click.argument("moment")
@_back_option
@_sweep_option
@with_appcontext
def set_command(moment, back, sweep):
    _move(_demo_clock(), parse_demo_moment(moment), back, sweep)


@demo_clock_group.command("advance")
@click.option("--school-days", type=click.IntRange(min=0), default=0, help="school days (Flemish calendar)")
@click.option("--days", type=click.IntRange(min=0), default=0)
@click.option("--hours", type=click.IntRange(min=0), default=0)
@_sweep_option
@with_appcontext
def advance_command(school_days, days, hours, sweep):
    demo = _demo_clock()
    local = demo.now().astimezone(BRUSSELS)
    if school_days:
        local = datetime.combine(add_school_days(local.date(), school_days), local.timetz())
    _move(demo, local + timedelta(days=days, hours=hours), back=False, sweep=sweep)


@demo_clock_group.command("reset")
@with_appcontext
def reset_command():
    demo = _demo_clock()
    demo.reset()
    click.echo(
        "demo clock: back to the real date (what happened on the moved days stays in the timeline; "
        "`make clean-db` starts the demo afresh)"
    )
