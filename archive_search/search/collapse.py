"""Near-duplicate collapsing: one wire story filed in several places is one hit.

Articles share a ``near_dup`` key when their folded title and opening words
agree (``index.schema.near_duplicate_key``). The best-ranked copy stands for
the group; the others are counted on it (and listed by id) instead of filling
the page with the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archive_search.search.columns import column


@dataclass
class Group:
    """A kept hit and the other matching copies it stands for."""

    docnum: int
    score: float
    copies: list[int] = field(default_factory=list)


def collapse(ranked: Iterable[tuple[int, float]], reader: Any, allowed: Any = None) -> list[Group]:
    """Keep the first-ranked document of each near-duplicate key, in rank order.

    Copies are found through the key's posting list (a handful of documents),
    so each group is complete even when some copies ranked below the page;
    ``allowed`` (the filter set, if any) excludes copies the filters reject.
    """
    keys = column(reader, "near_dup")
    seen: set[Any] = set()
    groups: list[Group] = []
    for docnum, score in ranked:
        key = keys[docnum] if keys is not None else None
        if key:
            if key in seen:
                continue
            seen.add(key)
        group = Group(docnum, score)
        if key:
            group.copies = _copies(reader, key, docnum, allowed)
        groups.append(group)
    return groups


def _copies(reader: Any, key: Any, docnum: int, allowed: Any) -> list[int]:
    text = key.decode("utf-8") if isinstance(key, bytes) else str(key)
    if reader.doc_frequency("near_dup", text) < 2:
        return []
    docs = reader.postings("near_dup", text).all_ids()
    return [d for d in docs if d != docnum and (allowed is None or d in allowed)]
