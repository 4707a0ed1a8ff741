"""Fuzz the served API with schemathesis, longer than `make test` does.

    make fuzz                       # 100 examples per operation and phase, on SQLite
    ZORGPAD_FUZZ_EXAMPLES=500 make fuzz
    ZORGPAD_FUZZ_ARGS="--seed 7" make fuzz

The same run as tests/e2e/test_fuzz_api.py (part of `make test`, bounded to a few
examples): `zorgpad serve` with the demo and real ids, every operation but the logout,
as a school user and a CLB user, all checks but `positive_data_acceptance`; here with
more examples (and PostgreSQL too when ZORGPAD_TEST_POSTGRES_URL is set).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    env = {**os.environ, "ZORGPAD_FUZZ_EXAMPLES": os.environ.get("ZORGPAD_FUZZ_EXAMPLES", "100")}
    only = [] if env.get("ZORGPAD_TEST_POSTGRES_URL") else ["-k", "sqlite"]
    command = [sys.executable, "-m", "pytest", "tests/e2e/test_fuzz_api.py", "-rP", "-q", *only]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
