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
from results import ratio
from served import Client, database, server, server_env, timed
from stock import example

ROUNDS, PER_ROUND = 12, 3
READS = {"tasks": "/api/tasks?scope=group", "cases": "/api/cases?phase=fase2&overdue=true&q=peeters"}


def measure(apis: list[Client]) -> dict[str, tuple[list[list[float]], list[list[float]]]]:
    """name → (A's rounds, B's rounds) of interleaved times."""
    cases = [Cases(api) for api in apis]
    data = example("task_return_plan")
    for side in cases:  # each server's connections see the step before it is timed
        for _ in range(3):
            side.complete(side.open("schoolweigering"), "task_return_plan", data)
    opened = [
        [(cases[0].open("schoolweigering"), cases[1].open("schoolweigering")) for _ in range(PER_ROUND)]
        for _ in range(ROUNDS)
    ]
    result: dict = {name: ([], []) for name in ("step", *READS)}
    for batch in opened:
        for rounds in result.values():
            rounds[0].append([])
            rounds[1].append([])
        for pair in batch:
            for side, case in enumerate(pair):
                result["step"][side][-1].append(
                    timed(lambda s=side, c=case: cases[s].complete(c, "task_return_plan", data))
                )
            for name, path in READS.items():
                for side, api in enumerate(apis):
                    result[name][side][-1].append(timed(lambda a=api, p=path: a.get(p)))
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
    ms = lambda rounds: statistics.median(x for r in rounds for x in r) * 1000  # noqa: E731
    for name, (a, b) in result.items():
        value, (low, high) = ratio(b, a)
        print(f"{name:6} A {ms(a):7.2f} ms  B {ms(b):7.2f} ms  B/A {value:.3f} (spread {low:.2f}–{high:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
