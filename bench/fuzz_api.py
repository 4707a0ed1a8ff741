"""Fuzz the served API with schemathesis, as a school user and as a CLB user.

    make fuzz

Starts `zorgpad serve` on a fresh SQLite database with the demo data, opens a
case so that ids exist, and runs every operation (logout excluded: it would
end the token mid-run) with all checks but `positive_data_acceptance` (it
counts a 422 for a request the spec allows, while rules the spec cannot
express — an unknown pupil, a form's own fields — rightly refuse them).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="zorgpad-fuzz-")
    port = _port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/fuzz.sqlite3",
        "ZORGPAD_DEMO_MODE": "1",
        "PORT": str(port),
        "ZORGPAD_LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
    }
    for args in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([BIN / "zorgpad", *args], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [BIN / "zorgpad", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{workdir}/serve.log", "w"),  # noqa: SIM115 - the server's log, for its life
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        failures = 0
        for username in ("zorg1", "clb1"):
            token = _post(f"{base}/api/auth/login", {"username": username, "password": "demo"})["token"]
            if username == "zorg1":
                _post(f"{base}/api/cases", {"pupil_id": 1, "absence_type": "spijbelen"}, token)
            print(f"== schemathesis as {username}", flush=True)
            failures += (
                subprocess.run(
                    [
                        BIN / "st",
                        "run",
                        f"{base}/api/openapi.json",
                        "-H",
                        f"Authorization: Bearer {token}",
                        "--checks",
                        "all",
                        "--exclude-checks",
                        "positive_data_acceptance",
                        "--exclude-path",
                        "/api/auth/logout",
                        "--max-examples",
                        "100",
                        "--workers",
                        "2",
                    ]
                ).returncode
                != 0
            )
        with open(f"{workdir}/serve.log") as log:
            errors = sum(" 500 " in line for line in log)
        print(f"server log: {errors} responses with status 500")
        return 1 if failures or errors else 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
