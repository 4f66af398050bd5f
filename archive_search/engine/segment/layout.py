"""The segment format's constants and small rules, each defined once.

A segment is Whoosh 3's (whoosh-reloaded 2.7.5 ``W3Codec``): a posting file
(``.pst``) of per-term block runs, a term table (``.trm``, an ordered hash
table), and one column file per per-document column (``.col``). The writer,
the merger and the readers all take the layout from here.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import cache
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import byte_to_length, length_to_byte

__all__ = [
    "BLOCK_LENGTH",
    "COMPRESS_MIN_BYTES",
    "DATA_PICKLE_PROTOCOL",
    "EXTENT",
    "FIELD_NUMBER",
    "HASH_SLOT",
    "INFO_PICKLE_PROTOCOL",
    "LENGTHS_COLUMN",
    "MAGIC",
    "ROW_LENGTHS",
    "STOCK_DATA_PICKLE_PROTOCOL",
    "STORED_COLUMN",
    "TERM_STATS",
    "Unreadable",
    "decoded_lengths",
    "expand_weights",
    "length_to_byte",
]


class Unreadable(Exception):
    """The bytes are not laid out as this package reads them (another codec or version)."""


#: The four bytes that open every term's run of posting blocks.
MAGIC = bytes(WHOOSH3_HEADER_MAGIC)
#: A block opens with its size (info + data), negative for a term's last block.
BLOCK_LENGTH = struct.Struct("!i")
#: A block's info tuple ``(count, last id, max weight, compression, min length, max length)``
#: is pickled with this protocol, as Whoosh writes it.
INFO_PICKLE_PROTOCOL = 2
#: Whoosh pickles block data ``(delta ids, weights, values)`` with protocol 2 ...
STOCK_DATA_PICKLE_PROTOCOL = 2
#: ... the fast writer with 3: bytes pickled as bytes, several times quicker both ways.
DATA_PICKLE_PROTOCOL = 3
#: Block data shorter than this is stored uncompressed (zlib would make it larger).
COMPRESS_MIN_BYTES = 64

#: A term-table row's value: ``W3TermInfo``'s statistics (flags, weight, document
#: frequency, min and max length byte, max weight, first and last document) ...
TERM_STATS = struct.Struct("!BfIBBfII")
#: ... then where the term's blocks lie in the posting file (offset, length).
EXTENT = struct.Struct("!qi")
#: A term-table row starts with its key's and its value's lengths.
ROW_LENGTHS = struct.Struct("!ii")
#: A term-table key starts with the field's number (the table's ``fieldmap``).
FIELD_NUMBER = struct.Struct("!H")
#: A hash-table slot: the key's hash (low 32 bits of md5) and the row's position.
HASH_SLOT = struct.Struct("!Iq")


def expand_weights(weights: Any, count: int) -> Sequence[float]:
    """A block's weights, one per posting: the block stores None when every weight is 1,
    one number when all are equal, else a tuple."""
    if weights is None:
        return [1.0] * count
    if isinstance(weights, float | int):
        return [float(weights)] * count
    return weights


@cache
def decoded_lengths() -> tuple[int, ...]:
    """Field length by length byte (0: none): the lossy one-byte lengths decoded."""
    return (0, *(byte_to_length(b) for b in range(1, 256)))
