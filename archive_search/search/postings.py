"""Posting lists as numpy arrays, cached per index snapshot: the data layer of search.

The segment format is read by ``engine.segment.reader`` (``PostingsReader``:
whole lists, block directories, single blocks, term statistics). What a term
costs to read is paid once: lists, directories and recently decoded blocks
stay in a ``TermCache`` that lives as long as the index snapshot
(``TermCache.of(snapshot)``, ``engine.snapshot``), bounded by ``CACHE_BYTES`` and
evicting the least recently used first. A commit brings a new snapshot, hence a
fresh cache: nothing is ever stale.

The exact fields' blocks carry positions, which made them nine times dearer
to decode than the stemmed fields' frequencies; through the directory,
scoring reads the few of their blocks that can change the top results, and
phrases the blocks of their candidate documents.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from archive_search.engine.segment.blocks import value
from archive_search.engine.segment.reader import (
    OVERHEAD_BYTES,
    DecodedBlock,
    Directory,
    PostingsReader,
    Unreadable,
    positions_of,
    registered,
)

if TYPE_CHECKING:
    from archive_search.engine.snapshot import Snapshot

__all__ = [
    "CACHE_BYTES",
    "DecodedBlock",
    "Directory",
    "TermCache",
    "TermPostings",
    "Unreadable",
    "distinct",
    "lookup_tf",
]

#: Memory the cached lists, directories and blocks of one snapshot may take (bytes).
CACHE_BYTES = 192 * 2**20
#: Lists with more postings than this are read but never cached (one would
#: evict everything else).
MAX_CACHED_POSTINGS = 8_000_000
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_DOCS = np.zeros(0, dtype=np.int32)
_EMPTY_TF = np.zeros(0, dtype=np.float32)


class TermPostings:
    """One term's whole list, index-wide: live document numbers (sorted) and frequencies."""

    __slots__ = ("cache", "directory", "docs", "nbytes", "tf")

    def __init__(self, docs: np.ndarray, tf: np.ndarray, directory: Directory | None) -> None:
        self.docs = docs
        self.tf = tf
        self.directory = directory
        #: Derived arrays (scores under one weighting...), counted in ``nbytes``.
        self.cache: dict[Any, Any] = {}
        self.nbytes = OVERHEAD_BYTES + docs.nbytes + tf.nbytes

    def __len__(self) -> int:
        return len(self.docs)


def _empty(fmt: Any = None) -> TermPostings:
    return TermPostings(_EMPTY_DOCS, _EMPTY_TF, Directory(fmt).freeze())


class TermCache:
    """Posting data and per-document arrays of one snapshot of the index, shared by its searches."""

    _registry: ClassVar[weakref.WeakKeyDictionary[Any, TermCache]] = weakref.WeakKeyDictionary()
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, snapshot: Snapshot) -> None:
        self.segments: PostingsReader = snapshot.postings_reader()
        self.doc_count_all: int = self.segments.doc_count_all
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._bytes = 0
        self._lock = threading.RLock()
        self._arrays: dict[Any, Any] = {}

    @classmethod
    def of(cls, snapshot: Snapshot) -> TermCache:
        """The cache of ``snapshot`` (created on first use; dies with the snapshot)."""
        return registered(cls._registry, cls._registry_lock, snapshot, lambda: cls(snapshot))

    # -- per-document arrays --------------------------------------------------------
    def array(self, key: Any, build: Any) -> Any:
        """A per-snapshot derived array (live mask, field lengths...), built once."""
        try:
            return self._arrays[key]
        except KeyError:
            value = self._arrays[key] = build()
            return value

    def live(self) -> np.ndarray | None:
        """Boolean mask of documents not deleted (None when nothing is deleted)."""
        return self.array("live", self.segments.live)

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """The one-byte encoded length of ``fieldname`` for every document (uint8)."""
        return self.array(("lengths", fieldname), lambda: self.segments.field_lengths(fieldname))

    # -- term statistics (remembered per snapshot) -----------------------------------
    def _key(self, fieldname: str, text: Any) -> tuple[str, bytes] | None:
        return self.segments.key(fieldname, text)

    def doc_frequency(self, fieldname: str, text: Any) -> int:
        """Documents holding the term, deleted ones included (as Whoosh counts for idf)."""
        return self.segments.doc_frequency(fieldname, text)

    def total_frequency(self, fieldname: str, text: Any) -> float:
        """The term's occurrences summed over every document (deleted ones included)."""
        return self.segments.total_frequency(fieldname, text)

    def contains(self, fieldname: str, text: Any) -> bool:
        """Whether the index holds the term (as ``Snapshot.has_term``)."""
        return self.segments.doc_frequency(fieldname, text) > 0

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
            found = self.segments.read(key, decode=False)[0]
            self._remember(("dir", key), found)
        return found

    def block(self, fieldname: str, text: Any, number: int, values: bool = True) -> DecodedBlock:
        """One decoded block of a term's list (recently used blocks stay cached).

        Without ``values`` the block may come without its positions and
        characters (``DecodedBlock.values`` None), which costs a fraction to decode.
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
        """(document, position) of every occurrence in ``docs``, by document then position."""
        fmt = self.segments.format(fieldname)
        if fmt is None or not fmt.supports("positions"):
            return _EMPTY_IDS, _EMPTY_IDS
        owners, encoded = self._encoded(fieldname, text, docs)
        if not owners:
            return _EMPTY_IDS, _EMPTY_IDS
        sizes, places = positions_of(fmt, encoded)
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
        directory, docs, tf = self.segments.read(key, decode=True)
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
