"""The figures of the table: where each lives in the results, its unit, and which way is better.

One list drives the table rows, the ratio columns and the JSON ratios, so a
figure cannot appear in one and be forgotten in another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bench_lib.stats import dig, ratio

MIB = 2**20


@dataclass(frozen=True)
class Metric:
    """One row of the table: ``path`` inside an engine's results (``build.seconds``)."""

    path: str
    label: str
    unit: str = ""
    #: True: smaller is better (times, memory, size); False: larger is (rates); None: no ratio.
    lower_is_better: bool | None = True
    digits: int = 1
    divisor: float = 1.0

    def value(self, engine_results: Mapping[str, Any]) -> float | None:
        raw = dig(engine_results, *self.path.split("."))
        if raw is None or isinstance(raw, bool) or not isinstance(raw, int | float):
            return None
        return raw / self.divisor

    def format(self, value: float | None) -> str:
        if value is None:
            return "–"
        text = f"{value:,.{self.digits}f}"
        return f"{text} {self.unit}".rstrip()


METRICS: tuple[Metric, ...] = (
    Metric("build.articles", "articles indexed", lower_is_better=None, digits=0),
    Metric("build.seconds", "build: wall time", "s"),
    Metric("build.articles_per_s", "build: speed", "articles/s", lower_is_better=False, digits=0),
    Metric("build.cpu_seconds", "build: CPU time (all processes)", "s"),
    Metric("build.peak_tree_rss", "build: peak RSS, process tree", "MiB", digits=0, divisor=MIB),
    Metric("build.max_process_rss", "build: peak RSS, largest process", "MiB", True, 0, MIB),
    Metric("build.index_bytes", "index size on disk", "MiB", digits=0, divisor=MIB),
    Metric("build.segments", "index segments (Whoosh)", lower_is_better=None, digits=0),
    Metric("search.p50_ms", "warm search: p50", "ms", digits=2),
    Metric("search.p95_ms", "warm search: p95", "ms", digits=2),
    Metric("search.p99_ms", "warm search: p99", "ms", digits=2),
    Metric("search.mean_ms", "warm search: mean", "ms", digits=2),
    Metric("search.cpu_p50_ms", "warm search: p50 CPU time", "ms", digits=2),
    Metric("search.cpu_p95_ms", "warm search: p95 CPU time", "ms", digits=2),
    Metric("search.qps", "warm search: throughput", "queries/s", lower_is_better=False),
    Metric("search.answered", "queries with hits", lower_is_better=None, digits=0),
    Metric("search.open_s", "open for searching", "s", digits=3),
    Metric("search.max_rss", "search process peak RSS", "MiB", digits=0, divisor=MIB),
    Metric("cold.median_s", "cold search: process start to exit", "s", digits=3),
    Metric("cold.cpu_median_s", "cold search: CPU time", "s", digits=3),
)
METRICS_BY_PATH = {m.path: m for m in METRICS}


def ratios(engines: Mapping[str, Mapping[str, Any]], ours: str, baseline: str) -> dict[str, float]:
    """ours / baseline for every figure both have and that has a better direction."""
    out: dict[str, float] = {}
    for metric in METRICS:
        if metric.lower_is_better is None:
            continue
        r = ratio(metric.value(engines.get(ours, {})), metric.value(engines.get(baseline, {})))
        if r is not None:
            out[metric.path] = round(r, 4)
    return out


def describe_ratio(value: float | None, lower_is_better: bool | None) -> str:
    """ours/baseline as words: ``6.2× better`` or ``1.4× worse`` (``–`` when unknown)."""
    if value is None or lower_is_better is None or value <= 0:
        return "–"
    factor = 1 / value if lower_is_better else value
    if abs(factor - 1) < 0.005:
        return "same"
    word = "better" if factor > 1 else "worse"
    size = factor if factor > 1 else 1 / factor
    return f"{size:.1f}× {word}" if size < 100 else f"{size:,.0f}× {word}"
