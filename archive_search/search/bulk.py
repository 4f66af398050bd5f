"""Matching and scoring as array operations: the fast path of every search.

Whoosh scores document by document through a tree of matchers, several
Python calls per posting and per tree level. Here each query node becomes
dense arrays over the index's documents, a score (float64) and a match mask,
built from the posting arrays of ``postings``: a word (an OR of its field and
stem terms) is one ``bincount`` over its postings, AND/OR/NOT are mask
operations, a phrase intersects its words' document lists and checks
positions only where every word occurs. Every match is found, which gives the
exact total and the set of matches that facets and the timeline need.

One part of the score is left for later: the bonus of a word's exact form
(``query_form.Term.exact_bonus``). Exact fields carry positions and character offsets,
nine times dearer to decode than the stemmed fields' frequencies, and the
bonus never changes what matches. Its upper bound per document comes from the
block headers alone; ``Scored.top`` then completes the scores of the
documents that can still reach the page, most promising first, until no
other document can: the page is exactly Whoosh's, at a fraction of the reads.

The scores are Whoosh's with ``ranking.FieldBM25`` (tests check both paths
agree), all-words-first tiers included. ``evaluate`` returns None for a query
shape it does not know (or an index it cannot read directly); the engine then
runs the query through Whoosh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from time import monotonic
from typing import Any

import numpy as np

from archive_search.engine.scoring import score_bound
from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.segment.layout import decoded_lengths
from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from archive_search.search import ranking
from archive_search.search.docsets import matching_mask
from archive_search.search.phrases import intersect, verified
from archive_search.search.postings import TermCache, Unreadable, distinct, lookup_tf

#: A deferred list is read whole once the blocks the top needs reach this share of it.
WHOLE_LIST_SHARE = 0.4
#: Exact-form lists up to this long are read whole at once, not deferred (16 blocks).
EAGER_POSTINGS = 2048

Leaf = tuple[str, Any, float, bool]  # field, text, boost, exact bonus


@dataclass
class _Deferred:
    """An exact-form bonus not yet added: factor x BM25, where ``gate`` holds."""

    fieldname: str
    text: Any
    factor: float
    gate: np.ndarray | None = None
    #: (documents, frequencies) of the word's stems in the same field: the exact
    #: form occurs at most as often as they do in any document
    cover: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class Scored:
    """Every matching document (sorted), with its score or the part known so far.

    ``scores`` are final unless ``deferred`` is not empty; ``top`` completes
    what the page needs.
    """

    docs: np.ndarray
    scores: np.ndarray
    timed_out: bool = False
    deferred: list[_Deferred] = field(default_factory=list)
    run: Any = None
    _completed: tuple[Any, ...] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.docs)

    def top(self, depth: int, when: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The first ``depth`` documents and their final scores, in order.

        By score (ties: lower document number first, as Whoosh's collector
        orders them), or with ``when`` (a sort key per document of ``docs``) by
        that key first and score second.
        """
        docs, scores = self.docs, self.scores
        if not self.deferred:
            keys = [-scores, docs] if when is None else [when, -scores, docs]
            order = top_order(keys, depth)
            return docs[order], scores[order]
        if when is not None:
            chosen = _first_rows(when, depth)
            final = scores[chosen] + self._bonus(chosen)
            order = np.lexsort((docs[chosen], -final, when[chosen]))[:depth]
            return docs[chosen[order]], final[order]
        return self._top_by_score(depth)

    def _top_by_score(self, depth: int) -> tuple[np.ndarray, np.ndarray]:
        docs, scores = self.docs, self.scores
        if self._completed is None or self._completed[0] < depth:
            pool = self._pool(depth)
            self._completed = (
                depth,
                pool,
                scores[pool] + self._bounds(pool),
                np.zeros(len(pool), dtype=bool),
                np.full(len(pool), -np.inf),
            )
        _, pool, bound, known, final = self._completed  # kept for a deeper call
        pool_docs = docs[pool]
        width = depth + 8
        while True:
            chosen = _first_rows(-bound, width)
            todo = chosen[~known[chosen]]
            if len(todo):
                final[todo] = scores[pool[todo]] + self._bonus(pool[todo])
                known[todo] = True
            done = np.flatnonzero(known)
            order = top_order([-final[done], pool_docs[done]], depth)
            best = done[order]
            if known.all():
                break
            if len(best) >= depth:
                # no other document can pass the last of the page: its bound is
                # lower, or equal with a higher number (ties go to lower numbers)
                last, last_doc = final[best[-1]], pool_docs[best[-1]]
                rest = ~known
                if not np.any(
                    (bound[rest] > last) | ((bound[rest] == last) & (pool_docs[rest] < last_doc))
                ):
                    break
            width *= 4
        return pool_docs[best], final[best]

    def _pool(self, depth: int) -> np.ndarray:
        """Rows that can still reach the first ``depth``: the others are not looked at.

        A final score is at least the part known so far, so the ``depth``-th
        final score is at least the ``depth``-th known one; a document whose
        known part plus the most any bonus can add stays below that is out.
        """
        scores = self.scores
        if len(scores) <= depth:
            return np.arange(len(scores))
        floor = np.partition(scores, len(scores) - depth)[len(scores) - depth]
        slack = sum(self.run.bonus_max(entry) for entry in self.deferred)
        margin = 1e-9 * (abs(floor) + slack)  # rounding in sums never decides
        return np.flatnonzero(scores >= floor - slack - margin)

    def _bounds(self, rows: np.ndarray) -> np.ndarray:
        total = np.zeros(len(rows))
        docs = self.docs[rows]
        for entry in self.deferred:
            bound = self.run.bonus_bound(entry, docs)
            if entry.gate is not None:
                bound[~entry.gate[rows]] = 0.0
            total += bound
        return total

    def _bonus(self, rows: np.ndarray) -> np.ndarray:
        total = np.zeros(len(rows))
        docs = self.docs[rows]
        for entry in self.deferred:
            bonus = self.run.bonus(entry, docs)
            if entry.gate is not None:
                bonus[~entry.gate[rows]] = 0.0
            total += bonus
        return total


