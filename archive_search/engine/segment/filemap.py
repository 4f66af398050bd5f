"""Segment files read through a read-only memory map rather than by seek and read.

Whoosh opens each segment file of an uncompound index as a buffered file:
every ``get(position, length)`` is a seek, which drops the buffer, and a read,
a system call that fills eight kilobytes to hand back a few hundred bytes. A
search makes dozens of them (posting lists, block headers, a value of a
column per hit), which cost as much as decoding what they read. ``mapped``
gives a reader of the same bytes over a memory map of the file: a slice, with
the pages shared with the page cache. Compound segments (a Whoosh buffer
already) and files that cannot be mapped are returned as they are.

A map lives as long as the Whoosh file object it was made for (one per
segment file and index reader), so a refreshed searcher reads the new files.
"""

from __future__ import annotations

import io
import mmap
import weakref
from typing import Any

_MAPS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


class MappedFile:
    """``get``/``get_byte`` of a Whoosh file, answered from a memory map of it."""

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data

    def get(self, position: int, length: int) -> bytes:
        return self.data[position : position + length]

    def get_byte(self, position: int) -> int:
        return self.data[position]


def mapped(dbfile: Any) -> Any:
    """A reader of ``dbfile``'s bytes with ``get``: its map when it can have one, else itself."""
    try:
        return _MAPS[dbfile]
    except KeyError:
        pass
    except TypeError:  # not weakly referenceable
        return dbfile
    reader = _map(dbfile)
    _MAPS[dbfile] = reader
    return reader


def contents(dbfile: Any) -> Any | None:
    """The bytes of a Whoosh file (a buffer or a map), or None when they cannot be had."""
    buffer = getattr(dbfile, "_buf", None)
    if buffer is not None:
        return buffer
    reader = mapped(dbfile)
    return reader.data if isinstance(reader, MappedFile) else None


def _map(dbfile: Any) -> Any:
    if getattr(dbfile, "_buf", None) is not None:  # a compound segment's buffer: slices already
        return dbfile
    raw = getattr(dbfile, "file", None)
    if not isinstance(raw, io.BufferedReader | io.FileIO):  # positions may not be the file's
        return dbfile
    try:
        return MappedFile(mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # an empty file, or one that cannot be mapped
        return dbfile
