"""How matches are scored: BM25 per field, summed over the fields and the words.

Each text field (title, lede, body, captions, and the stemmed twin of each)
scores a word by BM25 with the Lucene/Robertson idf and the same K1 and B
(``config``); a word's score is the sum over the fields it occurs in, and a
query's the sum over its words (a word written twice counts twice). On top,
an exact form scores a share of its stemmed match (``EXACT_WEIGHT``).

What is *not* here, and why (``scripts/eval_ranking.py`` on TIME, CISI and
Cranfield, two-fold cross-validation; figures in ``docs/ranking.md``): the
squared idf, field weights (title 2.5, lede 1.5, captions 0.4), per-field B
and the all-words-first tier were fitted to 40 TIME queries and lost to
plain BM25 elsewhere. A title is already counted twice when its words also
occur in the body; weighting it again pushed CISI and Cranfield, whose titles
are real, well below plain BM25. The tier put articles with every word first
even when a long body matched two of three words far better; without it,
short queries ranked better on all three collections.

The weighting model Whoosh's collectors call on the fallback path is the
engine's (``engine.scoring.FieldBM25``); ``bulk`` computes the same scores from
its parameters. Per-field K1 and B hooks stay, unused.
"""

from __future__ import annotations

from typing import Any

from archive_search import config
from archive_search.engine import scoring
from archive_search.engine.scoring import bm25_idf
from archive_search.search import query_form

__all__ = ["FieldBM25", "bm25_idf", "soft_or"]

#: Relative weight of a match in each text field (exact and stemmed twins alike); 1 if absent.
FIELD_WEIGHTS: dict[str, float] = {}
#: Weight of a match through the stemmed field.
STEM_WEIGHT = 1.0
#: Weight of a match on the exact (unstemmed) form, on top of the stemmed match.
EXACT_WEIGHT = config.EXACT_FORM_WEIGHT
#: Fields where the exact-form bonus applies (each is one more posting list per word).
EXACT_FIELDS = frozenset({"title", "body"})
#: Weight of a quoted phrase match, relative to a word match in the same field.
PHRASE_WEIGHT = 1.0
#: Short plain queries rank articles with every word above those missing some (``soft_or``).
ALL_WORDS_FIRST = config.ALL_WORDS_FIRST
#: Plain queries with more content words than this are a plain OR (sentence-long questions).
ALL_WORDS_MAX_WORDS = 4

#: Power of the idf in a term's score: 1 is BM25's own (2 was fitted to TIME and lost elsewhere).
IDF_EXPONENT = 1.0
#: BM25 saturation (K1) and length normalisation (B); per-field overrides (none by default).
K1 = config.BM25_K1
B = config.BM25_B
FIELD_K1: dict[str, float] = {}
FIELD_B: dict[str, float] = {}

#: Pseudo-relevance feedback (on request): documents read, terms added, the query's share.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_ORIGINAL_WEIGHT = 0.8
#: Exponent of the idf factor on feedback term weights (0: plain RM3).
FEEDBACK_IDF = 0.0
#: Whether long plain queries get feedback when the request does not say (measured: no gain).
FEEDBACK_AUTOMATIC = False
#: Plain queries with at least this many words get automatic feedback (when enabled).
FEEDBACK_MIN_WORDS = 4


class FieldBM25(scoring.FieldBM25):
    """The engine's BM25 per field (``engine.scoring``) with this module's constants.

    K1, B and their per-field overrides are read when the model is made;
    ``IDF_EXPONENT`` when scoring, so that a fitting script that changes it
    (``scripts/eval_ranking.py``) changes both executors' scores.
    """

    def __init__(
        self,
        k1: float = K1,
        b: float = B,
        field_k1: dict[str, float] | None = None,
        field_b: dict[str, float] | None = None,
    ) -> None:
        super().__init__(
            k1,
            b,
            FIELD_K1 if field_k1 is None else field_k1,
            FIELD_B if field_b is None else field_b,
        )

    @property
    def idf_exponent(self) -> float:
        return IDF_EXPONENT


def soft_or(clauses: list[Any]) -> query_form.SoftOr:
    """OR over the clauses of a plain query, articles with every clause first when short.

    Nothing is lost when one word is missing, yet an article containing all the
    words outranks one that lacks some (the executors add a *tier*, an upper
    bound of any article's BM25 sum, to its score). Over ``ALL_WORDS_MAX_WORDS``
    clauses (sentence-long queries) it is a plain OR: requiring every word of a
    sentence ranked worse on TIME.
    """
    tiered = ALL_WORDS_FIRST and 2 <= len(clauses) <= ALL_WORDS_MAX_WORDS
    return query_form.SoftOr(tuple(clauses), tiered)
