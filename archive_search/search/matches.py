"""Every match of a query, not a page of it: for exports and for comparing queries.

A search ranks only as deep as its page needs; an export wants every hit in
order and a comparison wants every match's month. Both start here: the query
compiled as a search compiles it, the filters applied, every match found by
the array scorer (or Whoosh's collectors for shapes it does not know).
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import Any

import numpy as np

from archive_search.engine.snapshot import Snapshot
from archive_search.search import bulk
from archive_search.search.engine import WEIGHTING, browse_order, query_language
from archive_search.search.filters import allowed_documents, request_filters
from archive_search.search.paging import ArrayRanking
from archive_search.search.querying import CompiledQuery, compile_query
from archive_search.search.request import SearchRequest
from archive_search.text.analysis import analysis_language


@dataclass
class Matches:
    """The matching documents of one request, and how to rank them."""

    snapshot: Snapshot
    request: SearchRequest
    compiled: CompiledQuery
    allowed: Any
    scored: bulk.Scored | None
    docs: np.ndarray
    #: The language the query was analysed in (snippets of its hits are too).
    language: str | None = None

    def ranked(self) -> tuple[np.ndarray, np.ndarray]:
        """Every match and its score, in the request's order (relevance, newest, oldest).

        Arrays, never a list per match: an export of a million matches holds 16 MB
        here. Shapes the array scorer does not know have no scores here: they come
        in date order (with a date sort) or index order, each with score 0.
        """
        if self.scored is not None:
            ranking = ArrayRanking(self.snapshot, self.request, self.allowed, self.scored)
            return ranking.ordered(len(self.scored))
        docs = self.docs
        if self.request.sort != "relevance":
            dated, published = self.snapshot.dates()
            sign = -1 if self.request.sort == "newest" else 1
            when = np.where(dated[docs], sign * published[docs], np.iinfo(np.int64).max)
            docs = docs[np.lexsort((docs, when))]
        return docs, np.zeros(len(docs))


def find_matches(store: Any, request: SearchRequest) -> Matches:
    """Every document the request matches (its filters applied), unranked."""
    snapshot = store.snapshot()
    language = query_language(snapshot, request.language)
    with analysis_language(language):
        compiled = compile_query(request.query, snapshot)
        request = browse_order(request, compiled)
        allowed = allowed_documents(snapshot, compiled.filters + request_filters(request, snapshot))
        mask = allowed.mask if allowed is not None else None
        deadline = monotonic() + request.time_limit
        scored = bulk.evaluate(snapshot, compiled.query, WEIGHTING, mask, None, deadline)
        if scored is not None:
            docs = scored.docs
        else:
            from archive_search.search import fallback

            docs = fallback.matching(snapshot, compiled.query, allowed, None)
    return Matches(snapshot, request, compiled, allowed, scored, docs, language)
