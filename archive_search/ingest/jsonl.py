"""JSON Lines of Article records: the import format for anything already parsed.

Each line is read on its own, so one bad line is one skipped entry and an
archive of millions of records streams in constant memory.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive_search.article import Article
from archive_search.errors import Skip, SkipSource

#: Longest record line read; longer lines are skipped, never loaded whole.
MAX_LINE_BYTES = 20 * 1024 * 1024


def iter_jsonl_records(path: Path) -> Iterator[tuple[int, Article | SkipSource]]:
    """Yield (line number, Article or the reason that line was skipped). Blank lines are ignored."""
    with _open(path) as handle:
        for number, raw in enumerate(_lines(handle), start=1):
            if isinstance(raw, SkipSource):
                yield number, raw
                continue
            if not raw.strip():
                continue
            yield number, _record(raw)


def _open(path: Path) -> BinaryIO:
    """Open plain or gzip-compressed JSON Lines (decompressed as a stream, line by line)."""
    handle = open(path, "rb")  # noqa: SIM115 - returned to the caller's with-block
    if handle.read(2) == b"\x1f\x8b":
        handle.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    handle.seek(0)
    return handle


def _lines(handle) -> Iterator[bytes | SkipSource]:  # type: ignore[no-untyped-def]
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the long line
                line = handle.readline(MAX_LINE_BYTES)
            yield SkipSource(Skip.BAD_RECORD.format(detail="line too long"))
            continue
        yield line


def _record(raw: bytes) -> Article | SkipSource:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SkipSource(Skip.BAD_RECORD.format(detail="not valid UTF-8"))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return SkipSource(Skip.BAD_RECORD.format(detail=f"invalid JSON ({_first_line(exc)})"))
    try:
        return Article.from_dict(data)
    except ValueError as exc:
        return SkipSource(Skip.BAD_RECORD.format(detail=_first_line(exc)))


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
