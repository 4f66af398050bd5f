"""Analysing articles into postings ahead of the writer, in worker processes.

About half of a Whoosh build is analysis (tokenising, folding, stemming every
field, encoding positions and character offsets), and Whoosh does it inside
``add_document``, in the one process that writes. Here workers turn each
article into exactly what that step produces, per field the list of
``(term bytes, frequency, weight, encoded value)`` postings, and the writer
only files them (``store.add_prepared``): the analysis runs on every core.

What a worker prepares is checked again by the writer (same id, content hash,
origin and schema version), and anything missing is analysed in the writer as
before, so a prepared document is an optimisation, never a second code path
with different results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from archive_search.article import Article
from archive_search.index.analysis import analysis_language
from archive_search.index.schema import SCHEMA_VERSION, build_schema, document_for

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
    """Analyse every indexed field of an article, as ``add_document`` would."""
    origin = origin or article.source
    fields = document_for(article, origin)
    schema = _schema()
    postings: dict[str, list[Posting]] = {}
    with analysis_language(article.language):
        for name, value in fields.items():
            field = schema[name]
            if field.indexed and not name.startswith("_"):
                postings[name] = list(field.index(value))
    return Prepared(article.id, origin, fields["content_hash"], fields, postings)


@lru_cache(maxsize=1)
def _schema() -> Any:
    return build_schema()
