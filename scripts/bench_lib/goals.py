"""The issue's performance goals, checked against one run's figures.

A goal applies to every size that was run, or to one scale only (×5 is the
"100,000 articles" size, ×50 the "1,000,000"). A goal whose figures are
missing (the size was not run, an engine failed) is reported as not
measured, never as met.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench_lib.stats import dig

GIB = 2**30

Figures = Mapping[str, Any]  # one size's entry of the results


def _get(size: Figures, engine: str, path: str) -> float | None:
    value = dig(size, "engines", engine, *path.split("."))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _quotient(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b not in (None, 0) else None


@dataclass(frozen=True)
class Goal:
    """One target, ``value <op> target``, at ``scale`` or at every size run.

    The value is ours' figure at ``path`` (divided by ``divisor``), or, with
    ``versus``, ours against that engine's same figure (``baseline / ours``
    when ``inverse``, for "N× faster"). ``cpu_path`` names the same figure in
    CPU time: the goal is then also read on CPU time, which a busy machine
    hardly changes (the wall-time reading is the one the issue sets).
    """

    text: str
    op: str
    target: float
    path: str
    unit: str = ""
    scale: int | None = None
    digits: int = 1
    versus: str | None = None
    inverse: bool = False
    divisor: float = 1.0
    cpu_path: str | None = None

    def value(self, size: Figures, path: str) -> float | None:
        ours = _get(size, "ours", path)
        if self.versus == "records":
            return _quotient(ours, size.get("articles"))
        if self.versus:
            base = _get(size, self.versus, path)
            return _quotient(base, ours) if self.inverse else _quotient(ours, base)
        return _quotient(ours, self.divisor)

    def check(self, size: Figures) -> dict[str, Any]:
        row: dict[str, Any] = {
            "goal": self.text,
            "scale": size.get("scale") if size else self.scale,
            "articles": size.get("articles") if size else None,
            "target": f"{self.op} {self.target:g}{self.unit}",
        }
        row.update(self._reading(self.value(size, self.path) if size else None, ""))
        cpu = self.value(size, self.cpu_path) if size and self.cpu_path else None
        row.update(self._reading(cpu, "cpu_"))
        return row

    def _reading(self, value: float | None, prefix: str) -> dict[str, Any]:
        return {
            f"{prefix}value": None if value is None else round(value, 4),
            f"{prefix}shown": "–" if value is None else f"{value:,.{self.digits}f}{self.unit}",
            f"{prefix}met": None if value is None else bool(_OPS[self.op](value, self.target)),
        }


_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}

P50, P95, COLD, SPEED = "search.p50_ms", "search.p95_ms", "cold.median_s", "build.articles_per_s"
CPU_P50, CPU_P95, CPU_COLD = "search.cpu_p50_ms", "search.cpu_p95_ms", "cold.cpu_median_s"

GOALS: tuple[Goal, ...] = (
    Goal("warm p50 ≥ 5× faster than naive Whoosh", ">=", 5, P50, "×", versus="whoosh",
         inverse=True, cpu_path=CPU_P50),
    Goal("warm p95 within 3× of SQLite FTS5", "<=", 3, P95, "×", versus="fts5",
         cpu_path=CPU_P95),
    Goal("100k: warm p50 < 15 ms", "<", 15, P50, " ms", scale=5, cpu_path=CPU_P50),
    Goal("100k: warm p95 < 50 ms", "<", 50, P95, " ms", scale=5, cpu_path=CPU_P95),
    Goal("1M: warm p50 < 60 ms", "<", 60, P50, " ms", scale=50, cpu_path=CPU_P50),
    Goal("100k: cold search < 0.4 s", "<", 0.4, COLD, " s", scale=5, digits=3,
         cpu_path=CPU_COLD),
    Goal("build ≥ 1.5× naive Whoosh articles/s", ">=", 1.5, SPEED, "×", digits=2,
         versus="whoosh", cpu_path="build.articles_per_cpu_s"),
    Goal("build keeps every article (indexed / records)", "==", 1, "build.articles",
         digits=4, versus="records"),
    Goal("1M: build peak memory < 1 GiB", "<", 1, "build.peak_tree_rss", " GiB", scale=50,
         digits=2, divisor=GIB),
)  # fmt: skip


def evaluate(sizes: Sequence[Figures], goals: Sequence[Goal] = GOALS) -> list[dict[str, Any]]:
    """One row per goal and size it applies to; a missing size is one 'not measured' row."""
    rows: list[dict[str, Any]] = []
    for goal in goals:
        applicable = [s for s in sizes if goal.scale is None or s.get("scale") == goal.scale]
        rows.extend(goal.check(size) for size in applicable or [{}])
    return rows


def status(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[met]
