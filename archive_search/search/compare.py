"""Two or more queries over time, on one chart: how often each was written about, when.

Every query is matched in full (``matches``) with the same filters, and their
timelines are counted over the same periods (``timeline.aligned_timelines``),
so a chart or a table can put them side by side. Relative: each count also
as the share of all the archive's articles of its period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive_search import config, errors
from archive_search.search.matches import find_matches
from archive_search.search.request import SearchRequest
from archive_search.search.results import Timeline
from archive_search.search.timeline import aligned_timelines


@dataclass(frozen=True)
class ComparedQuery:
    """One query of a comparison: its matching articles and their timeline."""

    query: str
    total: int
    timeline: Timeline

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "timeline": self.timeline.to_dict()}


@dataclass(frozen=True)
class Comparison:
    """Queries compared over the same periods (``granularity``), relative or not."""

    granularity: str
    relative: bool
    queries: tuple[ComparedQuery, ...]

    @property
    def periods(self) -> list[str]:
        first = self.queries[0].timeline if self.queries else None
        return [b.period for b in first.buckets] if first else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "granularity": self.granularity,
            "relative": self.relative,
            "periods": self.periods,
            "queries": [q.to_dict() for q in self.queries],
        }


def compare_queries(
    store: Any,
    queries: list[str],
    *,
    granularity: bool | str = "auto",
    relative: bool = False,
    **filters: Any,
) -> Comparison:
    """Timelines of ``queries`` over the same periods; ``filters`` as in ``SearchRequest``."""
    queries = [q.strip() for q in queries if isinstance(q, str) and q.strip()]
    if len(queries) < 2:
        raise errors.bad_option("queries", "give at least two queries to compare")
    if len(queries) > config.MAX_COMPARED_QUERIES:
        raise errors.bad_option(
            "queries", f"at most {config.MAX_COMPARED_QUERIES} queries can be compared at once"
        )
    matches = [
        find_matches(store, SearchRequest(query=q, timeline=granularity, **filters))
        for q in queries
    ]
    snapshot = matches[0].snapshot
    timelines = aligned_timelines(
        snapshot, [m.docs for m in matches], granularity, relative=relative
    )
    compared = tuple(
        ComparedQuery(q, len(m.docs), t)
        for q, m, t in zip(queries, matches, timelines, strict=True)
    )
    return Comparison(timelines[0].granularity, relative, compared)
