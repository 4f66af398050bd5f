"""Posting lists as numpy arrays, cached in the long-lived searcher: the data layer of search.

Whoosh walks posting lists one posting at a time through Python calls, which
made matching four fifths of a warm search (field notes). This module reads
the posting file's blocks itself (``whoosh-reloaded`` 2.7.5 ``W3`` codec: per
block of up to 128 postings, a length, a pickled block-info tuple and a
pickled, compressed ``(delta ids, weights, values)`` tuple) in two ways:

* ``TermCache.get``: a whole list as numpy arrays, index-wide document
  numbers and term frequencies, for matching and scoring as array operations;
* ``TermCache.directory``: only the block headers (last document, highest
  frequency, shortest field length of each block), which say where any one
  block lies and how much any of its documents can score. The exact fields'
  blocks carry positions, which made them nine times dearer to decode than
  the stemmed fields' frequencies; through the directory, scoring reads the
  few of their blocks that can change the top results, and phrases the
  blocks of their candidate documents.

The positions are the dear part because Whoosh pickles each posting's value
as a call of ``_codecs.encode``. Ids and weights come first in a block's
pickle: what needs no positions (whole lists, frequencies) has the pickle cut
where the values start (``_ids_and_weights``), a sixth of the cost; blocks
read for positions call ``slice`` instead of the encoder (``value`` encodes
the few a phrase takes), half the cost. Segment files are read through memory
maps (``filemap``) and terms looked up in the term tables directly
(``termtable``).

What a term costs to read is paid once: lists, directories and recently
decoded blocks stay in a cache that lives as long as the index reader
(``TermCache.of(reader)``), bounded by ``CACHE_BYTES`` and evicting the least
recently used first. A refreshed searcher brings a new reader, hence a fresh
cache: nothing is ever stale.

Private attributes of the codec are read here and only here; if any is
missing (another codec), ``Unreadable`` is raised and callers fall back to
Whoosh's own matchers.
"""

from __future__ import annotations

import io
import pickle
import re
import struct
import threading
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any, ClassVar

import numpy as np
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

from archive_search.search.filemap import mapped
from archive_search.search.termtable import TermTable

#: Memory the cached lists, directories and blocks of one index reader may take (bytes).
CACHE_BYTES = 192 * 2**20
#: Lists with more postings than this are read but never cached (one would
#: evict everything else).
MAX_CACHED_POSTINGS = 8_000_000
#: Term lookups remembered per reader before the memo starts over.
MAX_TERM_INFOS = 200_000
#: Bytes counted for one cached item beyond its arrays (Python objects).
_OVERHEAD = 1024

_BLOCK_LENGTH = struct.Struct("!i")
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
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_DOCS = np.zeros(0, dtype=np.int32)
_EMPTY_TF = np.zeros(0, dtype=np.float32)


class Unreadable(Exception):
    """The index is not in the format this module reads directly."""


@lru_cache(maxsize=1)
def _magic() -> bytes:
    try:
        from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
    except ImportError:  # pragma: no cover - another Whoosh
        raise Unreadable from None
    return bytes(WHOOSH3_HEADER_MAGIC)


# -- blocks ------------------------------------------------------------------------------
class Block:
    """One decoded block: index-wide document numbers, frequencies, encoded values."""

    __slots__ = ("ids", "nbytes", "tf", "values")

    def __init__(self, ids: np.ndarray, tf: np.ndarray, values: Any) -> None:
        self.ids = ids
        self.tf = tf
        self.values = values
        self.nbytes = _OVERHEAD + ids.nbytes + tf.nbytes + (len(values) * 64 if values else 0)


