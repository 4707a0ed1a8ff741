"""The caseload at 100,000 cases: GET /api/cases's query (cases/caseload.py) timed
per filter and sort, for a school (half the cases) and its CLB (all of them).

Loaded in bulk on the demo: 100,000 pupils over the two schools of the first CLB,
one case each (a third in phase 2 with the CLB involved, a few closed), one running
main instance and one or two open tasks each (a tenth past their due date), and
300,000 B registrations. Each query is run 5 times after one warm-up; the median
is reported in milliseconds, with the query plan of the default page on PostgreSQL.

    python bench/caseload.py [--cases N] [--explain]    PostgreSQL (ZORGPAD_BENCH_POSTGRES_URL
                                                        or ZORGPAD_TEST_POSTGRES_URL), JSON on stdout
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHUNK = 5_000
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
QUERIES = {
    "default page": {},
    "page 40": {"page": 40},
    "phase=fase2": {"phase": "fase2"},
    "phase=fase2&overdue=true": {"phase": "fase2", "overdue": True},
    "signal_due=true": {"signal_due": True},
    "q=name": {"q": "peeters"},
    "q=number": {"q": "P-12345"},
    "phase=fase2&overdue=true&q=name": {"phase": "fase2", "overdue": True, "q": "peeters"},  # the region's
    "sort=name": {"sort": "name"},
    "sort=due": {"sort": "due"},
    "sort=b_count": {"sort": "b_count"},
}


def _database() -> str:
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    admin_url = os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ["ZORGPAD_TEST_POSTGRES_URL"]
    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"zorgpad_caseload_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url


def _drop(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _load(cases: int) -> None:  # noqa: PLR0914 - one loader, read top to bottom
    from sqlalchemy import insert, select, text

    from app.extensions import db
    from app.models import AbsenceRegistration, Case, CaseEvent, CaseSchool, CaseTask, Pupil, WorkflowInstance
    from app.services.demo import seed_demo

    schools = seed_demo()["school_ids"][:2]
    rng = random.Random(7)
    names = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters"]
    conn = db.session.connection()
    first = (db.session.scalar(select(Pupil.id).order_by(Pupil.id.desc()).limit(1)) or 0) + 1
    task_id = 1
    for start in range(0, cases, CHUNK):
        numbers = range(start, min(start + CHUNK, cases))
        pupils, rows, periods, instances, tasks, events, regs = [], [], [], [], [], [], []
        for n in numbers:
            pid, school = first + n, schools[n % 2]
            pupils.append(
                {
                    "id": pid,
                    "school_id": school,
                    "external_id": f"P-{n}",
                    "first_name": f"Leerling{n}",
                    "last_name": rng.choice(names),
                    "birth_date": date(2008 + n % 10, 1 + n % 12, 1 + n % 28),
                    "class_name": f"{1 + n % 6}{'ABC'[n % 3]}",
                }
            )
            phase2 = n % 3 == 0
            opened = NOW - timedelta(days=1 + n % 300, minutes=n % 997)
            rows.append(
                {
                    "id": pid,
                    "pupil_id": pid,
                    "school_id": school,
                    "status": "closed" if n % 50 == 0 else "open",
                    "phase": "fase2" if phase2 else "fase1",
                    "absence_type": "spijbelen",
                    "track": "care",
                    "version": 1,
                    "opened_at": opened,
                    "clb_since": opened if phase2 else None,
                }
            )
            periods.append({"case_id": pid, "school_id": school, "since": opened})
            instances.append(
                {
                    "id": pid,
                    "case_id": pid,
                    "pupil_id": pid,
                    "school_id": school,
                    "kind": "case",
                    "workflow_key": "zorgpad_case",
                    "workflow_version": 1,
                    "state": "{}",
                    "status": "running",
                    "version": 1,
                    "timer_failures": 0,
                    "started_at": opened,
                }
            )
            late = n % 10 == 0
            due = NOW + timedelta(days=-3 if late else 1 + n % 20)
            # The kept earliest due dates (app/storage/case_due.py), as the steps would leave them.
            rows[-1].update(next_due_at=due, school_next_due_at=due)
            for lane in ("school", "clb") if phase2 else ("school",):
                tasks.append(
                    {
                        "id": task_id,
                        "case_id": pid,
                        "pupil_id": pid,
                        "instance_id": pid,
                        "engine_task_id": str(uuid.UUID(int=task_id)),
                        "bpmn_id": "task_action_plan",
                        "title": "Begeleidingsplan opstellen",
                        "lane": lane,
                        "school_id": school,
                        "status": "open",
                        "created_at": opened,
                        "due_at": due,
                    }
                )
                task_id += 1
            if phase2:
                events.append(
                    {
                        "case_id": pid,
                        "pupil_id": pid,
                        "school_id": school,
                        "at": opened,
                        "kind": "clb_involved",
                        "what": "clb",
                        "new_value": "referral",
                        "visibility": "shared",
                    }
                )
            for k in range(3):
                regs.append(
                    {
                        "pupil_id": pid,
                        "school_id": school,
                        "day": date(2026, 10, 1) + timedelta(days=k + n % 20),
                        "half_day": "am",
                        "code": "B",
                        "original_code": "B",
                        "updated_at": NOW,
                    }
                )
        conn.execute(insert(Pupil), pupils)
        conn.execute(insert(Case), rows)
        conn.execute(insert(CaseSchool), periods)
        conn.execute(insert(WorkflowInstance), instances)
        conn.execute(insert(CaseTask), tasks)
        conn.execute(insert(CaseEvent), events)
        conn.execute(insert(AbsenceRegistration), regs)
    db.session.commit()
    from app.services.consistency import due_date_drift

    assert not due_date_drift(), "the loaded cases' kept due dates differ from their tasks'"
    for table in ("pupils", "cases", "case_schools", "case_tasks", "case_events", "absence_registrations"):
        db.session.execute(text(f"ANALYZE {table}"))
    db.session.commit()


def _time(actor, args: dict, repeat: int = 5) -> float:
    from app.extensions import db
    from app.services.cases.caseload import CaseFilters, list_caseload

    page, sort = args.pop("page", 1), args.pop("sort", "opened")
    filters = CaseFilters(**args)
    samples = []
    for _ in range(repeat + 1):
        db.session.expire_all()
        began = time.perf_counter()
        list_caseload(actor, filters, sort=sort, page=page, per_page=25)
        samples.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(samples[1:]), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from app import create_app
    from app.clock import FixedClock
    from app.extensions import db
    from app.models import User
    from app.services.access import Actor
    from app.services.cases.caseload import CaseFilters, Scope, filtered, ordered

    url = _database()
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_MODE": True})
        app.extensions["zorgpad.clock"] = FixedClock(NOW)
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            _load(options.cases)
            loaded = round(time.perf_counter() - began, 1)
            result = {"cases": options.cases, "load_s": loaded, "ms": {}}
            for who in ("zorg1", "clb1"):
                actor = Actor.of(db.session.scalar(select(User).where(User.username == who)))
                result["ms"][who] = {name: _time(actor, dict(args)) for name, args in QUERIES.items()}
            if options.explain:
                actor = Actor.of(db.session.scalar(select(User).where(User.username == "clb1")))
                for name in ("default page", "phase=fase2&overdue=true&q=name", "sort=due"):
                    args = dict(QUERIES[name])
                    sort = args.pop("sort", "opened")
                    scope = Scope.of(actor)
                    narrow, registered = filtered(
                        actor, scope, CaseFilters(**args), NOW, NOW.date(), b_counts=sort == "b_count"
                    )
                    query = ordered(narrow, registered, scope, sort, NOW.date()).limit(25)
                    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
                    plan = db.session.execute(text("EXPLAIN ANALYZE " + sql)).scalars().all()
                    print(f"-- {name}\n" + "\n".join(plan), file=sys.stderr)
        print(json.dumps(result))
    finally:
        _drop(url)


if __name__ == "__main__":
    main()
