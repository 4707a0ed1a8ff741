"""A CLB region's Monday morning, on one database with 100,000 cases (bench/caseload.py's
bulk load), served by `zorgpad serve` (gunicorn, 2 workers × 4 threads) on loopback:

  service_step_ratio   POST /api/tasks/{id}/complete of the return plan (a plain user task
                       of the main process) over the stock SpiffWorkflow step of the same
                       task (bench/stock.py); interleaved, the ratio of each round's medians.
  document_step_ratio  the same POST of the begeleidingsplan (its service task makes the
                       document) over the plain return plan, interleaved.
  history_ratio        a step (phase-1 evaluation, then the monitoring review) on a lived-in
                       case (300 registrations, 30 episodes, 100+ completed tasks, 50 journal
                       entries) over the same steps on a fresh case, interleaved.
  task_list_p95_ms     GET /api/tasks?scope=group and the Mijn taken page (/taken), the worse.
  caseload_p95_ms      GET /api/cases?phase=fase2&overdue=true&q=peeters.
  case_page_p95_ms     the web page of the lived-in case (/dossiers/<id>).
"""

import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

from results import figure, p95, ratio
from served import Client, server, server_env, timed
from stock import example, main_process_step

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # caseload.py's Tuesday
CASES = 100_000
ROUNDS, PER_ROUND = 12, 3
LIST_SAMPLES = 40
PAST_PLAN = {"plan_date": "2026-09-07", "evaluation_date": "2026-09-11"}
MONITOR = {"decision": "monitor", "evaluation_date": "2026-09-11", "monitoring_until": "2026-09-18"}


def log(message: str) -> None:
    print(f"  [region] {message}", file=sys.stderr, flush=True)


def seed(url: str, cases: int) -> float:
    """Migrate, seed the demo and bulk-load `cases` cases; returns the seconds it took."""
    import caseload
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.clock import FixedClock
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DEMO_MODE": True})
    app.extensions["zorgpad.clock"] = FixedClock(NOW)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        caseload._load(cases)
        if db.engine.dialect.name == "postgresql":
            for table in ("pupils", "cases", "workflow_instances", "case_tasks"):
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
            db.session.commit()
            with db.engine.connect() as conn:  # a settled database (bench/sweep.py)
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
                conn.exec_driver_sql("CHECKPOINT")
        seconds = time.perf_counter() - began
        db.engine.dispose()
    return seconds


class Cases:
    """Opens cases through the served API as the school's coordinator (zorg1)."""

    def __init__(self, api: Client):
        self.api, self.count = api, 0

    def open(self, absence_type: str) -> dict:
        self.count += 1
        pupil = self.api.post(
            "/api/pupils",
            {
                "external_id": f"R-{self.count}-{time.monotonic_ns() % 10**9}",
                "first_name": "Regio",
                "last_name": f"Leerling {self.count}",
                "birth_date": "2011-05-05",
            },
        )
        return self.api.post(
            "/api/cases",
            {"pupil_id": pupil["id"], "absence_type": absence_type, "reason": "Bench: knipperlicht"},
        )

    def task(self, case: dict, bpmn_id: str) -> int:
        return next(t["id"] for t in case["open_tasks"] if t["bpmn_id"] == bpmn_id)

    def complete(self, case: dict, bpmn_id: str, data: dict) -> dict:
        return self.api.post(f"/api/tasks/{self.task(case, bpmn_id)}/complete", {"data": data})

    def documents_made(self, case: dict, within_s: float = 10.0) -> None:
        """Until the case's documents are rendered (after the step's commit, on the
        server's worker thread): the next timed step does not share the CPU with them."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            items = self.api.get(f"/api/cases/{case['id']}/documents")["items"]
            if all(d["status"] != "preparing" for d in items):
                return
            time.sleep(0.01)

    def monitoring(self) -> dict:
        """A spijbelen case whose plan's dates are past: its phase-1 evaluation is open."""
        case = self.open("spijbelen")
        return self.complete(case, "task_action_plan", example("task_action_plan", **PAST_PLAN))

    def cycle(self, case: dict, times: list | None = None) -> dict:
        """Evaluation (keep monitoring) and the review after it: two completed tasks."""
        for bpmn_id, data in (
            ("task_phase1_evaluation", example("task_phase1_evaluation", **MONITOR)),
            ("task_monitoring_review", example("task_monitoring_review")),
        ):
            start = time.perf_counter()
            case = self.complete(case, bpmn_id, data)
            if times is not None:
                times.append(time.perf_counter() - start)
        return case


def lived_in(cases: Cases, url: str) -> dict:
    """A case that lived a school year: 100+ completed tasks, 50 journal entries, and the
    pupil's 300 registrations (mostly Z, R, P) and 30 absence episodes."""
    case = cases.monitoring()
    for _ in range(50):
        case = cases.cycle(case)
    for i in range(50):
        cases.api.post(
            f"/api/cases/{case['id']}/journal",
            {
                "kind": "contact_attempt",
                "channel": "phone",
                "occurred_at": (NOW - timedelta(days=80 - i)).isoformat(),
                "text": f"Poging {i}: moeder gebeld, afspraak gemaakt.",
                "outcome": "Bereikt",
            },
        )
    _absences(url, case)
    return case


