"""Finding source files and reading their bytes, safely.

Scraped archives are messy folders: editor backups, hidden VCS folders,
symlinks (sometimes in loops), gzip files with and without a ``.gz`` name,
and now and then a gzip bomb or a multi-gigabyte dump. This module turns the
paths a user gives into a deterministic list of files, and each file into at
most ``max_bytes`` bytes, refusing what cannot be read with a
``SkipSource`` reason the pipeline can report.
"""

from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .. import config, errors
from ..errors import Skip, SkipSource

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer, checked by zlib
_CHUNK = 64 * 1024  # compressed bytes read at a time
_STEP = 1024 * 1024  # most decompressed bytes produced at a time
_GZIP_SUFFIXES = (".gz", ".gzip")
#: Suffixes of editor backups, temporary files and unfinished downloads.
_JUNK_SUFFIXES = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".bak",
    ".orig",
    ".tmp",
    ".temp",
    ".part",
    ".crdownload",
)
#: Operating-system litter that is never a page.
_JUNK_NAMES = {"__macosx", "thumbs.db", "desktop.ini"}
_SIDECAR_SUFFIX = ".url"
_SIDECAR_MAX_BYTES = 8192
_URL = re.compile(r"^(?:url\s*[:=]\s*)?(https?://\S+)$", re.I)
_WHITESPACE = b" \t\r\n\f\v"


