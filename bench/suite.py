"""make bench: the figures of a CLB region (issue 24) in one table and bench/results/latest.json.

SQLite by default; PostgreSQL when DATABASE_URL or ZORGPAD_BENCH_POSTGRES_URL names a
server (throwaway databases zorgpad_bench_<uuid> are made on it and dropped). Each part
has a bounded size so the suite ends within 20 minutes on 2 cores; a part that breaks
is reported as failed and the rest still runs. bench/README.md says what each figure means.

    python bench/suite.py [--only NAME ...] [--out PATH]
"""

import argparse
import os
import sys
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import results  # noqa: E402
from results import Figure, failed, figure, skipped  # noqa: E402

# Bounded sizes: what a region holds, measured once each.
SWEEP_OPEN, SWEEP_DUE, SWEEP_WORKERS = 100_000, 1_000, 2
IMPORT_ROWS, IMPORT_PUPILS = 1_000_000, 5_000
ROSTER_PUPILS = 2_000
MIGRATE_CASES = 10_000


def log(message: str) -> None:
    print(f"[bench {CLOCK():6.0f} s] {message}", file=sys.stderr, flush=True)


CLOCK = results.Clock()


def region_part(backend: str) -> list[Figure]:
    import load
    import region
    import served

    with served.database(backend) as url:
        if backend != "postgresql":
            return region.run(url) + [
                skipped("completions_per_second", "/s", ">= 200"),
            ]
        return region.run(url, load_step=load.completions)


def two_servers_part(backend: str) -> list[Figure]:
    if backend != "postgresql":
        return [skipped("two_servers_exactly_once", "bool", "== 1")]
    import load
    import served
    from region import NOW

    with served.database(backend) as url:
        return load.two_servers(url, NOW)


def sweep_part(backend: str) -> list[Figure]:
    import served
    import sweep

    with served.database(backend) as url:
        got = sweep.bench_sweep(lambda tmp: url, SWEEP_OPEN, SWEEP_DUE, SWEEP_WORKERS)
    return [figure("sweep_1000_due_s", got["sweep_s"], "s", "< 1", load=got["load"], extra=got)]


def import_part(backend: str) -> list[Figure]:
    import absences

    # The worst case: the current school year, every pupil with B-codes (a case each).
    got = absences.measure(backend, IMPORT_ROWS, IMPORT_PUPILS, "current", runs=("first_import",))
    first = got.pop("first_import")
    extra = {**got, "report": first["report"], "rows_per_second": first["rows_per_second"]}
    return [
        figure("import_1m_s", first["seconds"], "s", "< 30", extra=extra),
        figure(
            "import_1m_peak_mb",
            first["peak_rss_mb"],
            "MB",
            "< 300",
            extra={"peak_rss_one_row_file_mb": got["peak_rss_one_row_file_mb"]},
        ),
    ]


def roster_part(backend: str) -> list[Figure]:
    import roster
    import served

    with served.database(backend) as url:
        got = roster.bench(url, ROSTER_PUPILS)["first (new)"]
    return [figure("roster_import_2000_s", got["seconds"], "s", "< 5", extra=got)]


def migrate_part(backend: str) -> list[Figure]:
    import migrate

    got = migrate.measure(backend, MIGRATE_CASES, runs=(("migrate", []),))
    run = got.pop("migrate")
    return [figure("migrate_10k_s", run["seconds"], "s", "< 60", load=run["load"], extra={**got, **run})]


# name → (part, the figures it gives when it breaks: name, unit, target)
PARTS = {
    "region": (
        region_part,
        [
            ("service_step_ratio", "×", "<= 1.25"),
            ("document_step_ratio", "×", "<= 1.5"),
            ("history_ratio", "×", "<= 1.3"),
            ("task_list_p95_ms", "ms", "< 50"),
            ("caseload_p95_ms", "ms", "< 50"),
            ("case_page_p95_ms", "ms", "< 100"),
            ("completions_per_second", "/s", ">= 200"),
        ],
    ),
    "sweep": (sweep_part, [("sweep_1000_due_s", "s", "< 1")]),
    "import": (import_part, [("import_1m_s", "s", "< 30"), ("import_1m_peak_mb", "MB", "< 300")]),
    "roster": (roster_part, [("roster_import_2000_s", "s", "< 5")]),
    "two_servers": (two_servers_part, [("two_servers_exactly_once", "bool", "== 1")]),
    "migrate": (migrate_part, [("migrate_10k_s", "s", "< 60")]),
}


def collect(parts: dict, backend: str) -> list[Figure]:
    """Runs each part; a part that raises gives its figures as failed."""
    figures = []
    for name, (part, names) in parts.items():
        log(f"{name} ({backend})")
        try:
            figures += part(backend)
        except Exception as error:  # noqa: BLE001 - one broken part must not hide the others
            traceback.print_exc()
            figures += [failed(n, unit, target, error) for n, unit, target in names]
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(PARTS), help="some parts only")
    parser.add_argument("--out", type=Path, default=results.RESULTS / "latest.json")
    options = parser.parse_args(argv)
    os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")  # the demo users sign in with "demo"
    # DATABASE_URL names the server to bench on; it must not leak into the app's defaults.
    admin = os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.pop("DATABASE_URL", None)
    if admin and not admin.startswith("postgres"):
        raise SystemExit(f"make bench measures SQLite or a PostgreSQL server, not {admin}")
    backend = "postgresql" if admin else "sqlite"
    if admin:
        os.environ["ZORGPAD_BENCH_POSTGRES_URL"] = admin
    else:  # the parts read these to add PostgreSQL: this run is SQLite's alone
        os.environ.pop("ZORGPAD_TEST_POSTGRES_URL", None)
    started = os.getloadavg()
    parts = {k: v for k, v in PARTS.items() if not options.only or k in options.only}
    figures = collect(parts, backend)
    figures.append(results.machine(backend, started, CLOCK()))
    path = results.write(figures, options.out)
    print(results.table(figures))
    print(f"\n{path} ({backend}, {os.cpu_count()} cores, load {started[0]:.1f} → {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
