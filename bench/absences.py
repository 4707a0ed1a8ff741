"""make bench-absences: import a school year of absences, 1M rows, and measure it.

A CSV in the exchange format is generated on the fly in a temporary file
(ROWS rows: PUPILS pupils of one school, each absent on the same share of the
school year's half-days, codes mixed like a real year: mostly Z, some B, R, P,
L and pending). Two years: a past school year (the care path is not touched:
its episodes are counted only) and the current one up to yesterday, with as
many pupils as the rows need, where nearly every pupil gets a case opened and
each episode of the last two weeks a follow-up (the worst case: every pupil
has B-codes). The import runs as the real command, `zorgpad import-absences`,
in a process of its own, twice: into an empty table (all new), then the same
file again (all unchanged). Its wall time includes starting the app; its peak
memory (max RSS) is compared with the same command reading a one-row file.
Set ZORGPAD_BENCH_POSTGRES_URL (or ZORGPAD_TEST_POSTGRES_URL) to measure
PostgreSQL too.

    python bench/absences.py [--rows N]          all backends, JSON on stdout
    python bench/absences.py --backend sqlite    one backend (used by the above)
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ROWS = 1_000_000
PUPILS = 5_000
# The command runs on the real clock, and dates may not lie ahead.
PAST_YEAR = "2025-2026"
ZORGPAD = Path(sys.executable).parent / "zorgpad"
CODES = ["Z"] * 50 + ["B"] * 8 + ["R"] * 12 + ["P"] * 10 + ["L"] * 12 + ["-"] * 5 + ["D"] * 3


def run_command(url: str, *args) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, output) of one `zorgpad` run in a process of its own."""
    env = {**os.environ, "DATABASE_URL": url}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(ZORGPAD), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"zorgpad {' '.join(args)} failed ({process.returncode}): {output}")
    return seconds, round(usage.ru_maxrss / 1024, 1), output.strip()  # Linux: KiB


def school_half_days(year: str) -> list[tuple[str, str]]:
    from datetime import date, timedelta

    from app.calendar.school_year import is_school_half_day, school_year_bounds, school_year_of

    if year == "current":
        first, _ = school_year_bounds(school_year_of(date.today()))
        last = date.today() - timedelta(days=1)
    else:
        first, last = school_year_bounds(year)
    found, day = [], first
    while day <= last:
        for half in ("am", "pm"):
            if is_school_half_day(day, half):
                found.append((day.isoformat(), half))
        day += timedelta(days=1)
    return found


