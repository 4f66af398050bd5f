"""``Snapshot``: one consistent, read-only view of the index at one commit generation.

The search layer reads the index only through this class: counts, term
statistics, terms, posting lists, stored records and columns, each returned as
plain Python or numpy values (terms as ``str``, postings as arrays of document
numbers). Whoosh's searcher and reader stay behind it, so that the search
modules do not depend on Whoosh's API and the storage engine can change under
them. ``IndexStore.snapshot()`` hands out the process's current one; it stays
the same object until a commit makes it stale, so that whatever the search
layer derives from it (term caches, filter sets, timelines) lives exactly as
long as the data it was derived from.

The engine's own modules that run Whoosh (``engine.fallback``,
``engine.scoring``) reach the searcher with ``searcher_of``; nothing outside
the engine does (``tests/test_architecture.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

import numpy as np
from whoosh.reading import TermNotFound

from archive_search.engine.segment import columns
from archive_search.engine.segment.reader import PostingsReader
from archive_search.engine.whoosh_query import wildcard_terms

T = TypeVar("T")


class Column(Protocol):
    """A per-document column: the value (or raw bytes) of document ``docnum``."""

    def __getitem__(self, docnum: int) -> Any: ...


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


class Snapshot:
    """The index as one searcher sees it: every read the search layer makes."""

    __slots__ = ("__weakref__", "_reader", "_searcher")

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()

    # -- derived data ----------------------------------------------------------------
    def memo(self, key: Any, build: Callable[[], T]) -> T:
        """``build()``, computed once per snapshot under ``key`` (data derived from the index)."""
        return columns.array(self._reader, key, build)

    def postings_reader(self) -> PostingsReader:
        """The segment files' direct reader (``engine.segment.reader``), shared per snapshot."""
        return PostingsReader.of(self._reader)

    # -- the schema ------------------------------------------------------------------
    def has_field(self, fieldname: str) -> bool:
        """Whether the index's schema has ``fieldname`` (older indexes lack newer fields)."""
        return fieldname in self._reader.schema

    def scorable(self, fieldname: str) -> bool:
        """Whether ``fieldname`` exists and records field lengths (BM25 can score it)."""
        schema = self._reader.schema
        return fieldname in schema and bool(schema[fieldname].scorable)

    def tokens(self, fieldname: str, text: str, mode: str = "query") -> list[str]:
        """The terms ``fieldname``'s analyzer makes of ``text`` (in the current analysis language)."""
        return [t.text for t in self._reader.schema[fieldname].analyzer(text, mode=mode)]

    def words(self, fieldname: str, text: str) -> list[str]:
        """The words of ``text`` as ``fieldname``'s tokenizer cuts them, before any filter."""
        analyzer = self._reader.schema[fieldname].analyzer
        tokenizer = analyzer.items[0] if hasattr(analyzer, "items") else analyzer
        return [t.text for t in tokenizer(text, mode="query")]

    # -- counts and deletions --------------------------------------------------------
    def doc_count(self) -> int:
        """Live (not deleted) documents."""
        return int(self._reader.doc_count())

    def doc_count_all(self) -> int:
        """Every document number in use, deleted ones included (arrays are this long)."""
        return int(self._reader.doc_count_all())

    def has_deletions(self) -> bool:
        """Whether any document number belongs to a deleted document."""
        return bool(self._reader.has_deletions())

    def is_deleted(self, docnum: int) -> bool:
        """Whether document ``docnum`` is deleted."""
        return bool(self._reader.is_deleted(docnum))

    def live_documents(self) -> np.ndarray:
        """The numbers of the live documents, ascending (int64)."""
        return np.fromiter(self._reader.all_doc_ids(), dtype=np.int64)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """Documents holding the term, deleted ones included (as idf counts them)."""
        return int(self._reader.doc_frequency(fieldname, text))

    def avg_field_length(self, fieldname: str) -> float:
        """The mean length of ``fieldname`` over all documents (0 for a field without lengths)."""
        return float(self._searcher.avg_field_length(fieldname) or 0)

    # -- terms -----------------------------------------------------------------------
    def has_term(self, fieldname: str, text: str) -> bool:
        """Whether the index holds ``text`` in ``fieldname``."""
        return (fieldname, text) in self._reader

    def lexicon(self, fieldname: str) -> Iterator[str]:
        """Every term of a text or keyword field, in order."""
        return map(_text, self._reader.lexicon(fieldname))

    def expand_prefix(self, fieldname: str, prefix: str) -> Iterator[str]:
        """The terms of ``fieldname`` that start with ``prefix``, in order."""
        return map(_text, self._reader.expand_prefix(fieldname, prefix))

    def wildcard_terms(self, fieldname: str, pattern: str) -> Iterator[str]:
        """The terms of ``fieldname`` that ``pattern`` (``*`` and ``?``) matches, in order."""
        return map(_text, wildcard_terms(self._reader, fieldname, pattern))

    def terms_within(
        self, fieldname: str, text: str, maxdist: int, *, prefix: int = 0
    ) -> Iterator[str]:
        """Terms within ``maxdist`` edits of ``text`` sharing its first ``prefix`` letters."""
        return map(_text, self._reader.terms_within(fieldname, text, maxdist, prefix=prefix))

    # -- postings --------------------------------------------------------------------
    def postings(self, fieldname: str, text: str) -> np.ndarray:
        """The live documents holding the term, ascending (int64; empty when none does)."""
        try:
            ids = self._reader.postings(fieldname, text).all_ids()
        except TermNotFound:
            return np.zeros(0, dtype=np.int64)
        return np.fromiter(ids, dtype=np.int64)

    def first_document(self, fieldname: str, text: str) -> int | None:
        """The first live document holding the term (None when none does)."""
        try:
            return int(self._reader.first_id(fieldname, text))
        except TermNotFound:
            return None

    def document_number(self, **terms: str) -> int | None:
        """The live document with these unique values (``id=...``), None when there is none."""
        found = self._searcher.document_number(**terms)
        return None if found is None else int(found)

    # -- stored records --------------------------------------------------------------
    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """The stored fields of document ``docnum`` (its ``record``, the Article as JSON, ...)."""
        return dict(self._reader.stored_fields(docnum))

    def record(self, docnum: int) -> str:
        """Document ``docnum``'s Article as JSON, read from the stored column when it can be.

        Whoosh's ``stored_fields`` opens the stored column's reader, which walks
        every document's length in Python; the direct reader does not.
        """
        column = columns.stored(self._reader)
        fields = column[docnum] if column is not None else None
        return str(fields["record"] if fields else self._reader.stored_fields(docnum)["record"])

    # -- columns ---------------------------------------------------------------------
    def has_column(self, fieldname: str) -> bool:
        """Whether the index has a per-document column for ``fieldname``."""
        return fieldname in self._reader.schema and bool(self._reader.has_column(fieldname))

    def column(self, fieldname: str, *, translate: bool = True) -> Column | None:
        """The column of ``fieldname`` by document number, opened once (None without one).

        With ``translate``, values as the field holds them; without, raw bytes.
        """
        return columns.column(self._reader, fieldname, translate=translate)

    def column_codes(self, fieldname: str) -> tuple[np.ndarray, list[bytes]]:
        """(each document's value number, the raw values by number) of a bytes column.

        Read whole once per snapshot; ``values[codes[docnum]]`` is a document's
        value (``b""`` when it has none).
        """
        return columns.codes(self._reader, fieldname)

    def has_codes(self, fieldname: str) -> bool:
        """Whether ``column_codes`` of ``fieldname`` are read already (using them is free)."""
        return columns.has_codes(self._reader, fieldname)

    def worth_reading(self, fieldname: str, lookups: int, relative_cost: float) -> bool:
        """Records ``lookups`` of a column; whether reading it whole has now paid off.

        See ``engine.segment.columns.worth_reading`` (ski rental over a session).
        """
        return columns.worth_reading(self._reader, fieldname, lookups, relative_cost)

    def numbers(self, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
        """(has a value, value) of a numeric column for every document, read once."""
        return columns.numbers(self._reader, fieldname)

    def dates(self) -> tuple[np.ndarray, np.ndarray]:
        """(dated, sortable publication time) of every document, read once."""
        return columns.dates(self._reader)


def searcher_of(snapshot: Snapshot) -> Any:
    """The Whoosh searcher behind ``snapshot``: for the engine's own modules only."""
    return snapshot._searcher


def reader_of(snapshot: Snapshot) -> Any:
    """The Whoosh index reader behind ``snapshot``: for the engine's own modules only."""
    return snapshot._reader
