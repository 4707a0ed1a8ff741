"""Two servers on one PostgreSQL database that differ only in their environment, measured
interleaved (A, B, A, B … in one run): the return plan's step, the group's task list and
the caseload's region query, each reported as B over A per round (median and spread).

    python bench/ab.py --a '{"ZORGPAD_PG_PREPARE_THRESHOLD": "off"}' --b '{}' [--cases 20000]

Needs ZORGPAD_BENCH_POSTGRES_URL (or ZORGPAD_TEST_POSTGRES_URL); bench/README.md has the
figures it gave for the prepared statements.
"""

import argparse
import json
import statistics
import sys

import region
from region import NOW, Cases
from served import Client, database, server, server_env, timed
from stock import example

ROUNDS, PER_ROUND = 12, 3
READS = {"tasks": "/api/tasks?scope=group", "cases": "/api/cases?phase=fase2&overdue=true&q=peeters"}


def measure(apis: list[Client]) -> dict[str, tuple[list, list, list]]:
    """name → (A's times, B's times, B/A per round)."""
    cases = [Cases(api) for api in apis]
    data = example("task_return_plan")
    for side in cases:  # each server's connections see the step before it is timed
        for _ in range(3):
            side.complete(side.open("schoolweigering"), "task_return_plan", data)
    opened = [
        [(cases[0].open("schoolweigering"), cases[1].open("schoolweigering")) for _ in range(PER_ROUND)]
        for _ in range(ROUNDS)
    ]
    result = {name: ([], [], []) for name in ("step", *READS)}
    for batch in opened:
        round_ = {name: ([], []) for name in result}
        for pair in batch:
            for side, case in enumerate(pair):
                round_["step"][side].append(
                    timed(lambda s=side, c=case: cases[s].complete(c, "task_return_plan", data))
                )
            for name, path in READS.items():
                for side, api in enumerate(apis):
                    round_[name][side].append(timed(lambda a=api, p=path: a.get(p)))
        for name, (a, b) in round_.items():
            result[name][0].extend(a)
            result[name][1].extend(b)
            result[name][2].append(statistics.median(b) / statistics.median(a))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", default="{}", help="server A's extra environment (JSON)")
    parser.add_argument("--b", default="{}", help="server B's extra environment (JSON)")
    parser.add_argument("--cases", type=int, default=20_000)
    options = parser.parse_args(argv)
    with database("postgresql", "ab") as url:
        region.seed(url, options.cases)
        env_a, env_b = json.loads(options.a), json.loads(options.b)
        with (
            server(server_env(url, NOW, **env_a)) as (ha, pa, _),
            server(server_env(url, NOW, **env_b)) as (hb, pb, _),
        ):
            result = measure([Client(ha, pa).login("zorg1"), Client(hb, pb).login("zorg1")])
    for name, (a, b, ratios) in result.items():
        print(
            f"{name:6} A {statistics.median(a) * 1000:7.2f} ms  B {statistics.median(b) * 1000:7.2f} ms  "
            f"B/A {statistics.median(ratios):.3f} (spread {min(ratios):.2f}–{max(ratios):.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