def _absences(url: str, case: dict) -> None:
    from sqlalchemy import create_engine, insert

    from app.config import normalise_database_url
    from app.models import AbsenceEpisode, AbsenceRegistration

    regs, episodes, day = [], [], date(2026, 9, 1)
    while len(regs) < 300:
        if day.weekday() < 5:
            for half in ("am", "pm"):
                # Four B half-days: one under the signal floor, so "keep monitoring" stays open.
                code = "B" if len(regs) < 4 else "ZRPZ"[len(regs) % 4]
                regs.append(
                    {
                        "pupil_id": case["pupil"]["id"] if "pupil" in case else case["pupil_id"],
                        "school_id": case["school_id"],
                        "day": day,
                        "half_day": half,
                        "code": code,
                        "original_code": code,
                        "updated_at": NOW,
                    }
                )
        day += timedelta(days=1)
    for i in range(30):
        first = regs[i * 10]["day"]
        episodes.append(
            {
                "pupil_id": regs[0]["pupil_id"],
                "school_id": case["school_id"],
                "school_year": "2026-2027",
                "first_day": first,
                "first_half_day": "am",
                "last_day": first,
                "last_half_day": "pm",
                "b_half_days": 2,
                "created_at": NOW,
                "updated_at": NOW,
                "case_id": case["id"],
            }
        )
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as conn:
        conn.execute(insert(AbsenceRegistration), regs)
        conn.execute(insert(AbsenceEpisode), episodes)
    engine.dispose()


def steps(cases: Cases) -> list:
    """service_step_ratio and document_step_ratio, from one interleaved loop."""
    stock = main_process_step("task_return_plan", "schoolweigering")
    plain_data = example("task_return_plan")
    document_data = example("task_action_plan")
    opened = [
        [(cases.open("schoolweigering"), cases.open("spijbelen")) for _ in range(PER_ROUND)]
        for _ in range(ROUNDS)
    ]
    stocks, plains, documents = [], [], []
    for batch in opened:
        s, p, d = [], [], []
        for plain, with_document in batch:
            s.append(stock.once())
            p.append(timed(lambda c=plain: cases.complete(c, "task_return_plan", plain_data)))
            s.append(stock.once())
            d.append(timed(lambda c=with_document: cases.complete(c, "task_action_plan", document_data)))
            cases.documents_made(with_document)  # untimed: each figure charges its own request
        stocks.append(s)
        plains.append(p)
        documents.append(d)
    service, service_spread = ratio(plains, stocks)
    document, document_spread = ratio(documents, plains)
    ms = lambda rounds: round(statistics.median(x for r in rounds for x in r) * 1000, 2)  # noqa: E731
    return [
        figure(
            "service_step_ratio",
            service,
            "×",
            "<= 1.25",
            spread=service_spread,
            extra={
                "http_ms": ms(plains),
                "stock_ms": ms(stocks),
                "stock_state_bytes": stock.state_bytes,
                "rounds": ROUNDS,
            },
        ),
        figure(
            "document_step_ratio",
            document,
            "×",
            "<= 1.5",
            spread=document_spread,
            extra={"document_step_ms": ms(documents), "plain_step_ms": ms(plains), "rounds": ROUNDS},
        ),
    ]


def history(cases: Cases, lived: dict):
    fresh_cases = [cases.monitoring() for _ in range(ROUNDS)]
    old, new = [], []
    for fresh in fresh_cases:
        a, b = [], []
        for _ in range(2):
            lived = cases.cycle(lived, a)
            fresh = cases.cycle(fresh, b)
        old.append(a)
        new.append(b)
    value, spread = ratio(old, new)
    ms = lambda rounds: round(statistics.median(x for r in rounds for x in r) * 1000, 2)  # noqa: E731
    return (
        figure(
            "history_ratio",
            value,
            "×",
            "<= 1.3",
            spread=spread,
            extra={"lived_in_ms": ms(old), "fresh_ms": ms(new), "rounds": ROUNDS},
        ),
        lived,
    )


def lists(host: str, port: int, lived: dict) -> list:
    api = Client(host, port).login("zorg1")
    web = Client(host, port).web_login("zorg1")
    calls = {
        "api_tasks": lambda: api.get("/api/tasks?scope=group"),
        "web_tasks": lambda: web.page("/taken"),
        "caseload": lambda: api.get("/api/cases?phase=fase2&overdue=true&q=peeters"),
        "case_page": lambda: web.page(f"/dossiers/{lived['id']}"),
    }
    samples = {name: [] for name in calls}
    for n in range(LIST_SAMPLES + 3):  # round robin; the first three rounds warm up
        for name, call in calls.items():
            took = timed(call) * 1000
            if n >= 3:
                samples[name].append(took)
    got = {name: round(p95(values), 1) for name, values in samples.items()}
    medians = {f"{name}_median_ms": round(statistics.median(v), 1) for name, v in samples.items()}
    api.close()
    web.close()
    return [
        figure(
            "task_list_p95_ms",
            max(got["api_tasks"], got["web_tasks"]),
            "ms",
            "< 50",
            extra={"api_p95_ms": got["api_tasks"], "web_p95_ms": got["web_tasks"], **medians},
        ),
        figure("caseload_p95_ms", got["caseload"], "ms", "< 50"),
        figure("case_page_p95_ms", got["case_page"], "ms", "< 100"),
    ]


def run(url: str, cases: int = CASES, load_step=None) -> list:
    """All of the above on `url`; `load_step(env)`, when given, runs on the same database
    afterwards with the server's environment (completions_per_second)."""
    log(f"seeding {cases:,} cases")
    seeded = seed(url, cases)
    log(f"seeded in {seeded:.0f} s; serving")
    env = server_env(url, NOW)
    with server(env) as (host, port, _pid):
        cases_api = Cases(Client(host, port).login("zorg1"))
        lived = lived_in(cases_api, url)
        log("lived-in case ready; steps")
        figures = steps(cases_api)
        log("history")
        history_figure, lived = history(cases_api, lived)
        figures.append(history_figure)
        log("lists")
        figures += lists(host, port, lived)
        cases_api.api.close()
    for f in figures:
        f.extra.setdefault("seed_s", round(seeded, 1))
    if load_step:
        figures += load_step(env)
    return figures
