"""archive-search: full-text search for scraped news-article archives.

The library is the product; the CLI is a thin layer over it::

    from archive_search import Archive, Article

    with Archive("my-index") as archive:
        archive.add([Article(title="...", body=["..."])])
        for hit in archive.search("kfor serbia").hits:
            print(hit.title, hit.snippet.text)

Names are imported lazily so that ``import archive_search`` stays cheap for
commands that need only part of the stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "archive_search.article",
    "Caption": "archive_search.article",
    "Archive": "archive_search.archive",
    "ArchiveSearchError": "archive_search.errors",
    # what Archive's methods return or take
    "SearchResults": "archive_search.search.results",
    "Hit": "archive_search.search.results",
    "HitStream": "archive_search.search.export",
    "Snippet": "archive_search.search.results",
    "Span": "archive_search.search.results",
    "FacetCount": "archive_search.search.results",
    "Timeline": "archive_search.search.results",
    "TimelineBucket": "archive_search.search.results",
    "IndexReport": "archive_search.indexing.report",
    "VerifyReport": "archive_search.indexing.verify",
    "Problem": "archive_search.indexing.verify",
    "Progress": "archive_search.indexing.progress",
    "progress_for": "archive_search.indexing.progress",
    "Edition": "archive_search.search.editions",
    "Comparison": "archive_search.search.compare",
    "ComparedQuery": "archive_search.search.compare",
    "ArticleMarks": "archive_search.search.marking",
    # showing untrusted article text; the web application of ``archive-search serve``
    "clean_text": "archive_search.text.controls",
    "create_app": "archive_search.web.app",
}

__all__ = [
    "Archive",
    "ArchiveSearchError",
    "Article",
    "ArticleMarks",
    "Caption",
    "ComparedQuery",
    "Comparison",
    "Edition",
    "FacetCount",
    "Hit",
    "HitStream",
    "IndexReport",
    "Problem",
    "Progress",
    "SearchResults",
    "Snippet",
    "Span",
    "Timeline",
    "TimelineBucket",
    "VerifyReport",
    "__version__",
    "clean_text",
    "create_app",
    "progress_for",
]

if TYPE_CHECKING:  # pragma: no cover
    from archive_search.archive import Archive
    from archive_search.article import Article, Caption
    from archive_search.errors import ArchiveSearchError
    from archive_search.indexing.progress import Progress, progress_for
    from archive_search.indexing.report import IndexReport
    from archive_search.indexing.verify import Problem, VerifyReport
    from archive_search.search.compare import ComparedQuery, Comparison
    from archive_search.search.editions import Edition
    from archive_search.search.export import HitStream
    from archive_search.search.marking import ArticleMarks
    from archive_search.search.results import (
        FacetCount,
        Hit,
        SearchResults,
        Snippet,
        Span,
        Timeline,
        TimelineBucket,
    )
    from archive_search.text.controls import clean_text
    from archive_search.web.app import create_app


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'archive_search' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
