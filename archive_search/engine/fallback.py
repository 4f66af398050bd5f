"""Running a query form through Whoosh's own matchers and collectors: the fallback path.

The array executor (``search.bulk``, ``search.docsets``) runs every shape the
query compiler builds; for anything else, and for an index it cannot read
directly, the query form is translated (``whoosh_query.to_whoosh``) and Whoosh
matches and ranks it here. Callers get document numbers and scores, never
Whoosh objects. Imported only when needed: a search that never falls back
never loads Whoosh's collectors and sorting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Container
from dataclasses import dataclass
from time import monotonic
from typing import Any

import numpy as np
from whoosh import collectors, sorting

from archive_search.engine.snapshot import Snapshot, searcher_of
from archive_search.engine.whoosh_query import to_whoosh


def matching_mask(snapshot: Snapshot, form: Any) -> np.ndarray:
    """Boolean mask of the documents ``form`` matches, segment by segment through Whoosh."""
    q = to_whoosh(form)
    mask = np.zeros(snapshot.doc_count_all(), dtype=bool)
    for subsearcher, offset in searcher_of(snapshot).leaf_searchers():
        docs = np.fromiter(q.docs(subsearcher), dtype=np.int64)
        if len(docs):
            mask[docs + offset] = True
    return mask


def top_scored(snapshot: Snapshot, form: Any, weighting: Any) -> list[tuple[int, float]]:
    """Every document ``form`` matches with its score under ``weighting``, best first.

    Whoosh's ``TopCollector`` cannot go without a limit (it compares the count
    with None); the unlimited collector keeps every match, ties in index order.
    """
    searcher = searcher_of(snapshot)
    collector = collectors.UnlimitedCollector()
    collector.replace = 0  # as for ``collect``: no matcher replacement
    context = searcher.context(weighting=weighting)
    searcher.search_with_collector(to_whoosh(form), collector, context=context)
    results = collector.results()
    return [(results.docnum(i), float(results.score(i))) for i in range(results.scored_length())]


@dataclass
class Collected:
    """What one ranked run found: the top documents, and how many matched when counted."""

    #: (document number, score) of the top documents, best first, excluded ones left out.
    ranked: list[tuple[int, float]]
    #: Whether the time limit cut the run short (``ranked`` is then partial).
    timed_out: bool
    #: Documents matched (allowed, not excluded) when the collector counted them, else None.
    count: int | None


def collect(
    snapshot: Snapshot,
    form: Any,
    weighting: Any,
    *,
    depth: int,
    sort: str,
    seconds: float,
    allowed: Container[int] | None = None,
    exclude: Container[int] | None = None,
) -> Collected:
    """The ``depth`` best documents ``form`` matches (``sort``: relevance, newest, oldest).

    Only documents in ``allowed`` (when given) are collected; those in
    ``exclude`` are left out of the ranking and the count. After ``seconds``
    the run stops with what it has.
    """
    searcher = searcher_of(snapshot)
    if sort == "relevance":
        # replace=0: Whoosh's matcher replacement turns unions into
        # AndMaybeMatchers whose skip_to leaves the optional side behind,
        # silently dropping score contributions (whoosh-reloaded 2.7.5).
        # usequality=False: a collector that sees every match counts the
        # total without a second pass.
        base: Any = collectors.TopCollector(limit=depth, usequality=False, replace=0)
    else:
        newest = sort == "newest"
        facet = sorting.MultiFacet(
            [
                _DatedFirst(),
                sorting.FieldFacet("published", reverse=newest),
                sorting.ScoreFacet(),
            ]
        )
        base = collectors.SortingCollector(facet, limit=depth)
    collector = _Gate(base, seconds, allowed)
    context = searcher.context(weighting=weighting)
    with contextlib.suppress(_OutOfTime):  # partial results, flagged by timed_out
        searcher.search_with_collector(to_whoosh(form), collector, context=context)
    results = collector.results()
    excluded: Container[int] = exclude if exclude is not None else ()
    ranked = []
    for score, docnum in (
        (results.score(i), results.docnum(i)) for i in range(results.scored_length())
    ):
        if docnum in excluded:
            continue
        if isinstance(score, tuple):  # sorted: the key ends with the negated score
            score = -score[-1]
        ranked.append((docnum, float(score or 0.0)))
    count = None
    if base.computes_count():
        count = base.count()
        if exclude:
            collected = base.all_ids()  # only allowed documents were collected
            count -= sum(1 for d in exclude if d in collected)
    return Collected(ranked, collector.timed_out, count)


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
    allowed set be any container (the cached filter sets are masks).
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
