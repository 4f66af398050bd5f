"""Running a search: request in, typed results out.

``run_search(store, SearchRequest(...))`` is the one entry point (``Archive.search``
calls it). The plan of one search:

1. compile the query (``querying``) in the language the search is about;
2. turn the filter options and the query's metadata clauses into one cached
   document mask (``filters``);
3. find and score every match with array operations over cached posting
   lists (``bulk``, ``postings``): the exact total and the match set come
   with it; query shapes it does not know run through Whoosh (``fallback``);
4. take the top of the ranking by BM25 (``ranking``) or by date, completing
   exact-form bonuses only where they can change the page; long plain queries
   may get a second, expanded round (``feedback``);
5. collapse near-duplicates (``collapse``), cut the page (``paging``), read
   each hit's record and highlight its text (``snippets``);
6. only when asked: facets and timeline over every match, and a "did you mean".

The store's one snapshot (``engine.snapshot``: the index at one commit, read
through plain-valued methods) is reused across searches (opening its searcher is
the expensive part), and with it the per-snapshot caches of posting lists, term
lookups, filter masks and columns; nothing here imports the ingest stack, nor
Whoosh's collectors unless a query needs them.
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from time import monotonic, perf_counter
from typing import Any

import numpy as np

from archive_search import config, errors
from archive_search.article import Article, Caption, parse_iso_date
from archive_search.engine.snapshot import Snapshot
from archive_search.search import bulk, ranking
from archive_search.search.facets import count_facets
from archive_search.search.filters import allowed_documents, request_filters
from archive_search.search.languages import resolve_language
from archive_search.search.paging import ArrayRanking, Ranked, Ranking
from archive_search.search.querying import CompiledQuery, compile_query
from archive_search.search.request import SearchRequest
from archive_search.search.results import Hit, SearchResults, Timeline
from archive_search.search.snippets import Highlighter
from archive_search.search.suggest import suggest
from archive_search.search.timeline import build_timeline, timeline_granularity
from archive_search.text.analysis import SUPPORTED_STEMMERS, analysis_language, normalise_language

__all__ = ["SearchRequest", "SearchResults", "execute", "run_search"]

#: The scoring model of every search.
WEIGHTING = ranking.FieldBM25()


def run_search(store: Any, request: SearchRequest) -> SearchResults:
    """Run one search on an opened index store."""
    started = perf_counter()
    snapshot = store.snapshot()
    with analysis_language(query_language(snapshot, request.language)):
        compiled = compile_query(request.query, snapshot)
        return execute(snapshot, request, compiled, started=started)


def query_language(snapshot: Snapshot, requested: str | None) -> str | None:
    """The language to analyse the query in: the one asked for, or the index's only one.

    With no language, a query word stands for its stems in every supported
    language; an index that holds a single language needs only that one's,
    which is both more precise and a leaner query. Worked out once per snapshot.
    """
    if requested:
        return normalise_language(resolve_language(snapshot, requested, "--lang"))
    try:
        return _SOLE_LANGUAGE[snapshot]
    except KeyError:
        language = _SOLE_LANGUAGE[snapshot] = _sole_language(snapshot)
        return language
    except TypeError:  # not weakly referenceable
        return _sole_language(snapshot)


_SOLE_LANGUAGE: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()


def _sole_language(snapshot: Snapshot) -> str | None:
    if not snapshot.has_field("language"):
        return None
    languages = [t for t, _ in zip(snapshot.lexicon("language"), range(2), strict=False)]
    if len(languages) != 1:
        return None
    code = languages[0]
    if code not in SUPPORTED_STEMMERS:
        return None
    if snapshot.doc_frequency("language", code) < snapshot.doc_count():
        return None  # some articles have no language
    return code


def execute(
    snapshot: Snapshot,
    request: SearchRequest,
    compiled: CompiledQuery,
    *,
    started: float | None = None,
    shown_query: str | None = None,
    exclude: set[int] | None = None,
) -> SearchResults:
    """Rank, collapse, page, highlight and count a compiled query."""
    started = perf_counter() if started is None else started
    request = browse_order(request, compiled)
    granularity = timeline_granularity(request.timeline) if request.timeline else None
    notices = list(compiled.notices)
    allowed = allowed_documents(snapshot, compiled.filters + request_filters(request, snapshot))
    q = compiled.query
    added: list[str] | None = None
    if _wants_feedback(request, compiled):
        from archive_search.search.feedback import expand

        expansion = expand(snapshot, q, compiled, allowed, WEIGHTING)
        q, added = expansion.query, expansion.words
        if added:
            notices.append(errors.Note.FEEDBACK_ADDED.format(words=", ".join(added)))
        else:
            notices.append(errors.Note.FEEDBACK_NOTHING)

    deadline = monotonic() + request.time_limit
    mask = allowed.mask if allowed is not None else None
    scored = bulk.evaluate(snapshot, q, WEIGHTING, mask, exclude, deadline)
    matching: np.ndarray | None = None
    ranking_: Ranking
    if scored is not None:
        matching = scored.docs
        ranking_ = ArrayRanking(snapshot, request, allowed, scored)
    else:
        from archive_search.search import fallback

        if request.facets or request.timeline:
            matching = fallback.matching(snapshot, q, allowed, exclude)
        ranking_ = fallback.WhooshRanking(snapshot, q, allowed, request, exclude, WEIGHTING)
    known_total = len(matching) if matching is not None else None
    folded: dict[int, list[int]] | None = None
    if request.editions == "collapse":
        from archive_search.search.editions import collapsed_page

        page, total, timed_out, folded = collapsed_page(ranking_, request, known_total)
    else:
        page, total, timed_out = ranking_.page(known_total=known_total)
    if timed_out or (scored is not None and scored.timed_out):
        notices.append(errors.Note.TIME_LIMIT.format(seconds=request.time_limit))

    hits = page_hits(snapshot, page, compiled, request)
    if request.editions != "none":
        from archive_search.search.editions import attach

        attach(snapshot, hits, [r.docnum for r in page], folded)
    results = SearchResults(
        query=shown_query if shown_query is not None else request.query,
        total=total,
        hits=hits,
        page=request.page,
        limit=request.limit,
        notices=notices,
        feedback_words=added,
        folded=ranking_.folded,
        sort=request.sort,
        browse=compiled.browse,
        filtered=allowed is not None,
    )
    if matching is not None:
        if request.facets:
            results.facets = count_facets(snapshot, matching)
        if granularity is not None:
            results.timeline = _timeline(
                snapshot, matching, granularity, notices, relative=request.relative
            )
    if request.suggest and compiled.words:
        # a long query is no typo; and each rare word costs a fuzzy scan of the vocabulary
        words = compiled.words[: config.MAX_SUGGEST_WORDS]
        results.suggestion = suggest(snapshot, words, compiled.text)
    results.elapsed = perf_counter() - started
    return results


def browse_order(request: SearchRequest, compiled: CompiledQuery) -> SearchRequest:
    """The request as run: with no words to rank by, "relevance" means newest first.

    A browse (an empty query, or only filters) matches with one score for all,
    so relevance order would be index order; the newest articles are what a
    reader expects to see first. "oldest" and "newest" stay as asked.
    """
    if compiled.browse and request.sort == "relevance":
        return dataclasses.replace(request, sort="newest")
    return request


def _timeline(
    snapshot: Snapshot,
    matching: np.ndarray,
    granularity: str,
    notices: list[str],
    *,
    relative: bool,
) -> Timeline:
    """The timeline of the matches; a note when the unit asked for made too many periods."""
    timeline = build_timeline(snapshot, matching, granularity, relative=relative)
    if timeline.requested:
        notices.append(
            errors.Note.TIMELINE_COARSENED.format(
                unit=timeline.granularity,
                asked=timeline.requested,
                limit=config.MAX_TIMELINE_BUCKETS,
            )
        )
    return timeline


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


# -- hits ------------------------------------------------------------------------------
def page_hits(
    snapshot: Snapshot, page: list[Ranked], compiled: CompiledQuery, request: SearchRequest
) -> list[Hit]:
    """The hits of ranked documents: records read, snippets highlighted (if asked)."""
    records = _records(snapshot, [r.docnum for r in page])
    articles = {docnum: article_from_record(record) for docnum, record in records.items()}
    highlights = {}
    if request.snippets:
        found = Highlighter(compiled.highlight).page(list(articles.values()))
        highlights = dict(zip(articles, found, strict=True))
    ids = snapshot.column("id")
    hits = []
    for r in page:
        hit = Hit.from_article(articles[r.docnum], r.score)
        if r.docnum in highlights:
            hit.snippet = highlights[r.docnum].snippet
            hit.title_highlights = highlights[r.docnum].title
        hit.duplicates = len(r.copies)
        hit.duplicate_ids = [_text(ids[d]) for d in r.copies] if ids is not None else []
        hits.append(hit)
    return hits


def _records(snapshot: Snapshot, docnums: list[int]) -> dict[int, str]:
    """The stored JSON record of each document, in the order asked (``Snapshot.record``)."""
    return {docnum: snapshot.record(docnum) for docnum in docnums}


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
