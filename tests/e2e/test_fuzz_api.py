"""Issue 23, "prove it": schemathesis against the served API, in `make test`.

`zorgpad serve` on each database (tests/e2e/served.py) with the demo, two cases (one
referred to the CLB), a meeting and documents, so that the ids are real: the spec has
no links, so each path parameter is one of these ids, the user's own (schemathesis's
`[parameters]`); the bodies and queries are generated. Every operation but the logout
(it would end the token mid-run), as a school user (zorg1) and a CLB user (clb1):
zero 5xx, every answer as the spec says (all checks but `positive_data_acceptance`:
it counts a 422 for a request the spec allows, while rules the spec cannot express,
an unknown pupil or a form's own fields, rightly refuse it). Bounded (EXAMPLES per
operation and phase, a fixed seed) to stay within about two minutes per database on
two cores; `make fuzz` (bench/fuzz_api.py) runs it longer.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.calendar.school_days import add_school_days
from tests.e2e.served import Api, postgres_database, serve, served_today
from tests.walk import FORMS, REFERRAL, example

ST = str(Path(sys.executable).with_name("st"))
PG_URL = os.environ.get("ZORGPAD_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("ZORGPAD_REQUIRE_POSTGRES") == "1"
EXAMPLES = int(os.environ.get("ZORGPAD_FUZZ_EXAMPLES", "5"))
SEED = 23
# The login is fuzzed too: its throttle would soon refuse every address of this machine.
SERVER = {
    "ZORGPAD_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
    "ZORGPAD_LOGIN_MAX_FAILURES_PER_USER": "1000000",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed(request, tmp_path_factory):
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
        with serve(f"sqlite:///{path}", SERVER) as base:
            yield base, _objects(base)
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ZORGPAD_REQUIRE_POSTGRES=1 but ZORGPAD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ZORGPAD_TEST_POSTGRES_URL")
    with postgres_database(PG_URL) as url, serve(url, SERVER) as base:
        yield base, _objects(base)


def _objects(base: str) -> dict[str, dict]:
    """The ids each user's run uses. The school's: a case opened by hand, its first
    task, a meeting, a document. The CLB's: another pupil's case, planned, evaluated now
    and referred, with the CLB's acceptance waiting (the CLB sees a case from then on)."""
    zorg = Api(base, "zorg1")
    pupils = {p["last_name"]: p["id"] for p in zorg.call("GET", "/api/pupils?per_page=100")["items"]}
    school, referred = (_open(zorg, pupils[name]) for name in ("Peeters", "Janssens"))
    today = served_today(base)
    plan = _dated("task_action_plan", today)
    plan["actions"] = [dict(a, deadline=add_school_days(today, 5).isoformat()) for a in plan["actions"]]
    zorg.complete(referred["id"], "task_action_plan", plan)
    zorg.call("POST", f"/api/cases/{referred['id']}/messages", {"name": "evaluate_now", "data": {}})
    zorg.complete(
        referred["id"], "task_phase1_evaluation", _dated("task_phase1_evaluation", today, **REFERRAL)
    )
    school_id = school["school_id"]
    meeting = zorg.call("POST", f"/api/schools/{school_id}/meetings", {})
    common = {
        "school_id": school_id,
        "clb_id": 1,
        "meeting_id": meeting["id"],
        "notice_id": 1,
        "incident_id": 1,
    }
    ids = {}
    for username, case in (("zorg1", school), ("clb1", referred)):
        document = zorg.call(
            "POST", f"/api/cases/{case['id']}/documents", {"template": "dossier_maatregelen"}
        )
        user = Api(base, username)
        tasks = user.call("GET", f"/api/tasks?scope=all&case_id={case['id']}&per_page=100")["items"]
        notifications = user.call("GET", "/api/notifications")["items"]
        ids[username] = common | {
            "pupil_id": case["pupil_id"],
            "case_id": case["id"],
            "task_id": tasks[0]["id"],
            "document_id": document["id"],
            "notification_id": notifications[0]["id"] if notifications else 1,
        }
    return ids


def _open(user: Api, pupil_id: int) -> dict:
    body = {"pupil_id": pupil_id, "absence_type": "spijbelen", "reason": "Fuzzing: een dossier met ids."}
    return user.call("POST", "/api/cases", body | {"first_absence_on": "2026-11-23"})


def _dated(task_id: str, today: date, **changes) -> dict:
    """The form's example with every date today, and an evaluation later (as
    tests/e2e/test_web_case_partners.py)."""
    schema = json.loads((FORMS / f"{task_id}.schema.json").read_text(encoding="utf-8"))
    data = example(task_id)
    for name, spec in schema["properties"].items():
        if name in data and spec.get("format") == "date":
            data[name] = today.isoformat()
    if "evaluation_date" in data and task_id != "task_phase1_evaluation":
        data["evaluation_date"] = add_school_days(today, 15).isoformat()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _config(folder: Path, ids: dict) -> Path:
    lines = ["[parameters]"]
    lines += [f'"path.{name}" = {value}' for name, value in ids.items()]
    lines += ['"path.name" = "reminder"', ""]
    lines += [
        "[[operations]]",
        'include-path = "/api/clbs/{clb_id}/deadlines/{name}"',
        'parameters = { "path.name" = "clb_reminder" }',
    ]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The coverage phase (each field's boundaries and wrong types, ~3,000 requests whatever
# the examples) as the school user; the CLB user the examples, the generated cases and
# the stateful phase: the same checks at half the time.
PHASES = {"zorg1": "examples,coverage,fuzzing,stateful", "clb1": "examples,fuzzing,stateful"}


@pytest.mark.parametrize("username", list(PHASES))
def test_the_api_answers_as_its_spec_says(fuzzed, username, tmp_path):
    base, ids = fuzzed
    token = Api(base, username).token
    config = _config(tmp_path, ids[username])
    done = subprocess.run(
        [
            ST,
            "--config-file",
            str(config),
            "run",
            f"{base}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--exclude-path",
            "/api/auth/logout",
            "--phases",
            PHASES[username],
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "2",
            *os.environ.get("ZORGPAD_FUZZ_ARGS", "").split(),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-20000:]
    print(report[report.find("Test cases:") :])  # what was sent (pytest -rP shows it)
