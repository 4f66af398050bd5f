"""BM25 per field as a Whoosh weighting model: how the fallback path scores.

The array executor (``search.bulk``) computes the same scores with numpy from
this model's parameters (K1, B, their per-field overrides and the idf
exponent); Whoosh's collectors (``engine.fallback``) call the model itself.
The constants are the search layer's (``search.ranking``, from ``config``);
this module only knows how Whoosh is told them.

Whoosh's own ``BM25F`` shares one K1 across fields and uses the idf
``1 + log(N / (df + 1))``; this model takes K1 and B per field and the
Lucene/Robertson idf, which fades smoothly for words in most documents.
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh import scoring

from archive_search import config
from archive_search.engine.segment.reader import PostingsReader
from archive_search.engine.snapshot import Snapshot, searcher_of
from archive_search.engine.whoosh_query import upper_bound


def bm25_idf(doc_frequency: int, doc_count: int) -> float:
    """Robertson/Lucene idf: positive for every term, small for words in most documents."""
    return log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class FieldBM25(scoring.WeightingModel):
    """BM25 per field with field-specific K1 and B, summed across fields by the query.

    A module-level class so that it can be used with any searcher; it is never
    pickled into the index. ``idf_exponent`` is a property so that a subclass
    can read it from where fitting scripts change it.
    """

    def __init__(
        self,
        k1: float = config.BM25_K1,
        b: float = config.BM25_B,
        field_k1: dict[str, float] | None = None,
        field_b: dict[str, float] | None = None,
        idf_exponent: float = 1.0,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.field_k1 = dict(field_k1 or {})
        self.field_b = dict(field_b or {})
        self._idf_exponent = idf_exponent

    @property
    def idf_exponent(self) -> float:
        """Power of the idf in a term's score (1: BM25's own)."""
        return self._idf_exponent

    def supports_block_quality(self) -> bool:
        return True

    def term_bound(self, searcher: Any, fieldname: str, text: Any) -> float:
        """The most one term can score (its tf part tends to K1 + 1), from global stats."""
        if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
            return 1.0
        parent = searcher.get_parent()
        df = PostingsReader.of(parent.reader()).doc_frequency(fieldname, text)
        idf = bm25_idf(df, parent.doc_count_all())
        return idf**self.idf_exponent * (self.field_k1.get(fieldname, self.k1) + 1.0)

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return bm25_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        k1 = self.field_k1.get(fieldname, self.k1)
        b = self.field_b.get(fieldname, self.b)
        return _BM25Scorer(searcher, fieldname, text, b, k1, self.idf_exponent)


class _BM25Scorer(scoring.WeightLengthScorer):
    def __init__(
        self, searcher: Any, fieldname: str, text: Any, b: float, k1: float, exponent: float
    ) -> None:
        # The searcher's own idf() would use the searcher's weighting, not this one.
        parent = searcher.get_parent()
        idf = bm25_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())
        self.idf = idf**exponent
        self.avgfl = parent.avg_field_length(fieldname) or 1
        self.b = b
        self.k1 = k1
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        k1 = self.k1
        norm = k1 * ((1 - self.b) + self.b * length / self.avgfl)
        return self.idf * (weight * (k1 + 1)) / (weight + norm)


def score_bound(form: Any, snapshot: Snapshot, weighting: Any) -> float:
    """A score no document can exceed for the query form ``form`` under ``weighting``."""
    return upper_bound(form, searcher_of(snapshot), weighting)
