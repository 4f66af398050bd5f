"""Putting a freshly built index folder in place of the old one, atomically.

On Linux ``renameat2(RENAME_EXCHANGE)`` swaps two directory entries in one
step: at every instant the index path names a complete index, the old one or
the new one. Elsewhere (or on a file system without it) the fallback is two
renames with the shortest possible window in between. Either way, readers
that already have the old index's files open keep reading them: the old
folder is only unlinked afterwards, and open files outlive their names.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2 << 0


def replace_dir(new: Path, target: Path) -> Path | None:
    """Move ``new`` to ``target``; returns where the old ``target`` now is (to delete), if any."""
    if not target.exists():
        os.rename(new, target)
        _fsync_dir(target.parent)
        return None
    try:
        exchange(new, target)
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
            raise
        return _replace_by_renames(new, target)
    _fsync_dir(target.parent)
    return new  # after the exchange, the old index lives at the new one's former path


def exchange(a: Path, b: Path) -> None:
    """Atomically swap two paths (Linux 3.15+); raises OSError where unsupported."""
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "renameat2 is Linux-only")
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # glibc older than 2.28
        raise OSError(errno.ENOSYS, "renameat2 not available")
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _replace_by_renames(new: Path, target: Path) -> Path:
    """Two renames: the index path is missing only between them, never half-written."""
    backup = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)  # put the old index back
        raise
    _fsync_dir(target.parent)
    return backup


def fsync_tree(folder: Path) -> None:
    """Flush a built index to disk before it is swapped in (a power cut must not tear it)."""
    for entry in folder.iterdir():
        if entry.is_file():
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)
