"""Checking an index against its sources: is it whole, and does it hold what the files hold?

``verify`` passes when the index opens, every part of every segment reads
back, every stored record parses and matches its content hash, and indexing
the sources again (``archive-search index --prune SOURCES...``) would change
nothing: every source file is accounted for (indexed, a duplicate, or skipped
with a reason), no indexed article comes from a file that is gone, and no file
yields articles that differ from the indexed ones.

Which source files: those under ``sources`` when given (so new, never indexed
files are found too), else every file the index or its manifest knows.

What a file yields is taken from the manifest when the manifest is trusted
(saved with the index's current commit and the current parsers) and the
file's size and modification time are the recorded ones; otherwise the file is
parsed again, exactly as indexing would parse it. So a verify right after an
index run is fast, and one after the parsers changed is thorough.

Findings are of two kinds, with their own exit codes: the index is out of
date with its sources (1: re-index), or the index itself is damaged (3:
rebuild). All wording lives in ``errors.Finding``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_search import errors
from archive_search.article import Article, record_content_hash
from archive_search.engine.store import IndexStore
from archive_search.errors import EXIT_INDEX, EXIT_NOT_FOUND, EXIT_OK, Finding
from archive_search.indexing.manifest import Manifest, parser_fingerprint
from archive_search.indexing.parallel import Job, OrderedParser
from archive_search.ingest import Parsed, is_multi_page, parse_path
from archive_search.ingest.webarchive import is_newer_capture

__all__ = ["Problem", "VerifyReport", "verify"]

#: Finding kinds that mean the index itself is damaged (exit code 3).
DAMAGE: frozenset[str] = frozenset({Finding.MISSING, Finding.BAD_RECORD, Finding.DAMAGED})
#: Article ids quoted in one finding line; the count says how many there are.
IDS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """One finding: a kind from ``errors.Finding``, the file or index it is about, and why."""

    kind: str
    path: str
    detail: str = ""

    @property
    def damage(self) -> bool:
        """True when the index itself is damaged, False when it is only out of date."""
        return self.kind in DAMAGE

    def line(self) -> str:
        return f"{self.kind}: {self.path}" + (f": {self.detail}" if self.detail else "")


@dataclass
class VerifyReport:
    """Counts of what was checked and found; filled in while ``verify`` runs."""

    files: int = 0
    articles: int = 0
    damage: int = 0
    out_of_date: int = 0
    manifest_used: bool = False

    @property
    def problems(self) -> int:
        return self.damage + self.out_of_date

    @property
    def exit_code(self) -> int:
        if self.damage:
            return EXIT_INDEX
        return EXIT_NOT_FOUND if self.out_of_date else EXIT_OK

    def error(self, index_dir: str | os.PathLike[str]) -> errors.ArchiveSearchError | None:
        """The one-line error that ends a failed verify, or None when it passed."""
        if self.damage:
            return errors.verify_damaged(index_dir, self.damage)
        if self.out_of_date:
            return errors.verify_out_of_date(self.out_of_date)
        return None


def verify(
    index_dir: str | os.PathLike[str],
    sources: Sequence[str | os.PathLike[str]] = (),
    *,
    report: VerifyReport | None = None,
    workers: int = 1,
    deep: bool = False,
) -> Iterator[Problem]:
    """Check the index at ``index_dir`` (against ``sources`` if given); yield each problem found.

    Raises ``IndexProblem`` when the index does not open at all, and
    ``UsageError`` when a source path does not exist. ``report`` (optional) is
    filled with counts as the check goes. ``deep`` reads every posting list
    (minutes on a big index) instead of only where each field's postings end.
    """
    report = report if report is not None else VerifyReport()
    if sources:
        from archive_search.ingest.reading import check_paths_exist

        check_paths_exist(sources)
    store = IndexStore.open(index_dir)
    try:
        for problem in _run(store, sources, report, workers, deep):
            if problem.damage:
                report.damage += 1
            else:
                report.out_of_date += 1
            yield problem
    finally:
        store.close()


def _run(
    store: IndexStore,
    sources: Sequence[str | os.PathLike[str]],
    report: VerifyReport,
    workers: int,
    deep: bool,
) -> Iterator[Problem]:
    damaged = False
    for problem in check_segments(store, report, deep=deep):
        damaged = True
        yield problem
    if damaged:
        return  # the index must be rebuilt; what it holds cannot be trusted to compare
    with _Accounting(store, report) as accounting:
        yield from accounting.check(sources, workers)


# -- the index itself ---------------------------------------------------------------
def check_segments(
    store: IndexStore, report: VerifyReport | None = None, *, deep: bool = False
) -> Iterator[Problem]:
    """Read back every part of every segment; one problem per damaged part or record.

    Stored records and columns are read whole. Posting lists are many small
    reads, so only the last one of each field is read (which finds a
    truncated postings file) unless ``deep`` is set.
    """
    report = report if report is not None else VerifyReport()
    where = str(store.path)
    reader = store._reader()
    try:
        for leaf, _offset in reader.leaf_readers():
            segment = leaf.segment().segment_id()
            parts = [("columns", _columns), ("postings and field lengths", _posting_ends)]
            parts.append(("stored records", _records))
            if deep:
                parts.append(("postings", _all_postings))
            for part, check in parts:
                try:
                    yield from check(leaf, where, report)
                except Exception as exc:  # Whoosh raises anything at all on damaged files
                    detail = Finding.SEGMENT_UNREADABLE.format(
                        segment=segment, part=part, detail=_describe(exc)
                    )
                    yield Problem(Finding.DAMAGED, where, detail)
    finally:
        reader.close()


def first_damage(store: IndexStore) -> str | None:
    """The first damage a (quick) segment check finds, as a one-line detail; None if none.

    For the read paths: when a search fails with an unexpected error, this
    tells damage (report the index, exit code 3) from a bug (let it show).
    """
    for problem in check_segments(store):
        return problem.detail
    return None


def _records(leaf: Any, where: str, report: VerifyReport) -> Iterator[Problem]:
    for docnum in leaf.all_doc_ids():
        stored = leaf.stored_fields(docnum)
        report.articles += 1
        detail = record_problem(stored)
        if detail:
            yield Problem(Finding.BAD_RECORD, where, detail)


def record_problem(stored: dict[str, Any]) -> str | None:
    """Why a document's stored record is unusable, or None when it is sound."""
    article_id = str(stored.get("id", "?"))
    record = stored.get("record")
    try:
        data = json.loads(record) if isinstance(record, str) else None
        Article.from_dict(data)  # type: ignore[arg-type]
    except (ValueError, TypeError, RecursionError) as exc:
        return Finding.RECORD_UNREADABLE.format(id=article_id, detail=_describe(exc))
    if data.get("id") != article_id:
        return Finding.RECORD_WRONG_ID.format(id=article_id, other=data.get("id"))
    if record_content_hash(data) != stored.get("content_hash"):
        return Finding.RECORD_WRONG_HASH.format(id=article_id)
    return None


