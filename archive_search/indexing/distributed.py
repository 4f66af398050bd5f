"""The rebuild on a Dask cluster: workers parse and build segments, one coordinator decides.

``rebuild_on_dask`` runs the same rebuild as ``rebuild.rebuild_index`` with the
heavy work spread over a Dask cluster (a scheduler's address, or a
``LocalCluster`` of process workers):

- the coordinator (this process) walks the sources in the same order as a
  local run and cuts the walk into *shares* of about ``DASK_SHARE_BYTES``:
  runs of whole files (a web archive is never split), or byte ranges of a
  large JSON Lines file (each line belongs to the range it starts in);
- a worker parses a share (``dask_tasks``) and sends back only what deciding
  needs (ids, skip reasons, language, year, record offsets, capture times);
  the articles stay in the worker's memory;
- the coordinator decides in walk order, exactly as a local run, with the
  same rules (``captures``: the first copy of an id wins, but a newer capture
  of a page replaces it; duplicates, skips, manifest, report), and asks for a
  segment of the share's winning articles and the records of newer captures;
- a worker builds that segment with the local builders' code
  (``builders.write_segments``) and hands it back as files: through a folder
  every machine reaches (``shared_dir``) or streamed in the task's result;
- the coordinator moves the segments into the new index and commits them as
  they are, one per share, as a local rebuild commits one per builder
  (``IndexStore.commit_segments``; only past ``segment_bound`` are the
  smallest merged), writes the newest captures over the copies they replace
  as a local rebuild does; ``rebuild_index`` swaps it in.

Only winners and newer captures are written, so the index holds the same
articles, postings and statistics as a local build.

Failure: every task is a pure function of its inputs, so Dask may run it
again. A worker that dies loses its parsed shares; the scheduler recomputes
them from their inputs (the same files give the same answers, so decisions
already taken stay right). A share that keeps killing workers is parsed
again file by file, and the file that kills is skipped with a reason, as a
local run does. Anything else stops the run with one line, before the swap:
the old index keeps serving. However a run ends (Ctrl-C included), what it
left in the workers' temporary folders and the shared folder is removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import shutil
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_search import config, errors
from archive_search.engine.store import IndexStore
from archive_search.errors import Skip
from archive_search.indexing.captures import newer_capture, write_newer_captures
from archive_search.indexing.dask_tasks import (
    Built,
    Found,
    Share,
    ShareMeta,
    Source,
    build_share,
    died,
    executing,
    jsonl_spans,
    local_scratch_prefix,
    parse_share,
    remove_scratch,
    share_meta,
)
from archive_search.indexing.manifest import Entry, Manifest, parser_fingerprint
from archive_search.indexing.progress import Progress
from archive_search.indexing.report import IndexReport, ReportEntry, ReportFile

__all__ = [
    "DaskStats",
    "build_on_dask",
    "dask_available",
    "open_cluster",
    "rebuild_on_dask",
    "segment_bound",
]

LOCAL = "local"
#: A LocalCluster's dashboard address, when wanted (e.g. ``:8787``); none by default.
DASHBOARD_ENV = "ARCHIVE_SEARCH_DASK_DASHBOARD"


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
    #: Seconds workers spent parsing and building (summed over tasks), and committing here.
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
    dashboard: str | None = None,
) -> IndexReport:
    """Rebuild ``index_dir`` from ``sources`` on a Dask cluster and swap it in atomically.

    ``cluster``: a scheduler address (``tcp://host:8786``), or ``local`` /
    ``local:N`` for a LocalCluster of N process workers (default ``workers``,
    else one per CPU). ``shared_dir``: a folder every worker and this process
    reach, for segment files (default: segments come back in task results).
    ``dashboard``: a LocalCluster's dashboard address (default: none; see ``open_cluster``).
    """
    from archive_search.indexing.rebuild import rebuild_index
    from archive_search.ingest.reading import check_paths_exist

    check_paths_exist(sources)
    if shared_dir is not None and not Path(shared_dir).is_dir():
        raise errors.bad_option("--shared-dir", f"no such folder: {shared_dir}")
    progress = progress or Progress()
    stats = stats if stats is not None else DaskStats()
    with open_cluster(cluster, workers, dashboard=dashboard) as client:

        def builder(store: IndexStore) -> IndexReport:
            return build_on_dask(
                client, store, sources, report_path=report_path, progress=progress,
                stats=stats, shared_dir=shared_dir, share_bytes=share_bytes,
                task_seconds=task_seconds,
            )  # fmt: skip

        return rebuild_index(index_dir, sources, wait=wait, progress=progress, builder=builder)


class open_cluster:
    """A Dask client on ``spec`` (an address, or ``local[:N]``); closes what it started."""

    def __init__(
        self, spec: str, workers: int | None = None, *, dashboard: str | None = None
    ) -> None:
        if not dask_available():
            raise errors.dask_missing()
        self.spec = spec.strip()
        self.workers = workers
        #: A LocalCluster's dashboard address (``:8787``); None: none, and no fixed port taken.
        self.dashboard = dashboard if dashboard is not None else os.environ.get(DASHBOARD_ENV)
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
                    silence_logs=logging.ERROR,
                    **_dashboard_options(self.dashboard),
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


def _dashboard_options(address: str | None) -> dict[str, Any]:
    """LocalCluster options: the dashboard only when asked for.

    Without one, Dask's scheduler still serves its HTTP routes on port 8787 by
    default (and warns when another cluster holds it): port 0 takes a free one.
    """
    if address:
        return {"dashboard_address": address}
    return {
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    }


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


# -- the coordinator -------------------------------------------------------------
@dataclass
class _Pending:
    share: Share
    parsed: Any  # the future of parse_share
    meta: Any  # the future of share_meta


@dataclass
class _Decided:
    """What the coordinator asks of a parsed share's build."""

    #: Indexes in the share's article list: winners to write, newer captures to hand back.
    chosen: list[int] = field(default_factory=list)
    aside: list[int] = field(default_factory=list)
    #: (id, origin) of each ``aside`` article.
    kept: list[tuple[str, str]] = field(default_factory=list)
    #: The line each source's byte range starts at.
    bases: list[int] = field(default_factory=list)


@dataclass
class _Building:
    share: Share
    future: Any  # the future of build_share
    attempt: str  # the parse attempt decided on
    decided: _Decided


@dataclass
class _OpenFile:
    """A file whose byte ranges are being accounted for, one share after another."""

    origin: str
    seq: int = 0
    line: int = 0
    duplicates: bool = False
    failed: bool = False


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
        self.run_id = f"{local_scratch_prefix()}{uuid.uuid4().hex[:8]}"
        self.report = IndexReport()
        self.manifest: Manifest = None  # type: ignore[assignment]
        self.sink: ReportFile = None  # type: ignore[assignment]
        self.segments: list[Any] = []
        self._pending: deque[_Pending] = deque()
        self._building: deque[_Building] = deque()
        self._open: _OpenFile | None = None
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
            if self.shared_dir is not None:
                (self.shared_dir / self.run_id).mkdir()
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
            self._collect(self._building.popleft())

    def _submit(self, share: Share) -> _Pending:
        self.stats.shares += 1
        self.stats.bytes_to_workers += len(pickle.dumps(share))
        parsed = self.client.submit(parse_share, share, pure=False)
        meta = self.client.submit(share_meta, parsed, pure=False)
        return _Pending(share, parsed, meta)

    def _advance(self) -> None:
        """Decide the oldest parsed share, and take in the segments that are ready."""
        for pending, meta in self._parsed(self._pending.popleft()):
            decided = self._decide(pending.share, meta)
            if decided.chosen or decided.aside:
                build = self._submit_build(pending.parsed, pending.share, decided)
                self._building.append(_Building(pending.share, build, meta.attempt, decided))
            else:
                pending.parsed.release()
        while self._building and (
            self._building[0].future.done() or len(self._building) > self._window
        ):
            self._collect(self._building.popleft())

    def _parsed(self, pending: _Pending) -> Iterator[tuple[_Pending, ShareMeta]]:
        """The share's metadata; a share that keeps killing workers is redone source by source."""
        from distributed import KilledWorker

        try:
            meta = pending.meta.result(timeout=self.task_seconds)
        except KilledWorker:
            pending.parsed.release()
            if len(pending.share.sources) == 1:
                yield pending, died(pending.share)
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

    def _decide(self, share: Share, meta: ShareMeta) -> _Decided:
        """Account for every input of the share in walk order; what its build must do."""
        decided = _Decided()
        slot = 0
        for source, items, lines in zip(share.sources, meta.found, meta.lines, strict=True):
            if source.error is not None:
                self._record(ReportEntry(source.origin, "skipped", reason=source.error))
                self.manifest.forget(source.origin)
                decided.bases.append(0)
            else:
                slot = self._decide_source(source, items, lines, meta.worker, slot, decided)
            if source.last:
                self.report.files += 1
                self.progress.update(self.report)
        return decided

    def _decide_source(
        self,
        source: Source,
        items: list[Found],
        lines: int,
        worker: str,
        slot: int,
        decided: _Decided,
    ) -> int:
        """One file's (or byte range's) inputs, as ``pipeline`` accounts for them."""
        origin = source.origin
        if source.first:
            self.manifest.begin_file(origin)
            self._open = _OpenFile(origin)
        state = self._open
        assert state is not None and state.origin == origin
        decided.bases.append(state.line)
        if state.failed:  # an earlier range could not be read: the file ended there
            items = []
        for item in items:
            new = item.id is not None and self._decide_copy(item, origin, slot, decided)
            slot += item.id is not None
            line = None if item.line is None else item.line + state.line
            at = {"offset": item.offset, "member": item.member or None}
            if item.id is None:
                report = ReportEntry(origin, "skipped", reason=item.reason, line=line, **at)
                self._record(report, worker=worker)
                entry = Entry(line=line, reason=item.reason, **at)
                state.failed = source.span is not None and line is None
            else:
                outcome = "new" if new else "duplicate"
                report = ReportEntry(origin, outcome, id=item.id, line=line, **at)
                self._record(report, worker=worker, language=item.language, year=item.year)
                entry = Entry(
                    line, item.id, None, not new, item.language, item.year, **at,
                    crawled=item.crawled,
                )  # fmt: skip
            state.duplicates = state.duplicates or entry.duplicate
            self.manifest.add_entry(origin, state.seq, entry)
            state.seq += 1
        state.line += lines
        if source.last:
            if not state.seq:  # nothing at all came out (a JSON Lines file of blank lines)
                reason = Skip.NO_RECORDS
                self._record(ReportEntry(origin, "skipped", reason=reason), worker=worker)
                self.manifest.add_entry(origin, 0, Entry(reason=reason))
            self.manifest.end_file(origin, source.size, source.mtime_ns, state.duplicates)
            self._open = None
        return slot

    def _decide_copy(self, item: Found, origin: str, slot: int, decided: _Decided) -> bool:
        """True if this copy claims its id (the first copy wins); a newer capture of an id
        claimed earlier is kept aside, to replace that copy (``captures``)."""
        assert item.id is not None
        claimed = self.manifest.claim(item.id, origin)
        if claimed:
            decided.chosen.append(slot)
            self.stats.articles += 1
        if newer_capture(self.manifest, item.id, item.crawled, claimed=claimed):
            decided.aside.append(slot)
            decided.kept.append((item.id, origin))
        return claimed

    def _submit_build(self, parsed: Any, share: Share, decided: _Decided) -> Any:
        folder = None if self.shared_dir is None else str(self.shared_dir)
        return self.client.submit(
            build_share, parsed, share, decided.chosen, decided.aside, decided.bases, folder,
            self.run_id, pure=False,
        )  # fmt: skip

    def _built(self, building: _Building) -> Built:
        """A share's build; one lost with its worker (beside a file that kills workers, say)
        is redone from the share: parsing is deterministic, so the coordinator's
        decisions still name the same articles."""
        from distributed import KilledWorker

        for _ in range(config.DASK_BUILD_RETRIES):
            try:
                return building.future.result(timeout=self.task_seconds)
            except KilledWorker:
                building.future.release()
                self.stats.recomputed += 1
                parsed = self.client.submit(parse_share, building.share, pure=False)
                building.future = self._submit_build(parsed, building.share, building.decided)
        return building.future.result(timeout=self.task_seconds)

    def _collect(self, building: _Building) -> None:
        """Move a built share's segment files into the new index; keep its newer captures."""
        built = self._built(building)
        building.future.release()
        self.stats.build_seconds += built.seconds
        if built.attempt != building.attempt:
            self.stats.recomputed += 1  # its parse was lost with a worker and run again
        for (article_id, origin), record in zip(building.decided.kept, built.records, strict=True):
            self.manifest.keep_newer(article_id, origin, record)
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
        """Commit the shares' segments as they are (merged only past ``segment_bound``), then
        write the newest captures over the copies they replace, as a local rebuild does
        (``captures``)."""
        self.progress.phase("writing and merging the index")  # as a local rebuild says
        self.stats.segments_before_merge = len(self.segments)
        started = time.monotonic()
        if self.segments:
            bound = segment_bound(self.stats.workers)
            self.stats.segments_after_merge = self.store.commit_segments(
                self.segments, max_segments=bound
            )
            self.report.commits += 1
        with self.store.writer(merge=False) as writer:
            replaced = write_newer_captures(self.manifest, writer)
            if replaced:  # a merge, as the local rebuild's: it drops the older copies
                writer.commit(optimize=True)
        self.report.replaced += replaced
        self.stats.merge_seconds = time.monotonic() - started
        self.progress.phase("")

    def _release(self) -> None:
        """Cancel what is still running (after a failure), wait for it to stop, and remove
        every scratch folder of this run, on the workers and here."""
        futures = [f for p in self._pending for f in (p.parsed, p.meta)]
        futures += [building.future for building in self._building]
        self._pending.clear()
        self._building.clear()
        shared = None if self.shared_dir is None else str(self.shared_dir)
        with contextlib.suppress(Exception):  # the cluster is gone already
            if futures:
                self.client.cancel(futures)
                self._wait_until_stopped({future.key for future in futures})
            self.client.run(remove_scratch, self.run_id, shared)
        remove_scratch(self.run_id, shared)  # and what workers killed on this machine left

    def _wait_until_stopped(self, keys: set[Any]) -> None:
        """Cancelled tasks run on to their end: wait (a while) so none writes after clean-up."""
        deadline = time.monotonic() + config.DASK_CONNECT_SECONDS
        while time.monotonic() < deadline:
            if not sum(self.client.run(executing, keys).values()):
                return
            time.sleep(0.1)

    # -- walking ---------------------------------------------------------------
    def _shares(self) -> Iterator[Share]:
        """The walk, as ``pipeline`` walks, cut into runs of about share_bytes.

        A share holds whole files, but for a large JSON Lines file, which is cut
        into byte ranges of about share_bytes (``dask_tasks.jsonl_spans``).
        """
        from archive_search.ingest.reading import iter_source_files

        own = str(self.store.path.resolve()) + os.sep
        sources: list[Source] = []
        size = 0
        number = 0
        for path in iter_source_files(self.paths):
            origin = str(path.resolve())
            if origin.startswith(own) or not self.manifest.mark_walked(origin):
                continue
            for source in self._split(self._inspect(path, origin)):
                sources.append(source)
                span = source.span
                size += max(source.size, 0) if span is None else span[1] - span[0]
                if size >= self.share_bytes or len(sources) >= config.DASK_SHARE_FILES:
                    yield Share(number, tuple(sources))
                    sources, size, number = [], 0, number + 1
        if sources:
            yield Share(number, tuple(sources))

    def _split(self, source: Source) -> list[Source]:
        """A large JSON Lines file as byte ranges; any other file whole."""
        spans = None
        if source.error is None:
            spans = jsonl_spans(source.path, source.size, self.share_bytes)
        if not spans:
            return [source]
        last = len(spans) - 1
        return [
            dataclasses.replace(source, span=span, last=n == last) for n, span in enumerate(spans)
        ]

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


def segment_bound(workers: int) -> int:
    """The most segments a run on ``workers`` workers commits (``DASK_SEGMENTS_PER_WORKER`` each)."""
    return max(1, workers) * config.DASK_SEGMENTS_PER_WORKER


def _transfers(client: Any) -> int:
    """Bytes the cluster's workers have fetched from each other so far (their recent log)."""

    def fetched(dask_worker: Any) -> int:
        return sum(entry["total"] for entry in dask_worker.transfer_incoming_log)

    try:
        return sum(client.run(fetched).values())
    except Exception:  # a worker gone meanwhile: the figure is a nicety
        return 0


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
