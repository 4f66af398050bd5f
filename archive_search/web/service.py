"""The server's one archive: opened read-only, reopened when the index changes on disk.

Whoosh readers are not made for several threads at once, and the searches are
pure-Python work that the GIL would serialise anyway: every call runs under
one lock. Before each call the index folder's version (its inode and commit
generation, ``Archive.version``) is compared with the opened one; a new
commit or a swapped-in rebuild opens a fresh ``Archive``. The old one is not
closed (an export streaming from it may still be reading; its open files
outlive a swap) and is left to the garbage collector.

A request that meets the index in the middle of a swap (a file gone under
it, the folder briefly missing when renames stand in for an atomic exchange)
is retried on the new index, so no request fails during a swap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from archive_search import config, errors
from archive_search.archive import Archive

T = TypeVar("T")


class ArchiveService:
    """Runs calls on the current ``Archive`` of an index folder, one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._archive: Archive | None = None
        self._version: tuple[int, int] | None = None

    def call(self, work: Callable[[Archive], T]) -> T:
        """``work(archive)`` on an up-to-date archive; retried across a swap."""
        with self._lock:
            for attempt in range(config.SERVE_SWAP_RETRIES + 1):
                try:
                    return work(self._current())
                except errors.ArchiveSearchError as exc:
                    if not isinstance(exc, errors.IndexProblem) or not self._retry(attempt):
                        raise
                except (OSError, EOFError, ValueError, KeyError):
                    if not self._retry(attempt):
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def stream(self, items: Callable[[Archive], Iterator[T]]) -> Iterator[T]:
        """Items of a long iteration, each step under the lock (other requests interleave)."""
        iterator = self.call(lambda archive: iter(items(archive)))
        while True:
            with self._lock:
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    def _current(self) -> Archive:
        version = Archive(self.path, create=False).version()
        if self._archive is None or version != self._version:
            archive = Archive(self.path, create=False)
            archive.store  # noqa: B018 - opens now: a missing or damaged index fails here
            self._archive, self._version = archive, version
        return self._archive

    def _retry(self, attempt: int) -> bool:
        """Whether to try again: only while the index may be being swapped."""
        if attempt >= config.SERVE_SWAP_RETRIES:
            return False
        self._archive = self._version = None
        time.sleep(config.SERVE_SWAP_RETRY_DELAY)
        return True


def service_of(request: Any) -> ArchiveService:
    """The service of the application that received ``request``."""
    return request.app.state.service
