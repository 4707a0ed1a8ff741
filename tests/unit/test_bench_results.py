"""make bench's results (bench/results.py, bench/suite.py): the shape of latest.json and
the one table, from a tiny run of stand-in parts (no benchmark runs here)."""

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import results  # noqa: E402
import suite  # noqa: E402

# Every figure of issue 24.
NAMES = {
    "service_step_ratio",
    "history_ratio",
    "document_step_ratio",
    "task_list_p95_ms",
    "caseload_p95_ms",
    "case_page_p95_ms",
    "sweep_1000_due_s",
    "import_1m_s",
    "import_1m_peak_mb",
    "roster_import_2000_s",
    "completions_per_second",
    "two_servers_exactly_once",
    "migrate_10k_s",
}


def test_figures_are_checked_against_their_targets():
    assert results.figure("x", 1.2, "×", "<= 1.25").met is True
    assert results.figure("x", 1.3, "×", "<= 1.25").met is False
    assert results.figure("x", 50, "ms", "< 50").met is False
    assert results.figure("x", 250, "/s", ">= 200").met is True
    assert results.figure("x", 1, "bool", "== 1").met is True
    assert results.skipped("x", "/s", ">= 200").met is None


def test_ratio_is_the_median_of_each_rounds_ratio_of_medians_with_its_spread():
    value, spread = results.ratio([[2, 4, 3], [6, 6, 6]], [[1, 1, 1], [2, 3, 4]])
    assert spread == [2.0, 3.0] and value == pytest.approx(2.5)
    assert results.p95(list(range(1, 101))) == 95


def _tiny_parts(backend):
    def steps(_backend):
        return [results.figure("service_step_ratio", 1.1, "×", "<= 1.25", spread=[1.0, 1.2])]

    def broken(_backend):
        raise RuntimeError("the database went away")

    def load(_backend):
        return [results.skipped("completions_per_second", "/s", ">= 200")]

    return {
        "steps": (steps, [("service_step_ratio", "×", "<= 1.25")]),
        "broken": (broken, [("migrate_10k_s", "s", "< 60")]),
        "load": (load, [("completions_per_second", "/s", ">= 200")]),
    }


def test_a_tiny_run_writes_a_list_of_figures_and_one_table(tmp_path, capsys):
    figures = suite.collect(_tiny_parts("sqlite"), "sqlite")
    figures.append(results.machine("sqlite", (1.0, 2.0, 3.0), 12.5))
    path = results.write(figures, tmp_path / "latest.json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    for row in rows:
        assert {"name", "value", "unit", "target", "met"} <= set(row)
    by_name = {row["name"]: row for row in rows}
    assert by_name["service_step_ratio"]["met"] is True
    assert by_name["service_step_ratio"]["spread"] == [1.0, 1.2]
    assert isinstance(by_name["service_step_ratio"]["load"], float)
    # A part that broke is a miss with its error, not a hole in the table.
    assert by_name["migrate_10k_s"]["met"] is False
    assert by_name["migrate_10k_s"]["value"].startswith("failed")
    # What needs PostgreSQL says so on SQLite.
    assert by_name["completions_per_second"]["value"] == "skipped: needs PostgreSQL"
    assert by_name["completions_per_second"]["met"] is None
    machine = by_name["machine"]
    assert machine["value"] >= 1 and machine["loadavg_start"] == [1.0, 2.0, 3.0]
    assert len(machine["loadavg_end"]) == 3 and machine["database"] == "sqlite"
    table = results.table(figures)
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["figure", "value", "unit", "target", "met"]
    assert len(lines) == 2 + len(figures)
    assert "1–1.2" in table and "NO" in table
    capsys.readouterr()


def test_every_figure_of_the_issue_is_in_the_suite():
    names = {name for _, listed in suite.PARTS.values() for name, _, _ in listed}
    assert names == NAMES


def test_the_reference_figures_are_committed_and_the_scratch_is_not():
    ignore = (BENCH.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "bench/results/" not in ignore
    assert "!bench/results/latest.json" in ignore
