"""The indexing engine: files and folders in, articles in the index, every input accounted for.

One engine serves ``archive-search index`` and ``scripts/reindex.py``:

- the file list is streamed from the walk, never held whole;
- worker processes parse pages (``parallel.OrderedParser``), one writer writes
  (never Whoosh's multi-process writer, which drops documents silently);
- JSON Lines files are read line by line in the writer's process (decoding a
  record costs far less than indexing it, and a file of millions of records
  must not travel to a worker as one result);
- the writer commits every ``batch_size`` articles, so a crash keeps every
  finished batch, and Whoosh's posting pool is flushed regularly;
- the manifest (``manifest.py``) lets a re-run skip files whose size and mtime
  are unchanged: an unchanged archive is re-indexed without parsing or writing;
- the run's working sets live in SQLite temporary tables, so memory does not
  grow with the archive.

Every input file (and every line of a JSON Lines file) ends as exactly one of
new, updated, unchanged, duplicate (of an id already indexed in this run) or
skipped with a reason; ``--prune`` also removes articles whose file is gone or
no longer yields them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_search.article import Article, format_crawled
from archive_search.engine.prepare import Prepared
from archive_search.engine.store import (
    BUILDER_THRESHOLD,
    ArticleWriter,
    Indexed,
    IndexStore,
    SeenIds,
)
from archive_search.errors import Skip
from archive_search.indexing.captures import newer_capture, write_newer_captures
from archive_search.indexing.manifest import Entry, FileState, Manifest, parser_fingerprint
from archive_search.indexing.parallel import Job, OrderedParser
from archive_search.indexing.progress import Progress
from archive_search.indexing.report import IndexReport, ReportEntry, ReportFile
from archive_search.ingest import Parsed, is_multi_page, iter_units

__all__ = ["BATCH_ENV_VAR", "DEFAULT_BATCH_SIZE", "IndexReport", "default_workers", "index_paths"]

#: Articles written between two commits of an incremental run. Bigger batches
#: commit less often (faster); smaller ones lose less to a crash. A full build
#: (``optimize``) commits once, at the end: its partial result is worthless after
#: a crash anyway, and merging batch segments at the end would double the cost.
#: The environment variable overrides both (tests use tiny batches).
DEFAULT_BATCH_SIZE = 5000
BATCH_ENV_VAR = "ARCHIVE_SEARCH_BATCH_SIZE"


def index_paths(
    store: IndexStore | None,
    paths: Sequence[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    prune: bool = False,
    dry_run: bool = False,
    report_path: str | os.PathLike[str] | None = None,
    wait: float = 0.0,
    batch_size: int | None = None,
    progress: Progress | None = None,
    optimize: bool = False,
) -> IndexReport:
    """Index the articles in ``paths`` (files and folders, walked recursively).

    ``store`` None stands for an index that does not exist yet (dry runs only).
    ``workers``: parsing processes (default: the usable CPUs; 1 parses in this
    process). ``wait``: seconds to wait for another writer before failing with
    ``IndexBusy``. ``batch_size``: articles per commit (see DEFAULT_BATCH_SIZE).
    ``optimize``: a full build into an empty index, merged into one segment at
    the end.
    """
    from archive_search.ingest.reading import check_paths_exist

    check_paths_exist(paths)
    if store is None and not dry_run:
        raise ValueError("index_paths needs a store unless dry_run is set")
    run = _Run(
        store=store,
        paths=[Path(p) for p in paths],
        workers=workers if workers is not None else default_workers(),
        batch_size=batch_size
        or batch_size_from_env()
        or (None if optimize else DEFAULT_BATCH_SIZE),
        prune=prune,
        dry_run=dry_run,
        progress=progress or Progress(),
        optimize=optimize,
    )
    return run.execute(report_path, wait)


def default_workers() -> int:
    """The CPUs this process may use: each parses while the writer writes."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batch_size_from_env() -> int | None:
    value = os.environ.get(BATCH_ENV_VAR, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


@dataclass
class _FileInfo:
    """What the walk learnt about a file before parsing it."""

    size: int = -1
    mtime_ns: int = -1
    cached: FileState | None = None
    error: str | None = None


class _Run:
    """One indexing run: the state shared by the steps of ``index_paths``."""

    def __init__(
        self,
        *,
        store: IndexStore | None,
        paths: list[Path],
        workers: int,
        batch_size: int | None,
        prune: bool,
        dry_run: bool,
        progress: Progress,
        optimize: bool,
    ) -> None:
        self.store = store
        self.paths = paths
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.prune = prune
        self.dry_run = dry_run
        self.progress = progress
        self.optimize = optimize
        self.report = IndexReport(dry_run=dry_run)
        self.parsers = parser_fingerprint()
        self.trusted = False
        # set in execute()
        self.manifest: Manifest = None  # type: ignore[assignment]
        self.writer: ArticleWriter | _NoIndexWriter = None  # type: ignore[assignment]
        self.sink: ReportFile = None  # type: ignore[assignment]
        self.parser: OrderedParser = None  # type: ignore[assignment]
        self._exists = _ExistsCache()

    # -- the run -----------------------------------------------------------
    def execute(self, report_path: str | os.PathLike[str] | None, wait: float) -> IndexReport:
        started = time.monotonic()
        with ExitStack() as stack:
            self.sink = ReportFile(report_path)
            stack.callback(self.sink.close)
            folder = self.store.path if self.store is not None else None
            self.manifest = Manifest.open(folder, readonly=self.dry_run)
            stack.callback(self.manifest.close)
            self.writer = stack.enter_context(self._open_writer(wait))
            self._trust_manifest()
            self.progress.start(self.report)
            stack.callback(self._finish_progress, started)
            self._count_in_background()
            with OrderedParser(self.workers, prepare=not self.dry_run) as self.parser:
                for job, parsed in self.parser.results(self._jobs()):
                    self._account(job, parsed)
                self.report.worker_restarts = self.parser.restarts
            if self.prune:
                self._prune()
            self._finish()
        return self.report

    def _open_writer(self, wait: float) -> Any:
        if self.store is None:
            return _NoIndexWriter(self.manifest)
        return self.store.writer(
            wait,
            seen=self.manifest,
            dry_run=self.dry_run,
            merge=not self.optimize,
            builders=self.workers if self.workers > 1 else 0,
            # a full build is bulk work from the first article: no small first segment
            builder_threshold=0 if self.optimize else BUILDER_THRESHOLD,
        )

    def _trust_manifest(self) -> None:
        """Use the manifest only if it was saved with the index's current commit."""
        if self.store is None:
            return
        self.trusted = self.manifest.trusted(self.store.generation(), self.parsers)
        if not self.trusted and not self.dry_run:
            self.manifest.reset()

    def _finish(self) -> None:
        self._apply_superseded()
        if self.optimize:
            self.progress.phase("writing and merging the index")
        elif self.writer.pending:
            self.progress.phase(f"committing batch {self.report.commits + 1}")
        if self.writer.commit(optimize=self.optimize):
            self.report.commits += 1
        self._save_manifest()

    def _finish_progress(self, started: float) -> None:
        self.report.elapsed = time.monotonic() - started
        self.progress.finish(self.report)

    def _count_in_background(self) -> None:
        """Count the input files for the progress display while indexing starts at once."""
        if not self.progress.wants_total:
            return
        from archive_search.ingest.reading import iter_source_files

        def count() -> None:
            try:
                total = sum(1 for _ in iter_source_files(self.paths))
            except Exception:  # only a display nicety: never let it disturb the run
                return
            self.report.total_files = total
            self.progress.total(total)

        threading.Thread(target=count, name="count-inputs", daemon=True).start()

    # -- walking -----------------------------------------------------------
    def _jobs(self) -> Iterator[Job]:
        from archive_search.ingest.reading import iter_source_files

        own = str(self.store.path.resolve()) + os.sep if self.store is not None else None
        for path in iter_source_files(self.paths):
            origin = _origin(path)
            if own is not None and origin.startswith(own):
                continue  # the index's own files, when it lives inside an input folder
            if not self.manifest.mark_walked(origin):
                continue  # the same file named twice is one input
            info = self._inspect(path, origin)
            local = info.cached is not None or info.error is not None
            local = local or is_multi_page(path)  # its inputs go to the workers one by one
            yield Job(str(path), origin, in_pool=not local, payload=info)

    def _inspect(self, path: Path, origin: str) -> _FileInfo:
        try:
            stat = path.stat()
        except OSError as exc:
            self.manifest.mark_unreadable(origin)
            return _FileInfo(error=Skip.UNREADABLE.format(detail=exc.strerror or exc))
        info = _FileInfo(stat.st_size, stat.st_mtime_ns)
        if self.trusted:
            state = self.manifest.file_state(origin)
            if state is not None and (state.size, state.mtime_ns) == (info.size, info.mtime_ns):
                info.cached = state
        return info

    # -- accounting for one file -------------------------------------------
    def _account(self, job: Job, parsed: list[Parsed] | None) -> None:
        info: _FileInfo = job.payload
        if info.error is not None:
            self._record(ReportEntry(job.origin, "skipped", reason=info.error))
            self.manifest.forget(job.origin)
        elif info.cached is not None and self._replay(job, info.cached):
            pass
        elif parsed is not None:  # parsed (and its articles analysed) by a worker
            prepared = job.prepared or [None] * len(parsed)
            self._ingest(job, zip(parsed, prepared, strict=True), info)
        else:  # read here; records are still parsed and analysed by the workers
            self._ingest(job, self.parser.prepared(iter_units(job.path), job.origin), info)
        self.report.files += 1
        self.progress.update(self.report)

    def _ingest(
        self, job: Job, results: Iterable[tuple[Parsed, Prepared | None]], info: _FileInfo
    ) -> None:
        """Write what a file yielded, and record it in the manifest."""
        self.manifest.begin_file(job.origin)
        duplicates = False
        seq = -1
        for seq, (parsed, prepared) in enumerate(results):
            entry = self._put(job, parsed, prepared)
            # once the writer's builders analyse, workers stop analysing ahead (next chunk on)
            self.parser.prepare = self.writer.wants_prepared
            duplicates = duplicates or entry.duplicate
            self.manifest.add_entry(job.origin, seq, entry)
            if self._batch_full():
                self._checkpoint()
            self.progress.update(self.report)
        if seq < 0:  # nothing at all came out (a JSON Lines file of blank lines)
            entry = Entry(reason=Skip.NO_RECORDS)
            self._record(ReportEntry(job.origin, "skipped", reason=entry.reason))
            self.manifest.add_entry(job.origin, 0, entry)
        self.manifest.end_file(job.origin, info.size, info.mtime_ns, duplicates)

    def _put(self, job: Job, parsed: Parsed, prepared: Prepared | None) -> Entry:
        line = _line_number(job.path, parsed.location)
        at = {"offset": parsed.offset, "member": parsed.member or None}
        article = parsed.article
        if article is None:
            reason = parsed.reason or Skip.PARSE_FAILED.format(detail="no reason given")
            self._record(ReportEntry(job.origin, "skipped", reason=reason, line=line, **at))
            return Entry(line=line, reason=reason, **at)
        crawled = format_crawled(article.crawled) if article.crawled is not None else None
        held = self._newer_capture_held(article.id, job.origin, crawled)
        if held is not None:  # the index holds a newer capture, from a file that still has it
            outcome = "duplicate"
        else:
            outcome = self.writer.put(article, job.origin, prepared)
        if crawled is not None and held is None:
            self._note_capture(article, job.origin, outcome, crawled)
        language = article.language
        year = f"{article.published.year:04d}" if article.published else ""
        entry = ReportEntry(job.origin, outcome, id=article.id, line=line, **at)
        self._record(entry, language=language, year=year)
        duplicate = outcome == "duplicate"
        return Entry(line, article.id, None, duplicate, language, year, **at, crawled=crawled)

    def _newer_capture_held(self, article_id: str, origin: str, crawled: str | None) -> str | None:
        """The crawl time of a newer capture an earlier run indexed, if this one is older.

        With ``prune``, a capture whose file is gone holds nothing: this older one
        takes its place.
        """
        if crawled is None or not self.trusted or self.manifest.is_claimed(article_id):
            return None
        for holder, held in self.manifest.recorded_captures(article_id, origin):
            if held <= crawled:
                return None
            if not self.prune or self._exists(holder):
                return held
        return None

    def _note_capture(self, article: Article, origin: str, outcome: str, crawled: str) -> None:
        """Captures of one page: the newest wins, replacing the copy written earlier in the run."""
        claimed = outcome != "duplicate"
        if newer_capture(self.manifest, article.id, crawled, claimed=claimed) and not self.dry_run:
            self.manifest.keep_newer(article.id, origin, article.to_json())

    def _apply_superseded(self) -> None:
        """Write the newest captures kept aside (after a commit: Whoosh deletes committed documents)."""
        if self.store is None or self.dry_run:
            return
        self.report.replaced += write_newer_captures(self.manifest, self.writer)

    def _replay(self, job: Job, state: FileState) -> bool:
        """Account for an unchanged file from the manifest, without reading it.

        Returns False when the file must be read after all: one of its records
        was a duplicate of an article that no earlier file supplies any more.
        """
        if state.duplicates and not self._still_shadowed(job.origin):
            return False
        if self.prune and self._capture_holder_gone(job.origin):
            return False
        became_duplicates = []
        for seq, entry in enumerate(self.manifest.entries(job.origin)):
            at = {"line": entry.line, "offset": entry.offset, "member": entry.member}
            if entry.id is None:
                outcome = ReportEntry(job.origin, "skipped", reason=entry.reason, **at)
            elif entry.duplicate or not self.manifest.claim(entry.id, job.origin):
                outcome = ReportEntry(job.origin, "duplicate", id=entry.id, **at)
                if not entry.duplicate:
                    became_duplicates.append(seq)
            else:
                outcome = ReportEntry(job.origin, "unchanged", id=entry.id, **at)
                if entry.crawled:  # a newer capture read later in the run still wins
                    self.manifest.note_capture(entry.id, entry.crawled)
            self._record(outcome, language=entry.language, year=entry.year)
        if became_duplicates:
            self.manifest.mark_duplicates(job.origin, became_duplicates)
        return True

    def _still_shadowed(self, origin: str) -> bool:
        """True if every recorded duplicate in ``origin`` still has an earlier copy."""
        manifest = self.manifest
        for entry in manifest.entries(origin):
            if not entry.duplicate or entry.id is None:
                continue
            if manifest.is_claimed(entry.id) or manifest.supplies(origin, entry.id):
                continue
            if self._newer_capture_held(entry.id, origin, entry.crawled) is None:
                return False
        return True

    def _capture_holder_gone(self, origin: str) -> bool:
        """True if the index holds a newer capture of one of ``origin``'s articles from a
        file that is gone: ``origin``'s own capture must then be written again."""
        for entry in self.manifest.entries(origin):
            if entry.id is None or entry.duplicate or not entry.crawled:
                continue
            indexed = self.writer.lookup(entry.id)
            if (
                indexed is not None
                and indexed.origin != origin
                and not self._exists(indexed.origin)
            ):
                return True
        return False

    def _record(self, entry: ReportEntry, *, language: str = "", year: str = "") -> None:
        self.report.add(entry, language=language, year=year)
        self.sink.write(entry)

    # -- committing and pruning ---------------------------------------------
    def _batch_full(self) -> bool:
        return self.batch_size is not None and self.writer.pending >= self.batch_size

    def _checkpoint(self) -> None:
        self.progress.phase(f"committing batch {self.report.commits + 1}")
        if self.writer.checkpoint():
            self.report.commits += 1
            self._save_manifest()
        self._apply_superseded()
        self.progress.phase("")

    def _save_manifest(self) -> None:
        if self.store is not None and not self.dry_run:
            self.manifest.save(self.store.generation(), self.parsers)

    def _prune(self) -> None:
        """Remove articles whose file is gone, or was read and no longer yields them."""
        self.progress.phase("pruning")
        exists = _ExistsCache()
        for article_id, known in self.writer.indexed():
            origin = known.origin
            if not origin or not os.path.isabs(origin) or self.manifest.is_claimed(article_id):
                continue
            if self.manifest.was_read(origin) or not exists(origin):
                self.manifest.doom(article_id, origin)
        for article_id, origin in self.manifest.doomed():
            if self.writer.delete(article_id):
                self.report.pruned += 1
                self.sink.write(ReportEntry(origin, "pruned", id=article_id))
                if self._batch_full():
                    self._checkpoint()
        for origin in self.manifest.recorded_origins():
            if not exists(origin):
                self.manifest.forget(origin)


class _NoIndexWriter:
    """Stands in for the writer of an index that does not exist yet (dry runs)."""

    pending = 0
    commits = 0
    wants_prepared = False

    def __init__(self, seen: SeenIds) -> None:
        self._seen = seen

    def __enter__(self) -> _NoIndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def put(self, article: Any, origin: str = "", prepared: Any = None) -> str:
        return "new" if self._seen.claim(article.id, origin or article.source) else "duplicate"

    def delete(self, article_id: str) -> bool:
        return False

    def indexed(self) -> Iterator[tuple[str, Indexed]]:
        return iter(())

    def checkpoint(self) -> bool:
        return False

    def commit(self, *, optimize: bool = False) -> bool:
        return False


class _ExistsCache:
    """``os.path.exists`` remembering the last answer (records of one file come together)."""

    def __init__(self) -> None:
        self._last: tuple[str, bool] = ("", False)

    def __call__(self, path: str) -> bool:
        if self._last[0] != path:
            self._last = (path, os.path.exists(path))
        return self._last[1]


def _origin(path: Path) -> str:
    """The key of an input file everywhere (index, manifest, report): its resolved path."""
    return str(path.resolve())


def _line_number(path: str, location: str) -> int | None:
    """The line of a JSON Lines record, from its location ``path:line``."""
    if location.startswith(path + ":"):
        tail = location[len(path) + 1 :]
        if tail.isdigit():
            return int(tail)
    return None