class Directory:
    """Where each block of one term's postings lies, and the most any of its postings holds.

    ``maxids`` (index-wide, increasing) locate the block of a document;
    ``maxweight`` and ``minlength`` (Whoosh's one-byte length) bound the score
    of every posting in a block.
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
        self.nbytes = _OVERHEAD
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

    def read(self, number: int, values: bool = True) -> Block:
        """Decode one block; without ``values`` (positions...), only its ids and weights."""
        _, count, _, _, offset, length, compressed, file_number, doc_offset = self.rows[number]
        if number in self.inline:
            ids, weights, encoded = self.inline[number]
            return Block(
                np.asarray(ids, dtype=np.int64) + doc_offset,
                np.asarray(weights, dtype=np.float32),
                tuple(encoded),
            )
        raw = self.files[file_number].get(offset, length)
        if not values and self.variable:
            deltas, weights = _ids_and_weights(raw, compressed, count)
            encoded = None
        else:
            if compressed:
                raw = zlib.decompress(raw)
            deltas, weights, encoded = self._unpickle(raw, count)
        ids = np.fromiter(accumulate(deltas), dtype=np.int64, count=len(deltas)) + doc_offset
        return Block(ids, _weights(weights, len(ids)), self._values(encoded, len(ids)))

    def _unpickle(self, data: bytes, count: int) -> tuple[Any, Any, Any]:
        """A block's ``(ids, weights, values)``, variable-size values left as ``slice`` objects.

        Each such value is pickled as a call of ``_codecs.encode``, which makes
        most of the cost of decoding a block of positions; ``value`` encodes
        only the values a caller takes.
        """
        if self.variable:
            start = _values_start(data, count)
            # the values: a tuple (after a MARK, unless it holds 1 to 3) of such calls
            for at in (start + 1, start) if start > 0 else ():
                if data.startswith(_ENCODE_GLOBAL, at):
                    cheap = data[:at] + _SLICE_GLOBAL + data[at + len(_ENCODE_GLOBAL) :]
                    return pickle.loads(cheap)
        return pickle.loads(data)

    def _values(self, values: Any, count: int) -> Any:
        fixed = self.fixed
        if fixed is None or fixed < 0:
            return values
        if not fixed or values is None:
            return None
        return tuple(values[i * fixed : (i + 1) * fixed] for i in range(count))


def value(encoded: Any) -> bytes:
    """One posting's value as Whoosh encoded it, from a block's ``values``."""
    if isinstance(encoded, slice):
        return encoded.start.encode("latin-1")
    return encoded


def _ids_and_weights(raw: bytes, compressed: bool, count: int) -> tuple[Any, Any]:
    """A block's delta-coded ids and its weights, without unpickling its values.

    Variable-size values (positions, characters) come last in the block's
    pickle and cost most of its decoding: the pickle is cut where they start,
    and only as much of the block is decompressed as ids and weights can take.
    """
    head = zlib.decompressobj().decompress(raw, 14 * count + 16) if compressed else raw
    at = _values_start(head, count)
    if at > 0:
        ids, weights, _ = pickle.loads(head[:at] + b"N\x87.")
        if len(ids) == count and (not isinstance(weights, tuple) or len(weights) == count):
            return ids, weights
    ids, weights, _ = pickle.loads(zlib.decompress(raw) if compressed else raw)
    return ids, weights


def _values_start(data: bytes, count: int) -> int:
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


def _weights(weights: Any, count: int) -> np.ndarray:
    if weights is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(weights, float | int):
        return np.full(count, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)


class TermPostings:
    """One term's whole list, index-wide: live document numbers (sorted) and frequencies."""

    __slots__ = ("cache", "directory", "docs", "nbytes", "tf")

    def __init__(self, docs: np.ndarray, tf: np.ndarray, directory: Directory | None) -> None:
        self.docs = docs
        self.tf = tf
        self.directory = directory
        #: Derived arrays (scores under one weighting...), counted in ``nbytes``.
        self.cache: dict[Any, Any] = {}
        self.nbytes = _OVERHEAD + docs.nbytes + tf.nbytes

    def __len__(self) -> int:
        return len(self.docs)


def _empty(fmt: Any = None) -> TermPostings:
    return TermPostings(_EMPTY_DOCS, _EMPTY_TF, Directory(fmt).freeze())


