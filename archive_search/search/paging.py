"""One page of ranked documents: the top of the ranking, collapsed and cut to the page.

``Ranking`` asks its subclass for the first ``depth`` documents, folds
near-duplicates (``collapse``) and asks for more when folding left the page
short. ``ArrayRanking`` takes them from the array scorer's result
(``bulk.Scored``); ``fallback.WhooshRanking`` from Whoosh's collectors (run by the engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from archive_search import config
from archive_search.engine.snapshot import Snapshot
from archive_search.search import bulk
from archive_search.search.collapse import collapse, count_groups
from archive_search.search.request import SearchRequest


@dataclass
class Ranked:
    docnum: int
    score: float
    copies: list[int]


class Ranking:
    """The ranked documents of a query, collapsed and cut to the requested page.

    With collapsing, the total is the number of hits paging yields (each group of
    near-identical copies counts once) and ``folded`` the copies that folded away.
    """

    def __init__(self, snapshot: Snapshot, request: SearchRequest, allowed: Any) -> None:
        self.snapshot = snapshot
        self.request = request
        self.allowed = allowed
        self.folded = 0

    def page(self, known_total: int | None) -> tuple[list[Ranked], int, bool]:
        request = self.request
        need = request.page * request.limit
        # a couple more than the page for near-duplicates to fold into; deeper when they do
        depth = need + self._extra() + (2 if request.collapse else 0)
        while True:
            ranked, timed_out = self._top(depth)
            if request.collapse:
                groups = collapse(ranked, self.snapshot, self.allowed)
                kept = [Ranked(g.docnum, g.score, g.copies) for g in groups]
            else:
                kept = [Ranked(d, s, []) for d, s in ranked]
            exhausted = len(ranked) < depth
            if len(kept) >= need or exhausted or timed_out or depth >= 4 * config.MAX_RESULT_WINDOW:
                break
            depth *= 4
        total = known_total if known_total is not None else self._count()
        if request.collapse and total:
            groups = count_groups(self.snapshot, self._docs())
            self.folded, total = total - groups, groups
        start = request.offset
        return kept[start : start + request.limit], total, timed_out

    def _extra(self) -> int:
        return 0

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        raise NotImplementedError

    def _count(self) -> int:
        raise NotImplementedError

    def _docs(self) -> np.ndarray:
        """Every matching document (filters and exclusions applied)."""
        raise NotImplementedError


class ArrayRanking(Ranking):
    """Top documents of an array-scored query, by score or by date."""

    def __init__(
        self, snapshot: Snapshot, request: SearchRequest, allowed: Any, scored: bulk.Scored
    ) -> None:
        super().__init__(snapshot, request, allowed)
        self.scored = scored

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        docs, scores = self.ordered(depth)
        return list(zip(docs.tolist(), scores.tolist(), strict=True)), False

    def ordered(self, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``depth`` documents and their scores in the request's order, as arrays."""
        scored = self.scored
        when = None
        if self.request.sort != "relevance":
            dated, published = self.snapshot.dates()
            sign = -1 if self.request.sort == "newest" else 1
            docs = scored.docs
            when = np.where(dated[docs], sign * published[docs], np.iinfo(np.int64).max)
        return scored.top(depth, when)

    def _count(self) -> int:
        return len(self.scored)

    def _docs(self) -> np.ndarray:
        return self.scored.docs
