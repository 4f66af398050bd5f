"""Running a search: request in, typed results out.

``run_search(store, SearchRequest(...))`` is the one entry point (``Archive.search``
calls it). The plan of one search:

1. compile the query (``querying``) in the language the search is about;
2. turn the filter options and the query's metadata clauses into one cached
   document set (``filters``);
3. rank: the top ``page * limit`` documents by BM25 (``ranking``) with Whoosh's
   block-max skipping, or every match by date; long plain queries get a
   second, expanded round (``feedback``);
4. collapse near-duplicates (``collapse``), cut the page, read each hit's
   record and build its snippet from stored offsets (``snippets``);
5. only when asked: facets and timeline over every match, and a "did you mean".

The store's one searcher is reused across searches (opening one is the
expensive part), and nothing here imports the ingest stack.
"""

from __future__ import annotations

import contextlib
import heapq
from dataclasses import dataclass
from time import monotonic, perf_counter
from typing import Any

from whoosh import collectors, sorting

from archive_search import config
from archive_search.article import Article
from archive_search.index.analysis import SUPPORTED_STEMMERS, analysis_language, normalise_language
from archive_search.search import bulk, ranking
from archive_search.search.collapse import collapse
from archive_search.search.columns import column
from archive_search.search.docsets import matching_documents
from archive_search.search.facets import count_facets
from archive_search.search.filters import allowed_documents, request_filters
from archive_search.search.querying import CompiledQuery, compile_query
from archive_search.search.request import SearchRequest
from archive_search.search.results import Hit, SearchResults
from archive_search.search.snippets import PostingCursor, highlight_article
from archive_search.search.suggest import suggest
from archive_search.search.timeline import build_timeline

__all__ = ["SearchRequest", "SearchResults", "execute", "run_search"]

#: The scoring model of every search.
WEIGHTING = ranking.FieldBM25()


def run_search(store: Any, request: SearchRequest) -> SearchResults:
    """Run one search on an opened index store."""
    started = perf_counter()
    searcher = store.searcher()
    reader = searcher.reader()
    with analysis_language(query_language(reader, request.language)):
        compiled = compile_query(request.query, reader)
        return execute(searcher, request, compiled, started=started)


def query_language(reader: Any, requested: str | None) -> str | None:
    """The language to analyse the query in: the one asked for, or the index's only one.

    With no language, a query word stands for its stems in every supported
    language; an index that holds a single language needs only that one's,
    which is both more precise and a leaner query.
    """
    if requested:
        return normalise_language(requested)
    if "language" not in reader.schema:
        return None
    languages = [t for t, _ in zip(reader.lexicon("language"), range(2), strict=False)]
    if len(languages) != 1:
        return None
    code = languages[0].decode("utf-8") if isinstance(languages[0], bytes) else languages[0]
    if code not in SUPPORTED_STEMMERS:
        return None
    if reader.doc_frequency("language", code) < reader.doc_count():
        return None  # some articles have no language
    return code


def execute(
    searcher: Any,
    request: SearchRequest,
    compiled: CompiledQuery,
    *,
    started: float | None = None,
    shown_query: str | None = None,
    exclude: set[int] | None = None,
) -> SearchResults:
    """Rank, collapse, page, highlight and count a compiled query."""
    started = perf_counter() if started is None else started
    reader = searcher.reader()
    notices = list(compiled.notices)
    allowed = allowed_documents(searcher, compiled.filters + request_filters(request, reader))
    q = compiled.query
    if _wants_feedback(request, compiled):
        from archive_search.search.feedback import expand

        q = expand(searcher, q, compiled, allowed, WEIGHTING)

    scored, bulk_timed_out = _bulk_scores(searcher, q, allowed, exclude, request.time_limit)
    matching: list[int] | None = None
    if request.facets or request.timeline:
        if scored is not None:
            matching = sorted(scored)
        else:
            matching = sorted(_matching(searcher, q, allowed, exclude))
    ranking_ = _Ranking(searcher, q, allowed, request, exclude, scored)
    page, total, timed_out = ranking_.page(
        known_total=len(matching) if matching is not None else None
    )
    if timed_out or bulk_timed_out:
        notices.append(
            f"the search stopped after {request.time_limit:g} s: results may be incomplete"
        )

    hits = _hits(searcher, page, compiled, request)
    results = SearchResults(
        query=shown_query if shown_query is not None else request.query,
        total=total,
        hits=hits,
        page=request.page,
        limit=request.limit,
        notices=notices,
    )
    if matching is not None:
        if request.facets:
            results.facets = count_facets(reader, matching)
        if request.timeline:
            results.timeline = build_timeline(reader, matching)
    if request.suggest and compiled.words:
        results.suggestion = suggest(reader, compiled.words, compiled.text)
    results.elapsed = perf_counter() - started
    return results


def _bulk_scores(
    searcher: Any, q: Any, allowed: Any, exclude: set[int] | None, seconds: float
) -> tuple[dict[int, float] | None, bool]:
    """Every match with its score by the term-at-a-time path (None for other query shapes)."""
    plan = bulk.plan_for(q)
    if plan is None:
        return None, False
    scored = bulk.score(searcher, plan, WEIGHTING, allowed, deadline=monotonic() + seconds)
    if scored is None:
        return None, False
    scores = scored.scores
    for docnum in exclude or ():
        scores.pop(docnum, None)
    return scores, scored.timed_out


