"""make bench-migrate: 10,000 running cases moved to the next version of the path.

The next version is tests/migration_fixture.py's (built from workflows/ with lxml: a
task renamed, one removed, a reminder added) with its plan
(tests/fixtures/migrations/zorgpad_case_1_2.json). The cases are loaded in bulk: five
kinds of wait (a user task, the plan's evaluation date, parallel branches in a CLB round,
the review after monitoring, closed with agreements waiting for new absences), each
run once through the engine and copied with fresh task ids (as app/engine/starts.py
does), with their open task rows. Then, each as the real command in a process of its
own: `zorgpad migrate --dry-run`, `zorgpad migrate`, and `zorgpad migrate` again
(nothing left). Wall time includes starting the app; CPU time is the command's own
(the database server's is not in it); peak memory (max RSS) is the command's own,
compared with the same command with nothing to do; `load` is the machine's 1-minute
load average when the command started (other work on the shared cores).
Set ZORGPAD_BENCH_POSTGRES_URL (or ZORGPAD_TEST_POSTGRES_URL) to measure PostgreSQL too.

    python bench/migrate.py [--cases N]           all backends, JSON on stdout
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = 10_000
CHUNK = 2_000
ZORGPAD = Path(sys.executable).parent / "zorgpad"
NOW = "2027-01-11T10:00:00+01:00"  # the commands' clock: weeks after the cases' tasks opened


def run_command(env: dict, *args) -> tuple[float, float, str, float]:
    """(seconds, peak RSS in MB, last output line, CPU seconds) of one `zorgpad` run in a
    process of its own (the CPU is the command's own: less moved by other work on the machine)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(ZORGPAD), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"zorgpad {' '.join(args)} failed: {output[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, round(usage.ru_maxrss / 1024, 1), output.strip().splitlines()[-1], round(cpu, 1)  # KiB


def _templates():
    """The five kinds of wait, each walked once on v1 through the engine (no database)."""
    from tests.unit.case_engine import Case, load_bundle

    bundle = load_bundle("zorgpad_case")

    def review():
        case = Case(bundle).plan().do("task_phase1_evaluation", decision="monitor")
        return case.wait("task_monitoring_review")

    def closing():
        return (
            Case(bundle)
            .referred()
            .do(
                "task_clb_round_plan",
                plan="no_further_need",
                followup_agreements="Afspraken",
                school_contact="LB",
            )
        )

    walks = {
        "user": lambda: Case(bundle),
        "timer": lambda: Case(bundle).do("task_action_plan"),
        "round": lambda: Case(bundle).referred().round("short_term", "hgd"),
        "review": review,
        "closing": closing,
    }
    return {name: walk() for name, walk in walks.items()}


def _copy(case) -> tuple[str, dict[str, str]]:
    """The state with fresh task ids, and old id → new id."""
    state = case.result.state
    fresh = {old: str(uuid.uuid4()) for old in json.loads(state)["tasks"]}
    for old, new in fresh.items():
        state = state.replace(old, new)
    return state, fresh


def setup(backend: str, cases: int, tmp: Path) -> dict:
    """Migrate, seed the demo, deploy v1, load the cases, deploy v2 with its plan."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select, text

    from app import create_app
    from app.extensions import db
    from app.models import Case, CaseSchool, CaseTask, Pupil, User, WorkflowInstance
    from app.services.demo import seed_demo
    from app.services.workflows import latest_version, sync_from_disk
    from app.vocabulary import CaseStatus, InstanceKind, InstanceStatus, Phase, TaskStatus
    from tests.migration_fixture import PLAN, write_versions

    workflows, forms = tmp / "workflows", tmp / "forms"
    shutil.copytree(ROOT / "workflows", workflows)
    shutil.copytree(ROOT / "forms", forms)
    url = _database(backend, tmp)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WORKFLOWS_DIR": str(workflows), "FORMS_DIR": str(forms)}
    )
    templates = _templates()
    with app.app_context():
        upgrade()
        school_id = seed_demo()["school_ids"][0]
        opener = db.session.scalar(select(User.id).where(User.username == "zorg1"))
        version = latest_version("zorgpad_case")
        offset = db.session.scalar(select(Pupil.id).order_by(Pupil.id.desc()).limit(1)) or 0
        first_case = (db.session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0) + 1
        first_instance = (
            db.session.scalar(select(WorkflowInstance.id).order_by(WorkflowInstance.id.desc()).limit(1)) or 0
        ) + 1
        names = list(templates)
        conn = db.session.connection()
        for start in range(0, cases, CHUNK):
            numbers = range(start, min(start + CHUNK, cases))
            pupils, rows, schools, instances, tasks = [], [], [], [], []
            for n in numbers:
                template = templates[names[n % len(names)]]
                pupil, case_id, instance_id = offset + n + 1, first_case + n, first_instance + n
                state, fresh = _copy(template)
                clb = names[n % len(names)] in ("round", "closing")
                pupils.append(
                    {
                        "id": pupil,
                        "school_id": school_id,
                        "external_id": f"MB{n}",
                        "first_name": "Bench",
                        "last_name": f"M{n}",
                        "birth_date": template.now.date().replace(year=2012),
                    }
                )
                rows.append(
                    {
                        "id": case_id,
                        "pupil_id": pupil,
                        "school_id": school_id,
                        "status": CaseStatus.OPEN,
                        "phase": Phase.FASE2 if clb else Phase.FASE1,
                        "absence_type": "spijbelen",
                        "version": 1,
                        "opened_at": template.now,
                        "opened_by_id": opener,
                        "clb_since": template.now if clb else None,
                    }
                )
                schools.append({"case_id": case_id, "school_id": school_id, "since": template.now})
                instances.append(
                    {
                        "id": instance_id,
                        "case_id": case_id,
                        "pupil_id": pupil,
                        "school_id": school_id,
                        "kind": InstanceKind.CASE,
                        "workflow_key": "zorgpad_case",
                        "workflow_version": version,
                        "state": state,
                        "status": InstanceStatus.RUNNING,
                        "version": 1,
                        "next_timer_due_at": template.result.next_timer_due_at,
                        "timer_failures": 0,
                        "started_at": template.now,
                    }
                )
                tasks += [
                    {
                        "case_id": case_id,
                        "pupil_id": pupil,
                        "instance_id": instance_id,
                        "engine_task_id": fresh[t.engine_task_id],
                        "bpmn_id": t.bpmn_id,
                        "title": t.title,
                        "lane": t.lane,
                        "school_id": school_id,
                        "status": TaskStatus.OPEN,
                        "created_at": template.now,
                        "due_at": t.due_at,
                    }
                    for t in template.result.ready_tasks
                ]
            for model, values in (
                (Pupil, pupils),
                (Case, rows),
                (CaseSchool, schools),
                (WorkflowInstance, instances),
                (CaseTask, tasks),
            ):
                conn.execute(insert(model), values)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for table in ("pupils", "cases", "case_schools", "workflow_instances", "case_tasks"):
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
            db.session.commit()
            with db.engine.connect() as vacuum:  # a settled database, as in bench/sweep.py
                vacuum.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
                vacuum.exec_driver_sql("CHECKPOINT")
        write_versions(workflows, forms)
        shutil.copy(PLAN, workflows / "migrations" / PLAN.name)
        new = sync_from_disk()
        db.session.remove()
        db.engine.dispose()
    return {
        "url": url,
        "from": version,
        "to": next(row.version for row in new if row.key == "zorgpad_case"),
        "workflows": str(workflows),
        "forms": str(forms),
        "kinds": names,
    }


def _database(backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'migrate.sqlite3'}"
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    admin = create_engine(normalise_database_url(postgres_url()), isolation_level="AUTOCOMMIT")
    name = f"zorgpad_migrate_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url


def drop(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def helper(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


RUNS = (("dry_run", ["--dry-run"]), ("migrate", []), ("again", []))


def measure(backend: str, cases: int, runs=RUNS) -> dict:
    """Runs in the light top-level process (no app imported): each command's peak memory is its own.
    `runs`: make bench's suite times the migration alone."""
    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-bench-migrate-"))
    try:
        start = time.perf_counter()
        ready = helper("--setup", backend, "--cases", str(cases), "--dir", str(tmp))
        load_s = time.perf_counter() - start
        env = {
            **os.environ,
            "DATABASE_URL": ready["url"],
            "ZORGPAD_WORKFLOWS_DIR": ready["workflows"],
            "ZORGPAD_FORMS_DIR": ready["forms"],
            "ZORGPAD_NOW": NOW,
            "ZORGPAD_LOG_LEVEL": "WARNING",
        }
        command = [
            "migrate",
            "--process",
            "zorgpad_case",
            "--from",
            str(ready["from"]),
            "--to",
            str(ready["to"]),
        ]
        results = {"cases": cases, "kinds": ready["kinds"], "load_s": round(load_s, 1)}
        try:
            for run, extra in runs:
                load = os.getloadavg()[0]
                seconds, peak_mb, summary, cpu_s = run_command(env, *command, *extra)
                moved = re.search(r"(\d+) verplaatst", summary)
                results[run] = {
                    "seconds": round(seconds, 1),
                    "cpu_s": cpu_s,
                    "load": round(load, 1),
                    "ms_per_case": round(seconds * 1000 / cases, 2),
                    "peak_rss_mb": peak_mb,
                    "moved": int(moved.group(1)) if moved else 0,
                    "summary": summary,
                }
            if runs == RUNS:  # the same command with nothing to do: what the app itself takes
                _, results["peak_rss_no_cases_mb"], _, _ = run_command(
                    env, *command, "--dry-run", "--limit", "0"
                )
        finally:
            drop(ready["url"])
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def postgres_url() -> str | None:
    return os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")


def run(cases: int = CASES) -> dict:
    return {
        f"migrate_{backend}": measure(backend, cases)
        for backend in ["sqlite"] + (["postgresql"] if postgres_url() else [])
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", choices=["sqlite", "postgresql"])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--cases", type=int, default=CASES)
    args = parser.parse_args()
    if args.setup:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")
        print(json.dumps(setup(args.setup, args.cases, args.dir), default=str))
        return
    results = run(args.cases)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "migrate.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
