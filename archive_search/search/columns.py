"""Per-document columns, opened once per index reader.

Opening a Whoosh column reader for a variable-width column (``id``,
``near_dup``, ``month``...) reads the offsets of every document: about 10 ms
at 20,000 articles, paid again on each call. The search asks for the same few
columns on every query, so the opened readers are kept for as long as the
index reader lives (a refreshed searcher brings a new reader and new columns).
"""

from __future__ import annotations

import weakref
from typing import Any

_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[str, bool], Any]] = weakref.WeakKeyDictionary()


def column(reader: Any, fieldname: str, *, translate: bool = True) -> Any | None:
    """The column reader of ``fieldname`` (None when the index has no such column)."""
    try:
        cached = _CACHE.setdefault(reader, {})
    except TypeError:  # not weakly referenceable: no cache
        cached = {}
    key = (fieldname, translate)
    if key not in cached:
        if fieldname not in reader.schema or not reader.has_column(fieldname):
            cached[key] = None
        else:
            cached[key] = reader.column_reader(fieldname, translate=translate)
    return cached[key]
