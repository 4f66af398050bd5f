"""Phrase and proximity matching on word positions, as Whoosh's span queries match.

A phrase can only occur in a document that has every one of its words, so
the candidates are the intersection of the words' document lists (sorted
arrays: one C call each), or of cheaper supersets of them (the documents
holding one of the word's stems). Positions are then read only for the
candidates, rarest word first, dropping documents as soon as one word is
missing, a chunk at a time so that a deadline can stop the work.
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
    """The documents among ``docs`` where the words' positions chain as the phrase asks."""
    found: list[int] = []
    distinct = sorted(set(words), key=lambda w: cache.doc_frequency(fieldname, w))
    for start in range(0, len(docs), CHECK_EVERY):
        if out_of_time is not None and out_of_time():
            break
        chunk = docs[start : start + CHECK_EVERY]
        positions: dict[Any, dict[int, list[int]]] = {}
        for word in distinct:
            positions[word] = cache.positions(fieldname, word, chunk)
            chunk = chunk[np.isin(chunk, np.fromiter(positions[word], dtype=np.int64))]
            if not len(chunk):
                break
        for doc in chunk.tolist():
            if spans_match([positions[w][doc] for w in words], slop, ordered, mindist):
                found.append(doc)
    return np.asarray(found, dtype=np.int64)


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
