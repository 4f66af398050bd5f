"""The on-disk index: opening it safely, writing articles, reading them back.

All Whoosh storage calls live here (and in the analyzers/schema modules), so the
rest of the program never depends on Whoosh's quirks: the write lock that fails
at once, interrupted commits, slow compound segments, a schema pickled into
the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from archive_search import errors
from archive_search.article import Article
from archive_search.engine.builders import SegmentBuilders, new_segment_writer, remove_staging
from archive_search.engine.locking import WriteLock
from archive_search.engine.prepare import Prepared, prepare
from archive_search.engine.schema import SCHEMA_VERSION, build_schema

if TYPE_CHECKING:  # the snapshot module brings numpy: imported when first searched, not here
    from archive_search.engine.snapshot import Snapshot

#: The file that marks a folder as ours; a folder without it is never written to.
MARKER = "archive-search.json"
INDEX_NAME = "articles"
#: Whoosh's own lock file name for the index; ``locking.WriteLock`` locks the same file.
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"
#: Memory for Whoosh's posting pool before it spills sorted runs to disk (below 256 MB it flushes too often).
WRITER_LIMIT_MB = 256
#: Articles a session writes in this process before it starts segment builders
#: (``builders.py``): starting them costs about as much as writing this many here.
BUILDER_THRESHOLD = 256

_TOC_FILE = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")

Outcome = Literal["new", "updated", "unchanged", "duplicate"]


class IndexStore:
    """An opened index folder. Cheap to keep open; reopen readers with ``refresh``."""

    def __init__(self, path: Path, ix: Any) -> None:
        self.path = path
        self._ix = ix
        self._searcher: Any = None
        self._snapshot: Snapshot | None = None

    # -- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> IndexStore:
        """Open an existing index, or fail with a one-line reason (missing, foreign, corrupt)."""
        path = Path(path)
        if not path.exists():
            raise errors.no_index(path)
        _check_marker(path)
        from whoosh import index

        try:
            ix = index.open_dir(str(path), indexname=INDEX_NAME)
            ix.doc_count()  # touches the TOC and segments
        except Exception as exc:  # Whoosh raises many types for a damaged folder
            raise errors.index_corrupt(path, _describe(exc)) from None
        return cls(path, ix)

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, start_generation: int = 0) -> IndexStore:
        """Make a new, empty index; refuses a non-empty folder that is not ours.

        ``start_generation`` numbers the first commit: an index built to replace
        another starts above the old one's generation, so that a long-lived
        searcher's ``refresh`` notices the swap instead of taking the new index
        for the one it already has open.
        """
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            if (path / MARKER).exists():
                return cls.open(path)
            raise errors.not_an_index(path)
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import TOC, FileIndex

        path.mkdir(parents=True, exist_ok=True)
        schema = build_schema()
        storage = FileStorage(str(path)).create()
        TOC(schema, [], max(start_generation, 0)).write(storage, INDEX_NAME)
        ix = FileIndex(storage, schema, INDEX_NAME)
        marker = {"format": "archive-search", "schema_version": SCHEMA_VERSION}
        (path / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        return cls(path, ix)

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str]) -> IndexStore:
        path = Path(path)
        if path.exists() and (path / MARKER).exists():
            return cls.open(path)
        return cls.create(path)

    # -- reading ----------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The index as of the latest commit: what the search layer reads through.

        The same object until a commit makes it stale (``searcher``), so that
        what searches derive from it (term caches, filter sets) is shared by
        every search of the same data and dropped with it.
        """
        from archive_search.engine.snapshot import Snapshot, searcher_of

        searcher = self.searcher()
        snapshot = self._snapshot
        if snapshot is None or searcher_of(snapshot) is not searcher:
            snapshot = self._snapshot = Snapshot(searcher)
        return snapshot

    def searcher(self) -> Any:
        """The process's one Whoosh searcher, refreshed to the latest commit (engine use).

        Opening a searcher copies segment data into memory; reuse it until a
        commit makes it stale. Whoosh's own ``refresh()`` is not used: in
        whoosh-reloaded 2.7.5 it keeps the segments of the old reader next to
        the new ones, so after a merge or a rebuild every article is found
        twice and deletions never show.
        """
        if self._searcher is None or not self._searcher.up_to_date():
            self._searcher = self._ix.searcher()
        return self._searcher

    @property
    def schema(self) -> Any:
        return self._ix.schema

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def generation(self) -> int:
        """The number of the latest commit; it changes whenever anyone commits."""
        return self._ix.latest_generation()

    def get(self, article_id: str) -> Article | None:
        stored = self.searcher().document(id=article_id)
        if stored is None:
            return None
        return Article.from_json(stored["record"])

    def fingerprints(self) -> dict[str, str]:
        """id -> content hash of every article, read from columns (fast at scale)."""
        return {article_id: known.content_hash for article_id, known in self.iter_indexed()}

    def origins(self) -> dict[str, list[str]]:
        """input file -> ids read from it: what --prune and verify check against the disk."""
        out: dict[str, list[str]] = {}
        for article_id, known in self.iter_indexed():
            out.setdefault(known.origin, []).append(article_id)
        return out

    def iter_indexed(self) -> Iterator[tuple[str, Indexed]]:
        """(id, content hash and origin) of every article, streamed from a private reader."""
        reader = self._ix.reader()
        try:
            yield from _iter_columns(reader)
        finally:
            reader.close()

    # -- writing ----------------------------------------------------------
    def lock(self) -> WriteLock:
        """The index's write lock (the file Whoosh locks too); not yet acquired."""
        return WriteLock(self.path / LOCK_NAME, owner=self.path)

    def compact(self, wait: float = 0.0) -> tuple[int, int]:
        """Merge every segment into one, dropping deleted articles; (segments before, after).

        Incremental runs leave about ten segments per power of ten articles
        (``merging.merge_tiers``), and each costs every query word a lookup;
        this merges them term by term (``merging.merge_everything``) in one
        commit. An index of one segment without deletions is left untouched.
        """
        from archive_search.engine.merging import merge_everything
        from archive_search.engine.segment.reader import index_segments

        lock = self.lock().acquire(wait)
        try:
            remove_staging(self.path)
            before = index_segments(self._ix)
            if len(before) <= 1 and not any(s.has_deletions() for s in before):
                return len(before), len(before)
            raw = self._raw_writer()
            try:
                raw.commit(mergetype=merge_everything)
            except OSError as exc:
                with contextlib.suppress(Exception):  # the failure matters, not the clean-up
                    _discard(self.path, raw)
                raise errors.compact_failed(f"{type(exc).__name__}: {exc}") from None
            return len(before), len(index_segments(self._ix))
        finally:
            lock.release()

    def commit_segments(
        self, segments: list[Any], wait: float = 0.0, *, max_segments: int | None = 1
    ) -> int:
        """Commit segments written elsewhere, in one commit; the index's segments after.

        The segments' files must already be in this folder (a distributed
        rebuild's workers wrote them, ``indexing.distributed``). They join the
        table of contents after what the index holds, by the same commit path
        as the local builders' segments (``merge_policy``): each keeps its
        documents, deletions and columns, numbered after the segments before.
        ``max_segments``: 1 merges everything term by term
        (``merging.merge_everything``); N bounds the count, the smallest
        neighbours merged first (``merging.merge_down_to``); None commits them
        as they are, rewriting nothing. A failed merge commits nothing.
        """
        from archive_search.engine.merging import merge_down_to, merge_everything

        added = list(segments)
        if max_segments is None:
            policy = merge_policy(merge=False, extra=added)
        else:
            bounded = merge_everything if max_segments <= 1 else merge_down_to(max_segments)

            def policy(w: Any, held: list[Any]) -> list[Any]:
                return list(bounded(w, list(held) + added))

        lock = self.lock().acquire(wait)
        try:
            raw = self._raw_writer()
            try:
                raw.commit(mergetype=policy)
            except Exception as exc:
                with contextlib.suppress(Exception):
                    _discard(self.path, raw)
                raise errors.write_failed(f"merging: {type(exc).__name__}: {exc}") from None
            return len(self._ix._segments())
        finally:
            lock.release()

    @contextmanager
    def writer(
        self,
        wait: float = 0.0,
        *,
        seen: SeenIds | None = None,
        dry_run: bool = False,
        merge: bool = True,
        builders: int = 0,
        builder_threshold: int = BUILDER_THRESHOLD,
    ) -> Iterator[ArticleWriter]:
        """The single writer. Commits on a clean exit, discards on an exception.

        The write lock is held for the whole session, across ``checkpoint``
        commits. It is an OS-level file lock, so one left by a killed process
        is released by the kernel and never blocks the next run. A ``dry_run``
        writer takes no lock and writes nothing but decides every outcome.
        ``merge=False`` leaves segments unmerged at checkpoints (a bulk build
        that ends with ``commit(optimize=True)`` merges once, at the end).
        ``builders``: processes that may write segments in parallel once the
        session has written ``builder_threshold`` articles (0 builders: this
        process only; threshold 0: from the first article, for bulk builds).
        """
        lock = None if dry_run else self.lock().acquire(wait)
        try:
            if lock is not None:
                remove_staging(self.path)  # left by a killed run: nobody else writes now
            writer = ArticleWriter(
                self,
                seen=seen,
                dry_run=dry_run,
                merge=merge,
                builders=builders,
                builder_threshold=builder_threshold,
            )
            try:
                yield writer
            except BaseException:
                writer.cancel()
                raise
            else:
                writer.commit()
        finally:
            if lock is not None:
                lock.release()

    def _raw_writer(self) -> Any:
        """A Whoosh writer under the lock the caller already holds."""
        return new_segment_writer(self._ix, WRITER_LIMIT_MB)

    def _reader(self) -> Any:
        return self._ix.reader()

    def close(self) -> None:
        self._snapshot = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()


