"""Merging segments term by term: many small segments into one, at the cost of one flush.

A bulk build leaves one segment per builder pool (about 8,000 Reuters
articles each; ~120 at a million articles). Every query term is then looked
up, read and scored once per segment, which made per-segment work most of a
search at that size. Whoosh's own merge (``writer.add_reader``) feeds every
posting of every segment back through the posting pool one Python call at a
time, and then sorts them all: slower than building the index again.

:func:`merge_segments` writes the same documents as one new segment instead:

- per-document columns (stored fields, field lengths, sortable values) are
  copied value by value in their stored form: stored fields are neither
  unpickled nor recompressed;
- each field's term tables are walked together in term order, and each
  term's posting lists are decoded whole, their document numbers shifted by
  the documents of the segments before, and encoded again by the fast writer
  (``segment.writer.write_postings``) into full blocks, with fresh statistics.

Documents keep their order; deleted documents are dropped (as Whoosh's own
merge drops them) and the numbers close up, so the merged segment answers
every query as the segments did. Anything the merge does not cover
(compound segments, term vectors, inlined postings, another Whoosh) raises
``MergeUnsupported`` before a file is written, and callers keep the
segments as they are.

Two callers: segment builders merge what they sealed before handing it over
(``builders``), and every commit's merge policy merges size tiers that have
filled up (``merge_tiers``).
"""

from __future__ import annotations

import heapq
import logging
import math
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress, groupby
from operator import itemgetter
from typing import Any

from archive_search.engine.segment.blocks import decode_blocks, shift_blocks
from archive_search.engine.segment.columns import copy_form, var_bytes_raw
from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.segment.layout import (
    EXTENT,
    FIELD_NUMBER,
    LENGTHS_COLUMN,
    ROW_LENGTHS,
    STORED_COLUMN,
    TERM_STATS,
    Unreadable,
    decoded_lengths,
)
from archive_search.engine.segment.writer import (
    EncodedPostings,
    PendingTerm,
    collector_paused,
    fast_path_available,
    field_totals,
    set_field_totals,
    write_postings,
)

__all__ = [
    "MAX_DELETED_SHARE",
    "MAX_MERGED_COLUMN_BYTES",
    "MERGE_FACTOR",
    "SMALLEST_TIER",
    "MergeUnsupported",
    "merge_down_to",
    "merge_everything",
    "merge_groups",
    "merge_segments",
    "merge_tiers",
    "tiers_to_merge",
]

log = logging.getLogger(__name__)

#: Largest column file a merge may produce: Whoosh's variable-length columns
#: address their values with 32-bit offsets (its documentation says 2 GB).
MAX_MERGED_COLUMN_BYTES = 1 << 30
#: Segments of one size tier that ``merge_tiers`` lets accumulate before merging them.
MERGE_FACTOR = 10
#: Live documents of the smallest tier; each next tier holds segments ten times larger.
SMALLEST_TIER = 1_000
#: A segment with more than this share of deleted documents is rewritten without them.
MAX_DELETED_SHARE = 0.5

_COLUMN_EXT = ".col"
_STORED = "_stored"


class MergeUnsupported(Exception):
    """These segments cannot be merged here; they stay as they are."""


def merge_groups(storage: Any, segments: Sequence[Any]) -> list[list[Any]]:
    """The segments in runs of neighbours, each small enough to merge into one.

    Neighbours only: a merged segment must keep the documents' order.
    """
    groups: list[list[Any]] = []
    sizes: dict[str, int] = {}
    for segment in segments:
        own = _column_sizes(storage, segment)
        grown = {name: sizes.get(name, 0) + size for name, size in own.items()}
        if groups and max(grown.values(), default=0) <= MAX_MERGED_COLUMN_BYTES:
            groups[-1].append(segment)
            sizes.update(grown)
        else:
            groups.append([segment])
            sizes = dict(own)
    return groups


