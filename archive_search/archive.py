"""The library's front door: ``Archive`` ties the index and the query layer together.

The CLI, the web server and the scripts are thin layers over this class, so
everything a user can do from the shell can be done from Python with typed
values in and out. Its keyword parameters carry the CLI's option names
(``--lang`` is ``lang=``, ``--date-from`` is ``date_from=``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from archive_search import config, errors
from archive_search.article import Article

if TYPE_CHECKING:
    from archive_search.engine.store import IndexStore, Outcome
    from archive_search.indexing.progress import Progress
    from archive_search.indexing.report import IndexReport
    from archive_search.indexing.verify import Problem, VerifyReport
    from archive_search.search.compare import Comparison
    from archive_search.search.editions import Edition
    from archive_search.search.export import HitStream
    from archive_search.search.marking import ArticleMarks
    from archive_search.search.results import SearchResults

PathLike = str | os.PathLike[str]
DateBound = str | dt.date | None
SortOrder = Literal["relevance", "newest", "oldest"]


class Archive:
    """An article archive backed by an index folder.

    ``Archive(path)`` opens the index there, creating it on the first write;
    reading an index that does not exist raises ``IndexMissing``.
    """

    def __init__(self, path: PathLike, *, create: bool = True) -> None:
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

    def _existing_store(self) -> IndexStore | None:
        """The index if there is one; None if not (a dry run creates nothing)."""
        try:
            return self.store  # a foreign or damaged folder fails here, as for a write
        except errors.IndexMissing:
            return None

    # -- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article], *, wait: float = 0.0) -> dict[str, Outcome]:
        """Index articles; returns each id's outcome (new, updated, unchanged, duplicate)."""
        from archive_search.ingest.editions import with_edition_key

        outcomes: dict[str, Outcome] = {}
        with self._writable_store().writer(wait=wait) as writer:
            for article in map(with_edition_key, articles):
                outcomes.setdefault(article.id, writer.put(article))
        return outcomes

    def compact(self, *, wait: float = 0.0) -> tuple[int, int]:
        """Merge the index's segments into one; returns the segment counts before and after."""
        _check_wait(wait)
        return self.store.compact(wait)

    def index_paths(
        self,
        paths: Iterable[PathLike],
        *,
        workers: int | None = None,
        prune: bool = False,
        dry_run: bool = False,
        report_path: PathLike | None = None,
        wait: float = 0.0,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Parse files and folders and index what they hold (``archive-search index``).

        ``workers``: parsing processes (default one per CPU; 1 parses here).
        ``prune``: also drop articles whose file is gone. ``dry_run``: parse and
        report, write nothing (and create no index). ``wait``: seconds to wait
        for another writer. ``report_path``: one JSON line per input.
        """
        from archive_search.indexing.pipeline import index_paths
        from archive_search.ingest.reading import check_paths_exist

        paths = list(paths)
        check_paths_exist(paths)  # before an index folder is created for nothing
        _check_workers(workers)
        _check_wait(wait)
        store = self._existing_store() if dry_run else self._writable_store()
        return index_paths(
            store,
            paths,
            workers=workers,
            prune=prune,
            dry_run=dry_run,
            report_path=report_path,
            wait=wait,
            progress=progress,
        )

    def rebuild(
        self,
        sources: Sequence[PathLike],
        *,
        workers: int | None = None,
        dry_run: bool = False,
        report_path: PathLike | None = None,
        wait: float = 0.0,
        progress: Progress | None = None,
        dask: str | None = None,
        shared_dir: PathLike | None = None,
    ) -> IndexReport:
        """Build a new index of ``sources`` beside this one and swap it in atomically.

        Searches keep working meanwhile; a crash leaves the old index whole.
        The options are those of ``index_paths``. ``dask``: run the parsing and
        segment building on a Dask cluster (a scheduler address, or ``local[:N]``;
        ``indexing.distributed``), segment files passing through ``shared_dir``
        if given.
        """
        from archive_search.indexing.rebuild import rebuild_index

        _check_workers(workers)
        _check_wait(wait)
        self.close()  # the folder is replaced: a store opened before would read the old one
        if dask is not None:
            return self._rebuild_on_dask(
                sources, dask, workers, dry_run, report_path, wait, progress, shared_dir
            )
        if shared_dir is not None:
            raise errors.bad_option("--shared-dir", "only with --dask")
        return rebuild_index(
            self.path,
            list(sources),
            workers=workers,
            dry_run=dry_run,
            report_path=report_path,
            wait=wait,
            progress=progress,
        )

    def _rebuild_on_dask(
        self,
        sources: Sequence[PathLike],
        cluster: str,
        workers: int | None,
        dry_run: bool,
        report_path: PathLike | None,
        wait: float,
        progress: Progress | None,
        shared_dir: PathLike | None,
    ) -> IndexReport:
        from archive_search.indexing.distributed import rebuild_on_dask

        if dry_run:
            raise errors.bad_option("--dry-run", "not with --dask (a dry run parses locally)")
        return rebuild_on_dask(
            self.path,
            list(sources),
            cluster=cluster,
            workers=workers,
            shared_dir=shared_dir,
            report_path=report_path,
            wait=wait,
            progress=progress,
        )

    # -- checking -------------------------------------------------------------
    def verify(
        self,
        sources: Sequence[PathLike] = (),
        *,
        deep: bool = False,
        workers: int | None = None,
        report: VerifyReport | None = None,
    ) -> Iterator[Problem]:
        """Check the index (and that indexing ``sources`` again would change nothing).

        Yields each problem as it is found; ``report`` is filled with the counts
        and gives the verdict (``report.error(path)``). Without ``sources``, the
        files the index already knows are checked. ``deep`` reads every posting.
        """
        from archive_search.indexing.pipeline import default_workers
        from archive_search.indexing.verify import verify

        _check_workers(workers)
        workers = workers if workers is not None else default_workers()
        return verify(self.path, list(sources), report=report, workers=workers, deep=deep)

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
        """The article with this id, the one id that starts with it (6+ characters), or its URL.

        Raises ``NotFoundError`` (exit code 1) if none, ``UsageError`` (exit code 2) for a
        prefix that several ids start with.
        """
        with self._damage_reported():
            article = self.store.get(article_id)
            if article is None:
                found = self._named_id(article_id)
                article = self.store.get(found) if found else None
        if article is None:
            raise errors.article_not_found(article_id)
        return article

    def editions(self, article_id: str) -> list[Edition]:
        """The other editions (translations, other script) of the article ``article_id``.

        Linked by a shared address key, else by content (``search.editions``); each with
        its language, script, title, id, url and how it was linked.
        """
        from archive_search.search.editions import editions_of_id

        with self._damage_reported():
            found = editions_of_id(self.store, self._named_id(article_id) or article_id)
        if found is None:
            raise errors.article_not_found(article_id)
        return found

    def _named_id(self, text: str) -> str | None:
        """The id ``text`` names: itself, the one id starting with it, or its URL's article."""
        from archive_search.search.lookup import find_article_id

        return find_article_id(self.store.snapshot(), text)

    def __len__(self) -> int:
        return self.store.doc_count()

    def languages(self) -> tuple[str, ...]:
        """The language codes of the archive's articles (base codes, sorted): what ``lang=`` takes."""
        from archive_search.search.languages import held_languages

        with self._damage_reported():
            return held_languages(self.store.snapshot())

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        page: int = 1,
        sort: SortOrder = "relevance",
        date_from: DateBound = None,
        date_to: DateBound = None,
        author: str | None = None,
        place: str | None = None,
        lang: str | None = None,
        section: str | None = None,
        collapse: bool = True,
        facets: bool = False,
        timeline: bool | str = False,
        relative: bool = False,
        feedback: bool | None = None,
        snippets: bool = True,
        suggest: bool = True,
        time_limit: float = 10.0,
        editions: str = config.DEFAULT_EDITIONS,
    ) -> SearchResults:
        """Run a query (the language of ``docs/query-language.md``); one page of hits.

        An empty query browses: every article the filters select (the whole
        archive without filters), newest first unless ``sort`` says "oldest".

        ``date_from``/``date_to`` take YYYY, YYYY-MM or YYYY-MM-DD (a partial
        date counts whole) or a date. ``timeline``: True for the automatic unit
        or a unit ("month", "year", ...); ``relative`` adds each period's share of
        all the archive's articles. ``feedback`` None lets the engine
        decide (long plain queries only). ``time_limit``: seconds before the
        ranking stops early (with a notice). ``editions``: "none", "collapse" (one hit
        per story, naming its languages) or "expand" (every hit with its other editions).
        """
        from archive_search.search.engine import run_search
        from archive_search.search.request import SearchRequest

        request = SearchRequest(
            query=query,
            limit=limit,
            page=page,
            sort=sort,
            date_from=date_from,
            date_to=date_to,
            author=author,
            place=place,
            language=lang,
            section=section,
            collapse=collapse,
            facets=facets,
            timeline=timeline,
            relative=relative,
            feedback=feedback,
            snippets=snippets,
            suggest=suggest,
            time_limit=time_limit,
            editions=editions,
        )
        with self._damage_reported():
            return run_search(self.store, request)

    def similar(
        self,
        article_id: str,
        *,
        limit: int = 10,
        page: int = 1,
        sort: SortOrder = "relevance",
        date_from: DateBound = None,
        date_to: DateBound = None,
        author: str | None = None,
        place: str | None = None,
        lang: str | None = None,
        section: str | None = None,
        collapse: bool = True,
    ) -> SearchResults:
        """The articles most like ``article_id``, with ``search``'s filters and paging.

        ``article_id`` is taken as ``get`` takes it (an id, a unique prefix, a URL).
        Raises ``NotFoundError`` (exit code 1) for an unknown id, and when the
        article has no telling words to compare.
        """
        from archive_search.search.similar import similar_articles

        with self._damage_reported():
            return similar_articles(
                self.store,
                self._named_id(article_id) or article_id.strip(),
                limit=limit,
                page=page,
                sort=sort,
                date_from=date_from,
                date_to=date_to,
                author=author,
                place=place,
                language=lang,
                section=section,
                collapse=collapse,
            )

    def compare(
        self,
        queries: Sequence[str],
        *,
        unit: str = "auto",
        relative: bool = False,
        date_from: DateBound = None,
        date_to: DateBound = None,
        author: str | None = None,
        place: str | None = None,
        lang: str | None = None,
        section: str | None = None,
    ) -> Comparison:
        """Timelines of two or more queries over the same periods (``search.compare``).

        ``unit``: "auto" or a timeline unit; ``relative`` adds each period's
        share of all the archive's articles; the filters are ``search``'s.
        """
        from archive_search.search.compare import compare_queries

        with self._damage_reported():
            return compare_queries(
                self.store,
                list(queries),
                granularity=unit,
                relative=relative,
                date_from=date_from,
                date_to=date_to,
                author=author,
                place=place,
                language=lang,
                section=section,
            )

    def export(
        self,
        query: str,
        *,
        sort: SortOrder = "relevance",
        date_from: DateBound = None,
        date_to: DateBound = None,
        author: str | None = None,
        place: str | None = None,
        lang: str | None = None,
        section: str | None = None,
        collapse: bool = True,
        snippets: bool = True,
        time_limit: float = 10.0,
    ) -> HitStream:
        """Every hit of a query in rank order, streamed: ``search`` without pages.

        An empty query exports every article the filters select, newest first.

        For CSV and JSON Lines exports (``search --all``, the web export): hits are
        read chunk by chunk, so memory stays flat however many match. With
        ``collapse`` (as a search) near-identical copies fold as on its pages, so
        the export yields ``search(...).total`` hits. The query and options are
        checked at once (the same errors as ``search``); the stream's ``notices``
        say how an odd query was read.
        """
        from archive_search.search.export import export_hits
        from archive_search.search.request import SearchRequest

        request = SearchRequest(
            query=query,
            limit=1,  # no pages: an export has no result window
            sort=sort,
            date_from=date_from,
            date_to=date_to,
            author=author,
            place=place,
            language=lang,
            section=section,
            collapse=collapse,
            snippets=snippets,
            time_limit=time_limit,
        )
        with self._damage_reported():
            return export_hits(self.store, request)

    def marks(self, article: Article, query: str) -> ArticleMarks:
        """Where ``query`` matches in each part of ``article`` (to read it highlighted)."""
        from archive_search.search.marking import mark_article

        with self._damage_reported():
            return mark_article(self.store, article, query)

    def version(self) -> tuple[int, int]:
        """What changes when a commit lands or a rebuilt index is swapped in.

        The index folder's inode (a swap puts another folder at the path) and
        its latest commit generation; a long-running reader (``serve``) reopens
        the archive when this changes. Raises IndexMissing when there is no index.
        """
        from archive_search.engine.store import latest_generation_on_disk

        try:
            return os.stat(self.path).st_ino, latest_generation_on_disk(self.path)
        except OSError:
            raise errors.no_index(self.path) from None


def _check_workers(workers: int | None) -> None:
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise errors.bad_option("--workers", "give at least 1")


def _check_wait(wait: float) -> None:
    if not wait >= 0:
        raise errors.bad_option("--wait", "give a number of seconds, 0 or more")
