"""Falling back from a fast path to Whoosh's own code: said once per path, with its cause.

A fallback keeps every answer right but can make a search or a commit many
times slower (about 50x at a million articles), so it must not pass
unnoticed; once in the log per process is enough to see it.
"""

from __future__ import annotations

import logging
import threading

__all__ = ["reset", "warn_fallback", "warned"]

log = logging.getLogger("archive_search.engine.segment")

_warned: set[str] = set()
_lock = threading.Lock()


def warn_fallback(path: str, cause: object, level: int = logging.WARNING) -> None:
    """Log that ``path`` (the segment writer, the postings reader...) fell back, once.

    A fast path that cannot run on this index or this Whoosh is a warning; a
    query shape the executor leaves to Whoosh by design is said at ``INFO``.
    """
    with _lock:
        if path in _warned:
            return
        _warned.add(path)
    log.log(level, "%s: using Whoosh's own (slower) code instead: %s", path, cause)


def warned() -> frozenset[str]:
    """The fast paths that have fallen back in this process."""
    with _lock:
        return frozenset(_warned)


def reset() -> None:
    """Forget which fallbacks were said (tests)."""
    with _lock:
        _warned.clear()
