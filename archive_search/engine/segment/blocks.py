"""The block codec: one term's postings as a run of blocks in the posting file.

A run opens with ``layout.MAGIC``; each block of up to 128 postings is its
size (``BLOCK_LENGTH``, negative for the last), a pickled info tuple
``(count, last id, max weight, compression level, min length byte, max length
byte)`` and the pickled, maybe zlib-compressed data ``(delta ids, weights,
values)``. Ids are deltas from 0 (the first is the id itself); weights are
expanded by ``layout.expand_weights``.

Positions are the dear part of decoding: Whoosh pickles each posting's value
as a call of ``_codecs.encode``. Ids and weights come first in a block's
pickle, so what needs no values has the pickle cut where they start
(``ids_and_weights``); blocks read for values call ``slice`` instead of the
encoder (``unpickle``, ``value`` encodes the few a caller takes).
"""

from __future__ import annotations

import io
import pickle
import re
import zlib
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any

from archive_search.engine.segment.layout import (
    BLOCK_LENGTH,
    COMPRESS_MIN_BYTES,
    DATA_PICKLE_PROTOCOL,
    INFO_PICKLE_PROTOCOL,
    MAGIC,
    Unreadable,
    expand_weights,
)

__all__ = [
    "BlockInfo",
    "block_bytes",
    "compress",
    "decode_blocks",
    "fixed_values",
    "ids_and_weights",
    "iter_blocks",
    "shift_blocks",
    "unpickle",
    "value",
    "values_start",
]

#: ``(count, last id, max weight, compression, min length byte, max length byte)``
BlockInfo = tuple[Any, ...]

#: The delta-coded ids (a tuple of ints) that open a block's pickled
#: ``(ids, weights, values)`` (protocol 2); the weights follow (a tuple of
#: floats, one float when all are equal, None when all are 1), then the values.
_BLOCK_IDS = re.compile(
    rb"\x80\x02(?:\((?:K.|M..|J....)*t|(?:K.|M..|J....){1,3}[\x85-\x87])q\x00", re.DOTALL
)
#: Whoosh pickles each value (bytes) at protocol 2 as ``_codecs.encode(text, "latin1")``;
#: calling ``slice`` instead keeps the text, encoded only for the postings asked for.
_ENCODE_GLOBAL = b"c_codecs\nencode\n"
_SLICE_GLOBAL = b"c__builtin__\nslice\n"
_MIN_WBITS = 9
_DEFLATE_MEMLEVEL = 4  # zlib's default 8 sets up a 128 KiB hash table per call


# -- writing ---------------------------------------------------------------------------
def block_bytes(info: BlockInfo, data: bytes, last: bool) -> bytes:
    """One block as it lies in the posting file: size, pickled info, data."""
    head = pickle.dumps(info, INFO_PICKLE_PROTOCOL)
    size = len(head) + len(data)
    return BLOCK_LENGTH.pack(-size if last else size) + head + data


def compress(data: bytes, level: int) -> tuple[bytes, int]:
    """(block data, the compression level its info records: 0 for none).

    Compressed only when zlib makes it smaller, with a window and hash table
    sized for a small block: the same zlib format, at a fraction of the set-up
    cost, which is most of the cost of compressing a few hundred bytes.
    """
    if not level or len(data) < COMPRESS_MIN_BYTES:
        return data, 0
    wbits = min(zlib.MAX_WBITS, max(_MIN_WBITS, len(data).bit_length()))
    deflater = zlib.compressobj(level, zlib.DEFLATED, wbits, _DEFLATE_MEMLEVEL)
    packed = deflater.compress(data) + deflater.flush()
    return (packed, level) if len(packed) < len(data) else (data, 0)


def shift_blocks(blob: bytes, offset: int) -> bytes:
    """A term's blocks with every document number ``offset`` higher, bounds and statistics kept.

    Ids are deltas from 0, so only the first delta and the block's last id
    change; the data is pickled (and compressed) again.
    """
    parts = [MAGIC]
    for info, (deltas, weights, values), last in iter_blocks(blob):
        count, maxid, maxweight, level, minlength, maxlength = info
        data = pickle.dumps(
            ((deltas[0] + offset, *deltas[1:]), weights, values), DATA_PICKLE_PROTOCOL
        )
        data, level = compress(data, level)
        head = (count, maxid + offset, maxweight, level, minlength, maxlength)
        parts.append(block_bytes(head, data, last))
    return b"".join(parts)


