"""The write lock of an index folder, and waiting for it.

The lock is an advisory ``flock`` on the very file Whoosh's own ``FileLock``
uses (``<indexname>_WRITELOCK``), so any Whoosh writer respects it. It is held
for a whole indexing session, across the batch commits, so that another writer
waiting for the lock cannot slip in between two commits of one run. The kernel
drops it when the holding process dies, even by SIGKILL: a stale lock never
blocks the next run, and the lock file lying on disk means nothing by itself.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from archive_search import errors

#: How often a waiting writer retries the lock, in seconds.
POLL_SECONDS = 0.1


class WriteLock:
    """An exclusive, non-inheritable lock on one file; ``acquire(wait=...)`` or use as a context."""

    def __init__(self, path: Path, owner: Path | None = None) -> None:
        self.path = path
        self.owner = owner if owner is not None else path.parent
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> WriteLock:
        """Take the lock, retrying for up to ``wait`` seconds; raises ``IndexBusy`` after that."""
        if self._fd is not None:
            return self
        deadline = time.monotonic() + max(wait, 0.0)
        while not self._try_once():
            if time.monotonic() >= deadline:
                raise errors.index_busy(self.owner)
            time.sleep(POLL_SECONDS)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> WriteLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _try_once(self) -> bool:
        # os.open gives a non-inheritable descriptor (PEP 446): child programs never hold it.
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o644)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False


def is_locked(path: Path) -> bool:
    """True if some process holds the lock on ``path`` right now (for tests and status)."""
    if not path.exists():
        return False
    probe = WriteLock(path)
    if probe._try_once():
        probe.release()
        return False
    return True


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
