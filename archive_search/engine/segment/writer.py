"""A faster writer side for Whoosh segments: a commit several times quicker, stock-readable files.

Whoosh spends most of a commit turning its posting pool into the segment's
``.pst`` (posting blocks) and ``.trm`` (term table) files, one Python call chain
per posting: sort every posting tuple, read each posting's field length back
from the per-document file just written (a file-exists check and a column read
per posting), append it to a block buffer, then fold each block into the term
statistics. :func:`segment_writer` returns a ``SegmentWriter`` that does the same
work per *term* and per *block* instead:

- the flush groups the pool's postings by field and term in one pass (they
  arrive in docnum order), so it sorts the terms, not every posting;
- the per-document writer keeps each document's length bytes in memory as it
  writes them, so block statistics are a lookup, not a column read;
- each block's ids, weights and values are encoded with C-level operations and
  written with the term in one call; the term table is filled in bulk.

The blocks themselves are written the way stock Whoosh reads them best: block
data pickled with protocol 3 (Whoosh uses 2, which pickles every position
value as a call of ``_codecs.encode``: several times slower to write *and* to
read), and compressed only when zlib makes it smaller (never a block of one
posting). Whoosh reads any pickle protocol and honours each block's own
compression flag, and so does the project's own postings reader
(``reader``). With ``stock_blocks=True`` the files are byte for byte
Whoosh's own (the tests compare them).

Nothing of this module is pickled into the index: the segments are Whoosh's
``W3Segment`` carrying a stock ``W3Codec``; our codec subclass lives only inside
the writer, and reading never imports this module.

The format logic mirrors whoosh-reloaded 2.7.5's writer. Before using it,
:func:`fast_path_available` checks that the installed Whoosh still has exactly
the source this mirrors (a digest of the mirrored code); on any other version,
or any surprise, :func:`segment_writer` hands out Whoosh's own writer (and says
so once in the log, ``fallback``).
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import chain, groupby, islice
from operator import itemgetter, lt, sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocWriter
from whoosh.writing import PostingPool, SegmentWriter

from archive_search.engine.segment.blocks import block_bytes, compress
from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.segment.layout import (
    DATA_PICKLE_PROTOCOL,
    EXTENT,
    FIELD_NUMBER,
    MAGIC,
    STOCK_DATA_PICKLE_PROTOCOL,
    TERM_STATS,
    length_to_byte,
)
from archive_search.engine.segment.termtable import TableWriter

__all__ = [
    "MIRRORED_SOURCE_DIGEST",
    "EncodedPostings",
    "PendingTerm",
    "add_prepared",
    "collector_paused",
    "fast_path_available",
    "fast_path_problem",
    "field_totals",
    "seal_segment",
    "segment_writer",
    "set_field_totals",
    "write_postings",
]

#: Digest of the Whoosh source the fast writer mirrors (whoosh-reloaded 2.7.5).
MIRRORED_SOURCE_DIGEST = "05335d04b9584bda17b9f879f759ba93"

# (fieldname, tbytes, docnum, weight, vbytes): what Whoosh's pool holds per posting
Posting = tuple[str, bytes, int, float, bytes | None]
#: One term's postings to write, in docnum order: (term bytes, docnums, weights, values).
PendingTerm = tuple[bytes, Sequence[int], Sequence[Any], Sequence[Any]]
# encoded block(s) and their statistics: bytes, weight sum, min and max length byte, max weight
_BlockStats = tuple[bytes, Any, int | None, int, Any]


def segment_writer(
    ix: Any,
    *,
    limitmb: int,
    compound: bool = False,
    _lk: bool = False,
    stock_blocks: bool = False,
    **kwargs: Any,
) -> SegmentWriter:
    """``ix.writer(limitmb=..., compound=..., _lk=...)`` with a much faster commit.

    The segments it writes read back through stock Whoosh exactly as Whoosh's
    own: the same terms, postings, statistics, lengths, stored fields and
    columns. Its posting blocks are smaller and quicker to decode (see the
    module notes); ``stock_blocks=True`` writes them exactly as Whoosh does.

    Falls back to Whoosh's own writer when the installed Whoosh is not the one
    the fast path mirrors, or for options it does not cover (several processes,
    a caller's codec).
    """
    stock_kwargs = dict(kwargs, limitmb=limitmb, compound=compound, _lk=_lk)
    if kwargs.get("procs", 1) > 1 or kwargs.get("codec") is not None:
        return ix.writer(**stock_kwargs)  # asked for Whoosh's own: no fallback to report
    codec = _writer_codec()
    if isinstance(codec, str):
        warn_fallback("segment writer", codec)
        return ix.writer(**stock_kwargs)
    stock_kwargs.pop("codec", None)
    return _FastSegmentWriter(ix, codec=codec, stock_blocks=stock_blocks, **stock_kwargs)


# -- is the installed Whoosh the one mirrored? ---------------------------------


def _mirrored_objects() -> list[Any]:
    """The Whoosh code whose behaviour the fast path reproduces or relies on.

    Any change to it (another version of Whoosh) disables the fast path.
    """
    from whoosh import externalsort
    from whoosh.codec import base, whoosh3
    from whoosh.filedb import filetables
    from whoosh.util import numeric
    from whoosh.writing import SegmentWriter as Writer

    return [
        base.FieldWriter.add_postings,
        whoosh3.W3Codec,
        whoosh3.W3PerDocWriter,
        whoosh3.W3PerDocReader.doc_field_length,
        whoosh3.W3PerDocReader._cached_reader,
        whoosh3.W3PerDocReader.has_column,
        whoosh3.W3FieldWriter,
        whoosh3.W3PostingsWriter,
        whoosh3.W3LeafMatcher,  # reads each block's own compression flag, any pickle
        whoosh3.W3TermInfo,
        whoosh3.TermInfo.__init__,
        whoosh3.delta_encode,
        numeric.length_to_byte,
        filetables.md5_hash,
        filetables.HashWriter,
        filetables.OrderedHashWriter,
        externalsort.SortingPool,
        PostingPool,
        Writer.__init__,
        Writer._flush_segment,
    ]


def _source_digest(objects: Iterable[Any]) -> str:
    """Digest of the objects' source: a class's as written, and its methods' as they are now."""
    digest = hashlib.blake2b(digest_size=16)
    for obj in objects:
        digest.update(inspect.getsource(obj).encode("utf-8"))
        if inspect.isclass(obj):
            for name, member in sorted(vars(obj).items()):
                if inspect.isfunction(member):
                    digest.update(f"{name}\0{inspect.getsource(member)}".encode())
    return digest.hexdigest()


def fast_path_available() -> bool:
    """Whether the installed Whoosh is exactly what the fast writer mirrors."""
    return fast_path_problem() is None


@cache
def fast_path_problem() -> str | None:
    """Why the fast writer cannot run on the installed Whoosh (None: it can)."""
    try:
        digest = _source_digest(_mirrored_objects())
    except (AttributeError, ImportError, OSError, TypeError) as exc:
        return f"the mirrored Whoosh code cannot be read: {exc}"
    if digest != MIRRORED_SOURCE_DIGEST:
        return f"the installed Whoosh differs from whoosh-reloaded 2.7.5 (digest {digest})"
    return None


def _writer_codec() -> _WriterCodec | str:
    """The fast writer's codec, or why there is none."""
    from whoosh.codec import default_codec

    problem = fast_path_problem()
    if problem is not None:
        return problem
    stock = default_codec()
    if type(stock) is not W3Codec:
        return f"Whoosh's default codec is {type(stock).__name__}, not W3Codec"
    if stock._inlinelimit > 1:  # a branch the fast path does not write
        return "Whoosh's default codec inlines postings in the term table"
    return _WriterCodec(stock)


# -- the writer ---------------------------------------------------------------


class _WriterCodec(W3Codec):
    """The writer's codec: stock segments, our per-document writer.

    Never pickled: ``new_segment`` gives a ``W3Segment`` holding the stock codec,
    and that is what the table of contents stores.
    """

    def __init__(self, stock: W3Codec) -> None:
        super().__init__(
            blocklimit=stock._blocklimit,
            compression=stock._compression,
            inlinelimit=stock._inlinelimit,
        )
        self._stock = stock

    def new_segment(self, storage: Any, indexname: str) -> Any:
        return self._stock.new_segment(storage, indexname)

    def per_document_writer(self, storage: Any, segment: Any) -> _LengthKeepingPerDocWriter:
        return _LengthKeepingPerDocWriter(self._stock, storage, segment)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return W3FieldWriter(self._stock, storage, segment)


class _LengthKeepingPerDocWriter(W3PerDocWriter):
    """Whoosh's per-document writer that also keeps the length bytes it writes.

    The flush needs every posting's field length; Whoosh reads it back from
    the column file, one posting at a time.
    """

    def __init__(self, codec: W3Codec, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self._length_bytes: dict[str, bytearray] = {}

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: Any) -> None:
        super().add_field(fieldname, fieldobj, value, length)
        if length:
            column = self._length_bytes.get(fieldname)
            if column is None:
                column = self._length_bytes[fieldname] = bytearray()
            docnum = self._docnum
            if len(column) <= docnum:
                column.extend(bytes(docnum + 1 - len(column)))
            column[docnum] = length_to_byte(length)

    def cancel_doc(self) -> None:
        docnum = self._docnum
        super().cancel_doc()
        for column in self._length_bytes.values():
            if docnum is not None and len(column) > docnum:
                column[docnum] = 0

    def length_bytes(self) -> dict[str, bytes]:
        """Field -> one length byte per document (0: none), as the length columns hold them."""
        count = self._doccount
        return {
            name: bytes(column[:count]) + bytes(max(0, count - len(column)))
            for name, column in self._length_bytes.items()
        }


class _FastSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with a per-term flush."""

    def __init__(self, ix: Any, *, stock_blocks: bool = False, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.stock_blocks = stock_blocks

    def _flush_segment(self) -> None:
        perdoc = self.perdocwriter
        perdoc.close()
        with collector_paused():
            write_postings(
                self.fieldwriter,
                self.schema,
                perdoc.length_bytes(),
                _pool_terms(self.pool),
                stock_blocks=self.stock_blocks,
            )
        self.fieldwriter.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off for the flush.

    The flush allocates hundreds of thousands of short-lived lists and tuples
    and makes no reference cycles; every collection those allocations set off
    re-scans the pool's live postings, which cost a large share of the flush.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- the pool -----------------------------------------------------------------


def _pool_terms(pool: PostingPool) -> Iterator[tuple[str, Iterator[PendingTerm]]]:
    """(field, its terms in order) in field order, each term's postings in docnum order.

    Whoosh sorts every posting tuple of the pool. Postings arrive in docnum
    order, so a pool that never spilled to disk is grouped by field and term
    in one pass instead, and only the terms are sorted; each term's docnums,
    weights and values come out of one ``zip``. A pool that spilled sorted
    runs to disk is merged as Whoosh merges it, then grouped.
    """
    if pool.runs:
        yield from _group_items(pool.items())
        return
    fields = _group_by_term(pool.current)
    pool.current = []
    for fieldname in sorted(fields):
        yield fieldname, _sorted_terms(fields.pop(fieldname))


def _group_by_term(items: Iterable[Posting]) -> dict[str, dict[bytes, list[Posting]]]:
    fields: dict[str, dict[bytes, list[Posting]]] = {}
    field = None
    terms: dict[bytes, list[Posting]] = {}
    for item in items:
        if item[0] is not field:  # a document's postings come field by field
            field = item[0]
            terms = fields.setdefault(field, {})
        postings = terms.get(item[1])
        if postings is None:
            terms[item[1]] = [item]
        else:
            postings.append(item)
    return fields


def _sorted_terms(terms: dict[bytes, list[Posting]]) -> Iterator[PendingTerm]:
    for tbytes in sorted(terms):
        postings = terms[tbytes]
        if len(postings) == 1:  # most terms of a segment
            _, _, docnum, weight, vbytes = postings[0]
            yield tbytes, (docnum,), (weight,), (vbytes,)
        else:
            _, _, ids, weights, values = zip(*postings, strict=True)
            yield tbytes, *_in_docnum_order(ids, weights, values)


def _in_docnum_order(
    ids: Sequence[int], weights: Sequence[Any], values: Sequence[Any]
) -> tuple[Sequence[Any], ...]:
    """The postings as Whoosh's sort leaves them: by (docnum, weight, vbytes)."""
    if len(ids) < 2 or all(map(lt, ids, islice(ids, 1, None))):
        return ids, weights, values
    return tuple(zip(*sorted(zip(ids, weights, values, strict=True)), strict=True))


def _group_items(items: Iterable[Posting]) -> Iterator[tuple[str, Iterator[PendingTerm]]]:
    """Sorted posting tuples (merged runs) regrouped by field and term."""
    for fieldname, field_items in groupby(items, itemgetter(0)):
        yield fieldname, _group_terms(field_items)


def _group_terms(items: Iterable[Posting]) -> Iterator[PendingTerm]:
    for tbytes, term_items in groupby(items, itemgetter(1)):
        _, _, ids, weights, values = zip(*term_items, strict=True)
        yield tbytes, ids, weights, values


# -- the flush: .pst and .trm ---------------------------------------------------


def write_postings(
    fieldwriter: W3FieldWriter,
    schema: Any,
    lengths: dict[str, bytes],
    fields: Iterable[tuple[str, Iterable[PendingTerm]]],
    *,
    stock_blocks: bool = False,
) -> None:
    """Write every term's posting blocks and term-table row, as ``add_postings`` would."""
    postfile = fieldwriter._postfile
    codec = fieldwriter._codec
    encoder = _TermEncoder(codec._blocklimit, codec._compression, stock_blocks)
    table = TableWriter(fieldwriter._tindex)
    fieldmap = fieldwriter._fieldmap
    offset = postfile.tell()
    for fieldname, terms in fields:
        if fieldname not in fieldmap:
            fieldmap[fieldname] = len(fieldmap)
        prefix = FIELD_NUMBER.pack(fieldmap[fieldname])
        encoder.start_field(schema[fieldname], lengths.get(fieldname))
        for tbytes, ids, weights, values in terms:
            if type(ids) is EncodedPostings:  # blocks encoded already: only placed
                blob = ids.blob
                terminfo = ids.statistics + encoder.extent(offset, len(blob))
                postfile.write(blob)
                offset += len(blob)
                table.add(prefix + tbytes, terminfo)
                continue
            if ids[0] == -1:  # Whoosh's marker for spelling-only words: not postings
                start = bisect_right(ids, -1)
                ids, weights, values = ids[start:], weights[start:], values[start:]
                if not ids:
                    continue
            blob, terminfo = encoder.encode(offset, ids, weights, values)
            postfile.write(blob)
            offset += len(blob)
            table.add(prefix + tbytes, terminfo)
        table.flush()


class EncodedPostings:
    """A term's posting blocks as they go in the posting file, and its statistics.

    ``write_postings`` takes it in place of a term's ids (weights and values
    None): a merge that copies a list's blocks gives them ready-made.
    ``statistics``: the ``W3TermInfo`` struct, without the list's place.
    """

    __slots__ = ("blob", "statistics")

    def __init__(self, blob: bytes, statistics: bytes) -> None:
        self.blob = blob
        self.statistics = statistics


class _TermEncoder:
    """One term's postings as W3PostingsWriter writes them, and its W3TermInfo bytes."""

    def __init__(self, blocklimit: int, compression: int, stock_blocks: bool) -> None:
        self._blocklimit = blocklimit
        self._compression = compression
        self._stock_blocks = stock_blocks
        self._data_protocol = STOCK_DATA_PICKLE_PROTOCOL if stock_blocks else DATA_PICKLE_PROTOCOL
        self._fixedsize: int | None = None
        self._lengths: bytes | None = None

    def start_field(self, fieldobj: Any, lengths: bytes | None) -> None:
        self._fixedsize = fieldobj.format.fixed_value_size()
        self._lengths = lengths

    def encode(
        self, offset: int, ids: Sequence[int], weights: Sequence[Any], values: Sequence[Any]
    ) -> tuple[bytes, bytes]:
        """(the term's bytes in the posting file, its row in the term table)."""
        count = len(ids)
        if count == 1:  # most terms of a segment
            block, total_weight, min_len, max_len, max_weight = self._single(
                ids[0], weights[0], array("f", weights)[0], values[0], True
            )
            blob = MAGIC + block
        elif count <= self._blocklimit:  # nearly every other term: one block
            block, total_weight, min_len, max_len, max_weight = self._block(
                ids, weights, values, True
            )
            blob = MAGIC + block
        else:
            blob, total_weight, min_len, max_len, max_weight = self._blocks(ids, weights, values)
        info = TERM_STATS.pack(
            False, total_weight, count, min_len or 0, max_len, max_weight, ids[0], ids[-1]
        )
        return blob, info + self.extent(offset, len(blob))

    def extent(self, offset: int, length: int) -> bytes:
        """The end of a term-table row: where the term's blocks lie in the posting file."""
        return EXTENT.pack(offset, length)

    def _blocks(
        self, ids: Sequence[int], weights: Sequence[Any], values: Sequence[Any]
    ) -> _BlockStats:
        """Several blocks, their statistics combined as ``W3TermInfo.add_block`` does."""
        parts = [MAGIC]
        limit = self._blocklimit
        count = len(ids)
        total_weight: Any = 0
        min_len: int | None = None
        max_len = 0
        max_weight: Any = 0
        for start in range(0, count, limit):
            end = start + limit
            block, weight_sum, block_min, block_max, block_weight = self._block(
                ids[start:end], weights[start:end], values[start:end], end >= count
            )
            parts.append(block)
            total_weight += weight_sum
            if min_len is None:
                min_len = block_min
            elif block_min is not None:
                min_len = min(min_len, block_min)
            max_len = max(max_len, block_max)
            max_weight = max(max_weight, block_weight)
        return b"".join(parts), total_weight, min_len, max_len, max_weight

    def _block(
        self, ids: Sequence[int], weights: Sequence[Any], values: Sequence[Any], last: bool
    ) -> _BlockStats:
        """One block as ``W3PostingsWriter._write_block`` writes it, and its statistics."""
        floats = array("f", weights)
        n = len(floats)
        if n == 1:
            return self._single(ids[0], weights[0], floats[0], values[0], last)
        if floats.count(1.0) == n:
            mini_weights: Any = None
        elif floats.count(floats[0]) == n:
            mini_weights = floats[0]
        else:
            mini_weights = tuple(floats)
        data, compression = self._compress(
            dumps(
                (tuple(map(sub, ids, chain((0,), ids))), mini_weights, self._mini_values(values)),
                self._data_protocol,
            )
        )
        max_weight = max(weights)
        if not max_weight > 0:
            max_weight = 0
        lengths = self._lengths
        if lengths is None:
            min_len, max_len = None, 0
        else:
            min_len, max_len = _length_range(
                itemgetter(*ids)(lengths) if n > 1 else (lengths[ids[0]],)
            )
        info = (n, ids[-1], max_weight, compression, min_len or 0, max_len)
        return block_bytes(info, data, last), sum(floats), min_len, max_len, max_weight

    def _single(
        self, docnum: int, weight: Any, weight32: float, value: Any, last: bool
    ) -> _BlockStats:
        """``_block`` for one posting (most terms of a segment), without the bulk machinery."""
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            mini_values: Any = (value,) if value else ()
        elif fixedsize == 0:
            mini_values = None
        else:
            mini_values = value or b""
        data, compression = self._compress(
            dumps(
                ((docnum,), None if weight32 == 1.0 else weight32, mini_values), self._data_protocol
            )
        )
        max_weight = weight if weight > 0 else 0
        length = 0 if self._lengths is None else self._lengths[docnum]
        info = (1, docnum, max_weight, compression, length, length)
        return block_bytes(info, data, last), 0 + weight32, length or None, length, max_weight

    def _compress(self, data: bytes) -> tuple[bytes, int]:
        """(block data, the compression level its header records: 0 for none)."""
        level = self._compression
        if self._stock_blocks and level:
            return zlib.compress(data, level), level
        return compress(data, level)

    def _mini_values(self, values: Sequence[Any]) -> Any:
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            return tuple(filter(None, values))
        if fixedsize == 0:
            return None
        return b"".join(filter(None, values))


def _length_range(found: tuple[int, ...]) -> tuple[int | None, int]:
    """Shortest (None: no length) and longest of a block's length bytes (0: no length)."""
    shortest = min(found)
    if not shortest:
        shortest = min(filter(None, found), default=None)
    return shortest, max(found)


# -- filing documents and segments ---------------------------------------------------


def add_prepared(raw: Any, prepared: Any) -> None:
    """``SegmentWriter.add_document`` with the analysis already done (``engine.prepare``).

    The same steps as whoosh-reloaded 2.7.5's ``add_document``, in the same
    order, except that each field's postings come from ``prepared`` instead of
    ``field.index(value)``; the schema has no spelling or vector fields (the
    function refuses them rather than silently skipping them).
    """
    raw._check_state()
    fields = prepared.fields
    schema = raw.schema
    docnum = raw.docnum
    add_post = raw.pool.add
    perdocwriter = raw.perdocwriter
    docboost = raw._doc_boost(fields)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in sorted(name for name in fields if not name.startswith("_")):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            if field.separate_spelling() or field.vector:
                raise ValueError(f"field {fieldname!r}: spelling/vector fields are not prepared")
            length = 0
            if field.indexed:
                fieldboost = raw._field_boost(fields, fieldname, docboost)
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in prepared.postings[fieldname]:
                    if scorable:
                        length += freq
                    add_post((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
            custom = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, custom if field.stored else None, length)
            column = field.column_type
            if column and custom is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(custom))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    raw._added = True
    raw.docnum += 1


def seal_segment(writer: Any) -> Any:
    """Flush a writer's documents into a finished segment without committing it; return it."""
    segment = writer._finalize_segment()
    writer._finish()
    return segment


def field_totals(segment: Any) -> dict[str, int]:
    """Each field's total length in a segment (what average lengths are worked out from)."""
    return dict(getattr(segment, "_fieldlengths", {}))


def set_field_totals(segment: Any, totals: dict[str, int]) -> None:
    """Record each field's total length in a segment the writer did not fill itself."""
    segment._fieldlengths = totals