def merge_tiers(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh merge policy: merge each size tier that has filled up, term by term.

    Incremental runs add a segment or two per commit. Segments are grouped in
    tiers by their live documents (up to ``SMALLEST_TIER``, then tenfold
    steps); a tier holding ``MERGE_FACTOR`` segments is merged into one of the
    next tier, so an index of N articles keeps about ``MERGE_FACTOR`` x
    log10(N) segments and each article is rewritten once per tier. A segment
    that is mostly deleted documents is rewritten without them. Whoosh's own
    ``MERGE_SMALL`` runs instead where this merge cannot (``MergeUnsupported``).
    """
    from whoosh.writing import MERGE_SMALL

    groups = tiers_to_merge(segments)
    if not groups:
        return list(segments)
    merging = {id(segment) for group in groups for segment in group}
    result = [segment for segment in segments if id(segment) not in merging]
    storage, schema, name = writer.storage, writer.schema, writer.indexname
    for group in groups:
        for run in merge_groups(storage, group):
            if not any(segment.doc_count() for segment in run):
                continue  # every document deleted: nothing to keep
            try:
                result.append(merge_segments(storage, schema, name, run))
            except MergeUnsupported as exc:
                warn_fallback("segment merge", exc)
                return MERGE_SMALL(writer, segments)
            except Exception as exc:  # the segments are whole: keep them, index intact
                log.warning("segments kept unmerged: %s: %s", type(exc).__name__, exc)
                result.extend(run)
    return result


def merge_everything(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh merge policy: every segment into one, term by term, deleted articles dropped.

    One per run of ``merge_groups`` (a column past 1 GiB starts another). A
    failure is raised: the commit is then not written and the index stays as
    it was. Whoosh's ``OPTIMIZE`` runs where this merge cannot.
    """
    from whoosh.writing import OPTIMIZE

    storage, schema, name = writer.storage, writer.schema, writer.indexname
    result = []
    for run in merge_groups(storage, list(segments)):
        if len(run) == 1 and not run[0].has_deletions():
            result.append(run[0])  # already whole
        elif any(segment.doc_count() for segment in run):
            try:
                result.append(merge_segments(storage, schema, name, run))
            except MergeUnsupported as exc:
                warn_fallback("segment merge", exc)
                return OPTIMIZE(writer, segments)
    return result


def merge_down_to(limit: int) -> Any:
    """A Whoosh merge policy: at most ``limit`` segments, the smallest neighbours merged first.

    Segments committed as they are (a distributed rebuild's shares) cost every
    query term a lookup each; this bounds their number while rewriting as few
    articles as it can: the adjacent pair with the fewest documents is joined
    first, and each group is then merged once, term by term. Neighbours only,
    to keep the documents' order; a group never exceeds ``merge_groups``'s
    column limit, so the bound yields to it. A failure is raised (the commit
    is then not written); where this merge cannot run, the segments stay as
    they are (every answer is still right).
    """
    limit = max(1, limit)

    def policy(writer: Any, segments: Sequence[Any]) -> list[Any]:
        storage, schema, name = writer.storage, writer.schema, writer.indexname
        groups = bounded_groups(storage, list(segments), limit)
        result = []
        for group in groups:
            live = [segment for segment in group if segment.doc_count()]
            if len(group) == 1:
                result.append(group[0])
            elif live:
                try:
                    result.append(merge_segments(storage, schema, name, group))
                except MergeUnsupported as exc:
                    warn_fallback("segment merge", exc)
                    return list(segments)
        return result

    return policy


def bounded_groups(storage: Any, segments: Sequence[Any], limit: int) -> list[list[Any]]:
    """The segments in runs of neighbours, at most ``limit`` runs if the column limit allows.

    The two adjacent runs with the fewest documents together are joined until
    ``limit`` remain: small segments are merged, large ones left as they are.
    """
    groups = [[segment] for segment in segments]
    docs = [segment.doc_count_all() for segment in segments]
    sizes = [_column_sizes(storage, segment) for segment in segments]
    while len(groups) > limit:
        best = None
        for i in range(len(groups) - 1):
            joined = _joined_sizes(sizes[i], sizes[i + 1])
            if max(joined.values(), default=0) > MAX_MERGED_COLUMN_BYTES:
                continue
            cost = docs[i] + docs[i + 1]
            if best is None or cost < best[0]:
                best = (cost, i, joined)
        if best is None:
            break  # every join would pass the column limit
        _, i, joined = best
        groups[i : i + 2] = [groups[i] + groups[i + 1]]
        docs[i : i + 2] = [docs[i] + docs[i + 1]]
        sizes[i : i + 2] = [joined]
    return groups


def _joined_sizes(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {name: a.get(name, 0) + b.get(name, 0) for name in a.keys() | b.keys()}


def tiers_to_merge(segments: Sequence[Any]) -> list[list[Any]]:
    """The groups of segments ``merge_tiers`` merges now (in the segments' order)."""
    tiers: dict[int, list[Any]] = {}
    groups = []
    for segment in segments:
        total = segment.doc_count_all()
        live = total - segment.deleted_count()
        if total and live < total * (1 - MAX_DELETED_SHARE):
            groups.append([segment])  # mostly deleted: rewrite it alone
            continue
        tier = 0 if live <= SMALLEST_TIER else math.ceil(math.log10(live / SMALLEST_TIER))
        tiers.setdefault(tier, []).append(segment)
    groups.extend(group for _, group in sorted(tiers.items()) if len(group) >= MERGE_FACTOR)
    return groups


def merge_segments(storage: Any, schema: Any, index_name: str, segments: Sequence[Any]) -> Any:
    """Write the documents of ``segments`` (in that order) as one new segment; return it.

    The new segment's files are written in ``storage``; the sources are left
    untouched (the caller deletes them once it no longer needs them). On any
    failure the new segment's partial files are removed and the error raised.
    """
    from whoosh.codec import default_codec

    codec = default_codec()
    _check_mergeable(storage, schema, codec, segments)
    merged = codec.new_segment(storage, index_name)
    try:
        with collector_paused():
            _write(storage, schema, codec, segments, merged)
    except BaseException:
        for name in merged.list_files(storage):
            storage.delete_file(name)
        raise
    return merged


# -- what can be merged -------------------------------------------------------


def _check_mergeable(storage: Any, schema: Any, codec: Any, segments: Sequence[Any]) -> None:
    from whoosh.codec.whoosh3 import W3Codec, W3Segment

    if not fast_path_available():
        raise MergeUnsupported("the installed Whoosh is not the one the fast writer mirrors")
    if type(codec) is not W3Codec:
        raise MergeUnsupported(f"codec {type(codec).__name__}")
    if any(field.vector for _, field in schema.items()):
        raise MergeUnsupported("term vectors")
    for segment in segments:
        if type(segment) is not W3Segment or segment.is_compound():
            raise MergeUnsupported(f"segment {segment.segment_id()} is not a plain W3 segment")
        for name in _column_names(storage, segment):
            _column_for(schema, name)  # raises for a column it cannot copy
    if sum(segment.doc_count_all() for segment in segments) >= 2**31:
        raise MergeUnsupported("too many documents for one segment")


def _column_names(storage: Any, segment: Any) -> list[str]:
    prefix = segment.segment_id() + "."
    return sorted(
        name[len(prefix) : -len(_COLUMN_EXT)]
        for name in segment.list_files(storage)
        if name.endswith(_COLUMN_EXT)
    )


def _column_sizes(storage: Any, segment: Any) -> dict[str, int]:
    from whoosh.codec.whoosh3 import W3Codec

    return {
        name: storage.file_length(W3Codec.column_filename(segment, name))
        for name in _column_names(storage, segment)
    }


def _column_for(schema: Any, name: str) -> Any:
    """The column type a per-document file holds, in the form its bytes are copied.

    Stored fields are pickled and compressed values of a variable-length
    column: copied as the compressed bytes they are.
    """
    if name == _STORED:
        column = STORED_COLUMN
    elif name.startswith("_") and name.endswith("_len") and name[1:-4] in schema:
        column = LENGTHS_COLUMN
    elif name in schema and schema[name].column_type is not None:
        column = schema[name].column_type
    else:
        raise MergeUnsupported(f"column {name!r}")
    copied = copy_form(column)
    if copied is None:
        raise MergeUnsupported(f"column {name!r} of type {type(column).__name__}")
    return copied


# -- writing ------------------------------------------------------------------


class _Placement:
    """Where one source segment's documents go in the merged one; deleted documents go nowhere."""

    def __init__(self, segment: Any, offset: int) -> None:
        self.segment = segment
        self.offset = offset
        count = segment.doc_count_all()
        deleted = set(segment.deleted_docs())
        #: per source document, whether it is kept (None: every one is)
        self.keep: list[bool] | None = None
        #: per source document, its number in the merged segment (-1: dropped)
        self.numbers: list[int] | None = None
        self.kept = count - len(deleted)
        if deleted:
            self.keep = [doc not in deleted for doc in range(count)]
            next_numbers = accumulate(self.keep, initial=offset)
            self.numbers = [n if k else -1 for n, k in zip(next_numbers, self.keep, strict=False)]


def _placements(segments: Sequence[Any]) -> list[_Placement]:
    placements = []
    offset = 0
    for segment in segments:
        placement = _Placement(segment, offset)
        placements.append(placement)
        offset += placement.kept
    return placements


def _write(storage: Any, schema: Any, codec: Any, segments: Sequence[Any], merged: Any) -> None:
    from whoosh.codec.whoosh3 import W3FieldWriter

    placements = _placements(segments)
    doc_count = sum(placement.kept for placement in placements)
    lengths, dropped = _copy_columns(storage, schema, placements, doc_count, merged)
    fieldwriter = W3FieldWriter(codec, storage, merged)
    sources = [_TermSource(storage, placement) for placement in placements]
    try:
        write_postings(fieldwriter, schema, lengths, _merged_fields(sources, schema))
    finally:
        for source in sources:
            source.close()
    fieldwriter.close()
    merged.set_doc_count(doc_count)
    set_field_totals(merged, _field_totals(placements, dropped))


def _field_totals(placements: Sequence[_Placement], dropped: dict[str, int]) -> Any:
    """Each field's total length: the sources' totals less the dropped documents' lengths.

    A dropped document's length is known only as its length byte (lossy past
    a few words), so a total with documents dropped is close, not exact;
    Whoosh's own merge recounts every document from its byte.
    """
    from collections import defaultdict

    totals: defaultdict[str, int] = defaultdict(int)
    for placement in placements:
        for fieldname, total in field_totals(placement.segment).items():
            totals[fieldname] += total
    for fieldname, lost in dropped.items():
        totals[fieldname] = max(0, totals[fieldname] - lost)
    return totals


def _copy_columns(
    storage: Any,
    schema: Any,
    placements: Sequence[_Placement],
    doc_count: int,
    merged: Any,
) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every per-document column of the segments, concatenated, less dropped documents.

    Returns the length bytes (one per document and field: what the posting
    blocks' statistics need) and the lengths of the dropped documents, by field.
    """
    from whoosh.codec.whoosh3 import W3Codec

    names = sorted({name for p in placements for name in _column_names(storage, p.segment)})
    lengths: dict[str, bytes] = {}
    dropped: dict[str, int] = {}
    for name in names:
        column = _column_for(schema, name)
        out = storage.create_file(W3Codec.column_filename(merged, name))
        if column is LENGTHS_COLUMN:
            field = name[1:-4]  # "_body_len" -> "body"
            lengths[field], dropped[field] = _copy_lengths(
                storage, name, column, placements, doc_count, out
            )
        elif _bulk_copyable(column, placements):
            _copy_var_bytes(storage, name, column, placements, doc_count, out)
        else:
            _copy_values(storage, name, column, placements, doc_count, out)
        out.close()
    return lengths, dropped


def _copy_values(
    storage: Any,
    name: str,
    column: Any,
    placements: Sequence[_Placement],
    doc_count: int,
    out: Any,
) -> None:
    """Any column, value by value through its Whoosh writer, dropped documents left out."""
    writer = column.writer(out)
    for placement in placements:
        values: Iterable[Any] = _column_values(storage, placement.segment, name, column)
        if placement.keep is not None:
            values = compress(values, placement.keep)
        for docnum, value in enumerate(values, placement.offset):
            writer.add(docnum, value)
    writer.finish(doc_count)


def _copy_lengths(
    storage: Any,
    name: str,
    column: Any,
    placements: Sequence[_Placement],
    doc_count: int,
    out: Any,
) -> tuple[bytes, int]:
    """A length column (a byte per document); returns its bytes and the dropped documents' total."""
    decoded = decoded_lengths()
    kept = bytearray()
    lost = 0
    for placement in placements:
        values = list(_column_values(storage, placement.segment, name, column))
        values = values or [0] * placement.segment.doc_count_all()
        if placement.keep is not None:
            lost += sum(decoded[b] for b, k in zip(values, placement.keep, strict=True) if not k)
            values = list(compress(values, placement.keep))
        kept.extend(values)
    writer = column.writer(out)
    for docnum, value in enumerate(kept):
        writer.add(docnum, value)
    writer.finish(doc_count)
    return bytes(kept), lost


def _bulk_copyable(column: Any, placements: Sequence[_Placement]) -> bool:
    from whoosh.columns import VarBytesColumn

    return type(column) is VarBytesColumn and all(p.keep is None for p in placements)


def _copy_var_bytes(
    storage: Any,
    name: str,
    column: Any,
    placements: Sequence[_Placement],
    doc_count: int,
    out: Any,
) -> None:
    """A variable-length column of whole segments, written as ``VarBytesColumn.Writer`` would.

    The file is the values' bytes one after another, then the lengths array,
    then (past the writer's cutoff) the offsets array, then their type codes:
    each segment's values are copied in one piece and the arrays joined,
    rather than a Python call per document.
    """
    lengths = array("q")
    for placement in placements:
        reader = _column_reader(storage, placement.segment, name, column)
        if reader is None:
            lengths.extend([0] * placement.kept)  # no values
            continue
        sizes, data = var_bytes_raw(reader)
        out.write(data)
        lengths.extend(sizes)
    offsets = array("q", accumulate(lengths, initial=0))
    offsets.pop()
    length_code = _growable_typecode(max(lengths, default=0))
    out.write_array(array(length_code, lengths))
    with_offsets = column.allow_offsets and doc_count > column.write_offsets_cutoff
    if with_offsets:
        offset_code = _growable_typecode(offsets[-1] if offsets else 0)
        out.write_array(array(offset_code, offsets))
    out.write(length_code.encode("ascii"))
    if with_offsets:
        out.write(offset_code.encode("ascii") + b"X")


def _growable_typecode(largest: int) -> str:
    """The type code Whoosh's ``GrowableArray`` (longs not allowed) ends with for these numbers."""
    if largest < 2**8:
        return "B"
    if largest < 2**16:
        return "H"
    if largest < 2**31:
        return "i"
    if largest < 2**32:
        return "I"
    raise MergeUnsupported("a column too large for 32-bit offsets")


def _column_reader(storage: Any, segment: Any, name: str, column: Any) -> Any | None:
    """A reader of one segment's column over its bytes in memory (None: no such column)."""
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.filedb.structfile import BufferFile

    filename = W3Codec.column_filename(segment, name)
    if not storage.file_exists(filename):
        return None
    handle = storage.open_file(filename)
    try:
        data = handle.read()  # one column of one segment: a read per value costs far more
    finally:
        handle.close()
    return column.reader(BufferFile(data), 0, len(data), segment.doc_count_all())


def _column_values(storage: Any, segment: Any, name: str, column: Any) -> Iterator[Any]:
    """A segment's values of one column in document order (none if it has no such column)."""
    reader = _column_reader(storage, segment, name, column)
    if reader is not None:
        yield from reader


# -- postings -----------------------------------------------------------------


class _TermSource:
    """One segment's term table and posting file, read for the merge.

    The term table's rows lie in key order between its header and its hash
    tables: each field's terms are read sequentially from the field's first
    row, found with Whoosh's binary search. Posting lists are read with one
    positioned read each; nothing is mapped, so a merge holds only the
    lists it is joining.
    """

    def __init__(self, storage: Any, placement: _Placement) -> None:
        from whoosh.codec.whoosh3 import W3Codec
        from whoosh.filedb.filetables import OrderedHashReader

        segment = placement.segment
        self.offset = placement.offset
        self._numbers = placement.numbers
        terms_name = segment.make_filename(W3Codec.TERMS_EXT)
        self._search_file = storage.open_file(terms_name)
        self._table = OrderedHashReader(self._search_file, storage.file_length(terms_name))
        self._scan_file = storage.open_file(terms_name)
        self.fieldmap: dict[str, int] = self._table.extras["fieldmap"]
        self._postings = _RandomAccess(storage, segment.make_filename(W3Codec.POSTS_EXT))

    def terms(self, fieldname: str, tag: int) -> Iterator[tuple[bytes, int, bytes]]:
        """(term bytes, ``tag``, term-info bytes) of one field, in term order."""
        number = self.fieldmap.get(fieldname)
        if number is None:
            return
        prefix = FIELD_NUMBER.pack(number)
        position = self._table.closest_key_pos(prefix)
        if position is None:
            return
        end = self._table.endofdata
        read = self._scan_file.file.read
        self._scan_file.file.seek(position)
        while position < end:
            key_length, value_length = ROW_LENGTHS.unpack(read(ROW_LENGTHS.size))
            row = read(key_length + value_length)
            if row[:2] != prefix:
                return
            yield row[2:key_length], tag, row[key_length:]
            position += ROW_LENGTHS.size + key_length + value_length

    @property
    def copyable(self) -> bool:
        """Whether a term's blocks can be copied (no document of this segment is dropped)."""
        return self._numbers is None

    def copy(self, info: bytes) -> EncodedPostings:
        """One term's blocks, as they are but for the document numbers shifted by ``offset``."""
        blob = self._read(info)
        if not self.offset:
            return EncodedPostings(blob, info[: TERM_STATS.size])
        try:
            shifted = shift_blocks(blob, self.offset)
        except Unreadable as exc:
            raise MergeUnsupported(str(exc)) from exc
        return EncodedPostings(shifted, _shifted_ids(info, self.offset))

    def postings(self, info: bytes, fixedsize: int | None) -> tuple[list[int], list, list]:
        """One term's postings as ``(docnums, weights, values)``, docnums shifted by ``offset``."""
        blob = self._read(info)
        numbers = self._numbers
        offset = self.offset if numbers is None else 0
        try:
            ids, weights, values = decode_blocks(blob, offset, fixedsize)
        except Unreadable as exc:
            raise MergeUnsupported(str(exc)) from exc
        if numbers is None:
            return ids, weights, values
        kept = [i for i, doc in enumerate(ids) if numbers[doc] >= 0]
        if len(kept) == len(ids):
            return [numbers[doc] for doc in ids], weights, values
        return (
            [numbers[ids[i]] for i in kept],
            [weights[i] for i in kept],
            [values[i] for i in kept],
        )

    def _read(self, info: bytes) -> bytes:
        if info[0]:  # W3TermInfo's flags: postings inlined in the term table
            raise MergeUnsupported("inlined postings")
        start, length = EXTENT.unpack_from(info, TERM_STATS.size)
        return self._postings.read(start, length)

    def close(self) -> None:
        self._search_file.close()
        self._scan_file.close()
        self._postings.close()


class _RandomAccess:
    """Reads of a storage file at any position: ``pread`` on a folder's file, else from memory."""

    def __init__(self, storage: Any, name: str) -> None:
        folder = getattr(storage, "folder", None)
        self._fd: int | None = None
        self._data = b""
        if folder is not None:
            self._fd = os.open(os.path.join(folder, name), os.O_RDONLY)
        else:
            handle = storage.open_file(name)
            try:
                self._data = handle.read()
            finally:
                handle.close()

    def read(self, position: int, length: int) -> bytes:
        if self._fd is None:
            return self._data[position : position + length]
        return os.pread(self._fd, length, position)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _merged_fields(
    sources: Sequence[_TermSource], schema: Any
) -> Iterator[tuple[str, Iterator[PendingTerm]]]:
    """Each field's terms across the sources, in order, each with its postings joined."""
    fieldnames = sorted({name for source in sources for name in source.fieldmap})
    for fieldname in fieldnames:
        if fieldname not in schema:
            raise MergeUnsupported(f"postings of a field not in the schema: {fieldname!r}")
        yield fieldname, _merged_terms(sources, fieldname, schema[fieldname].format)


def _merged_terms(
    sources: Sequence[_TermSource], fieldname: str, fmt: Any
) -> Iterator[PendingTerm]:
    fixedsize = fmt.fixed_value_size()
    streams = [source.terms(fieldname, number) for number, source in enumerate(sources)]
    # (term, source number) order: a term's lists come in document order
    for tbytes, group in groupby(heapq.merge(*streams), itemgetter(0)):
        rows = list(group)
        if len(rows) == 1:  # most terms: in one segment only, its blocks are copied
            source = sources[rows[0][1]]
            if source.copyable:
                yield tbytes, source.copy(rows[0][2]), None, None
                continue
        ids: list[int] = []
        weights: list = []
        values: list = []
        for _, number, info in rows:
            more_ids, more_weights, more_values = sources[number].postings(info, fixedsize)
            ids += more_ids
            weights += more_weights
            values += more_values
        if ids:  # else only deleted documents had the term
            yield tbytes, ids, weights, values


def _shifted_ids(info: bytes, offset: int) -> bytes:
    """A term's statistics (``W3TermInfo``) with its first and last document ``offset`` higher."""
    flags, weight, count, minlength, maxlength, maxweight, first, last = TERM_STATS.unpack_from(
        info
    )
    return TERM_STATS.pack(
        flags, weight, count, minlength, maxlength, maxweight, first + offset, last + offset
    )
