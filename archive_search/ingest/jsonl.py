"""JSON Lines of Article records: the import format for anything already parsed.

Records from other tools (news-please, trafilatura, schema.org) are read too: their
field names are mapped to Article's first (``record_fields``).

Each line is read on its own, so one bad line is one skipped entry and an
archive of millions of records streams in constant memory.

The file is read in large chunks split in C, not line by line: a file of
a billion blank lines (a gzip "bomb" of newlines is a few kilobytes) costs
seconds, not hours. A line longer than ``MAX_LINE_BYTES`` is passed over
without being held. Compressed input that expands more than
``MAX_GZIP_RATIO`` times is not read on (real JSON Lines compresses about
ten-fold; only degenerate content reaches a thousand), and a compressed
stream that is cut short or corrupt ends the file with one skipped entry,
after the records read before the damage (but for the last chunk).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive_search.article import Article
from archive_search.errors import Skip, SkipSource
from archive_search.ingest.record_fields import article_fields

#: Longest record line read; longer lines are skipped, never loaded whole.
MAX_LINE_BYTES = 20 * 1024 * 1024
#: Most bytes a compressed file may expand to per compressed byte...
MAX_GZIP_RATIO = 250
#: ...checked once this much has been decompressed (small files never trip it).
_RATIO_FLOOR = 64 * 1024 * 1024
#: Bytes read at a time (a damaged gzip stream loses at most the chunk it breaks in).
_CHUNK = 256 * 1024

#: Latest publication date accepted, after today (time zones, clocks; the parsers agree).
_FUTURE_GRACE = dt.timedelta(days=366)

_GZIP_MAGIC = b"\x1f\x8b"
_BLANK = b" \t\r\n\f\v"


class _TooCompressed(Exception):
    pass


def iter_jsonl_records(path: Path) -> Iterator[tuple[int, Article | SkipSource]]:
    """Yield (line number, Article or the reason that line was skipped). Blank lines are ignored.

    Raises OSError when the file cannot be opened or read.
    """
    with _Source(path) as source:
        lines = _Lines(source)
        try:
            for number, raw in lines:
                yield number, raw if isinstance(raw, SkipSource) else _record(raw)
        except _TooCompressed:
            reason = Skip.GZIP_BOMB.format(ratio=MAX_GZIP_RATIO)
            yield lines.number + 1, SkipSource(reason)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            yield lines.number + 1, SkipSource(Skip.BAD_GZIP)


class JsonlSpan:
    """The records of the lines that start inside one byte range of a plain JSON Lines file.

    A distributed rebuild cuts a large file into ranges and reads each on another
    machine; every line belongs to the range it starts in, and is read exactly as
    ``iter_jsonl_records`` reads it, so the ranges together give the whole file's
    records and skips. Line numbers count from the range's first line (1);
    ``lines`` is how many lines (blank ones included) the range held, once read.
    Raises OSError when the file cannot be read.
    """

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.path, self.start, self.end = path, start, end
        self.lines = 0

    def __iter__(self) -> Iterator[tuple[int, Article | SkipSource]]:
        with open(self.path, "rb") as handle:
            start = _line_start(handle, self.start)
            end = _line_start(handle, self.end)
            lines = _Lines(_Range(handle, start, max(start, end)))
            for number, raw in lines:
                self.lines = lines.number
                yield number, raw if isinstance(raw, SkipSource) else _record(raw)
            self.lines = lines.number


def _line_start(handle: BinaryIO, position: int) -> int:
    """The first line start at or after ``position`` (0, or just past a newline)."""
    if position <= 0:
        return 0
    handle.seek(position - 1)
    offset = position - 1
    while chunk := handle.read(_CHUNK):
        found = chunk.find(b"\n")
        if found >= 0:
            return offset + found + 1
        offset += len(chunk)
    return offset


class _Range:
    """A file's bytes from ``start`` to ``end``, read like a file (``read(size)``)."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        self._handle = handle
        self._left = end - start
        handle.seek(start)

    def read(self, size: int) -> bytes:
        data = self._handle.read(min(size, self._left)) if self._left > 0 else b""
        self._left -= len(data)
        return data


class _Source:
    """The file's bytes, gunzipped when they are gzip (by magic bytes), with the ratio guard."""

    def __init__(self, path: Path) -> None:
        self._raw: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by __exit__
        self._gzip: gzip.GzipFile | None = None
        if self._raw.read(2) == _GZIP_MAGIC:
            self._gzip = gzip.GzipFile(fileobj=self._raw, mode="rb")
        self._raw.seek(0)
        self._produced = 0

    def read(self, size: int) -> bytes:
        if self._gzip is None:
            return self._raw.read(size)
        data = self._gzip.read(size)
        self._produced += len(data)
        consumed = max(self._raw.tell(), 1)
        if self._produced > _RATIO_FLOOR and self._produced > MAX_GZIP_RATIO * consumed:
            raise _TooCompressed
        return data

    def __enter__(self) -> _Source:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._gzip is not None:
            self._gzip.close()
        self._raw.close()


class _Lines:
    """(line number, line) for every non-blank line; a SkipSource for a line too long.

    ``number`` is the number of the last line finished, blank ones included.
    """

    def __init__(self, source: _Source | _Range) -> None:
        self._source = source
        self.number = 0

    def __iter__(self) -> Iterator[tuple[int, bytes | SkipSource]]:
        partial = bytearray()
        overlong = False  # the current line passed the limit: drop bytes until its end
        while chunk := self._source.read(_CHUNK):
            if not chunk.strip(_BLANK) and not partial and not overlong:
                self.number += chunk.count(b"\n")  # blank lines in bulk
                continue
            pieces = chunk.split(b"\n")
            for piece in pieces[:-1]:  # each ends a line
                self.number += 1
                if overlong or len(partial) + len(piece) > MAX_LINE_BYTES:
                    yield self.number, _too_long()
                elif partial:
                    partial += piece
                    if partial.strip(_BLANK):
                        yield self.number, bytes(partial)
                elif piece.strip(_BLANK):
                    yield self.number, piece
                partial.clear()
                overlong = False
            if not overlong:
                partial += pieces[-1]
                if len(partial) > MAX_LINE_BYTES:
                    overlong = True
                    partial.clear()
        if overlong or partial.strip(_BLANK):
            self.number += 1
            yield self.number, _too_long() if overlong else bytes(partial)


def _too_long() -> SkipSource:
    return SkipSource(Skip.BAD_RECORD.format(detail="line too long"))


def _record(raw: bytes) -> Article | SkipSource:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM some editors write
    except UnicodeDecodeError:
        return SkipSource(Skip.BAD_RECORD.format(detail="not valid UTF-8"))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return SkipSource(Skip.BAD_RECORD.format(detail=f"invalid JSON ({_first_line(exc)})"))
    try:
        article = Article.from_dict(article_fields(data))
    except (ValueError, RecursionError) as exc:
        return SkipSource(Skip.BAD_RECORD.format(detail=_first_line(exc)))
    if article.published and article.published > dt.date.today() + _FUTURE_GRACE:
        detail = f"published is in the future: {article.published.isoformat()}"
        return SkipSource(Skip.BAD_RECORD.format(detail=detail))
    return article


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
