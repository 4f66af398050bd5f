"""Parsing in worker processes, results handed back in input order, with bounded memory.

Worker processes parse pages; the one process that writes the index consumes
their results in the order the files were walked, so the first copy of an
article is always the same one and runs are reproducible.

Why not ``multiprocessing.Pool.imap``: it reads its whole input at once and
buffers every result the consumer has not taken yet, so a slow writer lets
parsed articles pile up without limit, and a worker that dies (a segfault in
a C parser, the OOM killer) makes ``imap`` wait forever. Here at most
``workers * AHEAD`` chunks are in flight, and a dead worker costs only the
file that killed it: the files that were in flight are parsed again one by
one, and the culprit is skipped with a reason.

Workers are started by a fork server (a clean process, not a copy of the
writer): they never inherit the index's lock or database handles, they exit
as soon as the indexing process is gone (even after a SIGKILL), and they
ignore Ctrl-C so the writer alone decides how to stop.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from archive_search.article import Article
from archive_search.engine.prepare import Prepared, prepare
from archive_search.errors import Skip
from archive_search.ingest import Parsed, parse_path, parse_unit
from archive_search.workers import init_worker, worker_context

#: Files per job sent to a worker: big enough to amortise the round trip.
CHUNK_SIZE = 8
#: Jobs in flight per worker: keeps workers busy while bounding memory.
AHEAD = 3
#: Most walked files held at once (cached and JSON Lines files need no worker).
MAX_AHEAD_FILES = 512
#: Records of a JSON Lines file sent to a worker at once for analysis.
PREPARE_CHUNK = 32
#: Records analysed in this process before workers are started for a JSON Lines file.
LOCAL_RECORDS = 100

ParseFunction = Callable[[str], Iterable[Parsed]]


@dataclass
class Job:
    """One walked file on its way through the parse stage."""

    path: str
    origin: str
    #: Parse in a worker ("pool"), or leave it to the consumer ("local").
    in_pool: bool
    payload: Any = None
    #: With ``prepare``: the articles of ``parsed`` analysed by the worker (None where not).
    prepared: list[Prepared | None] | None = None


#: What a worker returns for one file: what it became, and its articles prepared (or None).
FileResult = tuple[list[Parsed], list[Prepared | None] | None]
#: What a worker returns for one input of a many-input file.
FileResultItem = tuple[Parsed, Prepared | None]


@dataclass
class _Block:
    jobs: list[Job] = field(default_factory=list)
    future: Future[list[FileResult]] | None = None
    isolate: bool = False

    @property
    def pool_jobs(self) -> list[Job]:
        return [job for job in self.jobs if job.in_pool]


class OrderedParser:
    """Runs ``parse`` over the pool jobs of a stream, yielding ``(job, parsed or None)`` in order.

    ``parsed`` is the list of what the file became, or None for jobs that were
    not sent to a worker (the consumer handles those itself). ``workers=1``
    starts no process at all: every job comes back with None. With
    ``prepare``, workers also analyse the articles they parse (``job.prepared``)
    and ``prepared()`` does the same for articles read in this process.
    """

    def __init__(
        self, workers: int, *, parse: ParseFunction = parse_path, prepare: bool = False
    ) -> None:
        self.workers = max(1, workers)
        self._parse = parse
        self.prepare = prepare
        self._executor: ProcessPoolExecutor | None = None
        self._worked = False
        #: Worker processes could not start at all: files are parsed in this process.
        self.fell_back = False
        self.restarts = 0

    @property
    def parallel(self) -> bool:
        return self.workers > 1 and not self.fell_back

    def results(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, list[Parsed] | None]]:
        if not self.parallel:
            for job in jobs:
                yield job, None
            return
        window: deque[_Block] = deque()
        for block in _blocks(jobs):
            self._submit(block)
            window.append(block)
            while len(window) > self.workers * AHEAD:
                yield from self._drain(window.popleft(), window)
        while window:
            yield from self._drain(window.popleft(), window)

    def prepared(
        self, units: Iterable[Any], origin: str
    ) -> Iterator[tuple[Parsed, Prepared | None]]:
        """Pair each input of a many-input file with its article analysed by a worker.

        ``units`` are ``Parsed`` entries (JSON Lines records, read in this
        process) or pages still to parse (web-archive captures, parsed by
        ``ingest.parse_unit``): the workers parse those and, while ``prepare`` is set,
        analyse every article, in order and with a bounded number of inputs
        in flight. Prepared is None where the writer must analyse the article
        itself. Setting ``prepare`` to False stops analysis from the next chunk on.
        """
        items = iter(units)
        if not self.parallel:
            for item in items:
                yield _resolve(item), None
            return
        if self._executor is None:  # a small file of records is not worth starting workers
            for item in itertools.islice(items, LOCAL_RECORDS):
                if not isinstance(item, Parsed):  # a page to parse: that is the workers' job
                    items = itertools.chain([item], items)
                    break
                yield item, None
        first = next(items, None)
        if first is None:
            return
        items = itertools.chain([first], items)
        # pages to parse cost as much as files: chunk them as files are (a short tail)
        size = PREPARE_CHUNK if isinstance(first, Parsed) else CHUNK_SIZE
        window: deque[tuple[list[Any], Future[list[FileResultItem]] | None]] = deque()
        for chunk in _chunks(items, size):
            future = None
            if _worth_sending(chunk, self.prepare) and not self.fell_back:
                future = self._pool().submit(_work_chunk, chunk, origin, self.prepare)
            window.append((chunk, future))
            while len(window) > self.workers * AHEAD:
                yield from self._drain_prepared(*window.popleft(), origin)
        while window:
            yield from self._drain_prepared(*window.popleft(), origin)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> OrderedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:  # interrupted: do not wait for chunks nobody will read
            self._kill()

    # -- internals ---------------------------------------------------------
    def _submit(self, block: _Block) -> None:
        jobs = block.pool_jobs
        if jobs and not self.fell_back:
            block.future = self._pool().submit(_parse_chunk, self._parse, *self._chunk_args(jobs))

    def _chunk_args(self, jobs: list[Job]) -> tuple[list[str], list[str] | None]:
        origins = [job.origin for job in jobs] if self.prepare else None
        return [job.path for job in jobs], origins

    def _drain(
        self, block: _Block, later: deque[_Block]
    ) -> Iterator[tuple[Job, list[Parsed] | None]]:
        results: list[FileResult | None] | None = None
        if block.future is not None and not block.isolate:
            try:
                results = list(block.future.result())
                self._worked = True
            except BrokenProcessPool:
                self._restart(later)
            except Exception:  # e.g. a result that would not unpickle: retry file by file
                results = None
        if block.future is not None and results is None:
            results = [self._parse_alone(job) for job in block.pool_jobs]
        pooled = iter(results or ())
        for job in block.jobs:
            result = next(pooled) if job.in_pool else None
            if result is None:
                yield job, None
            else:
                job.prepared = result[1]
                yield job, result[0]

    def _drain_prepared(
        self, chunk: list[Any], future: Future[list[FileResultItem]] | None, origin: str
    ) -> Iterator[tuple[Parsed, Prepared | None]]:
        if future is not None:
            try:
                results = future.result()
                self._worked = True
                yield from results
                return
            except BrokenProcessPool:  # one of these inputs killed its worker: find which
                self._kill()
                self.restarts += 1
                yield from (self._unit_alone(item, origin) for item in chunk)
                return
            except Exception:  # e.g. a result that would not unpickle: parse them here
                pass
        for item in chunk:
            yield _resolve(item), None

    def _unit_alone(self, item: Any, origin: str) -> tuple[Parsed, Prepared | None]:
        """One input in a fresh worker; a page that kills it again is skipped with a reason."""
        if isinstance(item, Parsed) or self.fell_back:
            return _resolve(item), None
        try:
            return self._pool().submit(_work_chunk, [item], origin, False).result()[0]
        except BrokenProcessPool:
            self._kill()
            self.restarts += 1
            return item.failed(Skip.WORKER_DIED), None
        except Exception as exc:
            return item.failed(_failed("", exc).reason), None

    def _restart(self, later: deque[_Block]) -> None:
        """A worker died: every unfinished chunk is redone file by file to find the culprit."""
        self._kill()
        self.restarts += 1
        for block in later:
            if block.future is not None and not _finished_ok(block.future):
                block.isolate = True

    def _parse_alone(self, job: Job) -> FileResult | None:
        """Parse one file in a fresh worker; None tells the consumer to parse it itself."""
        if self.fell_back:
            return None
        try:
            future = self._pool().submit(_parse_chunk, self._parse, *self._chunk_args([job]))
            result = future.result()[0]
        except BrokenProcessPool:
            self._kill()
            self.restarts += 1
            if not self._worked:
                # Workers never got going (e.g. a script without the __main__ guard
                # that spawned workers must have): parse in this process instead.
                self.fell_back = True
                return None
            return [Parsed(os.path.realpath(job.path), job.path, reason=Skip.WORKER_DIED)], None
        except Exception as exc:
            return [_failed(job.path, exc)], None
        self._worked = True
        return result

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=worker_context(),
                initializer=init_worker,
                initargs=(list(sys.path), os.getpid()),
            )
        return self._executor

    def _kill(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.kill()
        executor.shutdown(wait=True, cancel_futures=True)


def _blocks(jobs: Iterable[Job]) -> Iterator[_Block]:
    """Group the stream into blocks of at most CHUNK_SIZE pool jobs (and a bounded number of others)."""
    block = _Block()
    pooled = 0
    for job in jobs:
        block.jobs.append(job)
        pooled += job.in_pool
        if pooled >= CHUNK_SIZE or len(block.jobs) >= MAX_AHEAD_FILES // AHEAD:
            yield block
            block, pooled = _Block(), 0
    if block.jobs:
        yield block


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _worth_sending(chunk: list[Any], prepare: bool) -> bool:
    """A chunk goes to a worker if it holds a page to parse, or articles to analyse."""
    for item in chunk:
        if not isinstance(item, Parsed) or (prepare and item.article is not None):
            return True
    return False


def _resolve(item: Any) -> Parsed:
    """An input as a ``Parsed`` entry: a page still to parse is parsed here."""
    return parse_unit(item)


def _finished_ok(future: Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _parse_chunk(
    parse: ParseFunction, paths: list[str], origins: list[str] | None = None
) -> list[FileResult]:
    """Worker side: parse each file (and prepare its articles); a bug becomes a skip reason."""
    out: list[FileResult] = []
    for n, path in enumerate(paths):
        try:
            parsed = list(parse(path))
        except Exception as exc:
            parsed = [_failed(path, exc)]
        prepared = None
        if origins is not None:
            prepared = [_prepare_one(p.article, origins[n]) for p in parsed]
        out.append((parsed, prepared))
    return out


def _work_chunk(units: list[Any], origin: str, prepare: bool) -> list[FileResultItem]:
    """Worker side: parse the pages still to parse, and (with ``prepare``) analyse the articles."""
    out: list[FileResultItem] = []
    for unit in units:
        parsed = _resolve(unit)
        out.append((parsed, _prepare_one(parsed.article, origin) if prepare else None))
    return out


def _prepare_one(article: Article | None, origin: str) -> Prepared | None:
    """Analyse one article; None (the writer then does it) if there is none or it fails."""
    if article is None:
        return None
    try:
        return prepare(article, origin)
    except Exception:
        return None


def _failed(path: str, exc: BaseException) -> Parsed:
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return Parsed(os.path.realpath(path), path, reason=Skip.PARSE_FAILED.format(detail=detail))
