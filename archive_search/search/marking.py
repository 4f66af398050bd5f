"""A whole article with a query's matches marked: what an article page shows.

Snippets mark the matches of a few fragments; a reader who opens the article
wants every match, in every part. The query is compiled as a search compiles
it, and each part (title, lede, every paragraph, every caption) is read again
by the snippet highlighter, so an article page marks exactly the words a
search would have marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive_search.article import Article
from archive_search.search.engine import query_language
from archive_search.search.querying import compile_query
from archive_search.search.results import Span
from archive_search.search.snippets import Highlighter
from archive_search.text.analysis import analysis_language, normalise_language


@dataclass(frozen=True)
class ArticleMarks:
    """The matched character spans of each part of an article (empty without a query)."""

    title: tuple[Span, ...] = ()
    lede: tuple[Span, ...] = ()
    body: tuple[tuple[Span, ...], ...] = ()
    captions: tuple[tuple[Span, ...], ...] = field(default=())

    @property
    def count(self) -> int:
        parts = [self.title, self.lede, *self.body, *self.captions]
        return sum(len(spans) for spans in parts)


def mark_article(store: Any, article: Article, query: str) -> ArticleMarks:
    """The spans of ``article`` that ``query`` matches, part by part."""
    if not query.strip():
        return ArticleMarks()
    snapshot = store.snapshot()
    language = normalise_language(article.language)
    with analysis_language(query_language(snapshot, language)):
        compiled = compile_query(query, snapshot)
    highlighter = Highlighter(compiled.highlight)

    def spans(name: str, text: str) -> tuple[Span, ...]:
        return tuple(highlighter.spans(name, text, language)) if text else ()

    return ArticleMarks(
        title=spans("title", article.title),
        lede=spans("lede", article.lede),
        body=tuple(spans("body", p) for p in article.body),
        captions=tuple(spans("captions", c.text) for c in article.captions),
    )
