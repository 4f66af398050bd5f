"""The query layer: from a query string and options to ranked, highlighted results.

``engine.run_search(store, SearchRequest(...)) -> SearchResults`` is the entry point
(``Archive.search`` calls it). Every module reads the index through one
``engine.snapshot.Snapshot`` (``store.snapshot()``): counts, terms, postings, records
and columns as plain values, never Whoosh's searcher. One module per idea:

* ``request`` / ``results``: the typed options in, the typed results out (and their JSON);
* ``querying``: the query language (Whoosh's tagger for the syntax, our compiler for meaning);
* ``ranking``: BM25 per field (the model is ``engine.scoring``'s), the tuned weights,
  all-words-first for short queries;
* ``postings``: posting lists as numpy arrays and their per-snapshot cache (the segment
  files are read by ``engine.segment``: the postings reader, term tables, columns);
* ``bulk``: matching and scoring every query shape the compiler builds as array
  operations (``nodes``: the compiler's extra query nodes; ``phrases``: positions);
  ``docsets``: match masks; ``paging``: the page of a ranking; ``fallback``: the
  pages of the engine's Whoosh path (``engine.fallback``) for anything else;
* ``filters``, ``facets``, ``timeline``, ``collapse``, ``snippets``, ``suggest``,
  ``similar``, ``feedback``.

Names are imported lazily so that ``import archive_search.search`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["SearchRequest", "SearchResults", "run_search", "similar_articles"]

_EXPORTS = {
    "SearchRequest": "archive_search.search.request",
    "SearchResults": "archive_search.search.results",
    "run_search": "archive_search.search.engine",
    "similar_articles": "archive_search.search.similar",
}

if TYPE_CHECKING:  # pragma: no cover
    from archive_search.search.engine import run_search
    from archive_search.search.request import SearchRequest
    from archive_search.search.results import SearchResults
    from archive_search.search.similar import similar_articles


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'archive_search.search' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
