"""Latency statistics: percentiles and the summary of one engine's timed pass.

Percentiles interpolate linearly between the two nearest ranks (NumPy's
default, Hyndman & Fan type 7), so a p95 over 200 queries is a value between
the 190th and 191st fastest, not whichever of them a rounding rule picks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of values, interpolating between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


@dataclass(frozen=True)
class LatencySummary:
    """One timed pass over the query set: latencies in milliseconds, throughput in queries/s."""

    queries: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    qps: float

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def summarize(latencies_s: Sequence[float], wall_s: float | None = None) -> LatencySummary:
    """Summarise per-query latencies (seconds); throughput is queries over the pass's wall time.

    Without ``wall_s`` the sum of latencies stands in for it (one query at a time).
    """
    if not latencies_s:
        raise ValueError("no latencies to summarise")
    ms = [s * 1000 for s in latencies_s]
    wall = wall_s if wall_s is not None else sum(latencies_s)
    return LatencySummary(
        queries=len(ms),
        p50_ms=percentile(ms, 50),
        p95_ms=percentile(ms, 95),
        p99_ms=percentile(ms, 99),
        mean_ms=sum(ms) / len(ms),
        max_ms=max(ms),
        qps=len(ms) / wall if wall > 0 else math.inf,
    )


def summarize_by_kind(
    kinds: Sequence[str], latencies_s: Sequence[float]
) -> dict[str, LatencySummary]:
    """A summary per query kind, kinds in order of first appearance."""
    if len(kinds) != len(latencies_s):
        raise ValueError("one kind per latency")
    groups: dict[str, list[float]] = {}
    for kind, latency in zip(kinds, latencies_s, strict=True):
        groups.setdefault(kind, []).append(latency)
    return {kind: summarize(values) for kind, values in groups.items()}


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """ours / baseline, or None when either figure is missing or the baseline is zero."""
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline


def dig(data: Mapping[str, Any], *path: str) -> Any:
    """``data[a][b][c]``, or None as soon as a step is missing."""
    current: Any = data
    for key in path:
        if not isinstance(current, Mapping) or key not in current:
            return None
        current = current[key]
    return current
