"""Facets: how the matching articles spread over years, places, authors, sections, languages.

Counts come from per-document columns (``sortable`` fields), read only for the
matching documents and only when a facet is asked for: Whoosh's ``groupedby=``
would make the search score every match instead of the top few. Over many
matches, each column is read whole once (``columns.codes``) and counting is
one ``bincount``; until a session has looked up enough values to pay for that
(``columns.worth_reading``), matches are looked up one by one, which is
cheaper than reading a column of a million documents for a one-off search.
Values that differ only in case, diacritics or script ("Belgrade",
"belgrade"; "Jovanović", "Jovanovic") are one value, shown in its most
frequent spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from archive_search.engine.schema import AUTHOR_SEPARATOR
from archive_search.engine.snapshot import Snapshot
from archive_search.search.results import FacetCount
from archive_search.text.analysis import fold

#: Facet name -> index column it counts.
FACET_COLUMNS: dict[str, str] = {
    "year": "year",
    "place": "place",
    "author": "authors",
    "section": "section",
    "language": "language",
}
#: Values listed per facet (the most frequent first).
FACET_SIZE = 10
#: Facets listed whole: few values by nature (an archive's years and languages), and a
#: year or language left out of the list could not be chosen at all.
WHOLE_FACETS = frozenset({"year", "language"})
#: Most values of a whole facet (a guard against a damaged column, not a real limit).
WHOLE_FACET_SIZE = 500
#: Reading one document's value with the whole column, against looking it up alone.
RELATIVE_READ_COST = 0.4


def count_facets(
    snapshot: Snapshot, docnums: Sequence[int] | np.ndarray, size: int = FACET_SIZE
) -> dict[str, list[FacetCount]]:
    """The top ``size`` values of every facet among ``docnums`` (years and languages whole)."""
    docs = np.asarray(docnums, dtype=np.int64)
    return {
        name: top_counts(
            _spellings(snapshot, column, docs),
            WHOLE_FACET_SIZE if name in WHOLE_FACETS else size,
        )
        for name, column in FACET_COLUMNS.items()
    }


def top_values(values: Iterable[str], size: int) -> list[FacetCount]:
    """Count values by their folded form; name each group by its commonest spelling."""
    return top_counts(Counter(v for v in values if v), size)


def top_counts(spellings: Counter[str], size: int) -> list[FacetCount]:
    """Group counted spellings by folded form; name each group by its commonest spelling."""
    groups: dict[str, Counter[str]] = {}
    for spelling, count in spellings.items():
        if spelling:
            groups.setdefault(fold(spelling), Counter())[spelling] += count
    counts = [FacetCount(_name(variants), sum(variants.values())) for variants in groups.values()]
    counts.sort(key=lambda c: (-c.count, c.value))
    return counts[:size]


def _name(variants: Counter[str]) -> str:
    """The commonest spelling; on a tie, one not in capitals, then the first in order."""
    return min(variants.items(), key=lambda kv: (-kv[1], kv[0].isupper(), kv[0]))[0]


def column_counts(snapshot: Snapshot, column: str, docs: np.ndarray) -> Counter[bytes]:
    """How many of ``docs`` hold each raw value of a bytes column (empty values left out)."""
    if not len(docs) or not snapshot.has_field(column) or not snapshot.has_column(column):
        return Counter()
    if snapshot.has_codes(column) or snapshot.worth_reading(column, len(docs), RELATIVE_READ_COST):
        values, names = snapshot.column_codes(column)
        counts = np.bincount(values[docs], minlength=len(names))
        return Counter({names[i]: int(counts[i]) for i in np.flatnonzero(counts) if names[i]})
    raw = snapshot.column(column, translate=False)
    if raw is None:
        return Counter()
    return Counter(v for v in map(raw.__getitem__, docs.tolist()) if v)


def _spellings(snapshot: Snapshot, column: str, docs: np.ndarray) -> Counter[str]:
    out: Counter[str] = Counter()
    for raw, count in column_counts(snapshot, column, docs).items():
        text = _text(raw)
        if column == "authors":
            for name in text.split(AUTHOR_SEPARATOR):
                if name:
                    out[name] += count
        else:
            out[text] += count
    return out


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)
