"""make bench: the timer sweep grows with the due timers, not the open cases.

Rows are inserted in bulk (pupils, cases, instances, their open tasks): every
instance runs tests/fixtures/bpmn/timers_demo.bpmn and waits on the reminder of
its open task. Only `due` of them are past their next timer; the sweep
(`run_due_timers`) is timed: it fires each due reminder (a notification to the
school team, an event), and must not read the others. Each shape names the
worker processes (1: one process; more: forked workers over shares of the due
instances); `cpu_s` counts this process and its workers, `load` is the
machine's 1-minute load average when the sweep started (other work on it).
"""

import os
import resource
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parents[1]
# As in tests/timer_fixture.py: the timer demo is the main path, the rest ends at once.
TIMER_KEYS = {
    "case": "timers_demo",
    "absence_followup": "fixture_noop",
    "police_track": "fixture_noop",
    "handover": "fixture_noop",
}
FIXTURES = ROOT / "tests" / "fixtures"
CHUNK = 5000


def _app(url: str, tmp: Path):
    from flask_migrate import upgrade

    from app import create_app

    workflows = tmp / "workflows"
    workflows.mkdir(exist_ok=True)
    for name in ("timers_demo.bpmn", "fixture_noop.bpmn"):
        shutil.copy(FIXTURES / "bpmn" / name, workflows)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "DEMO_MODE": True,
            "WORKFLOWS_DIR": str(workflows),
            "FORMS_DIR": str(FIXTURES / "forms"),
            "WORKFLOW_KEYS": TIMER_KEYS,
            "SWEEP_LIMIT": 1_000_000,
        }
    )
    with app.app_context():
        upgrade()
    return app


def _populate(open_cases: int, due: int):
    """Bulk rows; returns the reminder time of the due ones."""
    from app import clock, engine
    from app.extensions import db
    from app.models import Case, CaseSchool, CaseTask, Pupil, User, WorkflowInstance
    from app.services import workflows
    from app.services.calendar.functions import script_functions
    from app.services.demo import seed_demo
    from app.vocabulary import CaseStatus, InstanceKind, InstanceStatus, Lane, Phase, TaskStatus

    seed_demo()
    school_id = 1
    opener = db.session.scalar(select(User.id).where(User.username == "dir1"))
    now = clock.now()
    bundle = workflows.bundle("timers_demo", workflows.latest_version("timers_demo"))
    functions = script_functions(school_id)
    offset = db.session.scalar(select(Pupil.id).order_by(Pupil.id.desc()).limit(1)) or 0
    idle_state = engine.start(bundle, {}, now=now, functions=functions)
    conn = db.session.connection()
    for start in range(0, open_cases, CHUNK):
        ids = range(offset + start + 1, offset + min(start + CHUNK, open_cases) + 1)
        conn.execute(
            insert(Pupil),
            [
                {
                    "id": i,
                    "school_id": school_id,
                    "external_id": f"B{i}",
                    "first_name": "Bench",
                    "last_name": f"L{i}",
                    "birth_date": now.date().replace(year=2012),
                }
                for i in ids
            ],
        )
        conn.execute(
            insert(Case),
            [
                {
                    "id": i,
                    "pupil_id": i,
                    "school_id": school_id,
                    "status": CaseStatus.OPEN,
                    "phase": Phase.FASE1,
                    "absence_type": "onbekend",
                    "version": 1,
                    "opened_at": now,
                    "opened_by_id": opener,
                }
                for i in ids
            ],
        )
        conn.execute(insert(CaseSchool), [{"case_id": i, "school_id": school_id, "since": now} for i in ids])
        instances, tasks = [], []
        for i in ids:
            is_due = i - offset <= due
            result = engine.start(bundle, {}, now=now, functions=functions) if is_due else idle_state
            ready = result.ready_tasks[0]
            # The idle ones wait far ahead: the sweep must not touch them.
            next_due = ready.due_at if is_due else ready.due_at + timedelta(days=3650)
            instances.append(
                {
                    "id": i,
                    "case_id": i,
                    "pupil_id": i,
                    "school_id": school_id,
                    "kind": InstanceKind.CASE,
                    "workflow_key": "timers_demo",
                    "workflow_version": bundle.version,
                    "state": result.state,
                    "status": InstanceStatus.RUNNING,
                    "version": 1,
                    "next_timer_due_at": next_due,
                    "timer_failures": 0,
                    "started_at": now,
                }
            )
            if is_due:
                tasks.append(
                    {
                        "case_id": i,
                        "pupil_id": i,
                        "instance_id": i,
                        "engine_task_id": ready.engine_task_id,
                        "bpmn_id": ready.bpmn_id,
                        "title": ready.title,
                        "lane": Lane.SCHOOL,
                        "school_id": school_id,
                        "status": TaskStatus.OPEN,
                        "created_at": now,
                        "due_at": ready.due_at,
                    }
                )
        conn.execute(insert(WorkflowInstance), instances)
        if tasks:
            conn.execute(insert(CaseTask), tasks)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("pupils", "cases", "case_schools", "workflow_instances", "case_tasks"):
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        db.session.commit()
        # A settled database, as a server's is: without this the autovacuum of the rows just
        # loaded (and the checkpoint writing them out) runs during the timed sweep, on the
        # same two cores.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
            conn.exec_driver_sql("CHECKPOINT")
    return idle_state.ready_tasks[0].due_at


