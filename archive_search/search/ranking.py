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

Whoosh's own ``BM25F`` shares one K1 across fields and uses the idf
``1 + log(N / (df + 1))``; this model takes K1 and B per field (the hooks
stay, unused) and the Lucene/Robertson idf, which fades smoothly for words
in most documents.
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh import scoring

from archive_search import config
from archive_search.search import query_form
from archive_search.search.postings import TermCache

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


def bm25_idf(doc_frequency: int, doc_count: int) -> float:
    """Robertson/Lucene idf: positive for every term, small for words in most documents."""
    return log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class FieldBM25(scoring.WeightingModel):
    """BM25 per field with field-specific K1 and B, summed across fields by the query.

    A module-level class so that it can be used with any searcher; it is never
    pickled into the index.
    """

    def __init__(
        self,
        k1: float = K1,
        b: float = B,
        field_k1: dict[str, float] | None = None,
        field_b: dict[str, float] | None = None,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.field_k1 = dict(FIELD_K1 if field_k1 is None else field_k1)
        self.field_b = dict(FIELD_B if field_b is None else field_b)

    def supports_block_quality(self) -> bool:
        return True

    def term_bound(self, searcher: Any, fieldname: str, text: Any) -> float:
        """The most one term can score (its tf part tends to K1 + 1), from global stats."""
        if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
            return 1.0
        parent = searcher.get_parent()
        df = TermCache.of(parent.reader()).doc_frequency(fieldname, text)
        idf = bm25_idf(df, parent.doc_count_all())
        return idf**IDF_EXPONENT * (self.field_k1.get(fieldname, self.k1) + 1.0)

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return bm25_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        k1 = self.field_k1.get(fieldname, self.k1)
        b = self.field_b.get(fieldname, self.b)
        return _BM25Scorer(searcher, fieldname, text, b, k1)


class _BM25Scorer(scoring.WeightLengthScorer):
    def __init__(self, searcher: Any, fieldname: str, text: Any, b: float, k1: float) -> None:
        # The searcher's own idf() would use the searcher's weighting, not this one.
        parent = searcher.get_parent()
        idf = bm25_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())
        self.idf = idf**IDF_EXPONENT
        self.avgfl = parent.avg_field_length(fieldname) or 1
        self.b = b
        self.k1 = k1
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        k1 = self.k1
        norm = k1 * ((1 - self.b) + self.b * length / self.avgfl)
        return self.idf * (weight * (k1 + 1)) / (weight + norm)


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
