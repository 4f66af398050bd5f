"""What a search returns: typed results, and their JSON form (a contract for scripts).

The JSON keys of a hit are fixed by the ``search --json`` contract: ``id``,
``score``, ``title``, ``published``, ``author``, ``place``, ``language``,
``section``, ``url``, ``source``, ``snippet`` (a string, or null when missing: never
""); ``highlights`` (the
character spans of matched words in ``snippet``) and ``duplicates`` are
additions that scripts may ignore.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archive_search.article import Article

if TYPE_CHECKING:
    from archive_search.search.editions import Edition

Span = tuple[int, int]

#: Separator between snippet fragments taken from different parts of a text.
FRAGMENT_SEPARATOR = " … "


@dataclass(frozen=True)
class Snippet:
    """Short text that shows why a hit matched, with the matched words' character spans.

    ``source`` says which part of the article the text comes from (body, lede,
    title or captions), so a reader knows a lede shown as snippet is not a quote
    from the body.
    """

    text: str
    highlights: tuple[Span, ...] = ()
    source: str = "body"

    def highlighted(self) -> list[str]:
        """The highlighted substrings, in order (handy in tests and logs)."""
        return [self.text[a:b] for a, b in self.highlights]


@dataclass
class Hit:
    """One matching article: its metadata, score, snippet and collapsed copies."""

    id: str
    score: float
    title: str
    published: dt.date | None
    author: str
    place: str
    language: str
    section: str
    url: str
    source: str
    outlet: str = ""
    snippet: Snippet = field(default_factory=lambda: Snippet(""))
    title_highlights: tuple[Span, ...] = ()
    duplicates: int = 0
    duplicate_ids: list[str] = field(default_factory=list)
    article: Article | None = field(default=None, repr=False)
    #: other editions of the story (``search.editions``): those folded into this hit
    #: (``editions="collapse"``) or all of them (``"expand"``); None when not asked
    editions: list[Edition] | None = None

    @property
    def languages(self) -> list[str]:
        """The languages this hit stands for: its own and its editions'."""
        found = [self.language, *(e.language for e in self.editions or ())]
        return sorted({lang for lang in found if lang})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            # missing values are null, never "" (the JSON contract)
            "author": self.author or None,
            "place": self.place or None,
            "language": self.language or None,
            "section": self.section or None,
            "url": self.url or None,
            "source": self.source or None,
            "snippet": self.snippet.text or None,
            "highlights": [list(span) for span in self.snippet.highlights],
            "duplicates": self.duplicates,
            **self._editions_dict(),
        }

    def _editions_dict(self) -> dict[str, Any]:
        if self.editions is None:
            return {}
        return {"languages": self.languages, "editions": [e.to_dict() for e in self.editions]}

    @classmethod
    def from_article(cls, article: Article, score: float) -> Hit:
        return cls(
            id=article.id,
            score=score,
            title=article.title,
            published=article.published,
            author=article.author,
            place=article.place,
            language=article.language,
            section=article.section,
            url=article.url,
            source=article.source,
            outlet=article.outlet,
            article=article,
        )


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


#: The periods a timeline counts in, finest first.


@dataclass(frozen=True)
class TimelineBucket:
    """Matching articles in one period.

    ``YYYY-MM`` (monthly), ``YYYY`` (yearly), or the first and last year of a
    decade, century or millennium (``2000-2009``).
    """

    period: str
    count: int
    #: Articles of the whole archive in the period (relative timelines only).
    total: int | None = None

    @property
    def share(self) -> float | None:
        """The matching articles' share of all articles of the period (relative only)."""
        if self.total is None:
            return None
        return self.count / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"period": self.period, "count": self.count}
        if self.total is not None:
            data["total"] = self.total
            data["share"] = round(self.share or 0.0, 6)
        return data


@dataclass(frozen=True)
class Timeline:
    """Counts per period from the first to the last matching date, empty periods included.

    ``granularity`` is one of ``config.TIMELINE_UNITS``; ``requested`` is the unit
    asked for when it would have made too many periods and a coarser one was
    used instead (None otherwise).
    """

    granularity: str
    buckets: tuple[TimelineBucket, ...]
    undated: int = 0
    requested: str | None = None
    #: True when every bucket also holds the archive's total for its period.
    relative: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "granularity": self.granularity,
            "buckets": [b.to_dict() for b in self.buckets],
            "undated": self.undated,
        }
        if self.requested:
            data["requested"] = self.requested
        if self.relative:
            data["relative"] = True
        return data


@dataclass
class SearchResults:
    """One page of ranked hits plus whatever extras the request asked for.

    ``total`` counts the hits paging yields: with near-duplicate collapsing, each
    group of near-identical copies once, and ``folded`` the copies it folded away;
    ``notices`` say how an odd query was read (an unbalanced quote, a capped
    wildcard) so that a reader is never silently surprised.
    """

    query: str
    total: int
    hits: list[Hit]
    page: int = 1
    limit: int = 10
    facets: dict[str, list[FacetCount]] | None = None
    timeline: Timeline | None = None
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    #: The words feedback added to the query (None when feedback was not used).
    feedback_words: list[str] | None = None
    folded: int = 0
    #: The order the hits are in (a browse's default "relevance" runs as "newest").
    sort: str = "relevance"
    #: True when the query had no words to rank by: every article the filters select.
    browse: bool = False
    #: True when filters (options or metadata clauses) narrowed the search.
    filtered: bool = False

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.hits)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def to_dict(self) -> dict[str, Any]:
        """The ``search --json`` object: query, total, hits, plus extras when present."""
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "hits": [hit.to_dict() for hit in self.hits],
        }
        if self.folded:
            data["folded"] = self.folded
        if self.browse:
            data["browse"] = True
            data["sort"] = self.sort
        if self.facets is not None:
            data["facets"] = {
                name: [c.to_dict() for c in counts] for name, counts in self.facets.items()
            }
        if self.timeline is not None:
            data["timeline"] = self.timeline.to_dict()
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.notices:
            data["notices"] = list(self.notices)
        if self.feedback_words is not None:
            data["feedback_words"] = list(self.feedback_words)
        return data
