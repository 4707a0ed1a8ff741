"""Issue 23, "prove it": schemathesis against the served API, in `make test`.

`zorgpad serve` on each database (tests/e2e/served.py) with the demo and a case, a
meeting and a document, so that the ids are real: the spec has no links, so each path
parameter is one of these ids (schemathesis's `[parameters]`); the bodies and queries
are generated. Every operation but the logout (it would end the token mid-run), as a
school user (zorg1) and a CLB user (clb1): zero 5xx, every answer as the spec says
(all checks but `positive_data_acceptance`: it counts a 422 for a request the spec
allows, while rules the spec cannot express — an unknown pupil, a form's own fields —
rightly refuse it). Bounded (EXAMPLES per operation and phase, a fixed seed) to stay
within about two minutes per database on two cores; `make fuzz` (bench/fuzz_api.py)
runs it longer.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.served import Api, postgres_database, serve

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


def _objects(base: str) -> dict:
    """A case (opened by hand), its tasks, a meeting with a decision that signals another
    pupil to the CLB, a document: the ids the fuzzing uses."""
    zorg = Api(base, "zorg1")
    pupils = zorg.call("GET", "/api/pupils?per_page=100")["items"]
    case = zorg.call(
        "POST",
        "/api/cases",
        {
            "pupil_id": pupils[0]["id"],
            "absence_type": "spijbelen",
            "reason": "Fuzzing: een dossier zodat de ids bestaan.",
            "first_absence_on": "2026-11-23",
        },
    )
    school_id = case["school_id"]
    meeting = zorg.call("POST", f"/api/schools/{school_id}/meetings", {})
    document = zorg.call("POST", f"/api/cases/{case['id']}/documents", {"template": "dossier_maatregelen"})
    tasks = zorg.call("GET", f"/api/tasks?scope=all&case_id={case['id']}&per_page=100")["items"]
    me = zorg.call("GET", "/api/me")
    return {
        "school_id": school_id,
        "clb_id": me.get("clb_id") or 1,
        "pupil_id": pupils[0]["id"],
        "case_id": case["id"],
        "task_id": tasks[0]["id"],
        "document_id": document["id"],
        "meeting_id": meeting["id"],
        "notification_id": 1,
        "notice_id": 1,
        "incident_id": 1,
    }


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
    config = _config(tmp_path, ids)
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
