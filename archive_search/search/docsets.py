"""Every document a query matches, as a set, computed with set operations on postings.

The total count, facets and the timeline need all matches, not the top ten.
Walking Whoosh's matcher tree for that visits every match in every leaf
through several layers of Python calls; for the usual query shapes (words
over several fields and stems: ORs and ANDs of terms) it is several times
faster to read each term's posting list block by block into a set and combine
the sets. Shapes without a set form (phrases, proximity, ranges) fall back to
Whoosh's own matching, per segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.wrappers import WrappingQuery

from archive_search.search.ranking import SoftOr


def matching_documents(searcher: Any, q: Any) -> set[int]:
    """Document numbers (index-wide) of the live documents matching ``q``."""
    out: set[int] = set()
    for subsearcher, offset in searcher.leaf_searchers():
        docs = _docs(subsearcher, subsearcher.reader(), q)
        if offset:
            out.update(d + offset for d in docs)
        else:
            out.update(docs)
    return out


def _docs(searcher: Any, reader: Any, q: Any) -> set[int]:
    if isinstance(q, wq.Term):
        return _term_docs(reader, q.fieldname, q.text)
    if isinstance(q, wq.Or | SoftOr | wq.DisjunctionMax):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= _docs(searcher, reader, sub)
        return out
    if isinstance(q, wq.And):
        sets = sorted((_docs(searcher, reader, sub) for sub in q.subqueries), key=len)
        result = sets[0] if sets else set()
        for other in sets[1:]:
            result &= other
        return result
    if isinstance(q, wq.AndNot):
        return _docs(searcher, reader, q.a) - _docs(searcher, reader, q.b)
    if isinstance(q, wq.AndMaybe):
        return _docs(searcher, reader, q.a)
    if isinstance(q, wq.ConstantScoreQuery | WrappingQuery) and not isinstance(q, wq.Not):
        return _docs(searcher, reader, q.child)
    if q is wq.NullQuery:
        return set()
    return set(q.docs(searcher))


def _term_docs(reader: Any, fieldname: str, text: Any) -> set[int]:
    if (fieldname, text) not in reader:
        return set()
    matcher = reader.postings(fieldname, text)
    try:
        out: set[int] = set()
        for ids, _ in posting_blocks(matcher):
            out.update(ids)
        return out
    except Unreadable:
        return set(reader.postings(fieldname, text).all_ids())


class Unreadable(Exception):
    """The posting list is not in the block format this module reads directly."""


def posting_blocks(matcher: Any) -> Iterator[tuple[Any, Any]]:
    """(ids, term frequencies) of a fresh posting list, one block at a time.

    Decodes the block tuples itself: Whoosh's ``_read_ids`` delta-decodes ids
    with a Python generator, ``itertools.accumulate`` does it in C.
    """
    deleted = None
    if isinstance(matcher, FilterMatcher):
        if not getattr(matcher, "_exclude", False):
            raise Unreadable
        deleted = matcher._ids
        matcher = matcher.child
    needed = ("_read_data", "_next_block", "_i", "_data", "_byteids", "_blocklength")
    if not all(hasattr(matcher, a) for a in needed) or matcher._byteids:
        raise Unreadable
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids: Any = list(accumulate(raw_ids))
        count = len(ids)
        if raw_weights is None:
            weights: Any = [1.0] * count
        elif isinstance(raw_weights, float):
            weights = [raw_weights] * count
        else:
            weights = raw_weights
        start = matcher._i
        if start:
            ids, weights = ids[start:], weights[start:]
        if deleted:
            pairs = [(d, w) for d, w in zip(ids, weights, strict=True) if d not in deleted]
            ids, weights = [d for d, _ in pairs], [w for _, w in pairs]
        yield ids, weights
        matcher._next_block()