def top_order(keys: list[np.ndarray], depth: int) -> np.ndarray:
    """Indices of the ``depth`` smallest rows by ``keys`` (compared in order), sorted."""
    chosen = _first_rows(keys[0], depth)
    order = np.lexsort([k[chosen] for k in reversed(keys)])[:depth]
    return chosen[order]


def _first_rows(key: np.ndarray, depth: int) -> np.ndarray:
    """Rows whose ``key`` is among the ``depth`` smallest (ties at the edge all kept)."""
    if len(key) <= depth or depth <= 0:
        return np.arange(len(key))
    kth = np.partition(key, depth - 1)[depth - 1]
    return np.flatnonzero(key <= kth)


class _Unsupported(Exception):
    """A query node this module does not evaluate."""


def evaluate(
    snapshot: Snapshot,
    q: Any,
    weighting: Any,
    allowed: np.ndarray | None = None,
    exclude: Any = None,
    deadline: float | None = None,
) -> Scored | None:
    """Find and score every document ``q`` matches; None when it must run through Whoosh.

    ``allowed`` is a boolean mask of the documents the filters let through;
    ``exclude`` document numbers never returned. Past ``deadline`` (a
    ``time.monotonic`` value) the rest of the query is skipped and the result
    flagged ``timed_out``.
    """
    if not isinstance(weighting, ranking.FieldBM25):
        return None
    try:
        _check(q)
        run = _Evaluation(snapshot, weighting, allowed, deadline)
        score, match, deferred = run.node(q)
    except _Unsupported as exc:
        warn_fallback("query executor", exc, logging.INFO)
        return None
    except Unreadable as exc:
        warn_fallback("postings reader", exc)
        return None
    if allowed is not None:
        match &= allowed
    if exclude:
        gone = np.fromiter(exclude, dtype=np.int64)
        match[gone[(gone >= 0) & (gone < len(match))]] = False
    docs = np.flatnonzero(match)
    scores = score[docs] if score is not None else np.zeros(len(docs))
    pending = [replace(d, gate=None if d.gate is None else d.gate[docs]) for d in deferred]
    return Scored(docs, scores, run.timed_out, pending, run)