@dataclass(frozen=True)
class Indexed:
    """What the index holds for one id: enough to tell unchanged from updated."""

    content_hash: str
    origin: str


class SeenIds(Protocol):
    """The ids written in one run: the first copy of an id wins, later ones are duplicates."""

    def claim(self, article_id: str, origin: str) -> bool:
        """True the first time an id is claimed in the run, False afterwards."""
        ...


class MemorySeen:
    """A run's seen ids in memory: right for small runs (the pipeline keeps them on disk)."""

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def claim(self, article_id: str, origin: str) -> bool:
        if article_id in self._ids:
            return False
        self._ids.add(article_id)
        return True


class ArticleWriter:
    """Adds, updates and deletes articles, deciding the outcome from content hashes.

    What the index already holds is looked up id by id in a reader of the last
    commit, never loaded whole, so memory does not grow with the index; what
    this batch changed is kept until the next ``checkpoint``. The Whoosh writer
    is opened at the first change only: a session that changes nothing leaves
    no file behind. Past ``BUILDER_THRESHOLD`` articles, new articles go to
    segment builder processes (``builders``), committed with this writer's
    deletions in the same table-of-contents write.
    """

    def __init__(
        self,
        store: IndexStore,
        *,
        seen: SeenIds | None = None,
        dry_run: bool = False,
        merge: bool = True,
        builders: int = 0,
        builder_threshold: int = BUILDER_THRESHOLD,
    ) -> None:
        self._store = store
        self._seen: SeenIds = seen if seen is not None else MemorySeen()
        self.dry_run = dry_run
        self._merge = merge
        self._builder_count = 0 if dry_run else builders
        self._builder_threshold = builder_threshold
        self._builders: SegmentBuilders | None = None
        self._written_here = 0
        self._raw: Any = None
        self._reader: Any = None
        self._columns: _Columns | None = None
        self._batch: dict[str, Indexed | None] = {}
        self.pending = 0
        self.commits = 0
        self._open_reader()
        # Nothing indexed when the session began: every id it holds later was
        # claimed in this session, so put() never needs to look one up.
        self._fresh = self._reader.doc_count_all() == 0

    # -- writing -----------------------------------------------------------
    @property
    def wants_prepared(self) -> bool:
        """Whether articles analysed ahead (``prepare``) still help: not once builders run."""
        return self._builders is None

    def put(self, article: Article, origin: str = "", prepared: Prepared | None = None) -> Outcome:
        """Write one article unless the index already holds the same content.

        An id already written in this run is a duplicate (the first copy wins).
        The same content read from another file counts as updated: the stored
        origin must follow the file, or --prune would drop a live article.
        ``prepared``: the article already analysed by a worker (``prepare``).
        """
        origin = origin or article.source
        if not self._seen.claim(article.id, origin):
            return "duplicate"
        if prepared is not None and not prepared.matches(article, origin):
            prepared = None
        digest = prepared.content_hash if prepared is not None else article.content_hash()
        previous = None if self._fresh else self.lookup(article.id)
        if previous == Indexed(digest, origin):
            return "unchanged"
        if not self.dry_run:
            self._write(article, origin, prepared, replace=previous is not None)
            if not self._fresh:  # a fresh session never looks ids up: keep memory flat
                self._batch[article.id] = Indexed(digest, origin)
        self.pending += 1
        return "new" if previous is None else "updated"

    def _write(
        self, article: Article, origin: str, prepared: Prepared | None, replace: bool
    ) -> None:
        if self._builders is None and self._builder_count > 0 and self._builder_due():
            self._start_builders()
        raw = self._whoosh_writer()
        if replace:
            raw.delete_by_term("id", article.id)  # what update_document does first
        if self._builders is not None:
            self._builders.add(article, origin)
            return
        self._written_here += 1
        from archive_search.engine.segment.writer import add_prepared

        add_prepared(raw, prepared if prepared is not None else prepare(article, origin))

    def replace(self, article: Article, origin: str) -> bool:
        """Overwrite an article committed earlier in this run with a newer copy (a later capture).

        The caller checkpoints first: Whoosh deletes only committed documents.
        Returns False when the index already holds exactly this copy.
        """
        digest = article.content_hash()
        if self.lookup(article.id) == Indexed(digest, origin):
            return False
        if not self.dry_run:
            from archive_search.engine.segment.writer import add_prepared

            raw = self._whoosh_writer()
            raw.delete_by_term("id", article.id)
            add_prepared(raw, prepare(article, origin))
            self._batch[article.id] = Indexed(digest, origin)
        self.pending += 1
        return True

    def delete(self, article_id: str) -> bool:
        if self._fresh and self.pending and not self.dry_run:
            self.checkpoint()  # what a fresh session wrote is found once committed
        if self.lookup(article_id) is None:
            return False
        if not self.dry_run:
            if self._batch.get(article_id) is not None:
                self.checkpoint()  # Whoosh deletes only committed documents
            self._whoosh_writer().delete_by_term("id", article_id)
            self._batch[article_id] = None
        self.pending += 1
        return True

    def lookup(self, article_id: str) -> Indexed | None:
        """What the index holds for ``article_id``, counting this batch's changes."""
        if article_id in self._batch:
            return self._batch[article_id]
        assert self._columns is not None
        return self._columns.get(article_id)

    def indexed(self) -> Iterator[tuple[str, Indexed]]:
        """Every (id, content hash and origin) of the last commit, streamed."""
        assert self._reader is not None
        yield from _iter_columns(self._reader)

    # -- committing --------------------------------------------------------
    def checkpoint(self) -> bool:
        """Commit what is pending and go on writing: batches survive a later crash.

        The write lock stays held, so no other writer gets in between batches.
        Returns whether anything was committed.
        """
        if not self.pending:
            return False
        segments = self._builders.finish() if self._builders is not None else []
        if self._raw is None and not segments:
            self.pending = 0
            return False
        raw = self._whoosh_writer()
        self._raw = None
        raw.commit(mergetype=merge_policy(merge=self._merge, extra=segments))
        self.commits += 1
        self.pending = 0
        self._open_reader()
        return True

    def commit(self, *, optimize: bool = False) -> bool:
        """Make everything written so far durable; ``optimize`` merges into one segment.

        With nothing pending (and no optimize asked) nothing is written at all:
        re-indexing an unchanged archive leaves the folder untouched.
        """
        committed = False
        segments = self._finish_builders()
        # builders' segments are large already: merging would rewrite them all in one process
        optimize = optimize and not segments
        if (optimize or segments) and not self.dry_run:
            self._whoosh_writer()
        raw, self._raw = self._raw, None
        if raw is not None:
            if self.pending or optimize or segments:
                policy = merge_policy(merge=self._merge, optimize=optimize, extra=segments)
                raw.commit(mergetype=policy)
                self.commits += 1
                committed = True
            else:
                _discard(self._store.path, raw)
        self.pending = 0
        self._close_reader()
        return committed

    def cancel(self) -> None:
        """Drop what is pending; committed batches stay."""
        raw, self._raw = self._raw, None
        if raw is not None:
            _discard(self._store.path, raw)
        if self._builders is not None:
            builders, self._builders = self._builders, None
            builders.cancel()
            builders.close()
        self._close_reader()

    def _builder_due(self) -> bool:
        return self._written_here >= self._builder_threshold

    def _start_builders(self) -> None:
        self._builders = SegmentBuilders(self._store.path, self._builder_count, INDEX_NAME)

    def _finish_builders(self) -> list[Any]:
        """The builders' last segments; the processes stop whatever happens."""
        if self._builders is None:
            return []
        builders, self._builders = self._builders, None
        try:
            return builders.finish() if self.pending else []
        finally:
            builders.close()

    def _whoosh_writer(self) -> Any:
        if self._raw is None:
            self._raw = self._store._raw_writer()
        return self._raw

    def _open_reader(self) -> None:
        self._close_reader()
        self._reader = self._store._reader()
        self._columns = _Columns(self._reader)
        self._batch.clear()

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
            self._columns = None


