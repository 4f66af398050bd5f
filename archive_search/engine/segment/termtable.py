"""The term table (``.trm``): read straight from a segment, and written in bulk.

Reading: term lookups without Whoosh's call chain.

A term lookup through Whoosh (``W3TermsReader.term_info``) walks a generator
chain over a buffered file: four seeks and reads, an exception for a missing
term, about 30 µs in all. A search makes a few dozen of them for new words
(does the word exist in each field, which near-duplicates has each hit), so
they added up to a tenth of a warm search. ``TermTable`` reads the same
on-disk hash table (whoosh-reloaded 2.7.5 ``HashReader`` layout: 256 hash
tables of ``(hash, position)`` slots, then ``(key length, value length, key,
value)`` entries) through a read-only memory map, and decodes the value with
Whoosh's own ``W3TermInfo``: the same answer in a fraction of the time.

``TermTable.of`` returns None where the codec's attributes are missing
(another codec or storage), and callers then ask Whoosh.

Writing: ``TableWriter`` fills the table as Whoosh's ``OrderedHashWriter.add``
does, with one write per field or megabyte.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from hashlib import md5
from typing import Any

from archive_search.engine.segment.filemap import contents
from archive_search.engine.segment.layout import FIELD_NUMBER, HASH_SLOT, ROW_LENGTHS

__all__ = ["TableWriter", "TermTable", "key_hash"]

#: The term table's rows are written when this many bytes are waiting.
_TABLE_WRITE_BYTES = 1 << 20


def key_hash(key: bytes) -> int:
    """The hash a row's key is filed under (Whoosh's ``md5_hash``: the last 32 bits of md5)."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


class TermTable:
    """One segment's term table: ``get(fieldname, term bytes)`` -> term info or None."""

    def __init__(self, fieldmap: dict[str, int], tables: list[tuple[int, int]], data: Any) -> None:
        self._fieldmap = fieldmap
        self._tables = tables
        self._data = data
        from whoosh.codec.whoosh3 import W3TermInfo

        self._decode = W3TermInfo.from_bytes

    @classmethod
    def of(cls, leaf: Any) -> TermTable | None:
        """The table of a segment reader, or None when it is not laid out as expected."""
        try:
            from whoosh.filedb.filetables import md5_hash

            terms = leaf._terms
            tindex = terms._tindex
            if tindex.hashfn is not md5_hash or tindex.startoffset:
                return None
            data = contents(tindex.dbfile)
            if data is None:
                return None
            return cls(dict(terms._fieldmap), list(tindex.tables), data)
        except (AttributeError, ImportError):
            return None

    def get(self, fieldname: str, tbytes: bytes) -> Any | None:
        """The term's info (Whoosh's ``W3TermInfo``), or None when the segment lacks it."""
        number = self._fieldmap.get(fieldname)
        if number is None:
            return None
        key = FIELD_NUMBER.pack(number) + tbytes
        keyhash = key_hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        data = self._data
        slot = (keyhash >> 8) % slots
        for _ in range(slots):
            slothash, position = HASH_SLOT.unpack_from(data, start + slot * HASH_SLOT.size)
            if not position:
                return None
            if slothash == keyhash:
                keylen, datalen = ROW_LENGTHS.unpack_from(data, position)
                at = position + ROW_LENGTHS.size
                if keylen == len(key) and data[at : at + keylen] == key:
                    return self._decode(bytes(data[at + keylen : at + keylen + datalen]))
            slot = (slot + 1) % slots
        return None


class TableWriter:
    """Rows of the ``.trm`` OrderedHashWriter, written in bulk.

    The same bytes, positions, hash buckets and key index as
    ``OrderedHashWriter.add`` produces, with one write per field or megabyte.
    """

    def __init__(self, tindex: Any) -> None:
        from whoosh.filedb import filetables

        self._tindex = tindex
        if not any(tindex.buckets):  # nothing added yet: hold the buckets compactly
            tindex.buckets = [_CompactBucket() for _ in tindex.buckets]
        self._hash = key_hash if tindex.hashfn is filetables.md5_hash else tindex.hashfn
        self._buffer = bytearray()
        self._positions: list[int] = []
        self._pos = tindex.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        tindex = self._tindex
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        pos = self._pos
        self._positions.append(pos)
        row = ROW_LENGTHS.pack(len(key), len(value)) + key + value
        self._buffer += row
        self._pos = pos + len(row)
        h = self._hash(key)
        tindex.buckets[h & 255].append((h, pos))
        tindex.lastkey = key
        if len(self._buffer) >= _TABLE_WRITE_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._tindex.dbfile.write(self._buffer)
            self._tindex.index.extend(self._positions)
            self._buffer = bytearray()
            self._positions = []


class _CompactBucket:
    """One of the term table's 256 hash buckets, as two arrays: 16 bytes a term, not ~120.

    Whoosh keeps a list of ``(hash, position)`` tuples per bucket until the
    table is closed, which at a few million terms (a merged segment of a
    million articles) is hundreds of megabytes. ``HashWriter._write_hashes``
    only asks a bucket its length and iterates its pairs.
    """

    __slots__ = ("_hashes", "_positions")

    def __init__(self) -> None:
        self._hashes = array("Q")
        self._positions = array("q")

    def append(self, entry: tuple[int, int]) -> None:
        self._hashes.append(entry[0])
        self._positions.append(entry[1])

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._hashes, self._positions, strict=True)
