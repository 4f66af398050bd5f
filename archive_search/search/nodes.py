"""Query nodes the compiler builds beyond Whoosh's own, carrying what the fast path needs.

Whoosh runs them exactly as the classes they extend; the array scorer
(``bulk``) reads the extra knowledge:

* ``ExactBonus``: the unstemmed form of a word, scored on top of its stems.
  Every document with the exact form also has one of the word's stems in the
  same field (the compiler only builds it then), so it never decides what
  matches, only how high: its scores are worked out for the documents that can
  still reach the top, not for every document.
* ``Near``: words near each other, keeping its boost (the field weight).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.query.spans import SpanNear2


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
            from whoosh.matching import WrappingMatcher

            m = WrappingMatcher(m, boost=self.boost)
        return m
