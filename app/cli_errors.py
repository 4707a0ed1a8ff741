"""What the command line says when the database is not (yet) what the code expects."""

import click


def not_migrated(cannot: str, cause: str) -> click.ClickException:
    """One message for every command that found no tables or an older schema: what it
    could not do, why (the driver's error class), and the one thing to do about it."""
    return click.ClickException(f"{cannot} ({cause}); is it migrated? Run `zorgpad db upgrade` first.")
