"""The BPMN script sandbox's limits: clear errors instead of a hang or a MemoryError."""

import pytest

from app.engine.scripting import Limits, RestrictedEnvironment, ScriptLimitExceeded
from tests.unit.scripting_support import refused_at_run_time


@pytest.mark.parametrize(
    "source",
    [
        "for i in range(10**9): pass",
        "x = [1 for a in range(1000) for b in range(1000)]",
        "x = sum(1 for a in range(1000) for b in range(1000))",
        "x = list(range(90000)) + sorted(range(90000))",
        "x = len([t for t in tracks * 200000])",
    ],
)
def test_huge_loops_are_stopped(source):
    refused_at_run_time(source, ScriptLimitExceeded)


@pytest.mark.parametrize(
    "source",
    [
        "x = [0] * 10**9",
        'x = "x" * 10**10',
        "x = 2 ** 10**8",
        "x = 10**10**10",
        "x = 1 << 10**9",
        "x = 10**3000 * 10**3000",
        's = "x" * 1000\nx = [[s] * 1000] * 1000',  # small in memory, huge as JSON
        "x = [1]\nfor i in range(40): x.extend(x)",
        "x = [1]\nfor i in range(40): x += x",
        'x = "ab"\nfor i in range(40): x = x + x',
        'x = {}\nfor i in range(50000): x[i] = "x" * 100',
        'x = "".join(["abc"] * 10**6)',
        'x = ("a" * 1000).replace("", "b" * 1000)',
        "x = sum([[1]] * 50000, [])",
        "x = [str(tracks * 1000) for i in range(1000)]",
        'x = [f"{tracks * 1000}" for i in range(1000)]',
        "x = [tracks[:] * 100 for i in range(100000)]",
        "x = []\nfor i in range(60): x = [x]",
    ],
)
def test_huge_values_are_refused_before_they_are_built(source):
    refused_at_run_time(source, ScriptLimitExceeded)


def test_printf_formatting_is_refused():
    refused_at_run_time('x = "%*d" % (10**9, 1)')


def test_cpu_time_is_a_backstop_for_work_done_in_c():
    env = RestrictedEnvironment({}, limits=Limits(cpu_seconds=0.05))
    with pytest.raises(ScriptLimitExceeded, match="CPU"):
        env.execute("hits = [i in data for i in range(50000)]", {"data": list(range(50000))})


def test_limits_are_exact_at_the_boundary():
    env = RestrictedEnvironment({}, limits=Limits(steps=10, size=100))
    env.execute("for i in range(10): pass", {})
    with pytest.raises(ScriptLimitExceeded, match="range"):
        env.execute("for i in range(11): pass", {})
    with pytest.raises(ScriptLimitExceeded, match="loop steps"):
        env.execute("x = [1 for a in range(4) for b in range(3)]", {})
    env.execute('x = "x" * 98', {})
    with pytest.raises(ScriptLimitExceeded, match="characters"):
        env.execute('x = "x" * 101', {})
