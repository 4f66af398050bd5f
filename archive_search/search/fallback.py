"""Query shapes the array scorer does not know, ranked by the engine's Whoosh path.

``bulk.evaluate`` handles every shape the query compiler builds; this path
remains for anything else (and for an index the array scorer cannot read
directly). Whoosh's collectors run inside the engine (``engine.fallback``);
this module pages what they return. It is imported only when needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from archive_search.engine import fallback as engine_fallback
from archive_search.engine.snapshot import Snapshot
from archive_search.search.docsets import matching_mask
from archive_search.search.paging import Ranking
from archive_search.search.request import SearchRequest


def matching(snapshot: Snapshot, q: Any, allowed: Any, exclude: set[int] | None) -> np.ndarray:
    """Every document ``q`` matches (sorted), filters and exclusions applied."""
    mask = matching_mask(snapshot, q)
    if allowed is not None:
        mask &= allowed.mask
    for docnum in exclude or ():
        mask[docnum] = False
    return np.flatnonzero(mask)


def top_scored(
    snapshot: Snapshot, q: Any, weighting: Any, allowed: Any, limit: int
) -> list[tuple[int, float]]:
    """The ``limit`` best documents ``q`` matches that ``allowed`` lets through, with scores."""
    ranked = engine_fallback.top_scored(snapshot, q, weighting)
    return [(d, s) for d, s in ranked if allowed is None or d in allowed][:limit]


class WhooshRanking(Ranking):
    """Query shapes the array scorer does not know, ranked by Whoosh's collectors."""

    def __init__(
        self,
        snapshot: Snapshot,
        q: Any,
        allowed: Any,
        request: SearchRequest,
        exclude: set[int] | None,
        weighting: Any,
    ) -> None:
        super().__init__(snapshot, request, allowed)
        self.form = q
        self.weighting = weighting
        self.exclude = exclude or set()
        self._counted: int | None = None

    def _extra(self) -> int:
        return len(self.exclude)

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        request = self.request
        found = engine_fallback.collect(
            self.snapshot,
            self.form,
            self.weighting,
            depth=depth,
            sort=request.sort,
            seconds=request.time_limit,
            allowed=self.allowed,
            exclude=self.exclude,
        )
        self._counted = found.count
        return found.ranked, found.timed_out

    def _count(self) -> int:
        """Matching documents, filters and exclusions applied."""
        if self._counted is not None:
            return self._counted
        return len(matching(self.snapshot, self.form, self.allowed, self.exclude))

    def _docs(self) -> np.ndarray:
        return matching(self.snapshot, self.form, self.allowed, self.exclude)
