"""make bench-steps: a task completion over HTTP against the bare engine step (the detail
behind make bench's service_step_ratio; bench/suite.py is make bench).

Figures (median of repeated runs, milliseconds):
  bare      SpiffWorkflow alone: restore with its default serializer (spec
            included), complete one user task, run engine steps, serialize.
  engine    the same through app.engine (specless state, cached spec).
  http      POST /api/tasks/{id}/complete through Flask, with auth, form
            validation, task index, events, one commit: per backend, with the
            SQL statements and commits it took.
  history   the http step after N monitor cycles on one case, to show that a
            step's cost does not grow much with the case's history.
  timer_sweep  bench/sweep.py: one sweep over 10k/100k open instances with 100
            or 1000 of them due (it grows with the due ones, not the open ones),
            in one process and in two forked workers; with the CPU it took
            and the machine's load when it ran.
  documents  bench/documents.py: per template, building the context, rendering
            the .docx, the POST that makes one, a PDF (LibreOffice).
  roster    bench/roster.py: a 2,000-pupil roster with contacts through the API:
            first import, the same again, one pupil in ten changed (target < 10 s).
Set ZORGPAD_BENCH_POSTGRES_URL (or ZORGPAD_TEST_POSTGRES_URL) for PostgreSQL.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ZORGPAD_DEMO_MODE", "1")

from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.parser import BpmnParser  # noqa: E402
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment  # noqa: E402
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402

from app import create_app  # noqa: E402
from app.calendar.deadlines import DEADLINES  # noqa: E402
from app.calendar.school_days import add_school_days  # noqa: E402
from app.engine import as_moment, runtime, specs  # noqa: E402
from app.engine.effects import SCRIPT_FUNCTIONS  # noqa: E402
from app.engine.specs import SpecBundle, user_task_ids  # noqa: E402
from app.extensions import db  # noqa: E402

FORMS = ROOT / "forms"
BPMN = ROOT / "workflows" / "zorgpad_case.bpmn"
# What the service hands the engine at the start of a case.
FACTS = {
    "absence_type": "spijbelen",
    "b_count": 0,
    "compulsory": True,
    "clb_involved": False,
    "formal_plan": False,
    "resume_phase": None,
}
# What the case's timer expressions call (app/services/school_days.script_functions), with the defaults.
FUNCTIONS = {
    "add_school_days": lambda start, n: add_school_days(as_moment(start).date(), n),
    "deadline": lambda name: DEADLINES[name].default,
}
# A plan and a monitoring period whose dates have passed: the path's waits end at once.
PAST = {
    "plan": {"plan_date": "2026-01-05", "signed_on": "2026-01-05", "evaluation_date": "2026-01-09"},
    "monitor": {"evaluation_date": "2026-01-09", "monitoring_until": "2026-01-16"},
}


def example(task_id: str, **overrides) -> dict:
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    return {**schema["examples"][0], **overrides}


def median_ms(samples):
    return round(statistics.median(samples) * 1000, 3)


def linear_bpmn(n_tasks: int) -> str:
    """A start event, n user tasks and an end event, in sequence."""
    nodes = ['<bpmn:startEvent id="start"/>']
    flows, previous = [], "start"
    for i in range(n_tasks):
        nodes.append(f'<bpmn:userTask id="t{i}" name="Taak {i}"/>')
        flows.append(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{previous}" targetRef="t{i}"/>')
        previous = f"t{i}"
    nodes.append('<bpmn:endEvent id="end"/>')
    flows.append(f'<bpmn:sequenceFlow id="fend" sourceRef="{previous}" targetRef="end"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
        'targetNamespace="bench"><bpmn:process id="linear" isExecutable="true">'
        + "".join(nodes + flows)
        + "</bpmn:process></bpmn:definitions>"
    )


def bench_bare(xml: str, key: str, repeat: int = 200) -> float:
    # Bare Spiff has no service for our document steps (and cannot serialize its
    # ServiceTask spec): there they are plain tasks, which pass straight through.
    xml = xml.replace("<serviceTask ", "<task ").replace("</serviceTask>", "</task>")
    parser = BpmnParser()
    parser.add_bpmn_str(xml.encode("utf-8"))
    spec, subs = parser.get_spec(key), parser.get_subprocess_specs(key)
    serializer = BpmnWorkflowSerializer()
    # Spiff's own unrestricted environment; the functions our BPMN calls are no-ops,
    # its timers (Spiff's own, on datetime.now()) get a date a year ahead.
    ahead = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    engine = PythonScriptEngine(
        environment=TaskDataEnvironment(
            {
                **{name: (lambda *a, **k: None) for name in SCRIPT_FUNCTIONS},
                "add_school_days": lambda *a: ahead,
                "deadline": lambda name: 0,
                "timer_start": ahead,
            }
        )
    )
    workflow = BpmnWorkflow(spec, subs, script_engine=engine)
    workflow.task_tree.data.update(FACTS)
    workflow.do_engine_steps()
    state = serializer.serialize_json(workflow)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        wf = serializer.deserialize_json(state)
        wf.script_engine = engine
        task = wf.get_tasks(state=TaskState.READY, manual=True)[0]
        task.data.update({"absence_type": "spijbelen", "decision": "monitor", "evaluation_date": ahead})
        task.run()
        wf.do_engine_steps()
        serializer.serialize_json(wf)
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


def bench_engine(repeat: int = 200) -> float:
    spec, subs = specs.parse("zorgpad_case", BPMN.read_text(encoding="utf-8"))
    bundle = SpecBundle("zorgpad_case", 1, spec, subs, user_task_ids(spec, subs))
    now = datetime.now(UTC)
    first = runtime.start(bundle, FACTS, now=now, functions=FUNCTIONS)
    task_id = first.ready_tasks[0].engine_task_id  # the spijbelactieplan
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        runtime.complete_task(
            bundle, first.state, task_id, example("task_action_plan") | FACTS, now=now, functions=FUNCTIONS
        )
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


class Counter:
    def __init__(self, engine):
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *args):
        self.statements += 1

    def _commit(self, *args):
        self.commits += 1


def bench_http(url: str, n_cases: int = 60, cycles=(0, 10, 50, 100)) -> dict:
    from flask_migrate import upgrade

    from app.services.demo import seed_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        seed_demo()
        counter = Counter(db.engine)
    client = app.test_client()
    token = client.post("/api/auth/login", json={"username": "zorg1", "password": "demo"}).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    pupil_ids = []
    for i in range(n_cases):
        pupil = client.post(
            "/api/pupils",
            headers=auth,
            json={
                "external_id": f"B-{i}",
                "first_name": "Bench",
                "last_name": f"Leerling {i}",
                "birth_date": "2011-05-05",
            },
        ).get_json()
        pupil_ids.append(pupil["id"])

    def open_task(case_body, bpmn_id):
        return next(t["id"] for t in case_body["open_tasks"] if t["bpmn_id"] == bpmn_id)

    samples, statements, commits = [], [], []
    for pupil_id in pupil_ids:
        case = client.post("/api/cases", headers=auth, json={"pupil_id": pupil_id}).get_json()
        task_id = open_task(case, "task_absence_contact_parents")  # a short process of its own
        body = {"data": example("task_absence_contact_parents")}
        s0, c0 = counter.statements, counter.commits
        start = time.perf_counter()
        response = client.post(f"/api/tasks/{task_id}/complete", headers=auth, json=body)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.get_json()
        statements.append(counter.statements - s0)
        commits.append(counter.commits - c0)

    # History: one case that loops through monitoring many times.
    pupil = client.post(
        "/api/pupils",
        headers=auth,
        json={
            "external_id": "B-hist",
            "first_name": "Bench",
            "last_name": "Historie",
            "birth_date": "2011-05-05",
        },
    ).get_json()
    case = client.post(
        "/api/cases", headers=auth, json={"pupil_id": pupil["id"], "absence_type": "spijbelen"}
    ).get_json()
    case = client.post(
        f"/api/tasks/{open_task(case, 'task_action_plan')}/complete",
        headers=auth,
        json={"data": example("task_action_plan", **PAST["plan"])},
    ).get_json()
    history, done = {}, 0
    decision = example("task_phase1_evaluation", decision="monitor", **PAST["monitor"])
    review = example("task_monitoring_review")
    for target in cycles:
        while done < target:
            case = client.post(
                f"/api/tasks/{open_task(case, 'task_phase1_evaluation')}/complete",
                headers=auth,
                json={"data": decision},
            ).get_json()
            case = client.post(
                f"/api/tasks/{open_task(case, 'task_monitoring_review')}/complete",
                headers=auth,
                json={"data": review},
            ).get_json()
            done += 1
        timings = []
        for _ in range(5):  # decision + review, timed as two steps
            for bpmn_id, data in (("task_phase1_evaluation", decision), ("task_monitoring_review", review)):
                start = time.perf_counter()
                case = client.post(
                    f"/api/tasks/{open_task(case, bpmn_id)}/complete", headers=auth, json={"data": data}
                ).get_json()
                timings.append(time.perf_counter() - start)
            done += 1
        history[target] = median_ms(timings)
    with app.app_context():
        state_size = db.session.execute(
            text("SELECT length(state) FROM workflow_instances WHERE case_id = :id AND kind = 'case'"),
            {"id": case["id"]},
        ).scalar()
        db.engine.dispose()
    return {
        "complete_ms": median_ms(samples),
        "p90_ms": round(sorted(samples)[int(len(samples) * 0.9)] * 1000, 3),
        "statements": statistics.median(statements),
        "commits": statistics.median(commits),
        "history_ms_by_cycles": history,
        "state_bytes_after_history": state_size,
    }


def main():
    results = {
        "bare_engine_13_node_ms": bench_bare(linear_bpmn(11), "linear"),
        "bare_engine_zorgpad_case_ms": bench_bare(BPMN.read_text(encoding="utf-8"), "zorgpad_case"),
        "zorgpad_engine_layer_ms": bench_engine(),
    }
    tmp = Path(tempfile.mkdtemp(prefix="zorgpad-bench-"))
    try:
        results["http_sqlite"] = bench_http(f"sqlite:///{tmp / 'bench.sqlite3'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pg = os.environ.get("ZORGPAD_BENCH_POSTGRES_URL") or os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
    if pg:
        from app.config import normalise_database_url

        admin = create_engine(normalise_database_url(pg), isolation_level="AUTOCOMMIT")
        name = f"zorgpad_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = admin.url.set(database=name).render_as_string(hide_password=False)
            results["http_postgresql"] = bench_http(url)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    import sweep  # bench/sweep.py: the timer sweep by open and due instances

    results["timer_sweep"] = sweep.run(pg)
    import documents  # bench/documents.py: context, rendering and PDF per template

    results["documents"] = documents.run()
    import roster  # bench/roster.py: a school's pupil roster with contacts

    results["roster"] = roster.run(pg)
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "steps.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
