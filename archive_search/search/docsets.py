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

from archive_search.engine.segment import columns
from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.whoosh_query import to_whoosh
from archive_search.search import query_form as qf
from archive_search.search.phrases import intersect, verified
from archive_search.search.postings import TermCache, Unreadable


def matching_mask(searcher: Any, q: Any) -> np.ndarray:
    """Boolean mask of the live documents matching ``q`` (index-wide numbering)."""
    reader = searcher.reader()
    try:
        cache = TermCache.of(reader)
        return _mask(searcher, cache, q)
    except Unreadable as exc:
        warn_fallback("postings reader", exc)
        return _whoosh_mask(searcher, q, reader.doc_count_all())


def _mask(searcher: Any, cache: TermCache, q: Any) -> np.ndarray:
    n = cache.doc_count_all
    if isinstance(q, qf.Term):
        mask = np.zeros(n, dtype=bool)
        mask[cache.get(q.fieldname, q.text).docs] = True
        return mask
    if isinstance(q, qf.Or | qf.SoftOr):
        mask = np.zeros(n, dtype=bool)
        for sub in q.subqueries:
            mask |= _mask(searcher, cache, sub)
        return mask
    if isinstance(q, qf.And):
        if not q.subqueries:
            return np.zeros(n, dtype=bool)
        mask = _mask(searcher, cache, q.subqueries[0])
        for sub in q.subqueries[1:]:
            mask &= _mask(searcher, cache, sub)
        return mask
    if isinstance(q, qf.AndNot):
        return _mask(searcher, cache, q.positive) & ~_mask(searcher, cache, q.negative)
    if isinstance(q, qf.Filter):
        return _mask(searcher, cache, q.child)
    if isinstance(q, qf.Nothing):
        return np.zeros(n, dtype=bool)
    if isinstance(q, qf.Every):
        live = cache.live()
        return np.ones(n, dtype=bool) if live is None else live.copy()
    if isinstance(q, qf.DateRange) and _has_column(searcher, q.fieldname):
        return _date_range(searcher.reader(), to_whoosh(q))
    if isinstance(q, qf.Phrase):
        return _phrase(cache, q.fieldname, list(q.words), 1, True, 1)
    if isinstance(q, qf.Near):
        return _phrase(cache, q.fieldname, list(q.words), q.slop, False, 1)
    return _whoosh_mask(searcher, q, n)


def _phrase(
    cache: TermCache, fieldname: str, words: list[Any], slop: int, ordered: bool, mindist: int
) -> np.ndarray:
    mask = np.zeros(cache.doc_count_all, dtype=bool)
    docs = intersect([cache.get(fieldname, w).docs for w in words])
    if len(docs):
        mask[verified(cache, fieldname, words, docs, slop, ordered, mindist)] = True
    return mask


def _has_column(searcher: Any, fieldname: str) -> bool:
    schema = searcher.schema
    return fieldname in schema and schema[fieldname].column_type is not None


def _date_range(reader: Any, q: Any) -> np.ndarray:
    """A date range from the sortable column: one comparison per document, no term walk.

    ``q`` is Whoosh's ``DateRange``: its bounds are what the column holds,
    ``datetime_to_long`` of each date.
    """
    present, values = columns.numbers(reader, q.fieldname)
    mask = present.copy()
    if q.start is not None:
        mask &= values > q.start if q.startexcl else values >= q.start
    if q.end is not None:
        mask &= values < q.end if q.endexcl else values <= q.end
    live = TermCache.of(reader).live()
    if live is not None:
        mask &= live
    return mask


def _whoosh_mask(searcher: Any, form: Any, n: int) -> np.ndarray:
    q = to_whoosh(form)
    mask = np.zeros(n, dtype=bool)
    for subsearcher, offset in searcher.leaf_searchers():
        docs = np.fromiter(q.docs(subsearcher), dtype=np.int64)
        if len(docs):
            mask[docs + offset] = True
    return mask
