"""Segment builders: worker processes that each write whole Whoosh segments.

A Whoosh writer does everything in one process: analysing every field,
pooling the postings, and at commit sorting and encoding them into segment
files. At a few hundred articles a second that one process is the whole
build, however many cores the machine has. Whoosh's own answer,
``writer(procs=N)``, silently drops a worker's batch when one document in it
fails, so it is not used.

Here the indexing process stays the one place that decides (ids, content
hashes, duplicates, deletions, the manifest, the commit) and hands the
articles it decided to write to builder processes. Each builder owns a
private Whoosh writer in a staging folder inside the index folder, analyses
and pools the articles it is given, seals a segment whenever its pool is
full, and on ``finish`` merges what it sealed into one segment (``merging``:
every segment costs every query term a lookup) and names its files. The indexing process moves those files into the
index and commits them, with its own deletions, in one table-of-contents
write: readers see all of a batch or none of it, exactly as before.

Nothing a builder writes is visible before that commit: a crash or a
cancelled run leaves only the staging folder, which the next writer removes.
A document a builder fails to write, or a builder that dies, ends the batch
with an error instead of losing articles silently.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive_search import errors
from archive_search.article import Article

if TYPE_CHECKING:  # the search path imports this module's users: keep it light
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)

#: Articles sent to a builder in one message: amortises the pipe round trip.
SEND_CHUNK = 32
#: Memory for each builder's posting pool. A pool that outgrows it would spill
#: sorted runs to disk, and merging them back costs three times the flush of a
#: pool that never spilled (measured): a builder starts a new segment first.
BUILDER_LIMIT_MB = 256
#: Share of the pool's limit at which a builder seals its segment and starts another.
SEAL_AT = 0.9
#: Prefix of the staging folders (dot-prefixed: Whoosh's file cleaner never touches them).
STAGING_PREFIX = ".staging-"


class SegmentBuilders:
    """A few builder processes fed round-robin; ``finish`` yields their segments.

    Use as a context manager, or call ``close`` (after ``finish`` or
    ``cancel``). The processes start at construction.
    """

    def __init__(
        self,
        index_path: Path,
        count: int,
        index_name: str,
        limit_mb: int = BUILDER_LIMIT_MB,
        *,
        merge: bool = True,
    ) -> None:
        import shutil

        from archive_search.workers import worker_context

        self._index_path = Path(index_path)
        self._staging = self._index_path / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging.mkdir(parents=True)
        self._index_name = index_name
        context = worker_context()
        self._builders: list[_Builder] = []
        for number in range(max(1, count)):
            folder = self._staging / str(number)
            folder.mkdir()
            ours, theirs = context.Pipe()
            process = context.Process(
                target=serve,
                args=(
                    theirs,
                    str(folder),
                    index_name,
                    limit_mb,
                    merge,
                    list(sys.path),
                    os.getpid(),
                ),
                name=f"segment-builder-{number}",
                daemon=True,
            )
            process.start()
            theirs.close()
            self._builders.append(_Builder(process, ours, folder))
        self._next = 0
        self._outbox: list[tuple[str, str]] = []
        #: Articles handed to builders since the last ``finish``.
        self.pending = 0

    def __enter__(self) -> SegmentBuilders:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------
    def add(self, article: Article, origin: str) -> None:
        """Queue one article for writing; it is sent with the next full chunk."""
        self._outbox.append((article.to_json(), origin))
        self.pending += 1
        if len(self._outbox) >= SEND_CHUNK:
            self._send_outbox()

    def finish(self) -> list[Any]:
        """Write every queued article into segments, moved into the index folder.

        Returns the Whoosh segments to commit (none for builders that got
        nothing). On any failure nothing is moved and the error says why.
        """
        self._send_outbox()
        busy = [b for b in self._builders if b.sent]
        for builder in busy:
            builder.request(("finish",))
        results = [builder.reply() for builder in busy]
        for builder in busy:
            builder.sent = 0
        self.pending = 0
        failures = [r for r in results if r[0] != "segments"]
        if failures:
            raise errors.write_failed(failures[0][1])
        segments = []
        for builder, (_, written) in zip(busy, results, strict=True):
            for segment, names in written:
                for name in names:
                    os.replace(builder.folder / name, self._index_path / name)
                segments.append(segment)
        return segments

    def cancel(self) -> None:
        """Drop every queued article; the builders start again empty."""
        self._outbox.clear()
        for builder in self._builders:
            if builder.sent and builder.alive():
                with contextlib.suppress(OSError, EOFError):
                    builder.request(("cancel",))
                    builder.reply()
            builder.sent = 0
        self.pending = 0

    def close(self) -> None:
        """Stop the processes and remove the staging folder."""
        import shutil

        for builder in self._builders:
            builder.stop()
        self._builders = []
        shutil.rmtree(self._staging, ignore_errors=True)

    # -- internals ---------------------------------------------------------
    def _send_outbox(self) -> None:
        if not self._outbox:
            return
        builder = self._builders[self._next]
        self._next = (self._next + 1) % len(self._builders)
        chunk, self._outbox = self._outbox, []
        builder.request(("add", chunk))
        builder.sent += len(chunk)


class _Builder:
    """The indexing process's end of one builder: its process, pipe and staging folder."""

    def __init__(self, process: Any, conn: Connection, folder: Path) -> None:
        self.process = process
        self.conn = conn
        self.folder = folder
        self.sent = 0

    def alive(self) -> bool:
        return self.process.is_alive()

    def request(self, message: tuple[Any, ...]) -> None:
        try:
            self.conn.send(message)
        except (OSError, EOFError):
            raise errors.write_failed(self._death()) from None

    def reply(self) -> tuple[Any, ...]:
        try:
            return self.conn.recv()
        except (OSError, EOFError):
            raise errors.write_failed(self._death()) from None

    def stop(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            self.conn.send(("close",))
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()

    def _death(self) -> str:
        self.process.join(timeout=1)
        code = self.process.exitcode
        return f"a segment-writing process died (exit code {code})"


def write_segments(
    folder: Path,
    articles: Iterable[tuple[Article, str]],
    index_name: str,
    limit_mb: int = BUILDER_LIMIT_MB,
) -> list[tuple[Any, list[str]]]:
    """Write ``(article, origin)`` pairs as a builder does, into a private index at ``folder``.

    For processes that are not builders of this machine's indexing process
    (Dask workers, ``indexing.distributed``): the same analysis, sealing and
    merging, so their segments equal a local build's. Returns each segment
    with its file names in ``folder``; a failure raises ``write_failed``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    state = _BuilderState(folder, index_name, limit_mb)
    for article, origin in articles:
        try:
            state.add_article(article, origin)
        except Exception as exc:
            state.cancel()
            raise errors.write_failed(_describe_failure(article.to_json(), exc)) from None
    outcome = state.finish()
    if outcome[0] != "segments":
        raise errors.write_failed(outcome[1])
    return outcome[1]


def remove_staging(index_path: Path) -> None:
    """Delete staging folders left by a killed run; call only while holding the write lock."""
    import shutil

    with contextlib.suppress(OSError):
        for entry in os.scandir(index_path):
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


# -- the builder process ------------------------------------------------------
def serve(
    conn: Connection,
    folder: str,
    index_name: str,
    limit_mb: int,
    merge: bool,
    sys_path: list[str],
    parent: int,
) -> None:
    """A builder's loop: add articles, finish a segment, cancel, or close on request."""
    from archive_search.workers import init_worker

    init_worker(sys_path, parent)
    state = _BuilderState(Path(folder), index_name, limit_mb, merge)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            state.cancel()
            return
        command = message[0]
        if command == "add":
            state.add(message[1])
        elif command == "finish":
            conn.send(state.finish())
        elif command == "cancel":
            state.cancel()
            conn.send(("cancelled",))
        else:
            state.cancel()
            return


class _BuilderState:
    """One builder's open Whoosh writer on its staging folder."""

    def __init__(self, folder: Path, index_name: str, limit_mb: int, merge: bool = True) -> None:
        self.folder = folder
        self.index_name = index_name
        self.limit_mb = limit_mb
        self.merge = merge
        self._ix: Any = None
        self._writer: Any = None
        self._failure: str | None = None
        #: Segments sealed since the last finish, with their file names.
        self._sealed: list[tuple[Any, list[str]]] = []

    def add(self, chunk: list[tuple[str, str]]) -> None:
        for record, origin in chunk:
            if self._failure is not None:
                return
            try:
                self.add_article(Article.from_json(record), origin)
            except Exception as exc:  # reported at finish: the batch must not commit
                self._failure = _describe_failure(record, exc)

    def add_article(self, article: Article, origin: str) -> None:
        from archive_search.engine.prepare import prepare
        from archive_search.engine.segment.writer import add_prepared

        writer = self._open()
        before = _pool_size(writer)
        add_prepared(writer, prepare(article, origin))
        after = _pool_size(writer)
        # room for two more articles like this one, or seal now
        if after + 2 * (after - before) >= SEAL_AT * writer.pool.limit:
            self._seal()

    def finish(self) -> tuple[Any, ...]:
        """Seal the open segment; reply with the segments sealed since the last finish, merged."""
        if self._failure is None:
            try:
                self._seal()
            except Exception as exc:
                self._failure = f"writing a segment: {type(exc).__name__}: {exc}"
        if self._failure is None and self.merge:
            self._merge_sealed()
        if self._failure is not None:
            failure = self._failure
            self.cancel()
            return ("failed", failure)
        sealed, self._sealed = self._sealed, []
        return ("segments", sealed)

    def _seal(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if not writer.doc_count():
            writer.cancel()
            return
        from archive_search.engine.segment.writer import seal_segment

        segment = seal_segment(writer)
        prefix = segment.segment_id() + "."
        names = [name for name in os.listdir(self.folder) if name.startswith(prefix)]
        self._sealed.append((segment, names))

    def _merge_sealed(self) -> None:
        """Merge the sealed segments into as few as ``merging`` allows.

        Each segment costs every query term a lookup and a read: a bulk build
        seals one every few thousand articles. The sealed segments are complete
        and correct, so a merge that fails keeps them (with a warning).
        """
        from archive_search.engine.merging import merge_groups, merge_segments

        if len(self._sealed) < 2:
            return
        index = self._index()
        storage, schema = index.storage, index.schema
        names = {segment.segment_id(): files for segment, files in self._sealed}
        kept: list[tuple[Any, list[str]]] = []
        for group in merge_groups(storage, [segment for segment, _ in self._sealed]):
            if len(group) > 1:
                try:
                    merged = merge_segments(storage, schema, self.index_name, group)
                except Exception as exc:
                    log.warning("segments kept unmerged: %s: %s", type(exc).__name__, exc)
                else:
                    for segment in group:
                        for name in names[segment.segment_id()]:
                            os.remove(self.folder / name)
                    kept.append((merged, merged.list_files(storage)))
                    continue
            kept.extend((segment, names[segment.segment_id()]) for segment in group)
        self._sealed = kept

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        self._failure = None
        self._sealed = []
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cancel()
        for name in os.listdir(self.folder):
            if not name.startswith("_"):  # keep the staging index's own table of contents
                with contextlib.suppress(OSError):
                    os.remove(self.folder / name)

    def _open(self) -> Any:
        if self._writer is None:
            self._writer = new_segment_writer(self._index(), self.limit_mb)
        return self._writer

    def _index(self) -> Any:
        if self._ix is None:
            from whoosh.filedb.filestore import FileStorage
            from whoosh.index import TOC, FileIndex

            from archive_search.engine.schema import build_schema

            schema = build_schema()
            storage = FileStorage(str(self.folder))
            TOC(schema, [], 0).write(storage, self.index_name)
            self._ix = FileIndex(storage, schema, self.index_name)
        return self._ix


def _pool_size(writer: Any) -> int:
    """Whoosh's estimate of its posting pool's memory (what it compares with the limit)."""
    return getattr(writer.pool, "currentsize", 0)


def new_segment_writer(ix: Any, limitmb: int) -> Any:
    """A Whoosh writer for one new segment, under a lock the caller holds (or needs none).

    Our fast-committing writer (``codec``), with non-compound segments: they
    open about 100x faster in a fresh process.
    """
    from archive_search.engine.segment.writer import segment_writer

    return segment_writer(ix, limitmb=limitmb, compound=False, _lk=False)


def _describe_failure(record: str, exc: BaseException) -> str:
    import json
    import traceback

    try:
        article_id = json.loads(record).get("id", "?")
    except ValueError:
        article_id = "?"
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return (
        f"article {article_id} could not be written ({type(exc).__name__}: {exc}, "
        f"at {Path(where.filename).name}:{where.lineno})"
    )
