"""Per-document columns, opened once per index reader, and read whole as arrays when it pays.

Opening a Whoosh column reader for a variable-width column (``id``,
``near_dup``, ``month``, the stored records...) works out the offset of every
document with a Python loop (Whoosh stores offsets only past 32,768
documents): about 10 ms per 20,000 articles and column, which a one-off
command line search paid three times. ``VarBytes`` reads the same column with
the lengths as one array and their running sum from numpy. The search asks
for the same few columns on every query, so the opened readers are kept for
as long as the index reader lives (a refreshed searcher brings a new reader
and new columns).

Sorting by date, facets and the timeline over many matches read a column for
every matching document; for those, a column is read once into numpy arrays
(``dates``, ``codes``) and the per-query work becomes array indexing.
"""

from __future__ import annotations

import pickle
import weakref
import zlib
from array import array as _array
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

import numpy as np

from archive_search.engine.segment.fallback import warn_fallback
from archive_search.engine.segment.filemap import mapped

_CACHE: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _cache(reader: Any) -> dict[Any, Any]:
    try:
        return _CACHE.setdefault(reader, {})
    except TypeError:  # not weakly referenceable: no cache
        return {}


def column(reader: Any, fieldname: str, *, translate: bool = True) -> Any | None:
    """The column reader of ``fieldname`` (None when the index has no such column).

    Indexed by index-wide document number; variable-width bytes columns come
    from ``VarBytes`` (raw bytes, or the field's value with ``translate``).
    """
    cached = _cache(reader)
    key = (fieldname, translate)
    if key not in cached:
        if fieldname not in reader.schema or not reader.has_column(fieldname):
            cached[key] = None
        else:
            cached[key] = _fast_column(reader, fieldname, translate) or reader.column_reader(
                fieldname, translate=translate
            )
    return cached[key]


def stored(reader: Any) -> Any | None:
    """Each document's stored fields (a dict), or None where they cannot be read directly."""
    cached = _cache(reader)
    if "stored" not in cached:
        cached["stored"] = _Columns.of(reader, "_stored", _unpickle_compressed)
    return cached["stored"]


def _fast_column(reader: Any, fieldname: str, translate: bool) -> Any | None:
    from whoosh.columns import VarBytesColumn

    field = reader.schema[fieldname]
    if type(field.column_type) is not VarBytesColumn:
        return None
    return _Columns.of(reader, fieldname, field.from_column_value if translate else None)


def _unpickle_compressed(raw: bytes) -> Any:
    return pickle.loads(zlib.decompress(raw)) if raw else None


class _Columns:
    """One variable-width column over every segment, by index-wide document number."""

    def __init__(
        self, parts: list[VarBytes | None], starts: list[int], decode: Callable[[bytes], Any] | None
    ) -> None:
        self._parts = parts
        self._starts = starts
        self._decode = decode
        self._single = parts[0] if len(parts) == 1 and starts == [0] else None

    @classmethod
    def of(
        cls, reader: Any, fieldname: str, decode: Callable[[bytes], Any] | None
    ) -> _Columns | None:
        parts: list[VarBytes | None] = []
        starts: list[int] = []
        for leaf, offset in _leaves(reader):
            try:
                perdoc = leaf._perdoc
                present = perdoc.has_column(fieldname)
                parts.append(VarBytes.open(perdoc, fieldname) if present else None)
            except (AttributeError, OSError, ValueError, TypeError) as exc:
                warn_fallback("column reader", f"{type(exc).__name__}: {exc}")
                return None  # another codec: use Whoosh's readers
            starts.append(offset)
        return cls(parts, starts, decode)

    def __getitem__(self, docnum: int) -> Any:
        part = self._single
        if part is None:
            segment = bisect_right(self._starts, docnum) - 1
            part = self._parts[segment]
            docnum -= self._starts[segment]
        raw = part[docnum] if part is not None else b""
        return self._decode(raw) if self._decode is not None else raw


class VarBytes:
    """One segment's variable-width bytes column, read as Whoosh's ``VarBytesColumn`` wrote it.

    The data of every document, then the lengths array, then (past Whoosh's
    cutoff) the offsets array, then their type codes (``X`` last when the
    offsets are there); arrays are big-endian, of the writing machine's sizes.
    """

    __slots__ = ("_basepos", "_dbfile", "lengths", "offsets")

    def __init__(self, dbfile: Any, basepos: int, length: int, doccount: int) -> None:
        self._dbfile = dbfile
        self._basepos = basepos
        last = basepos + length - 1
        code = chr(dbfile.get_byte(last))
        offsets = None
        if code == "X":
            code = chr(dbfile.get_byte(last - 2))
            offsets_code = chr(dbfile.get_byte(last - 1))
            last -= 2 + doccount * _array(offsets_code).itemsize
            offsets = _read_array(dbfile, last, offsets_code, doccount)
        size = _array(code).itemsize
        start = last - size * doccount
        self.lengths = _read_array(dbfile, start, code, doccount)
        if offsets is None:
            offsets = np.zeros(doccount, dtype=np.int64)
            np.cumsum(self.lengths[:-1], out=offsets[1:])
        self.offsets = offsets
        if doccount and (start < basepos or int((offsets + self.lengths).max()) > start - basepos):
            raise ValueError("a damaged column: its values run past its lengths")

    @classmethod
    def open(cls, perdoc: Any, fieldname: str) -> VarBytes:
        """The column of a segment's per-document reader (Whoosh's ``W3PerDocReader``)."""
        files = perdoc._colfiles
        if fieldname not in files:
            files[fieldname] = perdoc._get_column_file(fieldname)
        dbfile, basepos, length = files[fieldname]
        return cls(mapped(dbfile), basepos, length, perdoc._doccount)

    def __getitem__(self, docnum: int) -> bytes:
        length = int(self.lengths[docnum])
        if not length:
            return b""
        return self._dbfile.get(self._basepos + int(self.offsets[docnum]), length)


