"""The Dask workers' side of the distributed rebuild: parse a share, build its segments.

``distributed`` (the coordinator) sends a ``Share`` (a run of whole files, or byte
ranges of one large JSON Lines file) to ``parse_share``; what comes back to it is
only what deciding needs (``ShareMeta``), the articles stay on the worker until
``build_share`` writes the coordinator's winners as segments and hands back their
files and the records of newer captures kept aside (``indexing.captures``).

Scratch folders: a build without a shared folder writes its segments in the
worker's temporary folder under a name that starts with the run's id, and removes
it itself; a worker killed mid-build cannot, so the coordinator removes every
folder of its run at the end (``remove_scratch``), however the run ended.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_search.article import Article, format_crawled
from archive_search.engine.store import INDEX_NAME
from archive_search.errors import Skip

__all__ = [
    "Built",
    "Found",
    "Share",
    "ShareMeta",
    "Source",
    "build_share",
    "died",
    "executing",
    "jsonl_spans",
    "local_scratch_prefix",
    "parse_share",
    "remove_scratch",
    "share_meta",
]

#: Smallest byte range a JSON Lines file is cut into (smaller ones cost more tasks than they save).
MIN_SPAN_BYTES = 1024 * 1024
#: Bytes scanned at a time for the end of a line at a range's edge.
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Source:
    """One walked file (or a byte range of one): where it is, what the walk learnt about it."""

    path: str
    origin: str
    size: int = -1
    mtime_ns: int = -1
    #: Why it cannot be read (its stat failed): accounted for without a worker.
    error: str | None = None
    #: A byte range of a large JSON Lines file; each line belongs to the range it starts in.
    span: tuple[int, int] | None = None
    #: The file's last range (a whole file is its own last): the file is accounted for then.
    last: bool = True

    @property
    def first(self) -> bool:
        return self.span is None or self.span[0] == 0


@dataclass(frozen=True)
class Share:
    """A run of sources in walk order: one parse task, then one build task."""

    number: int
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Found:
    """What one input became, as much as deciding needs (an article id or a reason)."""

    line: int | None
    id: str | None = None
    reason: str | None = None
    language: str = ""
    year: str = ""
    #: A web-archive record: where it starts (and its WACZ member); the capture's time.
    offset: int | None = None
    member: str = ""
    crawled: str | None = None


@dataclass
class ShareMeta:
    """A parsed share, as it travels back: per source, what each of its inputs became."""

    worker: str
    attempt: str
    found: list[list[Found]]
    seconds: float = 0.0
    #: Lines each source's byte range holds (blank ones too): the next range's first line.
    lines: list[int] = field(default_factory=list)


@dataclass
class Built:
    """A built share: its segments (files in ``folder`` or in ``files``) and records kept aside."""

    worker: str
    attempt: str
    segments: list[tuple[Any, list[str]]]
    folder: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    #: Article JSON of the newer captures the coordinator asked for (``aside``), in order.
    records: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Parsed:
    """A parsed share as it stays on the worker."""

    meta: ShareMeta
    articles: list[Article]
    #: For articles of a byte range whose source is their line: (source index, line in range).
    relative: dict[int, tuple[int, int]] = field(default_factory=dict)


# -- cutting large JSON Lines files ---------------------------------------------------
def jsonl_spans(path: str, size: int, span_bytes: int) -> list[tuple[int, int]] | None:
    """Byte ranges of about ``span_bytes`` (``MIN_SPAN_BYTES`` at least) for a plain JSON
    Lines file larger than that.

    None for any other file (gzip cannot be cut; a web archive is read whole).
    """
    from archive_search.ingest import JSONL_SUFFIXES

    span_bytes = max(span_bytes, MIN_SPAN_BYTES)
    if size <= span_bytes or not Path(path).name.lower().endswith(JSONL_SUFFIXES):
        return None
    try:
        with open(path, "rb") as handle:
            if handle.read(2) == _GZIP_MAGIC:
                return None
    except OSError:
        return None  # read whole: the worker reports why it cannot be read
    edges = [*range(0, size, span_bytes), size]
    return list(itertools.pairwise(edges))


def _parse_span(source: Source) -> tuple[list[tuple[int | None, Any]], int]:
    """The records of a JSON Lines byte range as (line in range, Article or skip reason).

    Lines are read exactly as ``ingest.jsonl`` reads a whole file (its line
    splitter and record reader), so the records, skips and line count match.
    """
    from archive_search.ingest.editions import with_edition_key
    from archive_search.ingest.jsonl import JsonlSpan

    assert source.span is not None
    out: list[tuple[int | None, Any]] = []
    end = source.size if source.last else source.span[1]
    span = JsonlSpan(Path(source.path), source.span[0], end)
    try:
        for number, record in span:
            if isinstance(record, Article):
                out.append((number, with_edition_key(record)))
            else:
                out.append((number, record.reason))
    except OSError as exc:
        out.append((None, Skip.UNREADABLE.format(detail=exc.strerror or exc)))
    except (RecursionError, MemoryError, Exception) as exc:  # a bug must not stop a batch
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        out.append((None, Skip.PARSE_FAILED.format(detail=detail)))
    return out, span.lines


# -- the tasks --------------------------------------------------------------------------
def parse_share(share: Share) -> _Parsed:
    """Parse every source of ``share``: what deciding needs, and the articles in order."""
    started = time.monotonic()
    parsed = _Parsed(ShareMeta(_worker_name(), uuid.uuid4().hex, []), [])
    for index, source in enumerate(share.sources):
        items: list[Found] = []
        count = 0
        if source.error is not None:
            pass
        elif source.span is not None:
            results, count = _parse_span(source)
            for line, result in results:
                if isinstance(result, Article):
                    if not result.source:  # its line, known once earlier ranges are counted
                        parsed.relative[len(parsed.articles)] = (index, line or 0)
                    items.append(_found(line, result))
                    parsed.articles.append(result)
                else:
                    items.append(Found(line, reason=result))
        else:
            items = list(_parse_file(source, parsed.articles))
        parsed.meta.found.append(items)
        parsed.meta.lines.append(count)
    parsed.meta.seconds = time.monotonic() - started
    return parsed


def _parse_file(source: Source, articles: list[Article]) -> Iterator[Found]:
    from archive_search.indexing.parallel import _parse_chunk
    from archive_search.indexing.pipeline import _line_number
    from archive_search.ingest import parse_path

    [(results, _)] = _parse_chunk(parse_path, [source.path])
    for item in results:
        line = _line_number(source.path, item.location)
        at = {"offset": item.offset, "member": item.member}
        if item.article is None:
            reason = item.reason or Skip.PARSE_FAILED.format(detail="no reason given")
            yield Found(line, reason=reason, **at)
            continue
        yield _found(line, item.article, **at)
        articles.append(item.article)


def _found(line: int | None, article: Article, **at: Any) -> Found:
    year = f"{article.published.year:04d}" if article.published else ""
    crawled = format_crawled(article.crawled) if article.crawled is not None else None
    return Found(line, article.id, None, article.language, year, crawled=crawled, **at)


def share_meta(parsed: _Parsed) -> ShareMeta:
    return parsed.meta


def build_share(
    parsed: _Parsed,
    share: Share,
    chosen: list[int],
    aside: list[int],
    bases: list[int],
    shared_dir: str | None,
    run_id: str,
) -> Built:
    """Write the ``chosen`` articles of a parsed share as segments; hand back ``aside`` ones.

    ``chosen`` and ``aside`` index the share's article list; ``bases`` is the
    line each source's byte range starts at, for articles whose source is their line.
    """
    from archive_search.engine.builders import write_segments

    meta, articles = parsed.meta, parsed.articles
    origins = [
        source.origin
        for source, items in zip(share.sources, meta.found, strict=True)
        for item in items
        if item.id is not None
    ]
    for n, (index, line) in parsed.relative.items():
        articles[n].source = f"{share.sources[index].path}:{bases[index] + line}"
    started = time.monotonic()
    built = Built(_worker_name(), meta.attempt, [])
    built.records = [articles[n].to_json() for n in aside]
    if not chosen:
        return built
    if shared_dir is not None:
        folder = Path(shared_dir) / run_id / f"share-{share.number}-{uuid.uuid4().hex}"
    else:
        folder = Path(tempfile.mkdtemp(prefix=f"{run_id}-share-"))
    pairs = ((articles[n], origins[n]) for n in chosen)
    try:
        built.segments = write_segments(folder, pairs, INDEX_NAME)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    built.seconds = time.monotonic() - started
    if shared_dir is not None:
        built.folder = str(folder)
    else:
        built.files = {
            name: (folder / name).read_bytes() for _, names in built.segments for name in names
        }
        shutil.rmtree(folder, ignore_errors=True)
    return built


def remove_scratch(run_id: str, shared_dir: str | None = None) -> int:
    """Remove what builds of run ``run_id`` left on this machine; how many folders went."""
    folders = list(Path(tempfile.gettempdir()).glob(f"{run_id}-share-*"))
    if shared_dir is not None:
        folders.append(Path(shared_dir) / run_id)
    removed = 0
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


def executing(keys: set[Any], dask_worker: Any = None) -> int:
    """How many of the tasks ``keys`` this worker is running now (``Client.run``)."""
    with contextlib.suppress(Exception):
        return sum(1 for task in dask_worker.state.executing if task.key in keys)
    return 0


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "local"


def died(share: Share) -> ShareMeta:
    """A one-source share whose parse killed every worker it ran on: skipped, as locally."""
    found = [[Found(None, reason=Skip.WORKER_DIED)] for _ in share.sources]
    return ShareMeta("", "", found, lines=[0] * len(share.sources))


def local_scratch_prefix() -> str:
    """The start of every run id this process gives (its scratch folders' names)."""
    return f"archive-search-{os.getpid()}-"
