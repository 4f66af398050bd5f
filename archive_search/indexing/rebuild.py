"""Rebuilding a whole index beside the old one and swapping it in (``scripts/reindex.py``).

The new index is built in a hidden folder next to the old one, with the same
engine as ``archive-search index``, merged into one segment, flushed to disk
and then swapped in atomically (``swap.replace_dir``). Until that instant the
old index is untouched: searches keep working during the rebuild, and a
crash, a kill or Ctrl-C leaves it whole. The old index's write lock is held
for the whole rebuild, so an ``index`` run cannot add articles to the old
index that the swap would then throw away; it waits or reports "busy".
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from archive_search import errors
from archive_search.engine.locking import WriteLock
from archive_search.engine.store import LOCK_NAME, MARKER, IndexStore, latest_generation_on_disk
from archive_search.indexing.pipeline import index_paths
from archive_search.indexing.progress import Progress
from archive_search.indexing.report import IndexReport
from archive_search.indexing.swap import fsync_tree, replace_dir


def rebuild_index(
    index_dir: str | os.PathLike[str],
    sources: Sequence[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    dry_run: bool = False,
    report_path: str | os.PathLike[str] | None = None,
    wait: float = 0.0,
    batch_size: int | None = None,
    progress: Progress | None = None,
    builder: Callable[[IndexStore], IndexReport] | None = None,
) -> IndexReport:
    """Build a new index of ``sources`` and put it in place of ``index_dir`` atomically.

    ``dry_run`` parses everything and reports what the new index would hold,
    writing nothing. ``wait``: seconds to wait for a running writer.
    ``builder`` fills the new, empty index instead of the local pipeline (a
    Dask cluster: ``distributed.rebuild_on_dask``).
    """
    from archive_search.ingest.reading import check_paths_exist

    check_paths_exist(sources)
    progress = progress or Progress()
    options = {"workers": workers, "report_path": report_path, "batch_size": batch_size}
    if dry_run:
        return index_paths(None, sources, dry_run=True, progress=progress, **options)
    target = _real_target(Path(index_dir))
    _refuse_foreign(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    rebuild_lock = WriteLock(target.parent / f".{target.name}.rebuild.lock", owner=target)
    with rebuild_lock.acquire(wait):
        _recover_interrupted_swap(target)
        with _old_index_lock(target, wait):
            _remove_abandoned_builds(target)
            build = target.parent / f".{target.name}.build-{os.getpid()}"
            try:
                report = _build(build, target, sources, progress, options, builder)
                progress.phase("swapping the new index in")
                old = replace_dir(build, target)
            except BaseException:
                shutil.rmtree(build, ignore_errors=True)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    return report


def _build(
    build: Path,
    target: Path,
    sources: Sequence[str | os.PathLike[str]],
    progress: Progress,
    options: dict[str, Any],
    builder: Callable[[IndexStore], IndexReport] | None = None,
) -> IndexReport:
    # Number the new index's commits above the old one's: a long-lived searcher
    # then sees a new generation after the swap and reopens (see IndexStore.create).
    start = latest_generation_on_disk(target) + 1 if target.is_dir() else 0
    store = IndexStore.create(build, start_generation=start)
    try:
        if builder is not None:
            report = builder(store)
        else:
            report = index_paths(store, sources, optimize=True, progress=progress, **options)
    finally:
        store.close()
    fsync_tree(build)
    return report


def _real_target(path: Path) -> Path:
    """Swap the real folder when the index path is a symlink (the link stays as it is)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path.absolute()


def _refuse_foreign(target: Path) -> None:
    """Never replace a folder that is not an index: it may be someone's files."""
    if target.exists() and not target.is_dir():
        raise errors.not_an_index(target)
    if target.is_dir() and not (target / MARKER).exists() and any(target.iterdir()):
        raise errors.not_an_index(target)


def _old_index_lock(target: Path, wait: float) -> contextlib.AbstractContextManager[object]:
    """The old index's write lock (held until after the swap); works on a damaged index too."""
    if (target / MARKER).exists():
        return WriteLock(target / LOCK_NAME, owner=target).acquire(wait)
    return contextlib.nullcontext()


def _recover_interrupted_swap(target: Path) -> None:
    """Put the old index back if a rename-based swap was killed between its two renames."""
    if target.exists():
        return
    for entry in sorted(target.parent.glob(f".{target.name}.old-*")):
        if (entry / MARKER).exists():
            os.rename(entry, target)
            return


def _remove_abandoned_builds(target: Path) -> None:
    """Build folders of killed rebuilds (the rebuild lock proves nobody is using them)."""
    prefixes = (f".{target.name}.build-", f".{target.name}.old-")
    for entry in target.parent.iterdir():
        if entry.name.startswith(prefixes) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
