"""Per-document columns, opened once per index reader, and read whole as arrays when it pays.

Opening a Whoosh column reader for a variable-width column (``id``,
``near_dup``, ``month``...) reads the offsets of every document: about 10 ms
at 20,000 articles, paid again on each call. The search asks for the same few
columns on every query, so the opened readers are kept for as long as the
index reader lives (a refreshed searcher brings a new reader and new columns).

Sorting by date, facets and the timeline over many matches read a column for
every matching document; for those, a column is read once into numpy arrays
(``dates``, ``codes``) and the per-query work becomes array indexing.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

_CACHE: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _cache(reader: Any) -> dict[Any, Any]:
    try:
        return _CACHE.setdefault(reader, {})
    except TypeError:  # not weakly referenceable: no cache
        return {}


def column(reader: Any, fieldname: str, *, translate: bool = True) -> Any | None:
    """The column reader of ``fieldname`` (None when the index has no such column)."""
    cached = _cache(reader)
    key = (fieldname, translate)
    if key not in cached:
        if fieldname not in reader.schema or not reader.has_column(fieldname):
            cached[key] = None
        else:
            cached[key] = reader.column_reader(fieldname, translate=translate)
    return cached[key]


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
    lengths = getattr(raw, "_lengths", None)
    offsets = getattr(raw, "_offsets", None)
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
        keys = np.ascontiguousarray(rows).view(np.dtype((np.void, width + 1))).ravel()
        unique, inverse = np.unique(keys, return_inverse=True)
        numbers = []
        for key in unique:
            row = bytes(key)
            numbers.append(index.setdefault(row[: row[-1]], len(index)))
        out[start : start + len(size)] = np.asarray(numbers, dtype=np.int32)[inverse.ravel()]
    for doc in np.flatnonzero(lengths > width).tolist():  # too long for the matrix
        value = data[offsets[doc] : offsets[doc] + lengths[doc]]
        out[doc] = index.setdefault(value, len(index))
    return out


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
