"""What a search asks for: the typed options of one query, checked once on the way in.

The CLI, the library and scripts all build a ``SearchRequest``; everything below
it may assume the values are valid, so bad input is reported here, as one line,
before any index work starts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from archive_search import config, errors

SortOrder = Literal["relevance", "newest", "oldest"]
SORT_ORDERS: tuple[str, ...] = ("relevance", "newest", "oldest")

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass
class SearchRequest:
    """One search: the query string plus options (see ``docs/query-language.md``).

    ``date_from``/``date_to`` take YYYY, YYYY-MM or YYYY-MM-DD (or a ``date``):
    a partial date covers its whole year or month, so ``date_to="2014"`` ends
    on 31 December 2014. ``feedback`` (pseudo-relevance feedback) is ``None``
    for the automatic choice, which uses it for long, plain queries only.
    """

    query: str
    limit: int = 10
    page: int = 1
    sort: SortOrder = "relevance"
    date_from: str | dt.date | None = None
    date_to: str | dt.date | None = None
    author: str | None = None
    place: str | None = None
    language: str | None = None
    section: str | None = None
    facets: bool = False
    #: True for the automatic unit, or a unit: "month", "year", "decade", "century", ...
    timeline: bool | str = False
    #: With a timeline: also count all the archive's articles per period (the share that matched).
    relative: bool = False
    collapse: bool = True
    snippets: bool = True
    suggest: bool = True
    feedback: bool | None = None
    time_limit: float = 10.0
    #: "none", "collapse" (one hit per story, naming its languages) or "expand" (every
    #: hit with its other editions); see ``search.editions``
    editions: str = config.DEFAULT_EDITIONS

    def __post_init__(self) -> None:
        if not isinstance(self.query, str):
            raise errors.bad_query("the query must be a string")
        if len(self.query) > config.MAX_QUERY_CHARS:
            raise errors.bad_query(
                f"the query is {len(self.query)} characters long; "
                f"the limit is {config.MAX_QUERY_CHARS}"
            )
        _positive("--limit", self.limit)
        _positive("--page", self.page)
        if self.limit > config.MAX_RESULT_WINDOW:
            raise errors.bad_option(
                "--limit",
                f"{self.limit:,} results per page is more than the most a search shows "
                f"({config.MAX_RESULT_WINDOW:,}); to export every match use --all",
            )
        if self.page * self.limit > config.MAX_RESULT_WINDOW:
            raise errors.bad_option(
                "--page",
                f"page {self.page} of {self.limit} results reaches past result "
                f"{config.MAX_RESULT_WINDOW}; narrow the query or use a filter instead",
            )
        if self.sort not in SORT_ORDERS:
            raise errors.bad_option(
                "--sort", f"{self.sort!r} is not one of {', '.join(SORT_ORDERS)}"
            )
        start, end = self.date_range
        if start and end and start > end:
            raise errors.bad_option("--from/--to", f"{start:%Y-%m-%d} is after {end:%Y-%m-%d}")
        for name in ("author", "place", "language", "section"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise errors.bad_option(f"--{name}", "must be text")
            if isinstance(value, str) and not value.strip():
                setattr(self, name, None)
        if self.editions not in config.EDITION_MODES:
            raise errors.bad_option(
                "--editions", f"{self.editions!r} is not one of {', '.join(config.EDITION_MODES)}"
            )
        if self.time_limit <= 0:
            raise errors.bad_option("time_limit", "must be a positive number of seconds")

    @property
    def date_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The [start, end] instants of the --from/--to filter, either open."""
        start = date_bound(self.date_from, end=False, option="--from") if self.date_from else None
        end = date_bound(self.date_to, end=True, option="--to") if self.date_to else None
        return start, end

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def date_bound(value: str | dt.date, *, end: bool, option: str = "date") -> dt.datetime:
    """The first (or, with ``end``, the last) instant of a YYYY[-MM[-DD]] period."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        first = last = value
    else:
        first, last = date_period(value, option=option)
    if end:
        return dt.datetime.combine(last, dt.time.max)
    return dt.datetime.combine(first, dt.time.min)


def date_period(text: str, *, option: str = "date") -> tuple[dt.date, dt.date]:
    """The first and last day of YYYY, YYYY-MM or YYYY-MM-DD; a UsageError otherwise."""
    match = _DATE.match(text) if isinstance(text, str) else None
    if not match:
        raise _bad_date(option, text)
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        day_date = dt.date(year, month, day)
        return day_date, day_date
    except ValueError:
        raise _bad_date(option, text) from None


def _bad_date(option: str, text: object) -> errors.ArchiveSearchError:
    detail = f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
    if option == "date":
        return errors.bad_query(f"date: {detail}")
    return errors.bad_option(option, detail)


def _positive(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise errors.bad_option(name, f"{value!r} is not a whole number of at least 1")
