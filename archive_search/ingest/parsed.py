"""What the parse stage hands on: one ``Parsed`` entry per input, an article or a skip reason."""

from __future__ import annotations

from dataclasses import dataclass

from archive_search.article import Article


@dataclass(frozen=True)
class Parsed:
    """What one input (a file, a line of a JSON Lines file, a web-archive record) became."""

    origin: str
    location: str
    article: Article | None = None
    reason: str | None = None
    #: Where in a web-archive file the record starts (and the WACZ member holding it).
    offset: int | None = None
    member: str = ""
