"""Filters: the --from/--to/--author/--place/--lang/--section options as document sets.

A filter only decides which articles may match; it never changes a score.
Each filter's document set is computed once per index version and cached
(a researcher narrows the same way query after query), and the query's own
metadata clauses (``lang:sr``, ``date:2014``) are applied the same way. The
combined set is a boolean mask over the index's documents, which the array
scorer applies in one operation.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any

import numpy as np

from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from archive_search.search.docsets import matching_mask
from archive_search.search.querying import author_query, metadata_query
from archive_search.search.request import SearchRequest

#: Filter document sets kept per index snapshot (one byte per indexed document each).
CACHE_SIZE = 16

_CACHE: weakref.WeakKeyDictionary[Any, OrderedDict[str, np.ndarray]] = weakref.WeakKeyDictionary()


class Allowed:
    """The documents the filters let through: a mask, with set-like membership."""

    __slots__ = ("mask",)

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask

    def __contains__(self, docnum: object) -> bool:
        return (
            isinstance(docnum, int | np.integer)
            and 0 <= docnum < len(self.mask)
            and bool(self.mask[docnum])
        )

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))


def request_filters(request: SearchRequest, snapshot: Snapshot) -> list[Any]:
    """The query forms of the request's filter options (empty when there are none)."""
    out: list[Any] = []
    start, end = request.date_range
    if start or end:
        out.append(qf.DateRange("published", start, end))
    if request.author:
        q = author_query(snapshot, request.author)
        out.append(qf.NOTHING if q is None else q)
    for kind, value in (
        ("place", request.place),
        ("language", request.language),
        ("section", request.section),
    ):
        if value:
            q = metadata_query(snapshot, kind, value)
            out.append(qf.NOTHING if q is None else q)
    return out


def allowed_documents(snapshot: Snapshot, filters: list[Any]) -> Allowed | None:
    """The documents passing every filter (None: no filter)."""
    if not filters:
        return None
    masks = [_docset(snapshot, q) for q in filters]
    combined = masks[0].copy()
    for mask in masks[1:]:
        combined &= mask
    return Allowed(combined)


def _docset(snapshot: Snapshot, q: Any) -> np.ndarray:
    try:
        cache = _CACHE[snapshot]
    except KeyError:
        cache = _CACHE[snapshot] = OrderedDict()
    except TypeError:  # a snapshot that cannot be weakly referenced: no cache
        cache = OrderedDict()
    key = repr(q)
    docs = cache.get(key)
    if docs is None:
        docs = matching_mask(snapshot, q)
        docs.flags.writeable = False
        cache[key] = docs
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return docs
