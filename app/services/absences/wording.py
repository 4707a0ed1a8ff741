"""An absence in the words a coordinator reads: "ma 23 nov vm – di 24 nov nm (3 halve dagen)".

Used where two absences of one pupil must be told apart at a glance: the titles
of a follow-up's tasks, the import's notes.
"""

from datetime import date
from functools import lru_cache

from babel.dates import format_date

LOCALE = "nl_BE"
HALF = {"am": "vm", "pm": "nm"}


@lru_cache(maxsize=1024)  # an import words ~100,000 episodes over a school year's few hundred days
def _day(day: date) -> str:
    return format_date(day, "EEE d MMM", locale=LOCALE).replace(".", "")


def half_days(count: int) -> str:
    return f"{count} {'halve dag' if count == 1 else 'halve dagen'}"


def episode_span(first_day: date, first_half: str, last_day: date, last_half: str) -> str:
    first = f"{_day(first_day)} {HALF[first_half]}"
    if (first_day, first_half) == (last_day, last_half):
        return first
    if first_day == last_day:
        return f"{_day(first_day)}, hele dag" if (first_half, last_half) == ("am", "pm") else first
    return f"{first} – {_day(last_day)} {HALF[last_half]}"


def episode_words(episode: dict) -> str:
    """An episode row (first/last day and half-day, B and pending counts) in words."""
    span = episode_span(
        episode["first_day"], episode["first_half_day"], episode["last_day"], episode["last_half_day"]
    )
    b, pending = episode["b_half_days"], episode["pending_half_days"]
    counts = half_days(b + pending)
    if pending and b:
        counts += f", waarvan {pending} nog onbekend"
    elif pending:
        counts += ", reden nog onbekend"
    return f"{span} ({counts})"


def task_about(episode: dict) -> str:
    """What a follow-up's tasks are about, after their title (which names the absence)."""
    return episode_words(episode)


def task_about_day(first_day: date) -> str:
    """The same for a follow-up started by hand from its first day only."""
    return f"vanaf {_day(first_day)}"
