"""Many people at once, on PostgreSQL (SQLite reports these as skipped):

completions_per_second  50 concurrent clients on loopback complete the return plan of
                        as many freshly opened cases (bounded: COMPLETIONS tasks or
                        SECONDS seconds), through one `zorgpad serve`; p95 latency beside it.
two_servers_exactly_once  two `zorgpad serve` (own ports) and two `zorgpad scheduler`
                        processes on one database; the clients complete tasks on both
                        servers while the schedulers, their clock three weeks on, fire
                        the reminders and escalations of every case. 1 when: each server
                        took completions, every 200 left its task done with one
                        completion event, no task was completed twice, every timer that
                        came due fired exactly once (one reminder and one escalation per
                        untouched return plan, none twice anywhere), nothing left due.
"""

import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from results import figure, p95
from served import ZORGPAD, Client, HttpError, clock_env, server, server_env
from stock import example

CLIENTS = 50
COMPLETIONS = 600
SECONDS = 60
TWO_SERVER_CASES = 240
PLAIN = example("task_return_plan")


def log(message: str) -> None:
    print(f"  [load] {message}", file=sys.stderr, flush=True)


def _pool(work: list, call, clients: int, deadline: float | None = None) -> list:
    """Runs `call(client_index, item)` over `work` with `clients` threads; returns
    (item, result or exception, seconds) in the order they finished."""
    todo, done, lock = queue.Queue(), [], threading.Lock()
    for item in work:
        todo.put(item)

    def worker(index):
        while deadline is None or time.monotonic() < deadline:
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            start = time.perf_counter()
            try:
                result = call(index, item)
            except (HttpError, OSError) as error:
                result = error
            with lock:
                done.append((item, result, time.perf_counter() - start))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


def _open_cases(addresses: list, token: str, n: int, absence_type: str = "schoolweigering") -> list:
    """n cases opened over the servers in turn; returns (case id, return plan task id)."""
    clients = [Client(*addresses[i % len(addresses)], token=token) for i in range(20)]

    def open_one(index, number):
        api = clients[index]
        pupil = api.post(
            "/api/pupils",
            {
                "external_id": f"L-{number}-{time.monotonic_ns() % 10**9}",
                "first_name": "Last",
                "last_name": f"Leerling {number}",
                "birth_date": "2011-05-05",
            },
        )
        case = api.post(
            "/api/cases",
            {"pupil_id": pupil["id"], "absence_type": absence_type, "reason": "Bench: belasting"},
        )
        return case["id"], next(t["id"] for t in case["open_tasks"] if t["bpmn_id"] == "task_return_plan")

    done = _pool(list(range(n)), open_one, len(clients))
    for c in clients:
        c.close()
    failed = [r for _, r, _ in done if isinstance(r, Exception)]
    if failed:
        raise RuntimeError(f"{len(failed)} cases not opened: {failed[0]}")
    return [r for _, r, _ in done]


def _complete(addresses: list, token: str, tasks: list, seconds: float) -> tuple[list, float]:
    """The clients complete `tasks` (task ids), client i on server i mod n; returns
    (item, status or error, seconds, server index) and the wall time."""
    clients = [Client(*addresses[i % len(addresses)], token=token) for i in range(CLIENTS)]

    def complete(index, task_id):
        clients[index].post(f"/api/tasks/{task_id}/complete", {"data": PLAIN})
        return index % len(addresses)

    began = time.monotonic()
    done = _pool(tasks, complete, CLIENTS, deadline=began + seconds)
    wall = time.monotonic() - began
    for c in clients:
        c.close()
    return done, wall


def completions(env: dict) -> list:
    """completions_per_second on the database `env` serves (the region's 100k cases)."""
    with server(env) as (host, port, _pid):
        token = Client(host, port).login("zorg1").token
        log(f"opening {COMPLETIONS} cases")
        tasks = [task for _, task in _open_cases([(host, port)], token, COMPLETIONS)]
        log(f"{CLIENTS} clients completing")
        done, wall = _complete([(host, port)], token, tasks, SECONDS)
    ok = [s for _, r, s in done if not isinstance(r, Exception)]
    errors = [r for _, r, _ in done if isinstance(r, Exception)]
    latency = round(p95(ok) * 1000, 1) if ok else None
    return [
        figure(
            "completions_per_second",
            len(ok) / wall,
            "/s",
            ">= 200",
            extra={
                "p95_ms": latency,
                "p95_target": "< 250",
                "p95_met": latency is not None and latency < 250,
                "median_ms": round(statistics.median(ok) * 1000, 1) if ok else None,
                "completed": len(ok),
                "errors": len(errors),
                "first_error": str(errors[0])[:200] if errors else None,
                "clients": CLIENTS,
                "wall_s": round(wall, 1),
                "server": "zorgpad serve: 2 workers × 4 threads (gthread)",
            },
        )
    ]


