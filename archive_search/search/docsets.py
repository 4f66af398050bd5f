"""Every document a query matches, as a boolean mask over the index's documents.

Filters (``lang:``, ``--place``, ``--from``...), exclusions and metadata
clauses need the set of matching documents, never a score. For the usual
shapes (terms, and ORs and ANDs of them) the mask is built from the cached
posting arrays of ``postings`` with array operations; phrases check positions
only where every word occurs; date ranges compare the sortable date column;
other shapes fall back to Whoosh's own matching, segment by segment.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.snapshot import Snapshot
from archive_search.engine.whoosh_query import column_bounds
from archive_search.search import query_form as qf
from archive_search.search.phrases import intersect, verified
from archive_search.search.postings import TermCache, Unreadable


def matching_mask(snapshot: Snapshot, q: Any) -> np.ndarray:
    """Boolean mask of the live documents matching ``q`` (index-wide numbering)."""
    try:
        cache = TermCache.of(snapshot)
        return _mask(snapshot, cache, q)
    except Unreadable as exc:
        warn_fallback("postings reader", exc)
        return _whoosh_mask(snapshot, q)


def _mask(snapshot: Snapshot, cache: TermCache, q: Any) -> np.ndarray:
    n = cache.doc_count_all
    if isinstance(q, qf.Term):
        mask = np.zeros(n, dtype=bool)
        mask[cache.get(q.fieldname, q.text).docs] = True
        return mask
    if isinstance(q, qf.Or | qf.SoftOr):
        mask = np.zeros(n, dtype=bool)
        for sub in q.subqueries:
            mask |= _mask(snapshot, cache, sub)
        return mask
    if isinstance(q, qf.And):
        if not q.subqueries:
            return np.zeros(n, dtype=bool)
        mask = _mask(snapshot, cache, q.subqueries[0])
        for sub in q.subqueries[1:]:
            mask &= _mask(snapshot, cache, sub)
        return mask
    if isinstance(q, qf.AndNot):
        return _mask(snapshot, cache, q.positive) & ~_mask(snapshot, cache, q.negative)
    if isinstance(q, qf.Filter):
        return _mask(snapshot, cache, q.child)
    if isinstance(q, qf.Nothing):
        return np.zeros(n, dtype=bool)
    if isinstance(q, qf.Every):
        live = cache.live()
        return np.ones(n, dtype=bool) if live is None else live.copy()
    if isinstance(q, qf.DateRange) and snapshot.has_column(q.fieldname):
        return _date_range(snapshot, cache, q)
    if isinstance(q, qf.Phrase):
        return _phrase(cache, q.fieldname, list(q.words), 1, True, 1)
    if isinstance(q, qf.Near):
        return _phrase(cache, q.fieldname, list(q.words), q.slop, False, 1)
    return _whoosh_mask(snapshot, q)


def _phrase(
    cache: TermCache, fieldname: str, words: list[Any], slop: int, ordered: bool, mindist: int
) -> np.ndarray:
    mask = np.zeros(cache.doc_count_all, dtype=bool)
    docs = intersect([cache.get(fieldname, w).docs for w in words])
    if len(docs):
        mask[verified(cache, fieldname, words, docs, slop, ordered, mindist)] = True
    return mask


def _date_range(snapshot: Snapshot, cache: TermCache, q: qf.DateRange) -> np.ndarray:
    """A date range from the sortable column: one comparison per document, no term walk."""
    start, end, start_excl, end_excl = column_bounds(q)
    present, values = snapshot.numbers(q.fieldname)
    mask = present.copy()
    if start is not None:
        mask &= values > start if start_excl else values >= start
    if end is not None:
        mask &= values < end if end_excl else values <= end
    live = cache.live()
    if live is not None:
        mask &= live
    return mask


def _whoosh_mask(snapshot: Snapshot, q: Any) -> np.ndarray:
    from archive_search.engine.fallback import matching_mask as whoosh_mask

    return whoosh_mask(snapshot, q)
