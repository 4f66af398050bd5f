"""Filters: the --from/--to/--author/--place/--lang/--section options as document sets.

A filter only decides which articles may match; it never changes a score.
Each filter's document set is computed once per index version and cached
(a researcher narrows the same way query after query), and the query's own
metadata clauses (``lang:sr``, ``date:2014``) are applied the same way.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any

from whoosh import query as wq

from archive_search.search.docsets import matching_documents
from archive_search.search.querying import author_query, metadata_query
from archive_search.search.request import SearchRequest

#: Filter document sets kept per index reader (a set of n documents takes about 60n bytes).
CACHE_SIZE = 16

_CACHE: weakref.WeakKeyDictionary[Any, OrderedDict[str, Any]] = weakref.WeakKeyDictionary()


def request_filters(request: SearchRequest, reader: Any) -> list[Any]:
    """The Whoosh queries of the request's filter options (empty when there are none)."""
    out: list[Any] = []
    start, end = request.date_range
    if start or end:
        out.append(wq.DateRange("published", start, end))
    if request.author:
        q = author_query(reader, request.author)
        out.append(wq.NullQuery if q is None else q)
    for kind, value in (
        ("place", request.place),
        ("language", request.language),
        ("section", request.section),
    ):
        if value:
            q = metadata_query(reader, kind, value)
            out.append(wq.NullQuery if q is None else q)
    return out


def allowed_documents(searcher: Any, filters: list[Any]) -> frozenset[int] | None:
    """The documents passing every filter, as a set of document numbers (None: no filter)."""
    if not filters:
        return None
    reader = searcher.reader()
    sets = sorted((_docset(searcher, reader, q) for q in filters), key=len)
    combined = sets[0]
    for docs in sets[1:]:
        combined = combined & docs
    return combined


def _docset(searcher: Any, reader: Any, q: Any) -> Any:
    try:
        cache = _CACHE[reader]
    except KeyError:
        cache = _CACHE[reader] = OrderedDict()
    except TypeError:  # a reader that cannot be weakly referenced: no cache
        cache = OrderedDict()
    key = repr(q)
    docs = cache.get(key)
    if docs is None:
        docs = frozenset(matching_documents(searcher, q))
        cache[key] = docs
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return docs
