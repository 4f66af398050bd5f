"""The URL's query parameters, read into ``Archive`` options: the state of every view.

The search page, the API and the exports read the same parameters, named as
the CLI's options are (``from``, ``to``, ``lang``...), so a page's URL, its
JSON twin and its export share one query string. Values are checked here only
for their type (a page number must be a number); their meaning is checked by
``SearchRequest``, with the CLI's limits and messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive_search import config, errors

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


@dataclass
class SearchParams:
    """One search as the URL gives it (every value optional)."""

    q: str = ""
    page: int = 1
    limit: int = config.SERVE_PAGE_SIZE
    sort: str = "relevance"
    date_from: str | None = None
    date_to: str | None = None
    author: str | None = None
    place: str | None = None
    lang: str | None = None
    section: str | None = None
    collapse: bool = True
    unit: str = "auto"
    relative: bool = False

    @classmethod
    def read(cls, query: Any) -> SearchParams:
        """From a request's query parameters (a multi-dict: ``get`` takes the last value)."""
        return cls(
            q=_text(query.get("q")),
            page=_number(query.get("page"), "page", 1),
            limit=_limit(query.get("limit")),
            sort=_text(query.get("sort")) or "relevance",
            date_from=_text(query.get("from")) or None,
            date_to=_text(query.get("to")) or None,
            author=_text(query.get("author")) or None,
            place=_text(query.get("place")) or None,
            lang=_text(query.get("lang")) or None,
            section=_text(query.get("section")) or None,
            collapse=flag(query.get("collapse"), "collapse", True),
            unit=_text(query.get("unit")) or "auto",
            relative=flag(query.get("relative"), "relative", False),
        )

    def is_home(self) -> bool:
        """No query, no filter, no order or page asked for: the archive's overview."""
        return (
            not self.q
            and not any(self.filters().values())
            and self.sort == "relevance"
            and self.page == 1
        )

    def filters(self) -> dict[str, Any]:
        """The filter options of ``Archive.search`` (dates, author, place, language, section)."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "author": self.author,
            "place": self.place,
            "lang": self.lang,
            "section": self.section,
        }

    def options(self) -> dict[str, Any]:
        """Every option of ``Archive.search`` but the query."""
        return {
            **self.filters(),
            "page": self.page,
            "limit": self.limit,
            "sort": self.sort,
            "collapse": self.collapse,
        }

    def url_params(self) -> dict[str, Any]:
        """The URL's parameters of this state, defaults left out (for links)."""
        return {
            "q": self.q,
            "from": self.date_from,
            "to": self.date_to,
            "author": self.author,
            "place": self.place,
            "lang": self.lang,
            "section": self.section,
            "sort": None if self.sort == "relevance" else self.sort,
            "collapse": None if self.collapse else "0",
            "unit": None if self.unit == "auto" else self.unit,
            "relative": "1" if self.relative else None,
            "limit": None if self.limit == config.SERVE_PAGE_SIZE else self.limit,
            "page": None if self.page == 1 else self.page,
        }


def flag(value: str | None, name: str, default: bool) -> bool:
    """A yes/no parameter: 1/true/yes/on or 0/false/no/off."""
    if value is None:
        return default
    text = value.strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise errors.bad_option(name, f"{value!r} is not one of 1, true, 0, false")


def _text(value: str | None) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: str | None, name: str, default: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise errors.bad_option(name, f"{value!r} is not a whole number") from None


def _limit(value: str | None) -> int:
    limit = _number(value, "limit", config.SERVE_PAGE_SIZE)
    if limit > config.SERVE_MAX_LIMIT:
        raise errors.bad_option("limit", f"at most {config.SERVE_MAX_LIMIT} results per page")
    return limit
