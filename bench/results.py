"""make bench's figures: one row per figure, a table on stdout and bench/results/latest.json.

latest.json is a list of {name, value, unit, target, met, spread?, load?, note?}: `target`
reads like "<= 1.25" or "< 50", `met` is true/false (null when skipped), `spread` is
[lowest, highest] over the rounds of a ratio, `load` the machine's 1-minute load
average when the figure was measured. The list's last row, named "machine", holds
the core count, the load averages before and after the run and the database.
"""

import json
import operator
import os
import platform
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}
RESULTS = Path(__file__).resolve().parent / "results"
NEEDS_POSTGRES = "skipped: needs PostgreSQL"


@dataclass
class Figure:
    name: str
    value: float | str | None
    unit: str
    target: str
    met: bool | None
    spread: list[float] | None = None
    load: float | None = None
    note: str | None = None
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        row = {
            k: v for k, v in asdict(self).items() if k != "extra" and (v is not None or k in ("met", "value"))
        }
        return {**row, **self.extra}


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def figure(name: str, value: float, unit: str, target: str, **kwargs) -> Figure:
    """A measured figure, checked against `target` ("<= 1.25", "< 50", "== 1")."""
    op, limit = target.split()
    met = OPERATORS[op](value, float(limit))
    return Figure(name, round(value, 3), unit, target, bool(met), load=kwargs.pop("load", load1()), **kwargs)


def skipped(name: str, unit: str, target: str, why: str = NEEDS_POSTGRES) -> Figure:
    return Figure(name, why, unit, target, None)


def failed(name: str, unit: str, target: str, error: BaseException) -> Figure:
    """A part that broke: reported as a miss with its error, so the rest still runs."""
    return Figure(name, f"failed: {type(error).__name__}", unit, target, False, note=str(error)[:300])


def ratio(a: list[float], b: list[float]) -> tuple[float, list[float]]:
    """Rounds of interleaved samples (a[i] beside b[i], lists of lists): the median of
    each round's ratio of medians, and the lowest and highest of those ratios."""
    rounds = [statistics.median(x) / statistics.median(y) for x, y in zip(a, b, strict=True)]
    return statistics.median(rounds), [round(min(rounds), 3), round(max(rounds), 3)]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def machine(database: str, started_load: tuple[float, ...], seconds: float) -> Figure:
    return Figure(
        "machine",
        os.cpu_count(),
        "cores",
        "",
        None,
        note=f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}",
        extra={
            "database": database,
            "loadavg_start": [round(x, 2) for x in started_load],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "suite_s": round(seconds, 1),
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 100 else f"{value:,.1f}"
    return "" if value is None else str(value)


def table(figures: list[Figure]) -> str:
    """The one table `make bench` prints."""
    header = ("figure", "value", "unit", "target", "met", "spread", "load")
    rows = [header]
    for f in figures:
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        spread = "–".join(_cell(x) for x in f.spread) if f.spread else ""
        rows.append((f.name, _cell(f.value), f.unit, f.target, met, spread, _cell(f.load)))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write(figures: list[Figure], path: Path | None = None) -> Path:
    path = path or RESULTS / "latest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([f.as_json() for f in figures], indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


class Clock:
    """Seconds since the suite started, for its progress lines on stderr."""

    def __init__(self):
        self.start = time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() - self.start