def supports(q: Any) -> bool:
    """Whether ``evaluate`` knows every node of ``q`` (it may still refuse the index)."""
    try:
        _check(q)
    except _Unsupported:
        return False
    return True


def _check(q: Any) -> None:
    if isinstance(q, qf.Term | qf.Phrase | qf.Near | qf.Every | qf.Nothing | qf.Filter):
        return
    if isinstance(q, qf.AndNot):
        _check(q.positive)
        return
    if isinstance(q, qf.Or | qf.SoftOr | qf.And):
        for sub in q.subqueries:
            _check(sub)
        return
    raise _Unsupported(f"a {type(q).__name__} query")


_Result = tuple[np.ndarray | None, np.ndarray, list[_Deferred]]


class _Evaluation:
    """One query's evaluation: dense score and match arrays per node."""

    def __init__(
        self,
        snapshot: Snapshot,
        weighting: ranking.FieldBM25,
        allowed: np.ndarray | None,
        deadline: float | None,
    ) -> None:
        self.snapshot = snapshot
        self.weighting = weighting
        self.cache = TermCache.of(snapshot)
        self.n = self.cache.doc_count_all
        self.allowed = allowed
        self.deadline = deadline
        self.timed_out = False

    # -- nodes ---------------------------------------------------------------------
    def node(self, q: Any) -> _Result:
        """(score or None for all zeros, match mask, deferred bonuses) of a query node."""
        if isinstance(q, qf.Term):
            return self._terms([(q.fieldname, q.text, q.boost, q.exact_bonus)])
        if isinstance(q, qf.Nothing):
            return None, np.zeros(self.n, dtype=bool), []
        if isinstance(q, qf.Every):
            live = self.cache.live()
            match = np.ones(self.n, dtype=bool) if live is None else live.copy()
            return np.where(match, float(q.boost), 0.0), match, []
        if isinstance(q, qf.Phrase):
            return self._phrase(q.fieldname, list(q.words), q.boost, 1, True, 1)
        if isinstance(q, qf.Near):
            return self._phrase(q.fieldname, list(q.words), q.boost, q.slop, False, 1)
        if isinstance(q, qf.Filter):
            return None, matching_mask(self.snapshot, q.child), []
        if isinstance(q, qf.AndNot):
            score, match, deferred = self.node(q.positive)
            match &= ~matching_mask(self.snapshot, q.negative)
            return self._gated(_masked(score, match), match, deferred, q.boost)
        if isinstance(q, qf.SoftOr):
            return self._soft_or(q)
        if isinstance(q, qf.Or):
            leaves = _term_leaves(q)
            if leaves is not None:
                return self._terms(leaves)
            return self._union([self.node(sub) for sub in q.subqueries], q.boost)
        if isinstance(q, qf.And):
            parts = [self.node(sub) for sub in q.subqueries]
            match = parts[0][1]
            for _, m, _ in parts[1:]:
                match &= m
            score = _sum([s for s, _, _ in parts])
            deferred = [d for _, _, ds in parts for d in ds]
            return self._gated(_masked(score, match), match, deferred, q.boost)
        raise _Unsupported(f"a {type(q).__name__} query")

    def _gated(
        self, score: np.ndarray | None, match: np.ndarray, deferred: list[_Deferred], boost: float
    ) -> _Result:
        """A node that may drop documents its parts matched: their bonuses stop there too."""
        out = [
            replace(d, factor=d.factor * boost, gate=match if d.gate is None else d.gate & match)
            for d in deferred
        ]
        return _boosted(score, boost), match, out

    def _union(self, parts: list[_Result], boost: float) -> _Result:
        match = np.zeros(self.n, dtype=bool)
        for _, m, _ in parts:
            match |= m
        deferred = [replace(d, factor=d.factor * boost) for _, _, ds in parts for d in ds]
        return _boosted(_sum([s for s, _, _ in parts]), boost), match, deferred

    def _soft_or(self, q: qf.SoftOr) -> _Result:
        parts = [self.node(sub) for sub in q.subqueries]
        score, match, deferred = self._union(parts, q.boost)
        if not q.tiered or len(parts) < 2:
            return score, match, deferred
        tier = q.boost * sum(
            score_bound(sub, self.snapshot, self.weighting) for sub in q.subqueries
        )
        every = parts[0][1].copy()
        for _, m, _ in parts[1:]:
            every &= m
        if score is None:
            score = np.zeros(self.n)
        score[every] += tier
        return score, match, deferred

    def _terms(self, leaves: list[Leaf]) -> _Result:
        """A word: the sum of its terms' BM25 scores, one pass over their postings."""
        docs: list[np.ndarray] = []
        values: list[np.ndarray] = []
        deferred: list[_Deferred] = []
        stems: dict[str, list[Any]] = {}  # field -> postings of the word's stems there
        stem_terms: dict[str, list[Any]] = {}  # field -> (field, text) of those stems
        # the stems first: an exact form's bonus is bounded, or given, by them
        for fieldname, text, boost, bonus in sorted(leaves, key=lambda leaf: leaf[3]):
            if self._clock():
                break
            self._scorable(fieldname)
            if bonus:
                cover = _cover(stems.get(f"{fieldname}_stem", []))
                terms = stem_terms.get(f"{fieldname}_stem", [])
                if cover is not None and self._same_total(fieldname, text, terms):
                    # every occurrence of the stems is this form: its frequencies are theirs
                    docs.append(cover[0])
                    values.append(self._score(fieldname, text, cover[0], cover[1]) * boost)
                    continue
                if self._defer(fieldname, text):
                    deferred.append(_Deferred(fieldname, text, boost, cover=cover))
                    continue
            postings = self.cache.get(fieldname, text)
            if not len(postings):
                continue
            stems.setdefault(fieldname, []).append(postings)
            stem_terms.setdefault(fieldname, []).append((fieldname, text))
            docs.append(postings.docs)
            values.append(self._contributions(fieldname, text, postings) * boost)
        if self.timed_out:  # with stems missing, a cover would bound too low
            deferred = [replace(d, cover=None) for d in deferred]
        match = np.zeros(self.n, dtype=bool)
        if not docs:
            return None, match, deferred
        for d in docs:
            match[d] = True
        if len(docs) == 1:
            score = np.zeros(self.n)
            score[docs[0]] = values[0]
            return score, match, deferred
        return np.bincount(np.concatenate(docs), np.concatenate(values), self.n), match, deferred

    def _same_total(self, fieldname: str, text: Any, stem_terms: list[Any]) -> bool:
        """Whether the exact form accounts for every occurrence of its stems in the field.

        It never occurs more often than they do in any document, so equal
        totals (Whoosh keeps each term's total frequency, over every document)
        mean equal frequencies in every document. Totals are single precision
        floats: exact as long as they stay below 2**24.
        """
        total = self.cache.total_frequency(fieldname, text)
        stem_total = sum(self.cache.total_frequency(f, t) for f, t in stem_terms)
        return 0 < total == stem_total < 2**24

    def _defer(self, fieldname: str, text: Any) -> bool:
        """Whether to leave an exact-form bonus for later: for lists long enough to pay.

        Completing the bonus for the documents near the top reads about one
        block per candidate, plus the block headers; reading a short list
        whole costs less than that, and leaves it cached.
        """
        if self.cache.cached_list(fieldname, text):
            return False
        return self.cache.doc_frequency(fieldname, text) > EAGER_POSTINGS

    def _scorable(self, fieldname: str) -> None:
        if not self.snapshot.scorable(fieldname):
            raise _Unsupported(f"field {fieldname!r} without lengths to score by")

    def _bm25(self, fieldname: str, text: Any) -> tuple[float, float, np.ndarray, np.ndarray]:
        """(idf^x * (K1 + 1), K1, the length norm of each length byte, field lengths)."""
        weighting = self.weighting
        k1 = weighting.field_k1.get(fieldname, weighting.k1)
        b = weighting.field_b.get(fieldname, weighting.b)
        df = self.cache.doc_frequency(fieldname, text)
        idf = ranking.bm25_idf(df, self.snapshot.doc_count_all()) ** ranking.IDF_EXPONENT
        avg = self.snapshot.avg_field_length(fieldname) or 1
        return idf * (k1 + 1), k1, _norm_table(k1, b, avg), self.cache.field_lengths(fieldname)

    def _contributions(self, fieldname: str, text: Any, postings: Any) -> np.ndarray:
        """BM25 of each posting of a term (cached on the postings for this weighting)."""
        weighting = self.weighting
        key = (
            "bm25",
            weighting.field_k1.get(fieldname, weighting.k1),
            weighting.field_b.get(fieldname, weighting.b),
            ranking.IDF_EXPONENT,
        )
        cached = postings.cache.get(key)
        if cached is not None:
            return cached
        values = self._score(fieldname, text, postings.docs, postings.tf.astype(np.float64))
        postings.cache[key] = values
        self.cache.grew(postings, values.nbytes)
        return values

    def _score(self, fieldname: str, text: Any, docs: np.ndarray, tf: np.ndarray) -> np.ndarray:
        top, _, norm, lengths = self._bm25(fieldname, text)
        tf = np.asarray(tf, dtype=np.float64)  # frequencies are stored in single precision
        return top * tf / (tf + norm[lengths[docs]])

    # -- deferred exact-form bonuses ---------------------------------------------------
    def bonus_bound(self, entry: _Deferred, docs: np.ndarray) -> np.ndarray:
        """The most the entry can add to each of ``docs``, from its block headers."""
        directory = self.cache.directory(entry.fieldname, entry.text)
        if not len(directory):
            return np.zeros(len(docs))
        top, _, norm, lengths = self._bm25(entry.fieldname, entry.text)
        maxweight = directory.maxweight
        per_block = np.append(top * maxweight / (maxweight + norm[directory.minlength]), 0.0)
        bound = per_block[directory.locate(docs)]
        if entry.cover is not None:
            tf = lookup_tf(entry.cover[0], entry.cover[1], docs)
            per_doc = top * tf / (tf + norm[lengths[docs]])
            bound = np.minimum(bound, per_doc)
        return bound * entry.factor

    def bonus_max(self, entry: _Deferred) -> float:
        """The most the entry can add to any document."""
        directory = self.cache.directory(entry.fieldname, entry.text)
        if not len(directory):
            return 0.0
        top, _, norm, _ = self._bm25(entry.fieldname, entry.text)
        maxweight = directory.maxweight
        return (
            float(np.max(top * maxweight / (maxweight + norm[directory.minlength]))) * entry.factor
        )

    def bonus(self, entry: _Deferred, docs: np.ndarray) -> np.ndarray:
        """What the entry adds to each of ``docs`` (sorted), reading only the blocks needed."""
        fieldname, text = entry.fieldname, entry.text
        directory = self.cache.directory(fieldname, text)
        if not len(directory):
            return np.zeros(len(docs))
        blocks = distinct(directory.locate(docs))
        if len(blocks) >= WHOLE_LIST_SHARE * len(directory):
            postings = self.cache.get(fieldname, text)
            tf = lookup_tf(postings.docs, postings.tf, docs)
        else:
            tf = self.cache.frequencies(fieldname, text, docs)
        out = np.zeros(len(docs))
        hit = tf > 0
        out[hit] = self._score(fieldname, text, docs[hit], tf[hit]) * entry.factor
        return out

    # -- phrases and proximity -------------------------------------------------------
    def _phrase(
        self,
        fieldname: str,
        words: list[Any],
        boost: float,
        slop: int,
        ordered: bool,
        mindist: int,
    ) -> _Result:
        """Documents with the words in order and adjacent (or within ``slop``), as Whoosh.

        The candidates are the documents holding every word (their whole
        lists, read without positions: a fraction of the cost of the blocks
        whose positions are then checked). Scored, as Whoosh's span queries
        are, by the sum of the words' scores.
        """
        match = np.zeros(self.n, dtype=bool)
        if not self.snapshot.has_field(fieldname) or not words:
            return None, match, []
        self._scorable(fieldname)
        if not all(self.cache.contains(fieldname, w) for w in words):
            return None, match, []
        covers = [self.cache.get(fieldname, word).docs.astype(np.int64) for word in words]
        docs = intersect(covers, self.allowed)
        found = verified(
            self.cache, fieldname, list(words), docs, slop, ordered, mindist, self._clock
        )
        match[found] = True
        score = np.zeros(self.n)
        for word in words:
            tf = self.cache.frequencies(fieldname, word, found)
            score[found] += self._score(fieldname, word, found, tf)
        return _boosted(score, boost), match, []

    def _clock(self) -> bool:
        """True once the deadline has passed (and the evaluation is flagged)."""
        if self.deadline is not None and not self.timed_out and monotonic() > self.deadline:
            self.timed_out = True
        return self.timed_out


