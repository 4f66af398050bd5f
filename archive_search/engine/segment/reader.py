"""The format's reader: terms, posting blocks, lengths and deletions of an index reader's segments.

Whoosh walks posting lists one posting at a time through Python calls, which
made matching four fifths of a warm search. ``PostingsReader`` reads the
segment files itself, through memory maps (``filemap``) and the term tables
directly (``termtable``), in two ways:

* ``read_list``: a whole list as numpy arrays, index-wide document numbers
  and term frequencies, for matching and scoring as array operations;
* ``read_directory``: only the block headers (last document, highest
  frequency, shortest field length of each block), which say where any one
  block lies and how much any of its documents can score; ``Directory.read``
  then decodes one block.

It caches nothing dear (the search layer's ``postings.TermCache`` does) but
term lookups, shared by every user of one index reader (``PostingsReader.of``).
Where a segment is not laid out as expected (another codec), ``Unreadable`` is
raised and callers fall back to Whoosh's own matchers.
"""

from __future__ import annotations

import io
import pickle
import struct
import threading
import weakref
import zlib
from collections.abc import Callable
from itertools import accumulate, chain
from typing import Any, ClassVar, TypeVar

import numpy as np
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

from archive_search.engine.segment.blocks import ids_and_weights, unpickle, value
from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.segment.filemap import mapped
from archive_search.engine.segment.layout import (
    BLOCK_LENGTH,
    LENGTHS_COLUMN,
    MAGIC,
    Unreadable,
    expand_weights,
)
from archive_search.engine.segment.termtable import TermTable

__all__ = [
    "DecodedBlock",
    "Directory",
    "PostingsReader",
    "Unreadable",
    "index_segments",
    "positions_of",
    "registered",
]

#: Term lookups remembered per reader before the memo starts over.
MAX_TERM_INFOS = 200_000
#: Bytes counted for one cached item beyond its arrays (Python objects).
OVERHEAD_BYTES = 1024

T = TypeVar("T")

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_TF = np.zeros(0, dtype=np.float32)


class DecodedBlock:
    """One decoded block: index-wide document numbers, frequencies, encoded values."""

    __slots__ = ("ids", "nbytes", "tf", "values")

    def __init__(self, ids: np.ndarray, tf: np.ndarray, values: Any) -> None:
        self.ids = ids
        self.tf = tf
        self.values = values
        self.nbytes = OVERHEAD_BYTES + ids.nbytes + tf.nbytes + (len(values) * 64 if values else 0)


def _weight_array(weights: Any, count: int) -> np.ndarray:
    return np.asarray(expand_weights(weights, count), dtype=np.float32)


