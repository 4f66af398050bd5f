"""Term lookups read straight from a segment's term table, without Whoosh's call chain.

A term lookup through Whoosh (``W3TermsReader.term_info``) walks a generator
chain over a buffered file: four seeks and reads, an exception for a missing
term, about 30 µs in all. A search makes a few dozen of them for new words
(does the word exist in each field, which near-duplicates has each hit), so
they added up to a tenth of a warm search. ``TermTable`` reads the same
on-disk hash table (whoosh-reloaded 2.7.5 ``HashReader`` layout: 256 hash
tables of ``(hash, position)`` slots, then ``(key length, value length, key,
value)`` entries) through a read-only memory map, and decodes the value with
Whoosh's own ``W3TermInfo``: the same answer in a fraction of the time.

Private attributes of the codec are read here and only here; ``TermTable.of``
returns None where they are missing (another codec or storage), and callers
then ask Whoosh.
"""

from __future__ import annotations

import struct
from hashlib import md5
from typing import Any

from archive_search.search.filemap import contents

_KEY_FIELD = struct.Struct("!H")
_POINTER = struct.Struct("!Iq")
_LENGTHS = struct.Struct("!ii")


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
        key = _KEY_FIELD.pack(number) + tbytes
        keyhash = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        data = self._data
        slot = (keyhash >> 8) % slots
        for _ in range(slots):
            slothash, position = _POINTER.unpack_from(data, start + slot * _POINTER.size)
            if not position:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack_from(data, position)
                at = position + _LENGTHS.size
                if keylen == len(key) and data[at : at + keylen] == key:
                    return self._decode(bytes(data[at + keylen : at + keylen + datalen]))
            slot = (slot + 1) % slots
        return None