def merge_policy(
    *, merge: bool = True, optimize: bool = False, extra: list[Any] | None = None
) -> Callable[[Any, list[Any]], list[Any]]:
    """The merge policy for a commit, plus segments written elsewhere (builders).

    ``merge``: size tiers merged term by term (``merging.merge_tiers``);
    ``optimize``: Whoosh's merge of everything into one segment.
    """
    from whoosh.writing import NO_MERGE, OPTIMIZE

    from archive_search.engine.merging import merge_tiers

    base = OPTIMIZE if optimize else merge_tiers if merge else NO_MERGE
    added = list(extra or ())

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        return list(base(writer, segments)) + added

    return policy


def _discard(folder: Path, raw: Any) -> None:
    """Cancel a Whoosh writer and delete its unfinished segment (Whoosh leaves the files)."""
    prefix = f"{raw.newsegment.segment_id()}."
    raw.cancel()
    for name in os.listdir(folder):
        if name.startswith(prefix):
            with contextlib.suppress(OSError):
                os.remove(folder / name)


class _Columns:
    """Id lookups in one reader: the id term gives the document, columns give hash and origin."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._empty = reader.doc_count_all() == 0
        self._hashes: Any = None
        self._origins: Any = None

    def get(self, article_id: str) -> Indexed | None:
        if self._empty:
            return None
        from whoosh.reading import TermNotFound

        try:
            docnum = self._reader.first_id("id", article_id)
        except TermNotFound:
            return None
        if self._hashes is None:
            self._hashes = self._reader.column_reader("content_hash")
            self._origins = self._reader.column_reader("origin")
        return Indexed(_cell(self._hashes, docnum), _cell(self._origins, docnum))


def _iter_columns(reader: Any) -> Iterator[tuple[str, Indexed]]:
    if reader.doc_count_all() == 0:
        return
    ids = reader.column_reader("id")
    hashes = reader.column_reader("content_hash")
    origins = reader.column_reader("origin")
    for n in reader.all_doc_ids():
        if not reader.is_deleted(n):
            yield _cell(ids, n), Indexed(_cell(hashes, n), _cell(origins, n))


def latest_generation_on_disk(path: Path) -> int:
    """The highest commit number in an index folder, read from file names (works when damaged)."""
    numbers = [int(m.group(1)) for p in path.iterdir() if (m := _TOC_FILE.match(p.name))]
    return max(numbers, default=-1)


def _check_marker(path: Path) -> None:
    marker = path / MARKER
    if not marker.exists():
        if path.is_dir() and not any(path.iterdir()):
            raise errors.no_index(path)
        raise errors.not_an_index_to_read(path)  # a write refuses it in ``create``
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise errors.index_corrupt(path, _describe(exc)) from None
    if info.get("schema_version") != SCHEMA_VERSION:
        raise errors.index_corrupt(path, f"schema version {info.get('schema_version')}")


def _cell(column: Any, docnum: int) -> str:
    """A column value as text; "" for a document without one.

    Whoosh writes no column value for a document that lacks the field, and
    when such documents come last in a segment, reading them raises
    IndexError instead of giving the default.
    """
    try:
        return _text(column[docnum])
    except IndexError:
        return ""


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