class Directory:
    """Where each block of one term's postings lies, and the most any of its postings holds.

    ``maxids`` (index-wide, increasing) locate the block of a document;
    ``maxweight`` and ``minlength`` (the one-byte length) bound the score of
    every posting in a block.
    """

    def __init__(self, fmt: Any) -> None:
        self.format = fmt
        self.fixed = fmt.fixed_value_size() if fmt is not None else 0
        #: values of varying size (positions...): the dear part of a block to decode
        self.variable = self.fixed is None or self.fixed < 0
        # per block: last id (index-wide), postings, max weight, min length byte,
        # data offset, data length, compressed, file number, segment's first doc
        self.rows: list[tuple[int, int, float, int, int, int, bool, int, int]] = []
        self.files: list[Any] = []
        self.inline: dict[int, tuple[Any, Any, Any]] = {}
        self.nbytes = OVERHEAD_BYTES
        self._arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def add(
        self, info: tuple[Any, ...], where: tuple[int, int], file: Any, doc_offset: int
    ) -> None:
        count, maxid, maxweight, compression, minlength, _ = info
        if file is not None and (not self.files or self.files[-1] is not file):
            self.files.append(file)
        number = len(self.files) - 1 if file is not None else -1
        self.rows.append(
            (maxid + doc_offset, count, maxweight, minlength, where[0], where[1],
             bool(compression), number, doc_offset)
        )  # fmt: skip

    def freeze(self) -> Directory:
        self.nbytes += len(self.rows) * 160
        return self

    def _columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(last ids, max weights, min length bytes) as arrays, made on first use."""
        if self._arrays is None:
            rows = self.rows
            self._arrays = (
                np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
                np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows)),
                np.fromiter((r[3] for r in rows), dtype=np.uint8, count=len(rows)),
            )
        return self._arrays

    @property
    def maxids(self) -> np.ndarray:
        return self._columns()[0]

    @property
    def maxweight(self) -> np.ndarray:
        return self._columns()[1]

    @property
    def minlength(self) -> np.ndarray:
        return self._columns()[2]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def postings(self) -> int:
        return sum(r[1] for r in self.rows)

    def locate(self, docs: np.ndarray) -> np.ndarray:
        """The block that would hold each of ``docs`` (``len(self)`` past the last one)."""
        return np.searchsorted(self.maxids, docs, side="left")

    def read(self, number: int, values: bool = True) -> DecodedBlock:
        """Decode one block; without ``values`` (positions...), only its ids and weights."""
        _, count, _, _, offset, length, compressed, file_number, doc_offset = self.rows[number]
        if number in self.inline:
            ids, weights, encoded = self.inline[number]
            return DecodedBlock(
                np.asarray(ids, dtype=np.int64) + doc_offset,
                np.asarray(weights, dtype=np.float32),
                tuple(encoded),
            )
        raw = self.files[file_number].get(offset, length)
        if not values and self.variable:
            deltas, weights = ids_and_weights(raw, compressed, count)
            encoded = None
        else:
            if compressed:
                raw = zlib.decompress(raw)
            deltas, weights, encoded = unpickle(raw, count, self.variable)
        ids = np.fromiter(accumulate(deltas), dtype=np.int64, count=len(deltas)) + doc_offset
        return DecodedBlock(ids, _weight_array(weights, len(ids)), self._values(encoded, len(ids)))

    def _values(self, values: Any, count: int) -> Any:
        fixed = self.fixed
        if fixed is None or fixed < 0:
            return values
        if not fixed or values is None:
            return None
        return tuple(values[i * fixed : (i + 1) * fixed] for i in range(count))


class PostingsReader:
    """The segments of one index reader, read directly: term statistics, lists, lengths."""

    _registry: ClassVar[weakref.WeakKeyDictionary[Any, PostingsReader]] = (
        weakref.WeakKeyDictionary()
    )
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def of(cls, reader: Any) -> PostingsReader:
        """The one reader of ``reader``'s segments (its term lookups are remembered and shared).

        Created on first use; dies with ``reader`` (it holds it weakly).
        """
        return registered(cls._registry, cls._registry_lock, reader, lambda: cls(reader))

    def __init__(self, reader: Any) -> None:
        self._reader = weakref.ref(reader)
        self.doc_count_all: int = reader.doc_count_all()
        self._infos: dict[tuple[str, bytes], tuple[tuple[int, Any], ...]] = {}
        self._tables: dict[int, TermTable | None] = {}
        self._keys: dict[tuple[str, Any], tuple[str, bytes] | None] = {}
        self._fields: frozenset[str] | None = None

    @property
    def leaves(self) -> list[tuple[Any, int]]:
        """(segment reader, first document number) of each segment.

        Asked of the reader each time rather than kept: a single-segment
        reader is its own leaf, and a strong reference to it here would keep
        the reader alive after the searcher moves on.
        """
        reader = self._reader()
        if reader is None:
            raise Unreadable("the index reader is closed")
        return list(reader.leaf_readers())

    # -- per-document data -----------------------------------------------------------
    def live(self) -> np.ndarray | None:
        """Boolean mask of documents not deleted (None when nothing is deleted)."""
        leaves = self.leaves
        if not any(leaf.has_deletions() for leaf, _ in leaves):
            return None
        mask = np.ones(self.doc_count_all, dtype=bool)
        for leaf, offset in leaves:
            deleted = np.fromiter(_deleted(leaf), dtype=np.int64)
            mask[deleted + offset] = False
        return mask

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """The one-byte encoded length of ``fieldname`` for every document (uint8)."""
        parts = [
            np.frombuffer(_length_bytes(leaf, fieldname), dtype=np.uint8) for leaf, _ in self.leaves
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)

    # -- terms -------------------------------------------------------------------------
    def key(self, fieldname: str, text: Any) -> tuple[str, bytes] | None:
        """(field, term bytes) of a term, None for a field without terms (remembered)."""
        try:
            return self._keys[fieldname, text]
        except KeyError:
            pass
        reader = self._reader()
        if reader is None:
            raise Unreadable("the index reader is closed")
        key: tuple[str, bytes] | None
        if fieldname not in self._indexed_fields(reader):
            key = None
        elif isinstance(text, bytes):
            key = fieldname, text
        else:
            try:
                key = fieldname, reader.schema[fieldname].to_bytes(text)
            except ValueError:  # not a value of this field (a word in a numeric field)
                key = None
        if len(self._keys) >= MAX_TERM_INFOS:
            self._keys.clear()
        self._keys[fieldname, text] = key
        return key

    def _indexed_fields(self, reader: Any) -> frozenset[str]:
        """Schema fields that hold at least one term (a lede-less archive has no lede terms).

        A term lookup in a field the index never filled is answered without
        touching the term table.
        """
        if self._fields is None:
            try:
                indexed = set(reader.indexed_field_names())
            except Exception:  # a reader that cannot tell: every schema field
                indexed = set(reader.schema.names())
            self._fields = frozenset(name for name in reader.schema.names() if name in indexed)
        return self._fields

    def term_infos(self, key: tuple[str, bytes]) -> tuple[tuple[int, Any], ...]:
        """(segment number, term info) of each segment holding the term, remembered.

        A query asks about the same terms several times (does it exist, its
        document frequency, its postings), and a session about the same words
        again.
        """
        infos = self._infos.get(key)
        if infos is None:
            found = []
            for number, (leaf, _) in enumerate(self.leaves):
                info = self._lookup(number, leaf, key)
                if info is not None:
                    found.append((number, info))
            infos = tuple(found)
            if len(self._infos) >= MAX_TERM_INFOS:
                self._infos.clear()
            self._infos[key] = infos
        return infos

    def _lookup(self, number: int, leaf: Any, key: tuple[str, bytes]) -> Any | None:
        """One segment's info of a term (None when the segment does not hold it)."""
        tables = self._tables
        if number not in tables:
            tables[number] = TermTable.of(leaf)
            if tables[number] is None:
                warn_fallback("term table reader", "a segment's term table is laid out otherwise")
        table = tables[number]
        if table is not None:
            try:
                return table.get(*key)
            except (struct.error, IndexError, ValueError) as exc:  # unexpected layout
                warn_fallback("term table reader", f"{type(exc).__name__}: {exc}")
                tables[number] = None
        terms = getattr(leaf, "_terms", None)
        if terms is None or not hasattr(terms, "term_info"):
            raise Unreadable("a segment without Whoosh 3's term reader")
        try:
            return terms.term_info(*key)
        except (TermNotFound, KeyError):
            return None

    def doc_frequency(self, fieldname: str, text: Any) -> int:
        """Documents holding the term, deleted ones included (as Whoosh counts for idf)."""
        key = self.key(fieldname, text)
        if key is None:
            return 0
        try:
            return sum(info.doc_frequency() for _, info in self.term_infos(key))
        except Unreadable:
            reader = self._reader()
            return reader.doc_frequency(*key) if reader is not None else 0

    def total_frequency(self, fieldname: str, text: Any) -> float:
        """The term's occurrences summed over every document (deleted ones included)."""
        key = self.key(fieldname, text)
        if key is None:
            return 0.0
        try:
            return float(sum(info.weight() for _, info in self.term_infos(key)))
        except Unreadable:
            reader = self._reader()
            return float(reader.frequency(*key)) if reader is not None else 0.0

    def format(self, fieldname: str) -> Any:
        """The field's posting format (what its values hold), None for an unknown field."""
        reader = self._reader()
        if reader is None or fieldname not in reader.schema:
            return None
        return reader.schema[fieldname].format

    # -- lists -------------------------------------------------------------------------
    def read(
        self, key: tuple[str, bytes], decode: bool
    ) -> tuple[Directory, np.ndarray, np.ndarray]:
        """A term's block headers and, with ``decode``, every block's ids and weights.

        Deleted documents are not dropped here (``live`` says which they are).
        """
        directory = Directory(self.format(key[0]))
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        leaves = self.leaves
        for number, info in self.term_infos(key):
            leaf, offset = leaves[number]
            if info.is_inlined():
                local, weights, values = info.inlined_postings()
                directory.inline[len(directory)] = (local, weights, values)
                block_info = (len(local), max(local), max(weights), 0, 0, 0)
                directory.add(block_info, (0, 0), None, offset)
                if decode:
                    ids.append(np.asarray(local, dtype=np.int64) + offset)
                    tfs.append(np.asarray(weights, dtype=np.float32))
                continue
            got = _read_segment(leaf, info, directory, offset, decode)
            if decode:
                ids.append(got[0])
                tfs.append(got[1])
        directory.freeze()
        if not decode or not ids:
            return directory, _EMPTY_IDS, _EMPTY_TF
        if len(ids) == 1:
            return directory, ids[0], tfs[0]
        return directory, np.concatenate(ids), np.concatenate(tfs)


