"""The query form (``search.query_form``) as Whoosh queries, for the fallback path.

The array executor runs the form itself; when it cannot (another Whoosh, a
shape it does not know), Whoosh runs the same query, and this module is the one
translation. Beyond Whoosh's own classes it needs three:

* ``ExactBonus``: the unstemmed form of a word, scored on top of its stems.
* ``Near``: words near each other, keeping its boost (the field weight).
* ``SoftOr``: OR that ranks documents matching every clause first (a *tier*
  added to their score, ``upper_bound`` of the clauses).

The form's classes are known by name (the engine imports nothing of ``search``).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query.spans import SpanNear2

#: Bound used for query types without a known one (constant-score clauses score 1).
LOOSE_BOUND = 1.0


class ExactBonus(wq.Term):
    """An exact word form scored on top of its stems; it never widens the match."""


class Near(SpanNear2):
    """Words within ``slop`` positions of each other, scored with the query's boost.

    Whoosh's ``SpanNear2`` drops its boost when it builds a matcher, which
    would lose the field weights of a proximity query.
    """

    def __init__(
        self,
        qs: list[Any],
        slop: int = 1,
        ordered: bool = True,
        mindist: int = 1,
    ) -> None:
        super().__init__(qs, slop=slop, ordered=ordered, mindist=mindist)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        m = super().matcher(searcher, context)
        if self.boost != 1.0:
            m = WrappingMatcher(m, boost=self.boost)
        return m


class SoftOr(wq.Or):
    """OR over the clauses of a short plain query, documents with every clause first.

    Nothing is lost when one word is missing, yet a document containing all
    the words always outranks one that lacks some: its score is its BM25 sum
    plus a *tier*, an upper bound of any document's sum for this query (each
    term's idf-weighted maximum, from index-wide statistics, so every segment
    adds the same amount). Whoosh's own ``Or(scale=...)`` counts matching
    *terms*, which here would count fields and stem variants rather than the
    words the user typed.
    """

    def __init__(self, subqueries: list[Any], boost: float = 1.0, tiered: bool = True) -> None:
        super().__init__(subqueries, boost=boost)
        self.tiered = tiered
        # A binary tree of unions keeps each clause's matcher addressable.
        self.matcher_type = wq.Or.DEFAULT_MATCHER

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and getattr(other, "tiered", None) == self.tiered

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.tiered)

    def normalize(self) -> Any:
        norm = wq.Or(self.subqueries, boost=self.boost).normalize()
        if isinstance(norm, wq.Or) and len(norm.subqueries) > 1:
            return SoftOr(norm.subqueries, boost=norm.boost, tiered=self.tiered)
        return norm

    def apply(self, fn: Any) -> SoftOr:
        return SoftOr([fn(q) for q in self.subqueries], boost=self.boost, tiered=self.tiered)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        plain = wq.Or(self.subqueries, boost=self.boost)
        plain.matcher_type = wq.Or.DEFAULT_MATCHER
        weighting = context.weighting if context is not None else None
        if not self.tiered or weighting is None:
            return plain.matcher(searcher, context)
        # needs_current: every clause keeps a live matcher (no preloaded
        # arrays), so that the clauses matching a document can be counted
        m = plain.matcher(searcher, context.set(needs_current=True))
        parent = searcher.get_parent()
        tier = self.boost * sum(upper_bound(q, parent, weighting) for q in self.subqueries)
        clause_of: dict[tuple[str, bytes], int] = {}
        schema = searcher.schema
        for i, sub in enumerate(self.subqueries):
            for fieldname, text in sub.iter_all_terms(phrases=True):
                if fieldname in schema:
                    btext = text if isinstance(text, bytes) else schema[fieldname].to_bytes(text)
                    clause_of.setdefault((fieldname, btext), i)
        return _TierMatcher(m, clause_of, len(self.subqueries), tier)


def upper_bound(q: Any, searcher: Any, weighting: Any) -> float:
    """A score no document can exceed for ``q`` (BM25: idf-weighted (K1 + 1) per term).

    ``q`` is a Whoosh query; a query form is translated first. The weighting's
    ``term_bound`` gives a term's bound when it has one.
    """
    if not isinstance(q, wq.Query):
        q = to_whoosh(q)
    boost = getattr(q, "boost", 1.0)
    if isinstance(q, wq.Term):
        term_bound = getattr(weighting, "term_bound", None)
        if term_bound is not None:
            return boost * term_bound(searcher, q.fieldname, q.text)
        return boost * LOOSE_BOUND
    if isinstance(q, wq.Phrase):
        return boost * sum(
            upper_bound(wq.Term(q.fieldname, w), searcher, weighting) for w in q.words
        )
    if isinstance(q, wq.ConstantScoreQuery):
        return q.score
    if isinstance(q, wq.AndNot):
        return boost * upper_bound(q.a, searcher, weighting)
    subs = getattr(q, "subqueries", None) or getattr(q, "qs", None)
    if subs is None and hasattr(q, "child"):
        subs = [q.child]
    if subs is None:
        return boost * LOOSE_BOUND
    return boost * sum(upper_bound(sub, searcher, weighting) for sub in subs)


class _TierMatcher(WrappingMatcher):
    """Adds the tier to the score of documents that match every clause."""

    def __init__(
        self, child: Any, clause_of: dict[tuple[str, bytes], int], clauses: int, tier: float
    ) -> None:
        super().__init__(child)
        self._clause_of = clause_of
        self._clauses = clauses
        self._tier = tier

    def _replacement(self, newchild: Any) -> _TierMatcher:
        return _TierMatcher(newchild, self._clause_of, self._clauses, self._tier)

    def copy(self) -> _TierMatcher:
        return self._replacement(self.child.copy())

    def replace(self, minquality: float = 0) -> Any:
        child = self.child.replace(max(0.0, minquality - self._tier))
        return self if child is self.child else self._replacement(child)

    def max_quality(self) -> float:
        return self.child.max_quality() + self._tier

    def block_quality(self) -> float:
        return self.child.block_quality() + self._tier

    def skip_to_quality(self, minquality: float) -> int:
        return self.child.skip_to_quality(minquality - self._tier)

    def score(self) -> float:
        child = self.child
        clause_of = self._clause_of
        matched = {clause_of.get(term) for term in child.matching_terms()}
        matched.discard(None)
        score = child.score()
        return score + self._tier if len(matched) >= self._clauses else score


def wildcard_terms(reader: Any, fieldname: str, pattern: str) -> Any:
    """The indexed words of ``fieldname`` that ``pattern`` (``*`` and ``?``) matches."""
    return wq.Wildcard(fieldname, pattern)._btexts(reader)


# -- the translation --------------------------------------------------------------------
#: Where the form's classes live (named, not imported: the engine imports nothing of search).
_FORM_MODULE = "archive_search.search.query_form"


def to_whoosh(form: Any) -> Any:
    """The Whoosh query that means what ``form`` (a ``search.query_form`` value) means."""
    kind = type(form).__name__
    build = _BUILDERS.get(kind)
    if build is None or type(form).__module__ != _FORM_MODULE:
        raise TypeError(f"not a query form: {kind}")
    return build(form)


def _subs(form: Any) -> list[Any]:
    return [to_whoosh(sub) for sub in form.subqueries]


def _term(f: Any) -> Any:
    return (ExactBonus if f.exact_bonus else wq.Term)(f.fieldname, f.text, boost=f.boost)


def _near(f: Any) -> Any:
    terms = [wq.Term(f.fieldname, w) for w in f.words]
    return Near(terms, slop=f.slop, ordered=False, mindist=1).with_boost(f.boost)


def _boosted(q: Any, boost: float) -> Any:
    return q if boost == 1.0 else q.with_boost(boost)


_BUILDERS: dict[str, Any] = {
    "Term": _term,
    "Phrase": lambda f: wq.Phrase(f.fieldname, list(f.words), boost=f.boost),
    "Near": _near,
    "And": lambda f: wq.And(_subs(f), boost=f.boost),
    "Or": lambda f: wq.Or(_subs(f), boost=f.boost),
    "SoftOr": lambda f: SoftOr(_subs(f), boost=f.boost, tiered=f.tiered),
    "AndNot": lambda f: _boosted(wq.AndNot(to_whoosh(f.positive), to_whoosh(f.negative)), f.boost),
    "Not": lambda f: _boosted(wq.Not(to_whoosh(f.child)), f.boost),
    "Filter": lambda f: _boosted(wq.ConstantScoreQuery(to_whoosh(f.child), score=0.0), f.boost),
    "DateRange": lambda f: _boosted(
        wq.DateRange(f.fieldname, f.start, f.end, startexcl=f.startexcl, endexcl=f.endexcl),
        f.boost,
    ),
    "Every": lambda f: _boosted(wq.Every(), f.boost),
    "Nothing": lambda f: wq.NullQuery,
}


def column_bounds(form: Any) -> tuple[int | None, int | None, bool, bool]:
    """(start, end, start exclusive, end exclusive) of a ``DateRange`` form as its column holds them.

    A date column holds Whoosh's ``datetime_to_long`` of each date; a bound
    left open is None.
    """
    q = to_whoosh(form)
    if not isinstance(q, wq.DateRange):
        raise TypeError(f"not a date range: {type(form).__name__}")
    start = None if q.start is None else int(q.start)
    end = None if q.end is None else int(q.end)
    return start, end, bool(q.startexcl), bool(q.endexcl)
