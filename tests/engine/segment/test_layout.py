"""Each layout constant is defined once, in ``segment.layout``: here checked against the pinned
Whoosh's own definitions, so that a Whoosh that lays its files out otherwise fails loudly."""

from __future__ import annotations

import pickle

from whoosh import system
from whoosh.codec import whoosh3
from whoosh.filedb import filetables
from whoosh.util.numeric import byte_to_length

from archive_search.engine.segment import blocks, layout


def test_struct_formats_are_whooshs() -> None:
    assert layout.TERM_STATS.format == whoosh3.W3TermInfo._struct.format
    assert layout.ROW_LENGTHS.format == filetables._lengths.format
    assert layout.HASH_SLOT.format == filetables._pointer.format
    assert layout.FIELD_NUMBER.pack(7) == system.pack_ushort(7)
    assert layout.EXTENT.pack(123, 45) == system.pack_long(123) + system.pack_int(45)
    assert layout.BLOCK_LENGTH.pack(-9) == system.pack_int(-9)
    assert layout.MAGIC == whoosh3.WHOOSH3_HEADER_MAGIC and len(layout.MAGIC) == 4


def test_length_bytes_decode_as_whoosh_decodes_them() -> None:
    decoded = layout.decoded_lengths()
    assert len(decoded) == 256 and decoded[0] == 0
    assert decoded[1:] == tuple(byte_to_length(b) for b in range(1, 256))
    assert list(decoded) == sorted(decoded)  # a longer field never decodes shorter
    for length in (1, 7, 100, 10_000):  # lossy, but close
        assert abs(decoded[layout.length_to_byte(length)] - length) <= 0.1 * length


def test_weights_expand_one_per_posting() -> None:
    assert layout.expand_weights(None, 3) == [1.0, 1.0, 1.0]
    assert layout.expand_weights(2.5, 2) == [2.5, 2.5]
    assert layout.expand_weights((1.0, 3.0), 2) == (1.0, 3.0)


def test_a_block_written_reads_back_and_shifts_whole() -> None:
    ids, weights, values = (3, 4, 9), (1.0, 2.0, 1.0), (b"a", b"bb", b"c")
    deltas = (3, 1, 5)
    data, level = blocks.compress(pickle.dumps((deltas, weights, values), 3), 3)
    run = layout.MAGIC + blocks.block_bytes((3, 9, 2.0, level, 1, 4), data, last=True)
    assert blocks.decode_blocks(run, 0, -1) == (list(ids), list(weights), list(values))
    shifted = blocks.shift_blocks(run, 100)
    assert blocks.decode_blocks(shifted, 0, -1)[0] == [103, 104, 109]
    ((info, _, last),) = list(blocks.iter_blocks(shifted))
    assert info[1] == 109 and last