def registered(registry: Any, lock: threading.Lock, key: Any, build: Callable[[], T]) -> T:
    """``registry[key]``, made by ``build()`` on first use, once however many threads ask."""
    found = registry.get(key)
    if found is None:
        with lock:
            found = registry.get(key)
            if found is None:
                found = registry[key] = build()
    return found


def positions_of(fmt: Any, encoded: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """(count per posting, every position in order) of postings' encoded values.

    Whoosh encodes each posting's positions as their count and a pickled list
    of deltas; the lists of all the postings asked for are unpickled in one
    call (their pickles joined into the pickle of one tuple) and the deltas
    summed with array operations.
    """
    # the pickles as latin-1 text, as the blocks mostly keep them (``value``)
    texts = [v.start if isinstance(v, slice) else v.decode("latin-1") for v in encoded]
    if type(fmt) is Positions and all(t[4:6] == "\x80\x02" and t.endswith(".") for t in texts):
        joined = "\x80\x02(" + "".join(t[6:-1] for t in texts) + "t."
        deltas = pickle.loads(joined.encode("latin-1"))
        sizes = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
        flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(sizes.sum()))
        places = np.cumsum(flat)
        if len(sizes) > 1:  # each posting's deltas start again from zero
            ends = np.cumsum(sizes)
            base = np.zeros(len(sizes), dtype=np.int64)
            base[1:] = places[ends[:-1] - 1]
            places -= np.repeat(base, sizes)
        return sizes, places
    decode = fmt.decoder("positions")
    lists = [decode(value(v)) for v in encoded]
    sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    places = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(sizes.sum()))
    return sizes, places


