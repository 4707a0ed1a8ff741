"""Run the tests of served apps on each hard day (tests/clocks.HARD_DAYS): the served
app, its scheduler and every "later" in those tests then start from that day.

    .venv/bin/python -m tests.hard_days [pytest arguments; default: tests/e2e]

`make test-hard-days` passes `tests/e2e $(PARALLEL)`: each day on two xdist workers.

On SQLite only: the main run covers both databases; these runs cover the calendar.
"""

import os
import subprocess
import sys

from tests.clocks import HARD_DAYS


def _sqlite_only(env) -> dict:
    postgres = ("ZORGPAD_TEST_POSTGRES_URL", "ZORGPAD_REQUIRE_POSTGRES")
    return {name: value for name, value in env.items() if name not in postgres}


def main(args: list[str]) -> int:
    failed = []
    for day in HARD_DAYS:
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
