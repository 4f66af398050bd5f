"""The parse stage: any input file -> Article records, or a reason it was skipped.

Nothing raises out of this stage for bad input: every file ends as articles or
as one skipped entry, so one broken page never stops a batch. Parsers are
chosen by cues in the content, the file name only breaking ties.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archive_search.article import Article
from archive_search.errors import Skip, SkipSource
from archive_search.ingest.parsed import Parsed

__all__ = ["Parsed", "is_multi_page", "iter_units", "parse_page", "parse_path", "parse_unit"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
#: Files that sit in archives but are never pages: skipped unread, with a reason.
NOT_PAGE_SUFFIXES = (
    *(".md", ".rst", ".json", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".log", ".url"),
    *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".pdf", ".zip", ".tar"),
    *(".css", ".js", ".py", ".sh", ".exe", ".mp3", ".mp4", ".doc", ".docx", ".xls"),
)


def is_multi_page(path: str | os.PathLike[str]) -> bool:
    """True for a file that holds many inputs (JSON Lines, WARC, ARC, WACZ)."""
    from archive_search.ingest.reading import logical_name
    from archive_search.ingest.webarchive import is_webarchive

    name = logical_name(path)
    return name.endswith(JSONL_SUFFIXES) or is_webarchive(name)


def iter_units(path: str | os.PathLike[str]) -> Iterator[Any]:
    """The inputs of a file, streamed: ``Parsed`` entries, or pages still to parse.

    A page still to parse (a web-archive ``Capture``) becomes its ``Parsed``
    through ``parse_unit``; the indexing pipeline runs that in a worker process.
    """
    from archive_search.ingest.reading import logical_name
    from archive_search.ingest.webarchive import is_webarchive
    from archive_search.ingest.webarchive import iter_units as archive_units

    if is_webarchive(logical_name(path)):
        return archive_units(path)
    return parse_path(path)


def parse_path(path: str | os.PathLike[str]) -> Iterator[Parsed]:
    """Parse one input file into articles or skip entries. Never raises for bad input."""
    path = Path(path)
    origin = str(path.resolve())
    from archive_search.ingest.reading import logical_name

    name = logical_name(path)
    if name.endswith(JSONL_SUFFIXES):
        yield from _parse_jsonl(path, origin)
        return
    from archive_search.ingest.webarchive import is_webarchive
    from archive_search.ingest.webarchive import iter_units as archive_units

    if is_webarchive(name):  # every capture parsed here (one process: verify, a Dask task)
        yield from map(parse_unit, archive_units(path))
        return
    if name.endswith(NOT_PAGE_SUFFIXES):
        suffix = name[name.rfind(".") :]
        yield Parsed(origin, str(path), reason=Skip.UNSUPPORTED.format(suffix=suffix))
        return
    try:
        article = parse_page_file(path)
    except SkipSource as skip:
        yield Parsed(origin, str(path), reason=skip.reason)
    except (RecursionError, MemoryError, Exception) as exc:  # a parser bug must not stop a batch
        yield Parsed(origin, str(path), reason=Skip.PARSE_FAILED.format(detail=_one_line(exc)))
    else:
        yield Parsed(origin, str(path), article=article)


def parse_unit(unit: Any) -> Parsed:
    """An input as a ``Parsed`` entry: a web-archive capture is decoded and parsed here.

    Never raises for bad content: a capture that is no article is skipped with a reason.
    """
    if isinstance(unit, Parsed):
        return unit
    from archive_search.ingest.encoding import decode_bytes

    try:
        text = decode_bytes(unit.payload, unit.content_type or None)
        if not text.strip():
            raise SkipSource(Skip.EMPTY)
        article = parse_page(text, source=unit.location, url=unit.url, name="page.html")
        if article.crawled is None:  # a replayed page's own timestamp is the better one
            article.crawled = unit.captured
    except SkipSource as skip:
        return unit.failed(skip.reason)
    except (RecursionError, MemoryError, Exception) as exc:  # a parser bug: skip the record
        return unit.failed(Skip.PARSE_FAILED.format(detail=_one_line(exc)))
    return unit.parsed(article)


def parse_page_file(path: Path) -> Article:
    """Read, decode and parse one page file (HTML or text dump, maybe gzipped)."""
    from archive_search.ingest.encoding import decode_bytes
    from archive_search.ingest.reading import logical_name, read_source, source_url_hint

    data = read_source(path)
    text = decode_bytes(data)
    if not text.strip():
        raise SkipSource(Skip.EMPTY)
    url = source_url_hint(path) or ""
    article = parse_page(text, source=str(path), url=url, name=logical_name(path))
    return article


def parse_page(text: str, *, source: str = "", url: str = "", name: str = "") -> Article:
    """Parse decoded page text, choosing the parser from the content.

    A page saved from a replay tool (the Wayback Machine, pywb) is unwrapped
    first: the tool's markup goes, links and the URL are the original ones,
    and the capture time becomes ``crawled``.
    """
    from archive_search.ingest import replay

    captured = None
    if url:
        url = replay.original_url(url)
    if replay.looks_like_replay(text):
        unwrapped = replay.unwrap(text)
        text, url, captured = unwrapped.html, unwrapped.url or url, unwrapped.captured
    article = _parse_markup(text, source=source, url=url, name=name)
    if captured is not None and article.crawled is None:
        article.crawled = captured
    return article


def _parse_markup(text: str, *, source: str, url: str, name: str) -> Article:
    if looks_like_html(text, name):
        from archive_search.ingest.setimes import looks_like_setimes

        if looks_like_setimes(text):
            from archive_search.ingest.setimes_html import parse_setimes_html

            article = parse_setimes_html(text, source=source, url=url)
        else:
            from archive_search.ingest.news_html import parse_news_html

            article = parse_news_html(text, source=source, url=url)
    else:
        from archive_search.ingest.textdump import parse_setimes_text

        article = parse_setimes_text(text, source=source, url=url)
    return _complete(article, source)


def _complete(article: Article, source: str) -> Article:
    """Fill what every parser leaves to the end: provenance, edition key, language guess."""
    if not article.source:
        article.source = source
    from archive_search.ingest.editions import with_edition_key

    article = with_edition_key(article)
    if not article.language:
        from archive_search.ingest.language import detect_language

        sample = " ".join([article.title, article.lede, *article.body[:20]])
        article.language = detect_language(sample) or ""
    if not article.body and not article.lede:
        raise SkipSource(Skip.NO_BODY)
    return article


def looks_like_html(text: str, name: str = "") -> bool:
    """HTML or a text dump? Decided here only, by the content; the name breaks ties.

    A page with no tag at all near its start is text whatever its name; one that
    starts with markup is HTML whatever its name (scrapers save both ways).
    """
    head = text[:5000]
    if not _ANY_TAG.search(head):
        return False
    if name.lower().endswith(HTML_SUFFIXES) or _HTML_START.match(head):
        return True
    return "<body" in head[:1000].lower()


_ANY_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*|!--|!doctype|\?xml)[\s>/]", re.IGNORECASE)
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|!--|html|head|body|div|table|p|h[1-6])\b",
    re.IGNORECASE,
)


def _parse_jsonl(path: Path, origin: str) -> Iterator[Parsed]:
    from archive_search.ingest.editions import with_edition_key
    from archive_search.ingest.jsonl import iter_jsonl_records

    try:
        for line, result in iter_jsonl_records(path):
            location = f"{path}:{line}"
            if isinstance(result, SkipSource):
                yield Parsed(origin, location, reason=result.reason)
            else:
                if not result.source:
                    result.source = location
                yield Parsed(origin, location, article=with_edition_key(result))
    except OSError as exc:
        yield Parsed(origin, str(path), reason=Skip.UNREADABLE.format(detail=exc.strerror or exc))
    except (RecursionError, MemoryError, Exception) as exc:  # a bug must not stop a batch
        yield Parsed(origin, str(path), reason=Skip.PARSE_FAILED.format(detail=_one_line(exc)))


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