def _matching(searcher: Any, q: Any, allowed: Any, exclude: set[int] | None) -> set[int]:
    docs = matching_documents(searcher, q)
    if allowed is not None:
        docs &= allowed
    if exclude:
        docs -= exclude
    return docs


def _wants_feedback(request: SearchRequest, compiled: CompiledQuery) -> bool:
    if request.feedback is not None:
        return request.feedback and compiled.plain and bool(compiled.words)
    return (
        ranking.FEEDBACK_AUTOMATIC
        and request.sort == "relevance"
        and compiled.plain
        and sum(1 for w in compiled.words if not w.stop) >= ranking.FEEDBACK_MIN_WORDS
        and ranking.FEEDBACK_TERMS > 0
    )


# -- ranking -----------------------------------------------------------------------
@dataclass
class _Ranked:
    docnum: int
    score: float
    copies: list[int]


class _Ranking:
    """The ranked documents of a query, collapsed and cut to the requested page."""

    def __init__(
        self,
        searcher: Any,
        q: Any,
        allowed: Any,
        request: SearchRequest,
        exclude: set[int] | None,
        scored: dict[int, float] | None = None,
    ) -> None:
        self.searcher = searcher
        self.q = q
        self.allowed = allowed
        self.request = request
        self.exclude = exclude or set()
        self.scored = scored

    def page(self, known_total: int | None) -> tuple[list[_Ranked], int, bool]:
        request = self.request
        need = request.page * request.limit
        extra = len(self.exclude)
        depth = need * 2 + 10 + extra if request.collapse else need + extra
        while True:
            ranked, base, timed_out = self._top(depth)
            if request.collapse:
                groups = collapse(ranked, self.searcher.reader(), self.allowed)
                kept = [_Ranked(g.docnum, g.score, g.copies) for g in groups]
            else:
                kept = [_Ranked(d, s, []) for d, s in ranked]
            exhausted = len(ranked) < depth
            if len(kept) >= need or exhausted or timed_out or depth >= 4 * config.MAX_RESULT_WINDOW:
                break
            depth *= 4
        total = known_total if known_total is not None else self._count(base)
        start = request.offset
        return kept[start : start + request.limit], total, timed_out

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], Any, bool]:
        if self.scored is not None:
            return self._top_scored(depth), None, False
        searcher = self.searcher
        request = self.request
        if request.sort == "relevance":
            # replace=0: Whoosh's matcher replacement turns unions into
            # AndMaybeMatchers whose skip_to leaves the optional side behind,
            # silently dropping score contributions (whoosh-reloaded 2.7.5).
            # usequality=False: queries that reach this path (phrases,
            # proximity) gain little from block skipping, and a collector that
            # sees every match counts the total without a second pass.
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
        collector = _Gate(base, request.time_limit, self.allowed)
        context = searcher.context(weighting=WEIGHTING)
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
        return ranked, base, collector.timed_out

    def _top_scored(self, depth: int) -> list[tuple[int, float]]:
        """The first ``depth`` of the bulk-scored matches, by score or by date."""
        scores = self.scored
        assert scores is not None
        if self.request.sort == "relevance":
            # ties: lower document number first, as Whoosh's collector orders them
            best = heapq.nlargest(depth, scores.items(), key=lambda item: (item[1], -item[0]))
            return best
        reader = self.searcher.reader()
        dates = column(reader, "published", translate=False)  # sortable integers
        months = column(reader, "month")
        sign = -1 if self.request.sort == "newest" else 1

        def key(item: tuple[int, float]) -> tuple[int, int, float, int]:
            docnum, value = item
            dated = months is not None and bool(months[docnum])
            when = dates[docnum] if dated and dates is not None else 0
            return (0 if dated else 1, sign * int(when), -value, docnum)

        return heapq.nsmallest(depth, scores.items(), key=key)

    def _count(self, base: Any) -> int:
        """Matching documents, filters and exclusions applied.

        Block-max skipping means the top-k collector may not have seen every
        match; then the matches are counted as sets of postings (``docsets``).
        """
        if self.scored is not None:
            return len(self.scored)
        exclude = self.exclude
        if base.computes_count():
            collected = base.all_ids()  # only allowed documents were collected
            return base.count() - sum(1 for d in exclude if d in collected)
        return len(_matching(self.searcher, self.q, self.allowed, exclude))


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


# -- hits ------------------------------------------------------------------------------
def _hits(
    searcher: Any, page: list[_Ranked], compiled: CompiledQuery, request: SearchRequest
) -> list[Hit]:
    articles = {r.docnum: _article(searcher, r.docnum) for r in page}
    highlights = {}
    if request.snippets:
        cursor = PostingCursor(searcher.reader())
        for docnum in sorted(articles):  # posting lists only move forward
            highlights[docnum] = highlight_article(
                cursor, docnum, articles[docnum], compiled.highlight
            )
    ids = column(searcher.reader(), "id")
    hits = []
    for r in page:
        hit = Hit.from_article(articles[r.docnum], r.score)
        if r.docnum in highlights:
            hit.snippet = highlights[r.docnum].snippet
            hit.title_highlights = highlights[r.docnum].title
        hit.duplicates = len(r.copies)
        hit.duplicate_ids = [_text(ids[d]) for d in r.copies] if r.copies else []
        hits.append(hit)
    return hits


def _article(searcher: Any, docnum: int) -> Article:
    return Article.from_json(searcher.stored_fields(docnum)["record"])


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