def _scheduler(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [ZORGPAD, "scheduler"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _check(url: str, done: list, untouched: list, until) -> dict:
    """What the database says after the run."""
    from sqlalchemy import create_engine, func, select

    from app.config import normalise_database_url
    from app.models import CaseEvent, CaseTask, WorkflowInstance

    engine = create_engine(normalise_database_url(url))
    ok_tasks = [item for item, r, _ in done if not isinstance(r, Exception)]
    with engine.connect() as conn:
        per_task = conn.execute(
            select(CaseEvent.task_id, CaseEvent.kind, func.count())
            .where(CaseEvent.kind.in_(["task_completed", "reminder_sent", "escalated"]))
            .where(CaseEvent.task_id.is_not(None))
            .group_by(CaseEvent.task_id, CaseEvent.kind)
        ).all()
        status = dict(conn.execute(select(CaseTask.id, CaseTask.status)).all())
        left_due = conn.scalar(
            select(func.count())
            .select_from(WorkflowInstance)
            .where(WorkflowInstance.status == "running", WorkflowInstance.next_timer_due_at <= until)
        )
    engine.dispose()
    counts = {(task, kind): n for task, kind, n in per_task}
    return {
        "servers_used": sorted({r for _, r, _ in done if not isinstance(r, Exception)}),
        "completed_ok": len(ok_tasks),
        "lost": sum(
            1 for t in ok_tasks if status.get(t) != "completed" or counts.get((t, "task_completed")) != 1
        ),
        "doubled": sum(1 for n in counts.values() if n > 1),
        "untouched_not_reminded_once": sum(1 for t in untouched if counts.get((t, "reminder_sent")) != 1),
        "untouched_not_escalated_once": sum(1 for t in untouched if counts.get((t, "escalated")) != 1),
        "reminders": sum(n for (_, k), n in counts.items() if k == "reminder_sent"),
        "escalations": sum(n for (_, k), n in counts.items() if k == "escalated"),
        "left_due": left_due,
    }


def two_servers(url: str, now) -> list:
    """two_servers_exactly_once on a fresh database `url`."""
    env = server_env(url, now)
    for args in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([ZORGPAD, *args], env=env, check=True, capture_output=True, timeout=300)
    later = now + timedelta(days=60)  # past the plan's reminder and escalation (20 school days)
    sweeper_env = {**env, **clock_env(later), "ZORGPAD_SWEEP_SECONDS": "1"}
    with server(env) as a, server(env) as b:
        addresses = [a[:2], b[:2]]
        token = Client(*a[:2]).login("zorg1").token
        log(f"two servers: opening {TWO_SERVER_CASES} cases")
        opened = _open_cases(addresses, token, TWO_SERVER_CASES)
        worked, untouched = [t for _, t in opened[::2]], [t for _, t in opened[1::2]]
        schedulers = [_scheduler(sweeper_env), _scheduler(sweeper_env)]
        try:
            log("two servers: completing while two schedulers sweep")
            done, wall = _complete(addresses, token, worked, SECONDS * 2)
            deadline = time.monotonic() + 180
            while True:  # until the schedulers have nothing left that is due
                found = _check(url, done, untouched, later)
                if (found["left_due"] == 0 and not found["untouched_not_escalated_once"]) or (
                    time.monotonic() > deadline
                ):
                    break
                time.sleep(2)
        finally:
            for process in schedulers:
                _stop(process)
    found = _check(url, done, untouched, later)
    good = (
        len(found["servers_used"]) == 2
        and found["completed_ok"] == len(worked)
        and not found["lost"]
        and not found["doubled"]
        and not found["untouched_not_reminded_once"]
        and not found["untouched_not_escalated_once"]
        and found["left_due"] == 0
    )
    errors = [str(r)[:200] for _, r, _ in done if isinstance(r, Exception)]
    return [
        figure(
            "two_servers_exactly_once",
            1 if good else 0,
            "bool",
            "== 1",
            extra={
                **found,
                "errors": len(errors),
                "first_error": errors[0] if errors else None,
                "completions_per_second_two_servers": round(found["completed_ok"] / wall, 1),
                "cases": TWO_SERVER_CASES,
                "clients": CLIENTS,
            },
        )
    ]


if __name__ == "__main__":  # python bench/load.py: both figures on a fresh PostgreSQL database
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import served
    from region import NOW

    with served.database("postgresql") as url:
        print([f.as_json() for f in two_servers(url, NOW)])