def _cpu() -> float:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def bench_sweep(url_factory, open_cases: int, due: int, workers: int = 1) -> dict:
    from app.extensions import db
    from app.tasks.sweep import run_due_timers

    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-sweep-"))
    try:
        url = url_factory(tmp)
        app = _app(url, tmp)
        with app.app_context():
            t0 = time.perf_counter()
            due_at = _populate(open_cases, due)
            populate_s = time.perf_counter() - t0
            db.session.remove()
            load = os.getloadavg()[0]
            cpu, start = _cpu(), time.perf_counter()
            report = run_due_timers(due_at, workers=workers)
            sweep_s, cpu_s = time.perf_counter() - start, _cpu() - cpu
            start = time.perf_counter()
            again = run_due_timers(due_at)
            empty_s = time.perf_counter() - start
            assert report.instances == due and report.timers_fired == due, report
            assert again.instances == 0
            db.session.remove()
            db.engine.dispose()
        return {
            "open": open_cases,
            "due": due,
            "workers": workers,
            "sweep_s": round(sweep_s, 3),
            "cpu_s": round(cpu_s, 3),
            "ms_per_due_instance": round(sweep_s * 1000 / max(due, 1), 2),
            "empty_sweep_ms": round(empty_s * 1000, 2),
            "insert_s": round(populate_s, 1),
            "load": round(load, 1),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def engine_step_us(repeat: int = 300, rounds: int = 5) -> dict:
    """The engine's part of one due instance of the sweep, without a database: CPU µs
    of `engine.fire_timers` on the bench's state (timers_demo, its reminder due: what
    each due instance above costs the engine) and on a lived-in care path
    (workflows/zorgpad_case.bpmn after its plan, the evaluation's reminder due); the
    best of `rounds` rounds of `repeat` steps. The app and tests are the importer's."""
    from app.engine import runtime, specs
    from tests.unit.case_engine import FUNCTIONS, NOW, ROOT, Case, load_bundle

    xml = (ROOT / "tests" / "fixtures" / "bpmn" / "timers_demo.bpmn").read_text(encoding="utf-8")
    spec, subs = specs.parse("timers_demo", xml)
    demo = specs.SpecBundle("timers_demo", 1, spec, subs, specs.user_task_ids(spec, subs))
    started = runtime.start(demo, {}, now=NOW, functions=FUNCTIONS)
    lived_in = Case(load_bundle("zorgpad_case")).plan()
    shapes = {
        "timers_demo": (demo, started.state, started.ready_tasks[0].due_at),
        "zorgpad_case": (lived_in.bundle, lived_in.result.state, lived_in.result.next_timer_due_at),
    }
    found = {}
    for name, (bundle, state, due) in shapes.items():
        assert runtime.fire_timers(bundle, state, now=due, functions=FUNCTIONS).fired_timers
        samples = []
        for _ in range(rounds):
            start = time.process_time()
            for _ in range(repeat):
                runtime.fire_timers(bundle, state, now=due, functions=FUNCTIONS)
            samples.append((time.process_time() - start) * 1e6 / repeat)
        found[name] = round(min(samples), 1)
    return found


def engine_against(other_root: str, runs: int = 3) -> list[dict]:
    """`engine_step_us` on this checkout's app and on another's (e.g. main before a
    change to app/engine), in fresh processes taking turns on the same machine."""
    import json
    import subprocess
    import sys

    code = (
        f"import json, sys; sys.path[:0] = ['.', {str(ROOT / 'bench')!r}]; import sweep; "
        "print(json.dumps(sweep.engine_step_us()))"
    )
    rows = []
    for _ in range(runs):
        for root in (str(ROOT), other_root):
            load = round(os.getloadavg()[0], 1)
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
            )
            rows.append({"root": root, **json.loads(out.stdout), "load": load})
    return rows


# (open instances, due instances, worker processes)
SHAPES = [(10_000, 100, 1), (100_000, 100, 1), (100_000, 1_000, 1), (100_000, 1_000, 2)]


def run(pg_admin_url: str | None = None) -> dict:
    results = {
        "sqlite": [
            bench_sweep(lambda tmp: f"sqlite:///{tmp / 'sweep.sqlite3'}", n, d, w) for n, d, w in SHAPES
        ]
    }
    if pg_admin_url:
        import uuid

        from sqlalchemy import create_engine

        from app.config import normalise_database_url

        admin = create_engine(normalise_database_url(pg_admin_url), isolation_level="AUTOCOMMIT")
        rows = []
        for n, d, w in SHAPES:
            name = f"zorgpad_sweep_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = admin.url.set(database=name).render_as_string(hide_password=False)
                rows.append(bench_sweep(lambda _tmp, url=url: url, n, d, w))
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        results["postgresql"] = rows
    return results


if __name__ == "__main__":
    import json
    import os
    import sys

    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["--engine"]:  # python bench/sweep.py --engine [OTHER_CHECKOUT]
        other = sys.argv[2] if len(sys.argv) > 2 else None
        print(json.dumps(engine_against(other) if other else engine_step_us(), indent=2))
        sys.exit()
    pg = os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
    print(json.dumps(run(pg), indent=2))