def pupils_needed(rows: int, year: str) -> int:
    return -(-rows // len(school_half_days(year)))


def write_csv(path: Path, rows: int, pupils: int, year: str = PAST_YEAR) -> int:
    """`rows` distinct (pupil, half-day) rows; returns the file size in bytes."""
    slots = school_half_days(year)
    per_pupil = -(-rows // pupils)
    if per_pupil > len(slots):
        raise SystemExit(f"{rows} rows need more than {len(slots)} half-days per pupil: raise --pupils")
    rng = random.Random(42)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("external_id,date,half_day,code,note\n")
        for pupil in range(pupils):
            # A contiguous stretch of the year: B-codes form real episodes.
            start = rng.randrange(0, len(slots) - per_pupil + 1)
            lines = []
            for day, half in slots[start : start + per_pupil]:
                if written >= rows:
                    break
                lines.append(f"{100000 + pupil},{day},{half},{rng.choice(CODES)},\n")
                written += 1
            out.writelines(lines)
    return path.stat().st_size


def setup(backend: str, rows: int, pupils: int, tmp: Path, year: str) -> dict:
    """A fresh migrated database with the demo school and `pupils` pupils, and the files."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, insert, text

    from app import create_app
    from app.config import normalise_database_url
    from app.extensions import db
    from app.models import Pupil
    from app.services.demo import seed_demo

    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        admin = create_engine(normalise_database_url(postgres_url()), isolation_level="AUTOCOMMIT")
        name = f"zorgpad_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        admin.dispose()
    if year == "current":
        pupils = max(pupils, pupils_needed(rows, year))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        school_id = seed_demo()["school_ids"][0]
        db.session.execute(
            insert(Pupil),
            [
                {
                    "school_id": school_id,
                    "external_id": str(100000 + i),
                    "first_name": "Bench",
                    "last_name": f"Leerling {i}",
                    "birth_date": datetime(2011, 1, 1).date(),
                    "class_name": "3A",
                }
                for i in range(pupils)
            ],
        )
        db.session.commit()
        db.engine.dispose()
    size = write_csv(tmp / "absences.csv", rows, pupils, year)
    write_csv(tmp / "one-row.csv", 1, 1)
    return {"url": url, "school_id": school_id, "file_mb": round(size / 1e6, 1), "pupils": pupils}


def finish(url: str) -> dict:
    """Count the episodes the imports opened; drop a PostgreSQL database."""
    from sqlalchemy import create_engine, func, select, text
    from sqlalchemy.engine import make_url

    from app.models import AbsenceEpisode, Case, WorkflowInstance

    engine = create_engine(url)
    with engine.connect() as conn:
        episodes = conn.execute(select(func.count()).select_from(AbsenceEpisode.__table__)).scalar()
        cases = conn.execute(select(func.count()).select_from(Case.__table__)).scalar()
        followups = conn.execute(
            select(func.count())
            .select_from(WorkflowInstance.__table__)
            .where(WorkflowInstance.kind == "absence_followup")
        ).scalar()
    engine.dispose()
    if url.startswith("postgresql"):
        name = make_url(url).database
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {"episodes": episodes, "cases": cases, "followups": followups}


def helper(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(backend: str, rows: int, pupils: int, year: str, runs=("first_import", "reimport")) -> dict:
    """Runs in the light top-level process (no app imported), so each command's
    peak memory is its own, not inherited from a big parent at fork. `runs`: make
    bench's suite times the first import only."""
    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-bench-absences-"))
    try:
        ready = helper(
            "--setup",
            backend,
            "--rows",
            str(rows),
            "--pupils",
            str(pupils),
            "--dir",
            str(tmp),
            "--year",
            year,
        )
        url, command = ready["url"], ["import-absences", "--school", str(ready["school_id"])]
        results = {}
        try:
            _, baseline_mb, _ = run_command(url, *command, str(tmp / "one-row.csv"))
            results.update(
                {
                    "rows": rows,
                    "pupils": ready["pupils"],
                    "school_year": year,
                    "file_mb": ready["file_mb"],
                    "peak_rss_one_row_file_mb": baseline_mb,
                }
            )
            for run in runs:
                seconds, peak_mb, output = run_command(url, *command, str(tmp / "absences.csv"))
                results[run] = {
                    "seconds": round(seconds, 1),
                    "rows_per_second": round(rows / seconds),
                    "peak_rss_mb": peak_mb,
                    "report": output,
                }
        finally:
            results.update(helper("--finish", url))
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def postgres_url() -> str | None:
    return os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", choices=["sqlite", "postgresql"])
    parser.add_argument("--finish", metavar="URL")
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--pupils", type=int, default=PUPILS)
    parser.add_argument("--year", default=None, help=f"{PAST_YEAR} or current (default: both)")
    args = parser.parse_args()
    if args.setup or args.finish:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")
        result = (
            setup(args.setup, args.rows, args.pupils, args.dir, args.year or PAST_YEAR)
            if args.setup
            else finish(args.finish)
        )
        print(json.dumps(result))
        return
    results = {}
    for backend in ["sqlite"] + (["postgresql"] if postgres_url() else []):
        for year in [args.year] if args.year else [PAST_YEAR, "current"]:
            name = "past_year" if year == PAST_YEAR else year
            results[f"absence_import_{backend}_{name}"] = measure(backend, args.rows, args.pupils, year)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    (out_dir / "absences.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