def _columns(leaf: Any, where: str, report: VerifyReport) -> Iterator[Problem]:
    for name in leaf.schema.names():
        if leaf.has_column(name):
            deque(leaf.column_reader(name), maxlen=0)
    return iter(())


def _all_postings(leaf: Any, where: str, report: VerifyReport) -> Iterator[Problem]:
    for fieldname, text in leaf.all_terms():
        _read_postings(leaf, fieldname, text)
    return iter(())


def _posting_ends(leaf: Any, where: str, report: VerifyReport) -> Iterator[Problem]:
    """The last posting list of each field, and the length of the last document with the field.

    Terms are written in order, so the last list that lives in the postings
    file (lists of terms found in one document are kept inline with the term)
    ends that field's part of it. Whoosh reads a length past the end of a
    truncated lengths file as 0, so the last document holding a field (known
    from its terms) must have a length there.
    """
    scored = {name for name in leaf.schema.names() if leaf.schema[name].scorable}
    for fieldname in leaf.indexed_field_names():
        last, last_doc = None, -1
        for text, info in leaf.iter_field(fieldname, prefix=b""):  # "" breaks DATETIME
            last_doc = max(last_doc, info.max_id())
            if info.doc_frequency() > 1:
                last = text
        if last is not None:
            _read_postings(leaf, fieldname, last)
        if fieldname in scored and last_doc >= 0 and not leaf.doc_field_length(last_doc, fieldname):
            raise ValueError(f"no length for field {fieldname} of document {last_doc}")
    return iter(())