def _deleted(leaf: Any) -> Any:
    """A segment's deleted document numbers.

    Read from its per-document reader: the reader's ``deleted_docs_set`` is a
    ``cached_property`` whose first read imports ``asyncio``, a tenth of a
    command line search's time.
    """
    try:
        return leaf._perdoc.deleted_docs()
    except (AttributeError, NotImplementedError):
        return leaf.deleted_docs_set


def _read_segment(
    leaf: Any, info: Any, directory: Directory, doc_offset: int, decode: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Walk one segment's posting blocks for a term, recording each in ``directory``."""
    try:
        postfile = mapped(leaf._terms._postfile)
        start, length = info._offset, info._length
    except AttributeError as exc:
        raise Unreadable(f"a segment without Whoosh 3's posting file: {exc}") from None
    if isinstance(length, tuple):  # the codec stores the unpacked 1-tuple
        length = length[0]
    data = postfile.get(start, length)
    if data[:4] != MAGIC:
        raise Unreadable("a posting list without Whoosh 3's header")
    stream = io.BytesIO(data)
    pos = 4
    deltas: list[int] = []
    weights: list[float] = []
    sizes: list[int] = []
    loads = pickle.loads
    heads_only = directory.variable
    while pos < length:
        (size,) = BLOCK_LENGTH.unpack_from(data, pos)
        end = pos + 4 + abs(size)
        stream.seek(pos + 4)
        block_info = pickle.load(stream)
        datapos = stream.tell()
        directory.add(block_info, (start + datapos, end - datapos), postfile, doc_offset)
        if decode:
            count, compression = block_info[0], block_info[3]
            raw = data[datapos:end]
            if heads_only:  # values are never needed here
                ids, ws = ids_and_weights(raw, compression, count)
            else:
                ids, ws = loads(zlib.decompress(raw) if compression else raw)[:2]
            deltas.extend(ids)
            weights.extend(expand_weights(ws, count))
            sizes.append(count)
        pos = end
        if size < 0:
            break
    if not decode:
        return _EMPTY_IDS, _EMPTY_TF
    if len(sizes) == 1:
        local = np.fromiter(accumulate(deltas, initial=doc_offset), np.int64, len(deltas) + 1)[1:]
        return local, np.asarray(weights, dtype=np.float32)
    local = np.cumsum(np.asarray(deltas, dtype=np.int64))
    if len(sizes) > 1:  # each block's ids restart from its own first (absolute) id
        ends = np.cumsum(sizes)
        base = np.zeros(len(sizes), dtype=np.int64)
        base[1:] = local[ends[:-1] - 1]
        local -= np.repeat(base, sizes)
    return local + doc_offset, np.asarray(weights, dtype=np.float32)


def _length_bytes(reader: Any, fieldname: str) -> bytes:
    """One segment's one-byte field lengths, padded to its document count."""
    try:
        perdoc = reader._perdoc
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        raw = column._dbfile.get(column._basepos, column._count) if column is not None else b""
    except AttributeError as exc:
        raise Unreadable(f"a segment without Whoosh 3's length columns: {exc}") from None
    missing = reader.doc_count_all() - len(raw)
    return bytes(raw) + bytes(max(0, missing))


def index_segments(ix: Any) -> list[Any]:
    """The segments of an index's latest commit (its table of contents)."""
    return list(ix._segments())
