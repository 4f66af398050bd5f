"""Query nodes the compiler builds beyond Whoosh's own, carrying what the fast path needs.

Whoosh runs them exactly as the classes they extend; the array scorer
(``bulk``) reads the extra knowledge:

* ``ExactBonus``: the unstemmed form of a word, scored on top of its stems.
  Every document with the exact form also has one of the word's stems in the
  same field (the compiler only builds it then), so it never decides what
  matches, only how high: its scores are worked out for the documents that can
  still reach the top, not for every document.
* ``ExactPhrase`` and ``Near``: a phrase (or words near each other) with, per
  word, the stem terms whose documents include every document holding the
  word (``hints``). Those lists are cheap to read; the intersection gives the
  candidates whose positions are then checked.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

#: Per word of a phrase: stem terms (field, text) covering its documents, or None.
Hints = tuple[tuple[tuple[str, str], ...] | None, ...]


class ExactBonus(wq.Term):
    """An exact word form scored on top of its stems; it never widens the match."""


class ExactPhrase(wq.Phrase):
    """A phrase on an exact field, with stem hints to find its candidates cheaply."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        slop: int = 1,
        boost: float = 1.0,
        hints: Hints | None = None,
    ) -> None:
        super().__init__(fieldname, words, slop=slop, boost=boost)
        self.hints = hints


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
        hints: Hints | None = None,
    ) -> None:
        super().__init__(qs, slop=slop, ordered=ordered, mindist=mindist)
        self.hints = hints

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        m = super().matcher(searcher, context)
        if self.boost != 1.0:
            from whoosh.matching import WrappingMatcher

            m = WrappingMatcher(m, boost=self.boost)
        return m
