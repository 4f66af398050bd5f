"""Query shapes the array scorer does not know, ranked by Whoosh's own collectors.

``bulk.evaluate`` handles every shape the query compiler builds; this path
remains for anything else (and for an index the array scorer cannot read
directly). It is imported only when needed: a search that never falls back
never loads Whoosh's collectors and sorting.
"""

from __future__ import annotations

import contextlib
from time import monotonic
from typing import Any

import numpy as np
from whoosh import collectors, sorting

from archive_search.engine.whoosh_query import to_whoosh
from archive_search.search.docsets import matching_mask
from archive_search.search.paging import Ranking
from archive_search.search.request import SearchRequest


def matching(searcher: Any, q: Any, allowed: Any, exclude: set[int] | None) -> np.ndarray:
    """Every document ``q`` matches (sorted), filters and exclusions applied."""
    mask = matching_mask(searcher, q)
    if allowed is not None:
        mask &= allowed.mask
    for docnum in exclude or ():
        mask[docnum] = False
    return np.flatnonzero(mask)


def top_scored(
    searcher: Any, q: Any, weighting: Any, allowed: Any, limit: int
) -> list[tuple[int, float]]:
    """The ``limit`` best documents ``q`` matches that ``allowed`` lets through, with scores."""
    collector = collectors.TopCollector(limit=None, replace=0)
    context = searcher.context(weighting=weighting)
    searcher.search_with_collector(to_whoosh(q), collector, context=context)
    results = collector.results()
    ranked = [(results.docnum(i), float(results.score(i))) for i in range(results.scored_length())]
    return [(d, s) for d, s in ranked if allowed is None or d in allowed][:limit]


class WhooshRanking(Ranking):
    """Query shapes the array scorer does not know, ranked by Whoosh's collectors."""

    def __init__(
        self,
        searcher: Any,
        q: Any,
        allowed: Any,
        request: SearchRequest,
        exclude: set[int] | None,
        weighting: Any,
    ) -> None:
        super().__init__(searcher, request, allowed)
        self.form = q  # the query form: what ``matching`` takes
        self.q = to_whoosh(q)
        self.weighting = weighting
        self.exclude = exclude or set()
        self._base: Any = None

    def _extra(self) -> int:
        return len(self.exclude)

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        searcher = self.searcher
        request = self.request
        if request.sort == "relevance":
            # replace=0: Whoosh's matcher replacement turns unions into
            # AndMaybeMatchers whose skip_to leaves the optional side behind,
            # silently dropping score contributions (whoosh-reloaded 2.7.5).
            # usequality=False: a collector that sees every match counts the
            # total without a second pass.
            base: Any = collectors.TopCollector(limit=depth, usequality=False, replace=0)
        else:
            newest = request.sort == "newest"
            facet = sorting.MultiFacet(
                [
                    _DatedFirst(),
                    sorting.FieldFacet("published", reverse=newest),
                    sorting.ScoreFacet(),
                ]
            )
            base = collectors.SortingCollector(facet, limit=depth)
        self._base = base
        collector = _Gate(base, request.time_limit, self.allowed)
        context = searcher.context(weighting=self.weighting)
        with contextlib.suppress(_OutOfTime):  # partial results, flagged by timed_out
            searcher.search_with_collector(self.q, collector, context=context)
        results = collector.results()
        ranked = []
        for score, docnum in (
            (results.score(i), results.docnum(i)) for i in range(results.scored_length())
        ):
            if docnum in self.exclude:
                continue
            if isinstance(score, tuple):  # sorted: the key ends with the negated score
                score = -score[-1]
            ranked.append((docnum, float(score or 0.0)))
        return ranked, collector.timed_out

    def _count(self) -> int:
        """Matching documents, filters and exclusions applied."""
        base = self._base
        exclude = self.exclude
        if base is not None and base.computes_count():
            collected = base.all_ids()  # only allowed documents were collected
            return base.count() - sum(1 for d in exclude if d in collected)
        return len(matching(self.searcher, self.form, self.allowed, exclude))

    def _docs(self) -> np.ndarray:
        return matching(self.searcher, self.form, self.allowed, self.exclude)


class _DatedFirst(sorting.FacetType):
    """Sort key: dated articles (0) before undated ones (1), whichever the date order."""

    def categorizer(self, global_searcher: Any) -> Any:
        return _DatedFirstCategorizer()


class _DatedFirstCategorizer(sorting.Categorizer):
    def set_searcher(self, segment_searcher: Any, docoffset: int) -> None:
        reader = segment_searcher.reader()
        self._has_dates = reader.has_column("month")
        self._months = reader.column_reader("month") if self._has_dates else None

    def key_for(self, matcher: Any, segment_docnum: int) -> int:
        if self._months is None:
            return 1
        return 0 if self._months[segment_docnum] else 1


class _OutOfTime(Exception):
    pass


class _Gate(collectors.WrappingCollector):
    """Lets only allowed documents through, and stops after ``seconds``.

    Filtering here rather than with Whoosh's ``FilterCollector`` lets the
    allowed set be any Python set (the cached filter sets are frozensets).
    Whoosh's ``TimeLimitCollector`` starts a timer thread per search and, by
    default, a SIGALRM handler that only works in the main thread; a clock
    check every few hundred matches is enough to bound a costly query.
    """

    CHECK_EVERY = 256

    def __init__(self, child: Any, seconds: float, allowed: Any = None) -> None:
        super().__init__(child)
        self.seconds = seconds
        self.allowed = allowed
        self.timed_out = False
        self._deadline = 0.0

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        self._deadline = monotonic() + self.seconds
        self.timed_out = False
        self.child.prepare(top_searcher, q, context)

    def collect_matches(self) -> None:
        if self.timed_out:
            return
        child = self.child
        allowed = self.allowed
        offset = child.offset
        for seen, sub_docnum in enumerate(child.matches(), 1):
            if not seen % self.CHECK_EVERY and monotonic() > self._deadline:
                self.timed_out = True
                raise _OutOfTime
            if allowed is None or offset + sub_docnum in allowed:
                child.collect(sub_docnum)
