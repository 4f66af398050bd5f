"""Near-duplicate collapsing: one wire story filed in several places is one hit.

Articles share a ``near_dup`` key when their folded title and opening words
agree (``index.schema.near_duplicate_key``). The best-ranked copy stands for
the group; the others are counted on it (and listed by id) instead of filling
the page with the same text.

Copies are found per hit through the key's term (a lookup in the term table,
remembered per snapshot) until the session has made enough lookups to pay for
reading the whole ``near_dup`` column once (``columns.worth_reading``); from
then on, groups come from that column as arrays at no cost per hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from archive_search.engine.snapshot import Snapshot
from archive_search.search.postings import TermCache, Unreadable

#: Reading one document's key with the whole column, against one term lookup.
_RELATIVE_READ_COST = 1 / 25
#: Numbering one document's key with the whole column, against reading it alone
#: (about 3 against 5 microseconds on 95,215 articles).
_COUNT_READ_COST = 0.6


@dataclass
class Group:
    """A kept hit and the other matching copies it stands for."""

    docnum: int
    score: float
    copies: list[int] = field(default_factory=list)


def collapse(
    ranked: Iterable[tuple[int, float]], snapshot: Snapshot, allowed: Any = None
) -> list[Group]:
    """Keep the first-ranked document of each near-duplicate key, in rank order.

    Each group lists every copy, including those ranked below the page;
    ``allowed`` (the filter set, if any) excludes copies the filters reject.
    """
    ranked = list(ranked)
    if not ranked or not snapshot.has_field("near_dup"):
        return [Group(d, s) for d, s in ranked]
    groups = _Groups.of(snapshot, len(ranked))
    if groups.whole:
        return groups.collapse(ranked, allowed)
    seen: set[Any] = set()
    out: list[Group] = []
    for docnum, score in ranked:
        key = groups.key(docnum)
        if key:
            if key in seen:
                continue
            seen.add(key)
        group = Group(docnum, score)
        if key:
            group.copies = _allowed(groups.members(key, docnum), docnum, allowed)
        out.append(group)
    return out


def count_groups(snapshot: Snapshot, docs: np.ndarray) -> int:
    """How many hits ``docs`` (every match) make once near-duplicates are folded.

    Every match without a key is a hit of its own; those sharing a key make one.
    The page count and what paging yields then agree with the total. Keys are
    looked up per match until a session's lookups pay for numbering the whole
    column (as for ``collapse``): a one-off search of a few matches in a big
    archive never reads it.
    """
    if not len(docs) or not snapshot.has_field("near_dup"):
        return len(docs)
    whole = snapshot.has_codes("near_dup") or snapshot.worth_reading(
        "near_dup", len(docs), _COUNT_READ_COST
    )
    if whole:
        codes, _ = snapshot.column_codes("near_dup")
        keys = codes[docs]
        keyed = np.sort(keys[keys != 0])  # np.unique would import numpy.ma: a tenth of a second
        distinct = int(np.count_nonzero(keyed[1:] != keyed[:-1])) + 1 if len(keyed) else 0
        return len(docs) - len(keyed) + distinct
    column = snapshot.column("near_dup")
    if column is None:
        return len(docs)
    keyed_values = [key for key in (column[d] for d in docs.tolist()) if key]
    return len(docs) - len(keyed_values) + len(set(keyed_values))


def _allowed(members: list[int], docnum: int, allowed: Any) -> list[int]:
    return [d for d in members if d != docnum and (allowed is None or d in allowed)]


class _Groups:
    """Near-duplicate keys and their members, looked up one by one or from the column."""

    def __init__(self, snapshot: Snapshot, whole: bool) -> None:
        self.snapshot = snapshot
        self.whole = whole
        if whole:
            self.codes, self.names = snapshot.column_codes("near_dup")
            self.order = snapshot.memo("near_dup order", self._order)
        else:
            self.column = snapshot.column("near_dup")
            self.terms = TermCache.of(snapshot)

    @classmethod
    def of(cls, snapshot: Snapshot, lookups: int) -> _Groups:
        whole = snapshot.has_codes("near_dup") or snapshot.worth_reading(
            "near_dup", lookups, _RELATIVE_READ_COST
        )
        return cls(snapshot, whole)

    def _order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        codes = self.codes
        live = self.live()
        counted = codes if live is None else codes[live]
        counts = np.bincount(counted, minlength=len(self.names))
        counts[0] = 0  # no key: never a copy of anything
        order = np.argsort(codes, kind="stable")
        return order, codes[order], counts

    def collapse(self, ranked: list[tuple[int, float]], allowed: Any) -> list[Group]:
        """``collapse`` from the whole column: one array step for the page, lookups for groups."""
        docs = np.fromiter((d for d, _ in ranked), dtype=np.int64, count=len(ranked))
        keys = self.codes[docs]
        order = np.argsort(keys, kind="stable")  # each key's best-ranked copy first
        ordered = keys[order]
        first = np.empty(len(keys), dtype=bool)
        first[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        keep = np.zeros(len(docs), dtype=bool)
        keep[order[first]] = True
        keep |= keys == 0
        counts = self.order[2]
        out = []
        for i in np.flatnonzero(keep).tolist():
            docnum, score = ranked[i]
            group = Group(docnum, score)
            key = int(keys[i])
            if key and counts[key] > 1:
                group.copies = _allowed(self.members(key, docnum), docnum, allowed)
            out.append(group)
        return out

    def key(self, docnum: int) -> Any:
        if self.whole:
            return int(self.codes[docnum]) or None
        value = self.column[docnum] if self.column is not None else None
        return value or None

    def members(self, key: Any, docnum: int) -> list[int]:
        if self.whole:
            order, sorted_codes, _ = self.order
            lo = np.searchsorted(sorted_codes, key, side="left")
            hi = np.searchsorted(sorted_codes, key, side="right")
            members = order[lo:hi]
            live = self.live()
            if live is not None:
                members = members[live[members]]
            return members.tolist()
        text = key.decode("utf-8") if isinstance(key, bytes) else str(key)
        try:
            if self.terms.doc_frequency("near_dup", text) < 2:
                return []
            return self.terms.get("near_dup", text).docs.tolist()
        except Unreadable:
            return self.snapshot.postings("near_dup", text).tolist()

    def live(self) -> np.ndarray | None:
        try:
            return TermCache.of(self.snapshot).live()
        except Unreadable:
            return None
