"""Facets: how the matching articles spread over years, places, authors, sections, languages.

Counts come from per-document columns (``sortable`` fields), read only for the
matching documents and only when a facet is asked for: Whoosh's ``groupedby=``
would make the search score every match instead of the top few.
Values that differ only in case, diacritics or script ("Belgrade",
"belgrade"; "Jovanović", "Jovanovic") are one value, shown in its most
frequent spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from archive_search.index.analysis import fold
from archive_search.index.schema import AUTHOR_SEPARATOR
from archive_search.search.columns import column as cached_column
from archive_search.search.results import FacetCount

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


def count_facets(
    reader: Any, docnums: Sequence[int], size: int = FACET_SIZE
) -> dict[str, list[FacetCount]]:
    """The top ``size`` values of every facet among ``docnums``."""
    return {
        name: top_values(_values(reader, column, docnums), size)
        for name, column in FACET_COLUMNS.items()
    }


def top_values(values: Iterable[str], size: int) -> list[FacetCount]:
    """Count values by their folded form; name each group by its commonest spelling."""
    spellings: Counter[str] = Counter(v for v in values if v)
    groups: dict[str, Counter[str]] = {}
    for spelling, count in spellings.items():
        groups.setdefault(fold(spelling), Counter())[spelling] += count
    counts = [
        FacetCount(variants.most_common(1)[0][0], sum(variants.values()))
        for variants in groups.values()
    ]
    counts.sort(key=lambda c: (-c.count, c.value))
    return counts[:size]


def _values(reader: Any, column: str, docnums: Sequence[int]) -> Iterable[str]:
    values = cached_column(reader, column) if docnums else None
    if values is None:
        return []
    get = values.__getitem__
    if column == "authors":
        return (
            name for raw in map(get, docnums) if raw for name in _text(raw).split(AUTHOR_SEPARATOR)
        )
    return map(_text, map(get, docnums))


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)
