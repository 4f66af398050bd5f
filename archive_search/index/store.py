"""The on-disk index: opening it safely, writing articles, reading them back.

All Whoosh storage calls live here (and in the analysis/schema modules), so the
rest of the program never depends on Whoosh's quirks: the write lock that fails
at once, interrupted commits, slow compound segments, a schema pickled into
the folder.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from archive_search import errors
from archive_search.article import Article
from archive_search.index.analysis import analysis_language
from archive_search.index.schema import SCHEMA_VERSION, build_schema, document_for

#: The file that marks a folder as ours; a folder without it is never written to.
MARKER = "archive-search.json"
INDEX_NAME = "articles"

Outcome = Literal["new", "updated", "unchanged", "duplicate"]


class IndexStore:
    """An opened index folder. Cheap to keep open; reopen readers with ``refresh``."""

    def __init__(self, path: Path, ix: Any) -> None:
        self.path = path
        self._ix = ix
        self._searcher: Any = None

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
    def create(cls, path: str | os.PathLike[str]) -> IndexStore:
        """Make a new, empty index; refuses a non-empty folder that is not ours."""
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            if (path / MARKER).exists():
                return cls.open(path)
            raise errors.not_an_index(path)
        from whoosh import index

        path.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
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
    def searcher(self) -> Any:
        """The process's one searcher, refreshed to the latest commit.

        Opening a searcher copies segment data into memory; reuse it (see the
        field notes) and let ``refresh`` pick up new commits.
        """
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    @property
    def schema(self) -> Any:
        return self._ix.schema

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def get(self, article_id: str) -> Article | None:
        stored = self.searcher().document(id=article_id)
        if stored is None:
            return None
        return Article.from_json(stored["record"])

    def fingerprints(self) -> dict[str, str]:
        """id -> content hash of every article, read from columns (fast at scale)."""
        reader = self.searcher().reader()
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {
            _text(ids[n]): _text(hashes[n])
            for n in reader.all_doc_ids()
            if not reader.is_deleted(n)
        }

    def origins(self) -> dict[str, list[str]]:
        """input file -> ids read from it: what --prune and verify check against the disk."""
        reader = self.searcher().reader()
        ids = reader.column_reader("id")
        origins = reader.column_reader("origin")
        out: dict[str, list[str]] = {}
        for n in reader.all_doc_ids():
            if not reader.is_deleted(n):
                out.setdefault(_text(origins[n]), []).append(_text(ids[n]))
        return out

    # -- writing ----------------------------------------------------------
    @contextmanager
    def writer(self, wait: float = 0.0) -> Iterator[ArticleWriter]:
        """The single writer. Commits on a clean exit, discards on an exception.

        Whoosh's lock is an OS-level file lock, so one left by a killed process
        is released by the kernel and never blocks the next run.
        """
        from whoosh.index import LockError

        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                raw = self._raw_writer()
                break
            except LockError:
                if time.monotonic() >= deadline:
                    raise errors.index_busy(self.path) from None
                time.sleep(0.2)
        writer = ArticleWriter(raw, self.fingerprints(), self._raw_writer)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()

    def _raw_writer(self) -> Any:
        # Non-compound segments open ~100x faster in a fresh process (field notes).
        return self._ix.writer(limitmb=256, compound=False)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()


@dataclass
class ArticleWriter:
    """Adds, updates and deletes articles, deciding the outcome from content hashes."""

    _raw: Any
    _known: dict[str, str]
    _reopen: Any
    _seen: set[str] = field(default_factory=set)
    pending: int = 0

    def put(self, article: Article, origin: str = "") -> Outcome:
        """Write one article unless the index already holds the same content.

        An id already written in this run is a duplicate (the first copy wins).
        """
        if article.id in self._seen:
            return "duplicate"
        self._seen.add(article.id)
        digest = article.content_hash()
        previous = self._known.get(article.id)
        doc = document_for(article, origin)
        if previous is not None and previous == digest:
            return "unchanged"
        with analysis_language(article.language):
            if previous is None:
                self._raw.add_document(**doc)
            else:
                self._raw.update_document(**doc)
        self._known[article.id] = digest
        self.pending += 1
        return "new" if previous is None else "updated"

    def delete(self, article_id: str) -> bool:
        if article_id not in self._known:
            return False
        self._raw.delete_by_term("id", article_id)
        del self._known[article_id]
        self.pending += 1
        return True

    def checkpoint(self) -> None:
        """Commit what is pending and go on writing: batches survive a later crash."""
        if self.pending:
            self._raw.commit()
            self.pending = 0
            self._raw = self._reopen()

    def commit(self) -> None:
        """Make everything written so far durable and release the lock."""
        if self.pending:
            self._raw.commit()
        else:
            self._raw.cancel()
        self.pending = 0

    def cancel(self) -> None:
        self._raw.cancel()


def _check_marker(path: Path) -> None:
    marker = path / MARKER
    if not marker.exists():
        if path.is_dir() and not any(path.iterdir()):
            raise errors.no_index(path)
        raise errors.not_an_index(path)
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise errors.index_corrupt(path, _describe(exc)) from None
    if info.get("schema_version") != SCHEMA_VERSION:
        raise errors.index_corrupt(path, f"schema version {info.get('schema_version')}")


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