def _read_array(dbfile: Any, position: int, typecode: str, count: int) -> np.ndarray:
    """A big-endian array written by Whoosh's ``write_array``, as int64."""
    kind = "i" if typecode.islower() else "u"
    dtype = np.dtype(f">{kind}{_array(typecode).itemsize}")
    raw = dbfile.get(position, count * dtype.itemsize) if count and position >= 0 else b""
    if len(raw) != count * dtype.itemsize:
        raise ValueError("a damaged column: an array is cut short")
    return np.frombuffer(raw, dtype=dtype).astype(np.int64)


def array(reader: Any, key: str, build: Any) -> Any:
    """A per-reader array derived from columns, built once by ``build()``."""
    cached = _cache(reader)
    if key not in cached:
        cached[key] = build()
    return cached[key]


def worth_reading(reader: Any, fieldname: str, lookups: int, relative_cost: float) -> bool:
    """Whether a session's lookups of a column have now paid for reading it whole.

    Ski rental: each search records the per-document lookups it is about to
    make; once their total reaches the cost of reading every document's value
    (``relative_cost``: one value read whole, against one lookup), the column
    is read whole and every later search uses it. A one-off search (a command
    line call) never pays for a column of a million documents; a long session
    pays at most twice what the best choice in hindsight would have cost.
    """
    cached = _cache(reader)
    key = ("lookups", fieldname)
    spent = cached.get(key, 0) + lookups
    cached[key] = spent
    return spent >= relative_cost * reader.doc_count_all()


def has_codes(reader: Any, fieldname: str) -> bool:
    """Whether ``codes`` of the column are already read (then using them is free)."""
    return ("codes", fieldname) in _cache(reader)


def codes(reader: Any, fieldname: str) -> tuple[np.ndarray, list[bytes]]:
    """Each document's value of a bytes column as a number, and the values by number.

    Read once per reader: ``values[codes[docnum]]`` is the document's raw value
    (``b""`` when it has none).
    """
    cached = _cache(reader)
    key = ("codes", fieldname)
    if key not in cached:
        cached[key] = _read_codes(reader, fieldname)
    return cached[key]


def dates(reader: Any) -> tuple[np.ndarray, np.ndarray]:
    """(dated mask, sortable publication time) of every document, read once per reader.

    The column is fixed-width, so this is one read and one array conversion;
    an undated article holds the column's default (the largest value).
    """
    return numbers(reader, "published")


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    return list(reader.leaf_readers())


def _read_codes(reader: Any, fieldname: str) -> tuple[np.ndarray, list[bytes]]:
    index: dict[bytes, int] = {b"": 0}
    parts: list[np.ndarray] = []
    for leaf, _ in _leaves(reader):
        count = leaf.doc_count_all()
        if fieldname not in leaf.schema or not leaf.has_column(fieldname):
            parts.append(np.zeros(count, dtype=np.int32))
            continue
        try:
            raw: Any = VarBytes.open(leaf._perdoc, fieldname)
        except (AttributeError, OSError, ValueError, TypeError) as exc:
            warn_fallback("column reader", f"{type(exc).__name__}: {exc}")
            raw = leaf.column_reader(fieldname, translate=False)
        parts.append(_leaf_codes(raw, count, index))
    names = list(index)
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)), names


#: Values up to this many bytes are numbered with array operations, longer ones one by one.
_ARRAY_WIDTH = 48
#: Documents numbered per array operation (bounds the memory of one step).
_CHUNK = 16_384


