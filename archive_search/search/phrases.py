"""Phrase and proximity matching on word positions, as Whoosh's span queries match.

A phrase can only occur in a document that has every one of its words, so
the candidates are the intersection of the words' document lists (sorted
arrays: one C call each). Positions are then read only for the candidates,
rarest word first, dropping documents as soon as one word is missing, a chunk
at a time so that a deadline can stop the work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

#: Candidates checked between two looks at the clock.
CHECK_EVERY = 512


def intersect(lists: list[np.ndarray], allowed: np.ndarray | None = None) -> np.ndarray:
    """Documents in every list (and in ``allowed``), sorted."""
    if not lists or any(not len(docs) for docs in lists):
        return np.zeros(0, dtype=np.int64)
    ordered = sorted(lists, key=len)
    docs = ordered[0]
    for other in ordered[1:]:
        if not len(docs):
            break
        docs = np.intersect1d(docs, other, assume_unique=True)
    if allowed is not None and len(docs):
        docs = docs[allowed[docs]]
    return docs.astype(np.int64)


def verified(
    cache: Any,
    fieldname: str,
    words: list[Any],
    docs: np.ndarray,
    slop: int,
    ordered: bool,
    mindist: int = 1,
    out_of_time: Callable[[], bool] | None = None,
) -> np.ndarray:
    """The documents among ``docs`` where the words' positions chain as the phrase asks.

    An exact phrase (ordered, adjacent) is checked with array operations:
    it starts at position ``s`` of document ``d`` when word ``i`` occurs at
    ``s + i`` for every ``i``, so the (document, position - i) pairs of all
    its words must meet. Proximity runs ``spans_match`` document by document.
    """
    exact = ordered and slop <= 1 and mindist == 1
    found: list[np.ndarray] = []
    distinct_words = sorted(set(words), key=lambda w: cache.doc_frequency(fieldname, w))
    for start in range(0, len(docs), CHECK_EVERY):
        if out_of_time is not None and out_of_time():
            break
        chunk = docs[start : start + CHECK_EVERY]
        places: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
        for word in distinct_words:  # rarest first: drop documents without it early
            owners, positions = cache.position_arrays(fieldname, word, chunk)
            places[word] = (owners, positions)
            chunk = chunk[np.isin(chunk, owners)]
            if not len(chunk):
                break
        if not len(chunk):
            continue
        if exact:
            found.append(_exact_matches(words, places))
        else:
            found.append(_near_matches(words, places, chunk, slop, ordered, mindist))
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(found)


def _exact_matches(
    words: list[Any], places: dict[Any, tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    common: np.ndarray | None = None
    for i, word in enumerate(words):
        owners, positions = places[word]
        keep = positions >= i
        keys = (owners[keep] << 32) | (positions[keep] - i)
        common = keys if common is None else common[np.isin(common, keys)]
        if not len(common):
            return np.zeros(0, dtype=np.int64)
    assert common is not None
    starts = np.sort(common >> 32)
    if not len(starts):
        return starts
    first = np.empty(len(starts), dtype=bool)
    first[0] = True
    np.not_equal(starts[1:], starts[:-1], out=first[1:])
    return starts[first]


def _near_matches(
    words: list[Any],
    places: dict[Any, tuple[np.ndarray, np.ndarray]],
    docs: np.ndarray,
    slop: int,
    ordered: bool,
    mindist: int,
) -> np.ndarray:
    per_word: dict[Any, dict[int, list[int]]] = {}
    for word, (owners, positions) in places.items():
        lists: dict[int, list[int]] = {}
        for doc, position in zip(owners.tolist(), positions.tolist(), strict=True):
            lists.setdefault(doc, []).append(position)
        per_word[word] = lists
    out = [
        doc
        for doc in docs.tolist()
        if all(doc in per_word[w] for w in words)
        and spans_match([per_word[w][doc] for w in words], slop, ordered, mindist)
    ]
    return np.asarray(out, dtype=np.int64)


def spans_match(positions: list[list[int]], slop: int, ordered: bool, mindist: int = 1) -> bool:
    """Whether word positions chain as Whoosh's ``SpanNear2`` chains them.

    Each word must lie between ``mindist`` and ``slop`` positions after (or,
    unordered, either side of) the span built so far, which then grows to
    cover it. With ``slop=1``, ``ordered`` and ``mindist=1`` this is an exact
    phrase: every word right after the one before.
    """
    if ordered and slop <= 1 and mindist == 1:
        following = [set(p) for p in positions[1:]]
        return any(
            all(start + i + 1 in nxt for i, nxt in enumerate(following)) for start in positions[0]
        )
    spans = sorted({(p, p) for p in positions[0]})
    for nxt in positions[1:]:
        words = sorted(set(nxt))
        joined: set[tuple[int, int]] = set()
        for a_start, a_end in spans:
            for b in words:
                if b < a_start - slop or (ordered and a_start > b):
                    continue
                if b > a_end + slop:
                    break
                if b > a_end:
                    dist = b - a_end
                elif b < a_start:
                    dist = a_start - b
                else:
                    dist = 0
                if mindist <= dist <= slop:
                    joined.add((min(a_start, b), max(a_end, b)))
        spans = sorted(joined)
        if not spans:
            return False
    return True