# -- reading whole runs ----------------------------------------------------------------
def iter_blocks(blob: bytes) -> Iterator[tuple[BlockInfo, tuple[Any, Any, Any], bool]]:
    """Each block of one term's run: its info, its unpickled (deltas, weights, values), last?"""
    if blob[:4] != MAGIC:
        raise Unreadable("a posting list without Whoosh 3's header")
    position = 4
    last = False
    while not last:
        (size,) = BLOCK_LENGTH.unpack_from(blob, position)
        last = size < 0
        end = position + 4 + abs(size)
        info, start = _block_info(blob, position + 4, end)
        data = blob[start:end]
        yield info, pickle.loads(zlib.decompress(data) if info[3] else data), last
        position = end


def decode_blocks(blob: bytes, offset: int, fixedsize: int | None) -> tuple[list[int], list, list]:
    """Every posting of one term's run, document numbers ``offset`` higher."""
    ids: list[int] = []
    weights: list = []
    values: list = []
    for info, (deltas, block_weights, block_values), _ in iter_blocks(blob):
        count = info[0]
        ids += map(offset.__add__, accumulate(deltas))
        weights += expand_weights(block_weights, count)
        values += fixed_values(block_values, count, fixedsize)
    return ids, weights, values


def fixed_values(values: Any, count: int, fixedsize: int | None) -> Sequence[Any]:
    """A block's values one per posting (a fixed-size format stores them joined)."""
    if fixedsize is None or fixedsize < 0:
        if len(values) != count:  # Whoosh drops empty values: they cannot be placed again
            raise Unreadable("a posting list with empty values")
        return values
    if fixedsize == 0:
        return [None] * count
    return [values[i : i + fixedsize] for i in range(0, len(values), fixedsize)]


def _block_info(blob: bytes, start: int, end: int) -> tuple[BlockInfo, int]:
    """A block's info tuple and where its data starts.

    The info is pickled right before the data, with no length of its own;
    ``loads`` ignores what follows a pickle, and pickling the tuple again
    gives its length, checked against the bytes (else the pickle is read as a
    stream, which says where it ended).
    """
    info = pickle.loads(blob[start:end])
    again = pickle.dumps(info, INFO_PICKLE_PROTOCOL)
    stop = start + len(again)
    if blob[start:stop] != again:
        stream = io.BytesIO(blob)
        stream.seek(start)
        info = pickle.load(stream)
        stop = stream.tell()
    return info, stop


# -- reading parts of a block ----------------------------------------------------------
def unpickle(data: bytes, count: int, variable: bool) -> tuple[Any, Any, Any]:
    """A block's ``(ids, weights, values)``, variable-size values left as ``slice`` objects."""
    if variable:
        start = values_start(data, count)
        # the values: a tuple (after a MARK, unless it holds 1 to 3) of such calls
        for at in (start + 1, start) if start > 0 else ():
            if data.startswith(_ENCODE_GLOBAL, at):
                cheap = data[:at] + _SLICE_GLOBAL + data[at + len(_ENCODE_GLOBAL) :]
                return pickle.loads(cheap)
    return pickle.loads(data)


def value(encoded: Any) -> bytes:
    """One posting's value as Whoosh encoded it, from a block's ``values``."""
    if isinstance(encoded, slice):
        return encoded.start.encode("latin-1")
    return encoded


def ids_and_weights(raw: bytes, compressed: bool, count: int) -> tuple[Any, Any]:
    """A block's delta-coded ids and its weights, without unpickling its values.

    Only as much of the block is decompressed as ids and weights can take.
    """
    head = zlib.decompressobj().decompress(raw, 14 * count + 16) if compressed else raw
    at = values_start(head, count)
    if at > 0:
        ids, weights, _ = pickle.loads(head[:at] + b"N\x87.")
        if len(ids) == count and (not isinstance(weights, tuple) or len(weights) == count):
            return ids, weights
    ids, weights, _ = pickle.loads(zlib.decompress(raw) if compressed else raw)
    return ids, weights


def values_start(data: bytes, count: int) -> int:
    """Where the values start in a block's pickle (-1 if it is not laid out as expected)."""
    ids = _BLOCK_IDS.match(data)
    if ids is None:
        return -1
    at = ids.end()
    opcode = data[at : at + 1]
    if opcode == b"N":  # every weight 1
        return at + 1
    if opcode == b"(":  # a tuple of four floats or more
        end = at + 1 + 9 * count
        return end + 3 if data.startswith(b"tq\x01", end) else -1
    if opcode == b"G":
        if data.startswith(b"G", at + 9):  # a tuple of two or three floats
            end = at + 9 * count
            return end + 3 if data.startswith(bytes((0x84 + count,)) + b"q\x01", end) else -1
        return at + 9  # one float for every posting (the values never start with "G")
    return -1