def _leaf_codes(raw: Any, count: int, index: dict[bytes, int]) -> np.ndarray:
    """Number one segment's values of a variable-width bytes column, extending ``index``.

    The column's data is read once; values are cut from it as rows of a byte
    matrix (their length as last byte) and numbered with ``np.unique``, a
    chunk of documents at a time, so that a million documents take a fraction
    of a second rather than a Python step each.
    """
    lengths = getattr(raw, "lengths", getattr(raw, "_lengths", None))
    offsets = getattr(raw, "offsets", getattr(raw, "_offsets", None))
    if lengths is None or offsets is None or not hasattr(raw, "_basepos"):
        values = [raw[i] or b"" for i in range(count)]
        return np.fromiter((index.setdefault(v, len(index)) for v in values), np.int32, count)
    lengths = np.asarray(lengths, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    total = int(offsets[-1] + lengths[-1]) if len(lengths) else 0
    data = raw._dbfile.get(raw._basepos, total) if total else b""
    blob = np.frombuffer(data, dtype=np.uint8) if total else np.zeros(1, dtype=np.uint8)
    out = np.zeros(count, dtype=np.int32)
    stored = len(lengths)
    width = min(int(lengths.max()) if stored else 0, _ARRAY_WIDTH)
    columns = np.arange(width)
    for start in range(0, stored, _CHUNK):
        size = lengths[start : start + _CHUNK]
        size = np.where(size > width, 0, size)  # long values: numbered below
        base = offsets[start : start + _CHUNK]
        inside = columns < size[:, None]
        rows = np.zeros((len(size), width + 1), dtype=np.uint8)
        rows[:, :width] = np.where(inside, blob[np.where(inside, base[:, None] + columns, 0)], 0)
        rows[:, width] = size
        first, inverse = distinct_rows(rows)
        numbers = []
        for row in rows[first]:
            value = row.tobytes()
            numbers.append(index.setdefault(value[: value[-1]], len(index)))
        out[start : start + len(size)] = np.asarray(numbers, dtype=np.int32)[inverse]
    for doc in np.flatnonzero(lengths > width).tolist():  # too long for the matrix
        value = data[offsets[doc] : offsets[doc] + lengths[doc]]
        out[doc] = index.setdefault(value, len(index))
    return out


#: Odd multiplier of the row hash (the 64-bit golden ratio): each step is a bijection.
_HASH_STEP = np.uint64(0x9E3779B97F4A7C15)


def distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of one row of each distinct value, each row's value number) of a byte matrix.

    ``np.unique`` over rows sorts them as raw bytes, comparison by comparison:
    most of the time of numbering a column of a million documents. Here each
    row is hashed to 64 bits with array arithmetic and the hashes are sorted;
    every row is then checked against its group's representative, and on a
    collision the rows are numbered the slow, sure way.
    """
    count, width = rows.shape
    words = np.zeros((count, -(-width // 8) * 8), dtype=np.uint8)
    words[:, :width] = rows
    columns = words.view(np.uint64)
    hashes = columns[:, 0].copy()
    for column in range(1, columns.shape[1]):
        hashes *= _HASH_STEP
        hashes ^= columns[:, column]
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if np.array_equal(rows[first][inverse], rows):
        return first, inverse
    keys = np.ascontiguousarray(rows).view(np.dtype((np.void, width))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def numbers(reader: Any, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
    """(has a value, value) of a numeric column for every document, read once per reader."""
    cached = _cache(reader)
    key = ("numbers", fieldname)
    if key not in cached:
        cached[key] = _read_numbers(reader, fieldname)
    return cached[key]


def _read_numbers(reader: Any, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
    present: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for leaf, _ in _leaves(reader):
        count = leaf.doc_count_all()
        if fieldname not in leaf.schema or not leaf.has_column(fieldname):
            present.append(np.zeros(count, dtype=bool))
            values.append(np.zeros(count, dtype=np.int64))
            continue
        raw = leaf.column_reader(fieldname, translate=False)
        numbers, default = _numbers(raw, count)
        present.append(numbers != default)
        values.append(np.where(numbers != default, numbers, 0).astype(np.int64))
    if not values:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
    return np.concatenate(present), np.concatenate(values)


def _numbers(raw: Any, count: int) -> tuple[np.ndarray, Any]:
    """A numeric column's raw values for ``count`` documents, and its default value."""
    typecode = getattr(raw, "_typecode", None)
    stored = getattr(raw, "_count", None)
    default = getattr(raw, "_default", None)
    if typecode is None or stored is None or default is None or not hasattr(raw, "_basepos"):
        values = [int(raw[i]) for i in range(count)]
        return np.array(values, dtype=object if values else np.int64), default
    fixed = np.dtype(">" + typecode)
    data = raw._dbfile.get(raw._basepos, stored * fixed.itemsize) if stored else b""
    numbers = np.frombuffer(data, dtype=fixed)[:count]
    if len(numbers) < count:
        numbers = np.concatenate([numbers, np.full(count - len(numbers), default, dtype=fixed)])
    return numbers, default


# -- column files as the merger copies them --------------------------------------------
def copy_form(column: Any) -> Any | None:
    """The column type whose bytes a column file holds (None: a wrapping it cannot copy).

    Pickled values are bytes of the column they wrap; compressed values are
    copied as the compressed bytes they are (a variable-length column).
    """
    from whoosh import columns as wcolumns

    while isinstance(column, wcolumns.PickleColumn):
        column = column._child
    if isinstance(column, wcolumns.CompressedBytesColumn):
        return wcolumns.VarBytesColumn()
    if isinstance(column, wcolumns.WrappedColumn):
        return None
    return column


def var_bytes_raw(reader: Any) -> tuple[list[int], bytes]:
    """(each document's value length, every value's bytes joined) of a ``VarBytesColumn`` reader."""
    lengths = reader._lengths
    return lengths.tolist(), reader._dbfile.get(0, sum(lengths))
