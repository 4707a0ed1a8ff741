"""Run the tests of served apps on each hard day (tests/clocks.HARD_DAYS): the served
app, its scheduler and every "later" in those tests then start from that day.

    .venv/bin/python -m tests.hard_days [pytest arguments; default: tests/e2e]

`make test-hard-days` passes `tests/e2e $(PARALLEL)`: each day on two xdist workers.

On SQLite only: the main run covers both databases; these runs cover the calendar.

`ZORGPAD_HARD_DAYS_PER_RUN=N` with `ZORGPAD_HARD_DAYS_SEED=<text>` runs N of the days,
chosen from the seed (`.ci/run` passes the commit): one commit always gets the same days,
and over commits every day comes round; a failing day is named, so it is rerun with
`ZORGPAD_TEST_NOW=<day>`. Unset, every day runs (`make test-hard-days`).
"""

import os
import subprocess
import sys

from tests.clocks import HARD_DAYS, hard_days_for


def _sqlite_only(env) -> dict:
    postgres = ("ZORGPAD_TEST_POSTGRES_URL", "ZORGPAD_REQUIRE_POSTGRES")
    return {name: value for name, value in env.items() if name not in postgres}


def chosen_days(env) -> list[str]:
    """The days of this run: all, or N of them ordered by a hash of the seed and the day."""
    per_run = int(env.get("ZORGPAD_HARD_DAYS_PER_RUN") or len(HARD_DAYS))
    return hard_days_for(env.get("ZORGPAD_HARD_DAYS_SEED", ""), per_run)


def main(args: list[str]) -> int:
    failed = []
    days = chosen_days(os.environ)
    if len(days) < len(HARD_DAYS):
        print(
            f"== {len(days)} of {len(HARD_DAYS)} hard days (seed {os.environ.get('ZORGPAD_HARD_DAYS_SEED')})"
        )
    for day in days:
        print(f"== served on {day}", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *(args or ["tests/e2e"])],
            env={**_sqlite_only(os.environ), "ZORGPAD_TEST_NOW": day},
        )
        if done.returncode != 0:
            failed.append(day)
    if failed:
        print(f"failed on: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