def _cover(postings: list[Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """(documents, summed frequencies) of a word's stem lists in one field."""
    if not postings:
        return None
    if len(postings) == 1:
        return postings[0].docs, postings[0].tf
    docs = np.concatenate([p.docs for p in postings])
    unique = distinct(docs)
    where = np.searchsorted(unique, docs)
    tf = np.bincount(where, np.concatenate([p.tf for p in postings]), len(unique))
    return unique, tf


# -- helpers ---------------------------------------------------------------------------
_NORMS: dict[tuple[float, float, float], np.ndarray] = {}


def _norm_table(k1: float, b: float, avg: float) -> np.ndarray:
    """K1 * ((1 - B) + B * length / avg) for every one-byte length Whoosh stores."""
    key = (k1, b, avg)
    table = _NORMS.get(key)
    if table is None:
        if len(_NORMS) > 256:
            _NORMS.clear()
        lengths = np.array(decoded_lengths(), dtype=np.float64)
        table = _NORMS[key] = k1 * ((1 - b) + b * lengths / avg)
    return table


def _term_leaves(q: Any, boost: float = 1.0) -> list[Leaf] | None:
    """The terms of an OR of terms (nested ORs flattened), else None."""
    if isinstance(q, qf.Term):
        return [(q.fieldname, q.text, boost * q.boost, q.exact_bonus)]
    if isinstance(q, qf.Or):
        out: list[Leaf] = []
        for sub in q.subqueries:
            leaves = _term_leaves(sub, boost * q.boost)
            if leaves is None:
                return None
            out += leaves
        return out
    return None


def _sum(scores: list[np.ndarray | None]) -> np.ndarray | None:
    present = [s for s in scores if s is not None]
    if not present:
        return None
    total = present[0].copy() if len(present) > 1 else present[0]
    for s in present[1:]:
        total += s
    return total


def _masked(score: np.ndarray | None, match: np.ndarray) -> np.ndarray | None:
    if score is None:
        return None
    score[~match] = 0.0
    return score


def _boosted(score: np.ndarray | None, boost: float) -> np.ndarray | None:
    if score is None or boost == 1.0:
        return score
    return score * boost