# -- finding files ------------------------------------------------------------
def check_paths_exist(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Raise ``errors.path_missing`` for the first path that does not exist.

    Called before any work starts, so a typo fails at once instead of after
    an hour of indexing the other paths.
    """
    for path in paths:
        if not os.path.exists(path):
            raise errors.path_missing(path)


def iter_source_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield every source file under ``paths``, each once, in a stable order.

    Paths are taken in the order given; folders are walked depth-first with
    entries sorted by name. Inside folders, hidden entries, editor backups,
    temporary files and ``.url`` sidecars are passed over; a path named
    explicitly is always yielded. Symlinks are followed, but each real folder
    is walked and each real file yielded only once, so loops end.
    """
    raw = list(paths)
    check_paths_exist(raw)
    given = [Path(p) for p in raw]
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for path in given:
        if path.is_dir():
            yield from _walk(path, seen_dirs, seen_files)
        elif _first_visit(path, seen_files):
            yield path


def _walk(root: Path, seen_dirs: set[str], seen_files: set[str]) -> Iterator[Path]:
    """Depth-first over sorted entries, without recursion (deep trees are fine)."""
    if not _first_visit(root, seen_dirs):
        return
    stack = [iter(_listing(root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if is_dir:
            if _first_visit(path, seen_dirs):
                stack.append(iter(_listing(path)))
        elif _first_visit(path, seen_files):
            yield path


def _listing(folder: Path) -> list[tuple[Path, bool]]:
    """The folder's wanted entries, sorted by name, each with "is a folder"."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as error:
        log.warning("cannot list %s: %s", folder, error.strerror or error)
        return []
    names = {e.name for e in entries}
    wanted = []
    for entry in entries:
        if is_ignored_name(entry.name) or _is_sidecar(entry.name, names):
            continue
        is_dir = _safe(entry.is_dir)
        if is_dir or _safe(entry.is_file) or _is_dangling_link(entry):
            wanted.append((folder / entry.name, is_dir))
    return wanted


def is_ignored_name(name: str) -> bool:
    """Hidden files, editor backups, temp files and OS litter are not sources."""
    lower = name.lower()
    inner = _strip_gzip_suffix(lower)
    return (
        name.startswith(".")
        or (name.startswith("#") and name.endswith("#"))
        or name.startswith("~$")
        or lower in _JUNK_NAMES
        or lower.endswith(_JUNK_SUFFIXES)
        or inner.endswith(_JUNK_SUFFIXES)
    )


def _is_sidecar(name: str, siblings: set[str]) -> bool:
    if not name.lower().endswith(_SIDECAR_SUFFIX):
        return False
    page = name[: -len(_SIDECAR_SUFFIX)]
    return any(page + suffix in siblings for suffix in ("", *_GZIP_SUFFIXES))


def _is_dangling_link(entry: os.DirEntry[str]) -> bool:
    # yielded so that reading it reports the broken link instead of hiding it
    return _safe(entry.is_symlink) and not os.path.exists(entry.path)


def _safe(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except OSError:
        return False


def _first_visit(path: Path, seen: set[str]) -> bool:
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


# -- reading ------------------------------------------------------------------
def read_source(path: str | os.PathLike[str], max_bytes: int = config.MAX_PAGE_BYTES) -> bytes:
    """The page's bytes, gunzipped when they are gzip (by magic bytes, whatever the name).

    Never holds more than ``max_bytes + 1`` bytes of page: a plain file is
    refused from its size before reading, and gzip is decompressed as a
    stream that stops one byte past the limit, so a gzip bomb costs little.
    Raises ``SkipSource`` with a reason from ``errors.Skip``.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a folder, FIFO or device: never open it
            detail = os.strerror(errno.EISDIR) if stat.S_ISDIR(info.st_mode) else "not a file"
            raise SkipSource(Skip.UNREADABLE.format(detail=detail))
        with open(path, "rb") as handle:
            if handle.read(2) == GZIP_MAGIC:
                handle.seek(0)
                data = _gunzip(handle, max_bytes)
            elif info.st_size > max_bytes:
                raise SkipSource(Skip.TOO_LARGE.format(limit=max_bytes))
            else:
                handle.seek(0)
                data = handle.read(info.st_size + 1)
                if len(data) > info.st_size:  # grew since stat: read on, still bounded
                    data += handle.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise SkipSource(Skip.UNREADABLE.format(detail=error.strerror or error)) from None
    if len(data) > max_bytes:
        raise SkipSource(Skip.TOO_LARGE.format(limit=max_bytes))
    if not data.removeprefix(codecs.BOM_UTF8).strip(_WHITESPACE):
        raise SkipSource(Skip.EMPTY)
    return data


def _gunzip(handle: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` decompressed bytes of every member of the stream.

    zlib checks each member's CRC and length. Bytes after the last member
    that do not start another one (padding, junk a server appended) are
    ignored, as gzip(1) does; a stream cut short is BAD_GZIP.
    """
    out = bytearray()
    inflater = zlib.decompressobj(_GZIP_WBITS)
    pending = b""
    while len(out) <= max_bytes:
        pending = pending or handle.read(_CHUNK)
        try:
            if not pending:  # input ended: drain what zlib still holds (< one window)
                out += inflater.flush()
                break
            out += inflater.decompress(pending, min(_STEP, max_bytes + 1 - len(out)))
        except zlib.error:
            raise SkipSource(Skip.BAD_GZIP) from None
        pending = inflater.unconsumed_tail
        if inflater.eof:
            pending = inflater.unused_data + (
                b"" if len(inflater.unused_data) > 1 else handle.read(2)
            )
            if not pending.startswith(GZIP_MAGIC):
                return bytes(out)
            inflater = zlib.decompressobj(_GZIP_WBITS)
    if len(out) > max_bytes:
        raise SkipSource(Skip.TOO_LARGE.format(limit=max_bytes))
    if not inflater.eof:
        raise SkipSource(Skip.BAD_GZIP)
    return bytes(out)


# -- names --------------------------------------------------------------------
def logical_name(path: str | os.PathLike[str]) -> str:
    """The file's name, lower-cased, without a trailing ``.gz``/``.gzip``.

    The inner extension chooses the parser: ``Page.HTML.gz`` -> ``page.html``.
    """
    return _strip_gzip_suffix(Path(path).name.lower())


def _strip_gzip_suffix(name: str) -> str:
    for suffix in _GZIP_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def source_url_hint(path: str | os.PathLike[str]) -> str | None:
    """The page's address from a sidecar ``<file>.url`` (or ``<file without .gz>.url``).

    The sidecar holds the URL on a line of its own (``URL=...`` and
    ``URL: ...`` lines, as in Windows shortcuts, also count). None when there
    is no sidecar or it holds no http(s) address.
    """
    page = Path(path)
    candidates = [page.with_name(page.name + _SIDECAR_SUFFIX)]
    inner = _strip_gzip_suffix(page.name)
    if inner != page.name:
        candidates.append(page.with_name(inner + _SIDECAR_SUFFIX))
    for sidecar in candidates:
        url = _url_in(sidecar)
        if url:
            return url
    return None


def _url_in(sidecar: Path) -> str | None:
    try:
        with open(sidecar, "rb") as handle:
            text = handle.read(_SIDECAR_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.lstrip("\ufeff").splitlines():
        match = _URL.match(line.strip())
        if match:
            return match.group(1)
    return None