# -- the cache -----------------------------------------------------------------------------
class TermCache:
    """Posting data and per-document arrays of one index reader, shared by its searches."""

    _registry: ClassVar[weakref.WeakKeyDictionary[Any, TermCache]] = weakref.WeakKeyDictionary()
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, reader: Any) -> None:
        self._reader = weakref.ref(reader)
        self.doc_count_all: int = reader.doc_count_all()
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._bytes = 0
        self._lock = threading.RLock()
        self._arrays: dict[Any, Any] = {}
        self._infos: dict[tuple[str, bytes], tuple[tuple[int, Any], ...]] = {}
        self._tables: dict[int, TermTable | None] = {}
        self._keys: dict[tuple[str, Any], tuple[str, bytes] | None] = {}

    @property
    def _leaves(self) -> list[tuple[Any, int]]:
        """(segment reader, first document number) of each segment.

        Asked of the reader each time rather than kept: a single-segment
        reader is its own leaf, and a strong reference to it here would keep
        the reader, and this cache, alive after the searcher moves on.
        """
        reader = self._reader()
        if reader is None:
            raise Unreadable
        return list(reader.leaf_readers())

    @classmethod
    def of(cls, reader: Any) -> TermCache:
        """The cache of ``reader`` (created on first use; dies with the reader)."""
        cache = cls._registry.get(reader)
        if cache is None:
            with cls._registry_lock:
                cache = cls._registry.get(reader)
                if cache is None:
                    cache = cls._registry[reader] = cls(reader)
        return cache

    # -- per-document arrays --------------------------------------------------------
    def array(self, key: Any, build: Any) -> Any:
        """A per-reader derived array (live mask, field lengths...), built once."""
        try:
            return self._arrays[key]
        except KeyError:
            value = self._arrays[key] = build()
            return value

    def live(self) -> np.ndarray | None:
        """Boolean mask of documents not deleted (None when nothing is deleted)."""
        return self.array("live", self._build_live)

    def _build_live(self) -> np.ndarray | None:
        if not any(leaf.has_deletions() for leaf, _ in self._leaves):
            return None
        mask = np.ones(self.doc_count_all, dtype=bool)
        for leaf, offset in self._leaves:
            deleted = np.fromiter(_deleted(leaf), dtype=np.int64)
            mask[deleted + offset] = False
        return mask

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """The one-byte encoded length of ``fieldname`` for every document (uint8)."""
        return self.array(("lengths", fieldname), lambda: self._read_lengths(fieldname))

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        parts = [
            np.frombuffer(_length_bytes(leaf, fieldname), dtype=np.uint8)
            for leaf, _ in self._leaves
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)

    # -- term statistics -------------------------------------------------------------
    def _key(self, fieldname: str, text: Any) -> tuple[str, bytes] | None:
        """(field, term bytes) of a term, None for a field without terms (remembered)."""
        try:
            return self._keys[fieldname, text]
        except KeyError:
            pass
        reader = self._reader()
        if reader is None:
            raise Unreadable
        key: tuple[str, bytes] | None
        if fieldname not in self._fields(reader):
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

    def _fields(self, reader: Any) -> frozenset[str]:
        """Schema fields that hold at least one term (a lede-less archive has no lede terms).

        A term lookup in a field the index never filled is answered without
        touching the term table.
        """
        fields = self._arrays.get("fields")
        if fields is None:
            try:
                indexed = set(reader.indexed_field_names())
            except Exception:  # a reader that cannot tell: every schema field
                indexed = set(reader.schema.names())
            fields = self._arrays["fields"] = frozenset(
                name for name in reader.schema.names() if name in indexed
            )
        return fields

    def _term_infos(self, key: tuple[str, bytes]) -> tuple[tuple[int, Any], ...]:
        """(segment number, term info) of each segment holding the term, remembered.

        A query asks about the same terms several times (does it exist, its
        document frequency, its postings), and a session about the same words
        again. Lookups read the term tables directly (``termtable``) where
        they can, else through Whoosh.
        """
        infos = self._infos.get(key)
        if infos is None:
            found = []
            for number, (leaf, _) in enumerate(self._leaves):
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
        table = tables[number]
        if table is not None:
            try:
                return table.get(*key)
            except (struct.error, IndexError, ValueError):  # unexpected layout: ask Whoosh
                tables[number] = None
        terms = getattr(leaf, "_terms", None)
        if terms is None or not hasattr(terms, "term_info"):
            raise Unreadable
        try:
            return terms.term_info(*key)
        except (TermNotFound, KeyError):
            return None

    def doc_frequency(self, fieldname: str, text: Any) -> int:
        """Documents holding the term, deleted ones included (as Whoosh counts for idf)."""
        key = self._key(fieldname, text)
        if key is None:
            return 0
        try:
            return sum(info.doc_frequency() for _, info in self._term_infos(key))
        except Unreadable:
            reader = self._reader()
            return reader.doc_frequency(*key) if reader is not None else 0

    def total_frequency(self, fieldname: str, text: Any) -> float:
        """The term's occurrences summed over every document (deleted ones included)."""
        key = self._key(fieldname, text)
        if key is None:
            return 0.0
        try:
            return float(sum(info.weight() for _, info in self._term_infos(key)))
        except Unreadable:
            reader = self._reader()
            return float(reader.frequency(*key)) if reader is not None else 0.0

    def contains(self, fieldname: str, text: Any) -> bool:
        """Whether the index holds the term (``(fieldname, text) in reader``)."""
        return self.doc_frequency(fieldname, text) > 0

    def format(self, fieldname: str) -> Any:
        reader = self._reader()
        if reader is None or fieldname not in reader.schema:
            return None
        return reader.schema[fieldname].format

    # -- cached items ------------------------------------------------------------------
    def _cached(self, key: Any) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def _remember(self, key: Any, item: Any) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = item
            self._bytes += item.nbytes
            self._evict()

    def grew(self, item: Any, nbytes: int) -> None:
        """Account for a derived array stored on a cached item."""
        with self._lock:
            item.nbytes += nbytes
            self._bytes += nbytes
            self._evict()

    def _evict(self) -> None:
        while self._bytes > CACHE_BYTES and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self._bytes -= old.nbytes

    # -- directories and blocks --------------------------------------------------------
    def directory(self, fieldname: str, text: Any) -> Directory:
        """The block directory of a term (headers only: no block is decoded)."""
        key = self._key(fieldname, text)
        if key is None:
            return Directory(None).freeze()
        found = self._cached(("dir", key))
        if found is None:
            full = self._cached(("list", key))
            if full is not None and full.directory is not None:
                return full.directory
            found = self._walk(key, decode=False)[0]
            self._remember(("dir", key), found)
        return found

    def block(self, fieldname: str, text: Any, number: int, values: bool = True) -> Block:
        """One decoded block of a term's list (recently used blocks stay cached).

        Without ``values`` the block may come without its positions and
        characters (``Block.values`` None), which costs a fraction to decode.
        """
        key = self._key(fieldname, text)
        if key is None:
            raise KeyError(fieldname)
        found = self._cached(("block", key, number))
        if found is None and not values:
            found = self._cached(("ids", key, number))
            if found is None:
                found = self.directory(fieldname, text).read(number, values=False)
                self._remember(("ids", key, number), found)
        if found is None:
            found = self.directory(fieldname, text).read(number)
            self._remember(("block", key, number), found)
        return found

    def frequencies(self, fieldname: str, text: Any, docs: np.ndarray) -> np.ndarray:
        """The term's frequency in each of ``docs`` (sorted), 0 where absent."""
        out = np.zeros(len(docs), dtype=np.float64)
        if not len(docs):
            return out
        full = self._cached(("list", self._key(fieldname, text)))
        if full is not None:
            return lookup_tf(full.docs, full.tf, docs)
        directory = self.directory(fieldname, text)
        if not len(directory):
            return out
        blocks = directory.locate(docs)
        for number in distinct(blocks).tolist():
            if number >= len(directory):
                continue
            block = self.block(fieldname, text, number, values=False)
            at = np.flatnonzero(blocks == number)
            out[at] = lookup_tf(block.ids, block.tf, docs[at])
        live = self.live()
        if live is not None:
            out[~live[docs]] = 0.0
        return out

    def values(self, fieldname: str, text: Any, docs: Sequence[int] | np.ndarray) -> dict[int, Any]:
        """The encoded value (positions, characters) of the term in each of ``docs``."""
        owners, encoded = self._encoded(fieldname, text, docs)
        return {doc: value(v) for doc, v in zip(owners, encoded, strict=True)}

    def _encoded(
        self, fieldname: str, text: Any, docs: Sequence[int] | np.ndarray
    ) -> tuple[list[int], list[Any]]:
        """(documents holding the term among ``docs``, in order; their values as blocks keep them)."""
        wanted = distinct(np.asarray(docs, dtype=np.int64))
        live = self.live()
        if live is not None and len(wanted):
            wanted = wanted[live[wanted]]
        directory = self.directory(fieldname, text)
        owners: list[int] = []
        encoded: list[Any] = []
        if not len(directory) or not len(wanted):
            return owners, encoded
        blocks = directory.locate(wanted)
        for number in distinct(blocks).tolist():
            if number >= len(directory):
                continue
            block = self.block(fieldname, text, number)
            if block.values is None:
                continue
            targets = wanted[blocks == number]
            index = np.searchsorted(block.ids, targets)
            index[index >= len(block.ids)] = 0
            hit = block.ids[index] == targets
            owners += targets[hit].tolist()
            values = block.values
            encoded += [values[i] for i in index[hit].tolist()]
        return owners, encoded

    def positions(
        self, fieldname: str, text: Any, docs: Sequence[int] | np.ndarray
    ) -> dict[int, list[int]]:
        """Word positions of every occurrence, for each of ``docs``."""
        found, places = self.position_arrays(fieldname, text, docs)
        if not len(found):
            return {}
        cuts = np.flatnonzero(found[1:] != found[:-1]) + 1
        starts = [0, *cuts.tolist()]
        ends = [*cuts.tolist(), len(found)]
        doc_list, place_list = found.tolist(), places.tolist()
        return {doc_list[a]: place_list[a:b] for a, b in zip(starts, ends, strict=True)}

    def position_arrays(
        self, fieldname: str, text: Any, docs: Sequence[int] | np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(document, position) of every occurrence in ``docs``, by document then position.

        Whoosh encodes each posting's positions as their count and a pickled
        list of deltas; the lists of all the postings asked for are unpickled
        in one call (their pickles joined into the pickle of one tuple) and
        the deltas summed with array operations.
        """
        fmt = self.format(fieldname)
        if fmt is None or not fmt.supports("positions"):
            return _EMPTY_IDS, _EMPTY_IDS
        owners, encoded = self._encoded(fieldname, text, docs)
        if not owners:
            return _EMPTY_IDS, _EMPTY_IDS
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
        else:
            decode = fmt.decoder("positions")
            lists = [decode(value(v)) for v in encoded]
            sizes = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            places = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(sizes.sum()))
        return np.repeat(np.asarray(owners, dtype=np.int64), sizes), places

    # -- whole lists -------------------------------------------------------------------
    def cached_list(self, fieldname: str, text: Any) -> bool:
        """Whether the term's whole list is in the cache (reading it again is free)."""
        key = self._key(fieldname, text)
        return key is not None and ("list", key) in self._items

    def get(self, fieldname: str, text: Any) -> TermPostings:
        """A term's whole list (empty when absent); cached by most recent use."""
        key = self._key(fieldname, text)
        if key is None:
            return _empty()
        found = self._cached(("list", key))
        if found is not None:
            return found
        directory, docs, tf = self._walk(key, decode=True)
        live = self.live()
        if live is not None and len(docs):
            keep = live[docs]
            if not keep.all():
                docs, tf = docs[keep], tf[keep]
        postings = TermPostings(docs.astype(np.int32), tf, directory)
        postings.nbytes += directory.nbytes
        if len(postings) <= MAX_CACHED_POSTINGS:
            self._remember(("list", key), postings)
        return postings

    def _walk(
        self, key: tuple[str, bytes], decode: bool
    ) -> tuple[Directory, np.ndarray, np.ndarray]:
        """Read a term's block headers (and, with ``decode``, every block's ids and weights)."""
        directory = Directory(self.format(key[0]))
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        leaves = self._leaves
        for number, info in self._term_infos(key):
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


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an array (``np.unique`` without its extras).

    ``np.unique`` imports ``numpy.ma`` on first use (a twentieth of a second),
    which a one-off command line search should not pay.
    """
    if len(values) < 2:
        return np.asarray(values)
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def lookup_tf(ids: np.ndarray, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """tf of each of ``docs`` in a sorted id array, 0.0 where absent."""
    out = np.zeros(len(docs), dtype=np.float64)
    if not len(ids):
        return out
    index = np.searchsorted(ids, docs)
    index[index >= len(ids)] = 0
    hit = ids[index] == docs
    out[hit] = tf[index[hit]]
    return out


def _read_segment(
    leaf: Any, info: Any, directory: Directory, doc_offset: int, decode: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Walk one segment's posting blocks for a term, recording each in ``directory``."""
    try:
        postfile = mapped(leaf._terms._postfile)
        start, length = info._offset, info._length
    except AttributeError:
        raise Unreadable from None
    if isinstance(length, tuple):  # the codec stores the unpacked 1-tuple
        length = length[0]
    data = postfile.get(start, length)
    if data[:4] != _magic():
        raise Unreadable
    stream = io.BytesIO(data)
    pos = 4
    deltas: list[int] = []
    weights: list[float] = []
    sizes: list[int] = []
    loads = pickle.loads
    heads_only = directory.variable
    while pos < length:
        (size,) = _BLOCK_LENGTH.unpack_from(data, pos)
        end = pos + 4 + abs(size)
        stream.seek(pos + 4)
        block_info = pickle.load(stream)
        datapos = stream.tell()
        directory.add(block_info, (start + datapos, end - datapos), postfile, doc_offset)
        if decode:
            count, compression = block_info[0], block_info[3]
            raw = data[datapos:end]
            if heads_only:  # values are never needed here
                ids, ws = _ids_and_weights(raw, compression, count)
            else:
                ids, ws = loads(zlib.decompress(raw) if compression else raw)[:2]
            deltas.extend(ids)
            if ws is None:
                weights.extend([1.0] * count)
            elif isinstance(ws, float | int):
                weights.extend([float(ws)] * count)
            else:
                weights.extend(ws)
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
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN

        perdoc = reader._perdoc
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        raw = column._dbfile.get(column._basepos, column._count) if column is not None else b""
    except (AttributeError, ImportError):
        raise Unreadable from None
    missing = reader.doc_count_all() - len(raw)
    return bytes(raw) + bytes(max(0, missing))
