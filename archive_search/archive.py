"""The library's front door: ``Archive`` ties the index and the query layer together.

The CLI and the scripts are thin layers over this class, so everything a user
can do from the shell can be done from Python with typed values in and out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from archive_search import errors
from archive_search.article import Article

if TYPE_CHECKING:
    from archive_search.engine.store import IndexStore, Outcome
    from archive_search.indexing.pipeline import IndexReport
    from archive_search.search.engine import SearchResults


class Archive:
    """An article archive backed by an index folder.

    ``Archive(path)`` opens the index there, creating it on the first write;
    reading an index that does not exist raises ``IndexMissing``.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        self._create = create
        self._store: IndexStore | None = None

    # -- lifecycle ----------------------------------------------------------
    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> IndexStore:
        """The opened index, for readers; raises IndexMissing if there is none yet."""
        if self._store is None:
            from archive_search.engine.store import IndexStore

            self._store = IndexStore.open(self.path)
        return self._store

    def _writable_store(self) -> IndexStore:
        if self._store is None:
            from archive_search.engine.store import IndexStore

            if self._create:
                self._store = IndexStore.open_or_create(self.path)
            else:
                self._store = IndexStore.open(self.path)
        return self._store

    # -- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article], *, wait: float = 0.0) -> dict[str, Outcome]:
        """Index articles; returns each id's outcome (new, updated, unchanged, duplicate)."""
        outcomes: dict[str, Outcome] = {}
        with self._writable_store().writer(wait=wait) as writer:
            for article in articles:
                outcomes.setdefault(article.id, writer.put(article))
        return outcomes

    def compact(self, *, wait: float = 0.0) -> tuple[int, int]:
        """Merge the index's segments into one; returns the segment counts before and after."""
        return self.store.compact(wait)

    def index_paths(self, paths: Iterable[str | os.PathLike[str]], **options: Any) -> IndexReport:
        """Parse files and folders and index what they hold; see ``index.pipeline``."""
        from archive_search.indexing.pipeline import index_paths

        return index_paths(self._writable_store(), list(paths), **options)

    # -- reading --------------------------------------------------------------
    @contextmanager
    def _damage_reported(self) -> Iterator[None]:
        """Turn a read failure caused by a damaged segment into IndexCorrupt.

        Whoosh fails on truncated files with whatever error the codec meets
        (struct.error, EOFError, ...). Only when a check of the segments finds
        damage is the failure blamed on the index; otherwise it is a bug and shows.
        """
        try:
            yield
        except errors.ArchiveSearchError:
            raise
        except Exception:
            from archive_search.indexing.verify import first_damage

            detail = first_damage(self.store)
            if detail is None:
                raise
            raise errors.index_corrupt(self.path, detail) from None

    def get(self, article_id: str) -> Article:
        with self._damage_reported():
            article = self.store.get(article_id)
        if article is None:
            raise errors.article_not_found(article_id)
        return article

    def __len__(self) -> int:
        return self.store.doc_count()

    def search(self, query: str, **options: Any) -> SearchResults:
        """Run a query; options are the fields of ``search.engine.SearchRequest``."""
        from archive_search.search.engine import SearchRequest, run_search

        request = SearchRequest(query=query, **options)
        with self._damage_reported():
            return run_search(self.store, request)

    def similar(self, article_id: str, **options: Any) -> SearchResults:
        """The articles most like ``article_id`` (its telling words as a weighted query)."""
        from archive_search.search.similar import similar_articles

        with self._damage_reported():
            return similar_articles(self.store, article_id, **options)
