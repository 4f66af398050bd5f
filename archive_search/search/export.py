"""Every hit of a query, streamed: what a CSV or JSON Lines export writes.

A search pages its results and stops at ``config.MAX_RESULT_WINDOW``; an
export walks the whole ranking in chunks instead, reading and highlighting
one chunk of records at a time, so memory stays bounded however many articles
match. Near-identical copies are not folded: an export lists every article
(as ``total`` counts them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from archive_search import config
from archive_search.search.engine import page_hits
from archive_search.search.matches import find_matches
from archive_search.search.paging import Ranked
from archive_search.search.request import SearchRequest
from archive_search.search.results import Hit


def export_hits(store: Any, request: SearchRequest) -> Iterator[Hit]:
    """Every hit of ``request`` in its order (its page and limit are ignored)."""
    matches = find_matches(store, request)
    docs, scores = matches.ranked()
    chunk = config.EXPORT_CHUNK
    for start in range(0, len(docs), chunk):
        ranked = [
            Ranked(int(d), float(s), [])
            for d, s in zip(docs[start : start + chunk], scores[start : start + chunk], strict=True)
        ]
        yield from page_hits(matches.searcher, ranked, matches.compiled, request)
