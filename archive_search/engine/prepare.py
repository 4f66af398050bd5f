"""Analysing articles into postings, apart from filing them into a segment.

About half of a Whoosh build is analysis (tokenising, folding, stemming every
field, encoding positions), and Whoosh does it inside ``add_document``. Here
``prepare`` turns an article into exactly what that step produces, per field
the list of ``(term bytes, frequency, weight, encoded value)`` postings, and
``add_prepared`` only files them. Every write goes this way: in the writer, in
the segment builders, or ahead of the writer in parse workers, so that the
analysis runs on every core.

What a worker prepares is checked again by the writer (same id, content hash,
origin and schema version), and anything missing is analysed in the writer as
before, so a prepared document is an optimisation, never a second code path
with different results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.system import pack_uint

from archive_search.article import Article
from archive_search.engine.schema import SCHEMA_VERSION, TEXT_FIELDS, build_schema, document_for
from archive_search.text.analysis import analysis_language, index_terms

Posting = tuple[bytes, int, float, bytes]


@dataclass(frozen=True)
class Prepared:
    """One article's Whoosh document, with its postings already computed."""

    article_id: str
    origin: str
    content_hash: str
    fields: dict[str, Any]
    postings: dict[str, list[Posting]]
    schema_version: int = SCHEMA_VERSION

    def matches(self, article: Article, origin: str) -> bool:
        """True if this is the document of ``article`` read from ``origin``, for this schema."""
        return (
            self.article_id == article.id
            and self.origin == origin
            and self.schema_version == SCHEMA_VERSION
        )


def prepare(article: Article, origin: str = "") -> Prepared:
    """Analyse every indexed field of an article, as ``add_document`` would.

    The text fields and their stemmed twins come from one pass over each
    text (``index_terms``); every other field from Whoosh's own ``index``.
    """
    origin = origin or article.source
    fields = document_for(article, origin)
    schema = _schema()
    postings: dict[str, list[Posting]] = {}
    for name in TEXT_FIELDS:
        if name in fields:
            stem = f"{name}_stem"
            postings[name], postings[stem] = text_postings(
                fields[name], article.language, schema[name].format, schema[stem].format
            )
    with analysis_language(article.language):
        for name, value in fields.items():
            field = schema[name]
            if field.indexed and not name.startswith("_") and name not in postings:
                postings[name] = list(field.index(value))
    return Prepared(article.id, origin, fields["content_hash"], fields, postings)


def text_postings(
    text: str, language: str | None, exact_format: Any, stem_format: Any
) -> tuple[list[Posting], list[Posting]]:
    """The postings of a text field (positions) and of its stemmed twin (frequencies).

    Byte for byte what ``TEXT.index`` yields for each (tests compare them):
    the weight is the frequency times the field boost, the exact field's value
    its encoded positions, the stemmed field's its packed frequency.
    """
    positions, freqs = index_terms(text, language)
    exact_boost = exact_format.field_boost
    encode = exact_format.encode
    exact = [
        (term.encode("utf-8"), len(where), len(where) * exact_boost, encode(where))
        for term, where in positions.items()
    ]
    stem_boost = stem_format.field_boost
    stemmed = [
        (term.encode("utf-8"), freq, freq * stem_boost, pack_uint(freq))
        for term, freq in freqs.items()
    ]
    return exact, stemmed


@lru_cache(maxsize=1)
def _schema() -> Any:
    return build_schema()