def _read_postings(leaf: Any, fieldname: str, text: bytes) -> None:
    deque(leaf.postings(fieldname, text).all_items(), maxlen=0)  # every block, ids and values


# -- the index against its sources ------------------------------------------------------
@dataclass
class _Yield:
    """What one source file yields: its article ids and content hashes (or the manifest's ids)."""

    hashes: dict[str, str | None] = field(default_factory=dict)
    from_manifest: bool = False


class _Accounting:
    """The index's (id, origin, hash) rows in a temporary SQLite table, checked file by file."""

    def __init__(self, store: IndexStore, report: VerifyReport) -> None:
        self.store = store
        self.report = report
        self.db = sqlite3.connect("", isolation_level=None)  # a private temporary file
        self.manifest = Manifest.open(store.path, readonly=True)
        self.trusted = self.manifest.trusted(store.generation(), parser_fingerprint())
        report.manifest_used = self.trusted

    def __enter__(self) -> _Accounting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.manifest.close()
        self.db.close()

    def check(self, sources: Sequence[str | os.PathLike[str]], workers: int) -> Iterator[Problem]:
        self._load_index()
        files = _walk(sources) if sources else self._known_files()
        with OrderedParser(workers) as parser:
            for job, parsed in parser.results(self._jobs(files)):
                self.report.files += 1
                yield from self._check_file(job, parsed)
        yield from self._gone()

    # -- the index's side --------------------------------------------------------
    def _load_index(self) -> None:
        self.db.executescript(
            "CREATE TABLE indexed (id TEXT PRIMARY KEY, origin TEXT NOT NULL, hash TEXT NOT NULL)"
            " WITHOUT ROWID;"
            "CREATE INDEX indexed_by_origin ON indexed (origin);"
            "CREATE TABLE walked (origin TEXT PRIMARY KEY) WITHOUT ROWID;"
        )
        rows = ((i, known.origin, known.content_hash) for i, known in self.store.iter_indexed())
        self.db.execute("BEGIN")
        self.db.executemany("INSERT OR REPLACE INTO indexed VALUES (?, ?, ?)", rows)
        self.db.execute("COMMIT")

    def _indexed(self, article_id: str) -> tuple[str, str] | None:
        row = self.db.execute(
            "SELECT origin, hash FROM indexed WHERE id = ?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def _ids_from(self, origin: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM indexed WHERE origin = ? ORDER BY id", (origin,))
        return [r[0] for r in rows]

    def _known_files(self) -> Iterator[Path]:
        """Without sources: every existing file the index or the manifest knows, sorted."""
        known = {r[0] for r in self.db.execute("SELECT DISTINCT origin FROM indexed")}
        if self.trusted:
            known.update(self.manifest.recorded_origins())
        for origin in sorted(known):
            if os.path.isabs(origin) and os.path.lexists(origin):
                yield Path(origin)

    # -- the files' side -----------------------------------------------------------
    def _jobs(self, files: Iterable[Path]) -> Iterator[Job]:
        for path in files:
            origin = str(path.resolve())
            inserted = self.db.execute("INSERT OR IGNORE INTO walked VALUES (?)", (origin,))
            if inserted.rowcount != 1:
                continue  # named twice: one input
            recorded = self._recorded(path, origin)
            # a file of many pages is streamed here, never returned whole by a worker
            in_pool = recorded is None and not is_multi_page(path)
            yield Job(str(path), origin, in_pool=in_pool, payload=recorded)

    def _recorded(self, path: Path, origin: str) -> _Yield | bool | None:
        """The manifest's record of an unchanged file; False if it was never indexed; else None."""
        if not self.trusted:
            return None
        state = self.manifest.file_state(origin)
        if state is None:
            return False
        try:
            info = path.stat()
        except OSError:
            return None  # parsing reports why it cannot be read
        if (state.size, state.mtime_ns) != (info.st_size, info.st_mtime_ns):
            return None
        found = _Yield(from_manifest=True)
        for entry in self.manifest.entries(origin):
            if entry.id is not None:
                found.hashes[entry.id] = None
        return found

    def _check_file(self, job: Job, parsed: list[Parsed] | None) -> Iterator[Problem]:
        if job.payload is False:
            yield Problem(Finding.NOT_INDEXED, job.path, Finding.NEVER_READ)
            return
        found = job.payload if job.payload is not None else _yielded(job.path, parsed)
        differs, absent = [], []
        for article_id, digest in found.hashes.items():
            indexed = self._indexed(article_id)
            if indexed is None:
                absent.append(article_id)
            elif digest is not None and indexed[0] == job.origin and indexed[1] != digest:
                differs.append(article_id)  # a copy from another file is a duplicate: fine
        stale = [i for i in self._ids_from(job.origin) if i not in found.hashes]
        yield from self._file_problems(job, found, differs, absent, stale)

    def _file_problems(
        self, job: Job, found: _Yield, differs: list[str], absent: list[str], stale: list[str]
    ) -> Iterator[Problem]:
        if found.from_manifest:
            if absent:
                yield Problem(Finding.MISSING, job.path, _ids(Finding.LOST, absent))
        elif absent and len(absent) == len(found.hashes) and not stale and not differs:
            held = self.trusted and self.manifest.file_state(job.origin) is not None
            if not held:
                yield Problem(Finding.NOT_INDEXED, job.path, _ids(Finding.NOT_IN_INDEX, absent))
                return
        if differs or (absent and not found.from_manifest):
            parts = [_ids(Finding.DIFFERS, differs)] if differs else []
            parts += [_ids(Finding.NOT_IN_INDEX, absent)] if absent else []
            yield Problem(Finding.CHANGED, job.path, "; ".join(parts))
        if stale:
            yield Problem(Finding.STALE, job.path, _ids(Finding.NO_LONGER_IN_FILE, stale))

    def _gone(self) -> Iterator[Problem]:
        """Indexed articles whose file is gone (only files, not library-added records)."""
        rows = self.db.execute(
            "SELECT DISTINCT origin FROM indexed"
            " WHERE origin NOT IN (SELECT origin FROM walked) ORDER BY origin"
        )
        for (origin,) in rows.fetchall():
            if os.path.isabs(origin) and not os.path.exists(origin):
                yield Problem(Finding.GONE, origin, _ids(Finding.FILE_GONE, self._ids_from(origin)))


def _walk(sources: Sequence[str | os.PathLike[str]]) -> Iterator[Path]:
    from archive_search.ingest.reading import iter_source_files

    return iter_source_files(sources)


def _yielded(path: str, parsed: list[Parsed] | None) -> _Yield:
    """Parse the file as indexing would; skipped entries need nothing from the index.

    As in indexing, the first copy of an id counts, unless a later one is a
    newer capture of the same page.
    """
    found = _Yield()
    captured: dict[str, Any] = {}
    for result in parsed if parsed is not None else parse_path(path):
        article = result.article
        if article is None:
            continue
        if article.id not in found.hashes or is_newer_capture(
            article.crawled, captured.get(article.id)
        ):
            found.hashes[article.id] = article.content_hash()
            captured[article.id] = article.crawled
    return found


def _ids(template: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:IDS_SHOWN]) + (", ..." if len(ids) > IDS_SHOWN else "")
    return template.format(count=f"{len(ids):,}", ids=shown)


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text[:160]}" if text else name
