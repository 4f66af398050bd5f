"""The rebuild on a Dask cluster: workers parse and build segments, one coordinator decides.

``rebuild_on_dask`` runs the same rebuild as ``rebuild.rebuild_index`` with the
heavy work spread over a Dask cluster (a scheduler's address, or a
``LocalCluster`` of process workers):

- the coordinator (this process) walks the sources in the same order as a
  local run and cuts the walk into *shares*: runs of whole files of about
  ``DASK_SHARE_BYTES`` (a file, a WARC file included, is never split);
- a worker parses a share and sends back only what deciding needs (ids,
  skip reasons, language, year); the articles stay in the worker's memory;
- the coordinator decides in walk order, exactly as a local run (the first
  copy of an id wins; duplicates, skips, manifest, report), and asks for a
  segment of the share's winning articles;
- a worker builds that segment with the local builders' code
  (``builders.write_segments``) and hands it back as files: through a folder
  every machine reaches (``shared_dir``) or streamed in the task's result;
- the coordinator moves the segments into the new index and merges them term
  by term (``IndexStore.commit_segments``); ``rebuild_index`` swaps it in.

Only winners are written, so the index holds the same articles, postings and
statistics as a local build (statistics of a merge that drops documents are
approximate: no document is ever dropped here).

Failure: every task is a pure function of its inputs, so Dask may run it
again. A worker that dies loses its parsed shares; the scheduler recomputes
them from their inputs (the same files give the same answers, so decisions
already taken stay right). A share that keeps killing workers is parsed
again file by file, and the file that kills is skipped with a reason, as a
local run does. Anything else stops the run with one line, before the swap:
the old index keeps serving.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import shutil
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_search import config, errors
from archive_search.article import Article
from archive_search.engine.store import INDEX_NAME, IndexStore
from archive_search.errors import Skip
from archive_search.indexing.manifest import Entry, Manifest, parser_fingerprint
from archive_search.indexing.progress import Progress
from archive_search.indexing.report import IndexReport, ReportEntry, ReportFile

__all__ = ["DaskStats", "build_on_dask", "dask_available", "open_cluster", "rebuild_on_dask"]

LOCAL = "local"


@dataclass
class DaskStats:
    """What a distributed run moved and spent (the benchmark reads it)."""

    workers: int = 0
    shares: int = 0
    #: Pickled shares sent to workers, and what came back to the coordinator.
    bytes_to_workers: int = 0
    bytes_metadata: int = 0
    bytes_segments: int = 0
    #: Parsed shares one worker fetched from another (Dask's own estimate of their size).
    bytes_between_workers: int = 0
    #: Parses run again because the worker holding their result was lost.
    recomputed: int = 0
    #: Shares parsed again file by file because they kept killing workers.
    isolated: int = 0
    #: Seconds workers spent parsing and building (summed over tasks), and merging here.
    parse_seconds: float = 0.0
    build_seconds: float = 0.0
    merge_seconds: float = 0.0
    articles: int = 0
    segments_before_merge: int = 0
    segments_after_merge: int = 0
    elapsed: float = 0.0

    @property
    def bytes_moved(self) -> int:
        moved = self.bytes_to_workers + self.bytes_metadata + self.bytes_segments
        return moved + self.bytes_between_workers


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def rebuild_on_dask(
    index_dir: str | os.PathLike[str],
    sources: Sequence[str | os.PathLike[str]],
    *,
    cluster: str,
    workers: int | None = None,
    shared_dir: str | os.PathLike[str] | None = None,
    report_path: str | os.PathLike[str] | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
    share_bytes: int = config.DASK_SHARE_BYTES,
    stats: DaskStats | None = None,
    task_seconds: float = config.DASK_TASK_SECONDS,
) -> IndexReport:
    """Rebuild ``index_dir`` from ``sources`` on a Dask cluster and swap it in atomically.

    ``cluster``: a scheduler address (``tcp://host:8786``), or ``local`` /
    ``local:N`` for a LocalCluster of N process workers (default ``workers``,
    else one per CPU). ``shared_dir``: a folder every worker and this process
    reach, for segment files (default: segments come back in task results).
    """
    from archive_search.indexing.rebuild import rebuild_index
    from archive_search.ingest.reading import check_paths_exist

    check_paths_exist(sources)
    if shared_dir is not None and not Path(shared_dir).is_dir():
        raise errors.bad_option("--shared-dir", f"no such folder: {shared_dir}")
    progress = progress or Progress()
    stats = stats if stats is not None else DaskStats()
    with open_cluster(cluster, workers) as client:

        def builder(store: IndexStore) -> IndexReport:
            return build_on_dask(
                client, store, sources, report_path=report_path, progress=progress,
                stats=stats, shared_dir=shared_dir, share_bytes=share_bytes,
                task_seconds=task_seconds,
            )  # fmt: skip

        return rebuild_index(index_dir, sources, wait=wait, progress=progress, builder=builder)


class open_cluster:
    """A Dask client on ``spec`` (an address, or ``local[:N]``); closes what it started."""

    def __init__(self, spec: str, workers: int | None = None) -> None:
        if not dask_available():
            raise errors.dask_missing()
        self.spec = spec.strip()
        self.workers = workers
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> Any:
        from distributed import Client

        logging.getLogger("distributed").setLevel(logging.ERROR)
        count = _local_workers(self.spec, self.workers)
        try:
            if count is not None:
                from distributed import LocalCluster

                self._cluster = LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.spec, timeout=config.DASK_CONNECT_SECONDS)
            self._client.wait_for_workers(1, timeout=config.DASK_CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            self.__exit__(None, None, None)
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise errors.dask_unreachable(self.spec, detail) from None
        return self._client

    def __exit__(self, *exc: object) -> None:
        client, self._client = self._client, None
        cluster, self._cluster = self._cluster, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _local_workers(spec: str, workers: int | None) -> int | None:
    """N for ``local:N`` (``local``: ``workers``, else one per CPU); None for an address."""
    if spec != LOCAL and not spec.startswith(LOCAL + ":"):
        if "://" not in spec and ":" not in spec:
            raise errors.bad_option("--dask", f"give local, local:N or a scheduler address: {spec}")
        return None
    count = spec[len(LOCAL) + 1 :]
    if not count:
        from archive_search.indexing.pipeline import default_workers

        return workers or default_workers()
    if not count.isdigit() or int(count) < 1:
        raise errors.bad_option("--dask", f"local:N needs N of 1 or more, not {count!r}")
    return int(count)


def build_on_dask(
    client: Any,
    store: IndexStore,
    sources: Sequence[str | os.PathLike[str]],
    *,
    report_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    stats: DaskStats | None = None,
    shared_dir: str | os.PathLike[str] | None = None,
    share_bytes: int = config.DASK_SHARE_BYTES,
    task_seconds: float = config.DASK_TASK_SECONDS,
) -> IndexReport:
    """Fill the new, empty index ``store`` from ``sources`` with ``client``'s cluster."""
    run = _Coordinator(
        client, store, [Path(s) for s in sources], progress or Progress(), stats or DaskStats(),
        shared_dir=None if shared_dir is None else Path(shared_dir).absolute(),
        share_bytes=max(1, share_bytes),
        task_seconds=task_seconds,
    )  # fmt: skip
    return run.execute(report_path)


# -- what travels between the coordinator and the workers ----------------------
@dataclass(frozen=True)
class Source:
    """One walked file: where it is, and what the walk learnt about it."""

    path: str
    origin: str
    size: int = -1
    mtime_ns: int = -1
    #: Why it cannot be read (its stat failed): accounted for without a worker.
    error: str | None = None


@dataclass(frozen=True)
class Share:
    """A run of whole files in walk order: one parse task, then one build task."""

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


@dataclass
class ShareMeta:
    """A parsed share, as it travels back: per source, what each of its inputs became."""

    worker: str
    attempt: str
    found: list[list[Found]]
    seconds: float = 0.0


@dataclass
class Built:
    """A built share: its segments, with their files in ``folder`` or in ``files``."""

    worker: str
    attempt: str
    segments: list[tuple[Any, list[str]]]
    folder: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    seconds: float = 0.0


# -- worker side ------------------------------------------------------------------
def parse_share(share: Share) -> tuple[ShareMeta, list[Article]]:
    """Parse every file of ``share``: what deciding needs, and the articles in order."""
    from archive_search.indexing.parallel import _parse_chunk
    from archive_search.indexing.pipeline import _line_number
    from archive_search.ingest import parse_path

    started = time.monotonic()
    found: list[list[Found]] = []
    articles: list[Article] = []
    for source in share.sources:
        items: list[Found] = []
        if source.error is None:
            [(parsed, _)] = _parse_chunk(parse_path, [source.path])
            for item in parsed:
                line = _line_number(source.path, item.location)
                article = item.article
                if article is None:
                    reason = item.reason or Skip.PARSE_FAILED.format(detail="no reason given")
                    items.append(Found(line, reason=reason))
                    continue
                year = f"{article.published.year:04d}" if article.published else ""
                items.append(Found(line, article.id, None, article.language, year))
                articles.append(article)
        found.append(items)
    meta = ShareMeta(_worker_name(), uuid.uuid4().hex, found, time.monotonic() - started)
    return meta, articles


def share_meta(parsed: tuple[ShareMeta, list[Article]]) -> ShareMeta:
    return parsed[0]


def build_share(
    parsed: tuple[ShareMeta, list[Article]],
    share: Share,
    chosen: list[int],
    shared_dir: str | None,
    run_id: str,
) -> Built:
    """Write the ``chosen`` articles of a parsed share (indexes in its article list) as segments."""
    from archive_search.engine.builders import write_segments

    meta, articles = parsed
    origins = [
        source.origin
        for source, items in zip(share.sources, meta.found, strict=True)
        for item in items
        if item.id is not None
    ]
    started = time.monotonic()
    attempt = uuid.uuid4().hex
    if shared_dir is not None:
        folder = Path(shared_dir) / run_id / f"share-{share.number}-{attempt}"
    else:
        folder = Path(tempfile.mkdtemp(prefix="archive-search-share-"))
    pairs = ((articles[n], origins[n]) for n in chosen)
    try:
        segments = write_segments(folder, pairs, INDEX_NAME)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    built = Built(_worker_name(), meta.attempt, segments, seconds=time.monotonic() - started)
    if shared_dir is not None:
        built.folder = str(folder)
    else:
        built.files = {
            name: (folder / name).read_bytes() for _, names in segments for name in names
        }
        shutil.rmtree(folder, ignore_errors=True)
    return built


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "local"


# -- the coordinator -------------------------------------------------------------
@dataclass
class _Pending:
    share: Share
    parsed: Any  # the future of parse_share
    meta: Any  # the future of share_meta


class _Coordinator:
    """One distributed build: walk, shares out, decisions in walk order, segments in, merge."""

    def __init__(
        self,
        client: Any,
        store: IndexStore,
        paths: list[Path],
        progress: Progress,
        stats: DaskStats,
        *,
        shared_dir: Path | None,
        share_bytes: int,
        task_seconds: float = config.DASK_TASK_SECONDS,
    ) -> None:
        self.client = client
        self.store = store
        self.paths = paths
        self.progress = progress
        self.stats = stats
        self.shared_dir = shared_dir
        self.share_bytes = share_bytes
        self.task_seconds = task_seconds
        self.run_id = f"archive-search-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.report = IndexReport()
        self.manifest: Manifest = None  # type: ignore[assignment]
        self.sink: ReportFile = None  # type: ignore[assignment]
        self.segments: list[Any] = []
        self._pending: deque[_Pending] = deque()
        self._building: deque[tuple[Share, Any]] = deque()
        self._window = 1

    def execute(self, report_path: str | os.PathLike[str] | None) -> IndexReport:
        started = time.monotonic()
        self.sink = ReportFile(report_path)
        self.manifest = Manifest.open(self.store.path)
        try:
            self.progress.start(self.report)
            self.stats.workers = len(self.client.scheduler_info().get("workers", {}))
            self._window = max(2, self.stats.workers * config.DASK_AHEAD)
            self._size_shares()
            transfers = _transfers(self.client)
            try:
                self._drive()
            except errors.ArchiveSearchError:
                raise
            except Exception as exc:  # the cluster gave up: the old index stays
                raise errors.dask_failed(_describe(exc)) from None
            self.stats.bytes_between_workers = _transfers(self.client) - transfers
            self._merge()
            self.manifest.save(self.store.generation(), parser_fingerprint())
        finally:
            self._release()
            self.manifest.close()
            self.sink.close()
            self.report.elapsed = self.stats.elapsed = time.monotonic() - started
            self.progress.finish(self.report)
        return self.report

    # -- the flow ------------------------------------------------------------
    def _drive(self) -> None:
        for share in self._shares():
            self._pending.append(self._submit(share))
            while len(self._pending) >= self._window:
                self._advance()
        while self._pending:
            self._advance()
        self.progress.phase("building the last segments")
        while self._building:
            self._collect(*self._building.popleft())

    def _submit(self, share: Share) -> _Pending:
        self.stats.shares += 1
        self.stats.bytes_to_workers += len(pickle.dumps(share))
        parsed = self.client.submit(parse_share, share, pure=False)
        meta = self.client.submit(share_meta, parsed, pure=False)
        return _Pending(share, parsed, meta)

    def _advance(self) -> None:
        """Decide the oldest parsed share, and take in the segments that are ready."""
        for pending, meta in self._parsed(self._pending.popleft()):
            chosen = self._decide(pending.share, meta)
            if chosen:
                build = self._submit_build(pending.parsed, pending.share, chosen)
                self._building.append((pending.share, (build, meta.attempt, chosen)))
        while self._building and (
            self._building[0][1][0].done() or len(self._building) > self._window
        ):
            self._collect(*self._building.popleft())

    def _parsed(self, pending: _Pending) -> Iterator[tuple[_Pending, ShareMeta]]:
        """The share's metadata; a share that keeps killing workers is redone file by file."""
        from distributed import KilledWorker

        try:
            meta = pending.meta.result(timeout=self.task_seconds)
        except KilledWorker:
            pending.parsed.release()
            if len(pending.share.sources) == 1:
                yield pending, _died(pending.share)
                return
            self.stats.isolated += 1
            for number, source in enumerate(pending.share.sources):
                part = Share(pending.share.number * 100_000 + number, (source,))
                yield from self._parsed(self._submit(part))
            return
        pending.meta.release()
        self.stats.bytes_metadata += len(pickle.dumps(meta))
        self.stats.parse_seconds += meta.seconds
        yield pending, meta

    def _decide(self, share: Share, meta: ShareMeta) -> list[int]:
        """Account for every input of the share in walk order; the indexes of its winners."""
        chosen: list[int] = []
        slot = 0
        for source, items in zip(share.sources, meta.found, strict=True):
            if source.error is not None:
                self._record(ReportEntry(source.origin, "skipped", reason=source.error))
                self.manifest.forget(source.origin)
            else:
                slot = self._decide_file(source, items, meta.worker, slot, chosen)
            self.report.files += 1
            self.progress.update(self.report)
        return chosen

    def _decide_file(
        self, source: Source, items: list[Found], worker: str, slot: int, chosen: list[int]
    ) -> int:
        """One file's inputs, as ``pipeline`` accounts for them (the first copy of an id wins)."""
        origin = source.origin
        self.manifest.begin_file(origin)
        duplicates = False
        for seq, item in enumerate(items):
            if item.id is None:
                report = ReportEntry(origin, "skipped", reason=item.reason, line=item.line)
                self._record(report, worker=worker)
                entry = Entry(line=item.line, reason=item.reason)
            else:
                new = self.manifest.claim(item.id, origin)
                if new:
                    chosen.append(slot)
                    self.stats.articles += 1
                slot += 1
                outcome = "new" if new else "duplicate"
                report = ReportEntry(origin, outcome, id=item.id, line=item.line)
                self._record(report, worker=worker, language=item.language, year=item.year)
                entry = Entry(item.line, item.id, None, not new, item.language, item.year)
            duplicates = duplicates or entry.duplicate
            self.manifest.add_entry(origin, seq, entry)
        if not items:  # nothing at all came out (a JSON Lines file of blank lines)
            self._record(ReportEntry(origin, "skipped", reason=Skip.NO_RECORDS), worker=worker)
            self.manifest.add_entry(origin, 0, Entry(reason=Skip.NO_RECORDS))
        self.manifest.end_file(origin, source.size, source.mtime_ns, duplicates)
        return slot

    def _submit_build(self, parsed: Any, share: Share, chosen: list[int]) -> Any:
        folder = None if self.shared_dir is None else str(self.shared_dir)
        return self.client.submit(
            build_share, parsed, share, chosen, folder, self.run_id, pure=False
        )

    def _built(self, share: Share, future: Any, chosen: list[int]) -> tuple[Built, Any]:
        """A share's segments; a build lost with its worker (beside a file that kills
        workers, say) is redone from the share: parsing is deterministic, so the
        coordinator's decisions still name the same articles."""
        from distributed import KilledWorker

        for _ in range(config.DASK_BUILD_RETRIES):
            try:
                return future.result(timeout=self.task_seconds), future
            except KilledWorker:
                future.release()
                self.stats.recomputed += 1
                parsed = self.client.submit(parse_share, share, pure=False)
                future = self._submit_build(parsed, share, chosen)
        return future.result(timeout=self.task_seconds), future

    def _collect(self, share: Share, building: tuple[Any, str, list[int]]) -> None:
        """Move a built share's segment files into the new index."""
        future, parse_attempt, chosen = building
        built, future = self._built(share, future, chosen)
        future.release()
        self.stats.build_seconds += built.seconds
        if built.attempt != parse_attempt:
            self.stats.recomputed += 1  # its parse was lost with a worker and run again
        target = self.store.path
        for segment, names in built.segments:
            for name in names:
                if built.folder is not None:
                    self.stats.bytes_segments += os.path.getsize(Path(built.folder) / name)
                    shutil.move(Path(built.folder) / name, target / name)
                else:
                    data = built.files[name]
                    self.stats.bytes_segments += len(data)
                    (target / name).write_bytes(data)
            self.segments.append(segment)
        if built.folder is not None:
            shutil.rmtree(built.folder, ignore_errors=True)

    def _merge(self) -> None:
        self.progress.phase("merging the index")
        self.stats.segments_before_merge = len(self.segments)
        started = time.monotonic()
        if self.segments:
            self.stats.segments_after_merge = self.store.commit_segments(self.segments)
            self.report.commits += 1
        self.stats.merge_seconds = time.monotonic() - started
        self.progress.phase("")

    def _release(self) -> None:
        """Cancel what is still running (after a failure) and remove what workers left."""
        futures = [f for p in self._pending for f in (p.parsed, p.meta)]
        futures += [building[0] for _, building in self._building]
        if futures:
            with contextlib.suppress(Exception):  # the cluster is gone already
                self.client.cancel(futures)
        self._pending.clear()
        self._building.clear()
        if self.shared_dir is not None:  # attempts of lost or cancelled tasks
            shutil.rmtree(self.shared_dir / self.run_id, ignore_errors=True)

    # -- walking ---------------------------------------------------------------
    def _shares(self) -> Iterator[Share]:
        """The walk, as ``pipeline`` walks, cut into runs of whole files of about share_bytes."""
        from archive_search.ingest.reading import iter_source_files

        own = str(self.store.path.resolve()) + os.sep
        sources: list[Source] = []
        size = 0
        number = 0
        for path in iter_source_files(self.paths):
            origin = str(path.resolve())
            if origin.startswith(own) or not self.manifest.mark_walked(origin):
                continue
            source = self._inspect(path, origin)
            sources.append(source)
            size += max(source.size, 0)
            if size >= self.share_bytes or len(sources) >= config.DASK_SHARE_FILES:
                yield Share(number, tuple(sources))
                sources, size, number = [], 0, number + 1
        if sources:
            yield Share(number, tuple(sources))

    def _inspect(self, path: Path, origin: str) -> Source:
        try:
            stat = path.stat()
        except OSError as exc:
            self.manifest.mark_unreadable(origin)
            return Source(str(path), origin, error=Skip.UNREADABLE.format(detail=exc.strerror))
        return Source(str(path), origin, stat.st_size, stat.st_mtime_ns)

    def _size_shares(self) -> None:
        """Count the input (files for the progress bar, bytes to size shares) before the run.

        Shares are at most ``share_bytes``, and small enough that every worker
        gets several (``DASK_SHARES_PER_WORKER``): one share is one task.
        """
        from archive_search.ingest.reading import iter_source_files

        files = total = 0
        for path in iter_source_files(self.paths):
            files += 1
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        self.report.total_files = files
        self.progress.total(files)
        spread = total // max(1, self.stats.workers * config.DASK_SHARES_PER_WORKER)
        self.share_bytes = max(1, min(self.share_bytes, spread))

    def _record(
        self, entry: ReportEntry, *, worker: str | None = None, language: str = "", year: str = ""
    ) -> None:
        if worker:
            entry = dataclasses.replace(entry, worker=worker)
        self.report.add(entry, language=language, year=year)
        self.sink.write(entry)


def _transfers(client: Any) -> int:
    """Bytes the cluster's workers have fetched from each other so far (their recent log)."""

    def fetched(dask_worker: Any) -> int:
        return sum(entry["total"] for entry in dask_worker.transfer_incoming_log)

    try:
        return sum(client.run(fetched).values())
    except Exception:  # a worker gone meanwhile: the figure is a nicety
        return 0


def _died(share: Share) -> ShareMeta:
    """A one-file share whose parse killed every worker it ran on: skipped, as locally."""
    return ShareMeta("", "", [[Found(None, reason=Skip.WORKER_DIED)] for _ in share.sources])


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
