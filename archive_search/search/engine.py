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
import json
import weakref
from dataclasses import dataclass
from time import monotonic, perf_counter
from typing import Any

import numpy as np
from whoosh import collectors, sorting

from archive_search import config
from archive_search.article import Article, Caption, parse_iso_date
from archive_search.index.analysis import SUPPORTED_STEMMERS, analysis_language, normalise_language
from archive_search.search import bulk, ranking
from archive_search.search.collapse import collapse
from archive_search.search.columns import column, dates
from archive_search.search.docsets import matching_mask
from archive_search.search.facets import count_facets
from archive_search.search.filters import allowed_documents, request_filters
from archive_search.search.querying import CompiledQuery, compile_query
from archive_search.search.request import SearchRequest
from archive_search.search.results import Hit, SearchResults
from archive_search.search.snippets import Highlighter
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
    which is both more precise and a leaner query. Worked out once per reader.
    """
    if requested:
        return normalise_language(requested)
    try:
        return _SOLE_LANGUAGE[reader]
    except KeyError:
        language = _SOLE_LANGUAGE[reader] = _sole_language(reader)
        return language
    except TypeError:  # not weakly referenceable
        return _sole_language(reader)


_SOLE_LANGUAGE: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()


def _sole_language(reader: Any) -> str | None:
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

    deadline = monotonic() + request.time_limit
    mask = allowed.mask if allowed is not None else None
    scored = bulk.evaluate(searcher, q, WEIGHTING, mask, exclude, deadline)
    matching: np.ndarray | None = None
    if scored is not None:
        matching = scored.docs
        ranking_: _Ranking = _ArrayRanking(searcher, request, allowed, scored)
    else:
        if request.facets or request.timeline:
            matching = _matching(searcher, q, allowed, exclude)
        ranking_ = _WhooshRanking(searcher, q, allowed, request, exclude)
    page, total, timed_out = ranking_.page(
        known_total=len(matching) if matching is not None else None
    )
    if timed_out or (scored is not None and scored.timed_out):
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


def _matching(searcher: Any, q: Any, allowed: Any, exclude: set[int] | None) -> np.ndarray:
    mask = matching_mask(searcher, q)
    if allowed is not None:
        mask &= allowed.mask
    for docnum in exclude or ():
        mask[docnum] = False
    return np.flatnonzero(mask)


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

    def __init__(self, searcher: Any, request: SearchRequest, allowed: Any) -> None:
        self.searcher = searcher
        self.request = request
        self.allowed = allowed

    def page(self, known_total: int | None) -> tuple[list[_Ranked], int, bool]:
        request = self.request
        need = request.page * request.limit
        depth = need * 2 + 10 + self._extra() if request.collapse else need + self._extra()
        while True:
            ranked, timed_out = self._top(depth)
            if request.collapse:
                groups = collapse(ranked, self.searcher.reader(), self.allowed)
                kept = [_Ranked(g.docnum, g.score, g.copies) for g in groups]
            else:
                kept = [_Ranked(d, s, []) for d, s in ranked]
            exhausted = len(ranked) < depth
            if len(kept) >= need or exhausted or timed_out or depth >= 4 * config.MAX_RESULT_WINDOW:
                break
            depth *= 4
        total = known_total if known_total is not None else self._count()
        start = request.offset
        return kept[start : start + request.limit], total, timed_out

    def _extra(self) -> int:
        return 0

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        raise NotImplementedError

    def _count(self) -> int:
        raise NotImplementedError


class _ArrayRanking(_Ranking):
    """Top documents of an array-scored query, by score or by date."""

    def __init__(
        self, searcher: Any, request: SearchRequest, allowed: Any, scored: bulk.Scored
    ) -> None:
        super().__init__(searcher, request, allowed)
        self.scored = scored

    def _top(self, depth: int) -> tuple[list[tuple[int, float]], bool]:
        scored = self.scored
        when = None
        if self.request.sort != "relevance":
            dated, published = dates(self.searcher.reader())
            sign = -1 if self.request.sort == "newest" else 1
            docs = scored.docs
            when = np.where(dated[docs], sign * published[docs], np.iinfo(np.int64).max)
        docs, scores = scored.top(depth, when)
        return list(zip(docs.tolist(), scores.tolist(), strict=True)), False

    def _count(self) -> int:
        return len(self.scored)


class _WhooshRanking(_Ranking):
    """Query shapes the array scorer does not know, ranked by Whoosh's collectors."""

    def __init__(
        self,
        searcher: Any,
        q: Any,
        allowed: Any,
        request: SearchRequest,
        exclude: set[int] | None,
    ) -> None:
        super().__init__(searcher, request, allowed)
        self.q = q
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
        return ranked, collector.timed_out

    def _count(self) -> int:
        """Matching documents, filters and exclusions applied."""
        base = self._base
        exclude = self.exclude
        if base is not None and base.computes_count():
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
        found = Highlighter(compiled.highlight).page(list(articles.values()))
        highlights = dict(zip(articles, found, strict=True))
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
    return article_from_record(searcher.stored_fields(docnum)["record"])


def article_from_record(record: str) -> Article:
    """The Article of a stored record, trusting what the index wrote.

    The record is ``Article.to_json()`` of an article that passed validation
    when it was indexed; rebuilding it directly skips re-validating and
    re-normalising every paragraph, which is most of ``Article.from_json``'s
    cost on long bodies. Anything unexpected takes the validating path.
    """
    try:
        data = json.loads(record)
        captions = [Caption(c["text"], c.get("credit") or "") for c in data.pop("captions") or ()]
        published = parse_iso_date(data.pop("published"))
        return Article(**data, captions=captions, published=published)
    except (TypeError, ValueError, KeyError, AttributeError):
        return Article.from_json(record)


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
