"""The timeline: matching articles per month, or per year, decade... over longer spans.

Read from the ``month`` column (``YYYY-MM``) of the matching documents only
(``facets.column_counts``: one ``bincount`` over many matches);
counting a string column was eight times faster than Whoosh's
``DateRangeFacet`` (docs/performance.md). Empty periods between the first and the
last match are kept, so a chart shows the gaps when a story went quiet.

Because the gaps are kept, the number of periods follows the span of the
dates, not the number of matches: one article dated in year 1 and one in 9999
would make 9,999 yearly bars. No timeline has more than
``config.MAX_TIMELINE_BUCKETS``; a span that needs more is counted in the next
coarser unit that fits (year, decade, century, millennium), and a timeline
whose asked-for unit was coarsened says which unit was asked for.

A relative timeline divides by the archive's own articles per period (an
archive that grows tenfold over the years makes any raw count grow with it);
``aligned_timelines`` puts several queries on the same periods to compare them.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from archive_search import config, errors
from archive_search.config import TIMELINE_UNITS
from archive_search.engine.snapshot import Snapshot
from archive_search.search.facets import column_counts
from archive_search.search.results import Timeline, TimelineBucket

#: Length of each unit in months, finest first.
UNIT_MONTHS: dict[str, int] = {
    "month": 1,
    "year": 12,
    "decade": 120,
    "century": 1200,
    "millennium": 12000,
}
#: What a timeline may be asked for: a unit, or "auto" to let the span decide.
GRANULARITIES: tuple[str, ...] = ("auto", *TIMELINE_UNITS)
#: With "auto", spans longer than this many months are counted per year (or coarser).
MAX_MONTHLY_BUCKETS = 36


def build_timeline(
    snapshot: Snapshot,
    docnums: Sequence[int] | np.ndarray,
    granularity: str = "auto",
    max_buckets: int | None = None,
    *,
    relative: bool = False,
) -> Timeline:
    """Matching articles per period, from the first to the last matching month.

    ``granularity`` is "auto" or a unit of ``TIMELINE_UNITS``; a unit that would
    make more than ``max_buckets`` periods (default ``config.MAX_TIMELINE_BUCKETS``)
    is coarsened, and the timeline's ``requested`` names the unit asked for.
    With ``relative``, each bucket also holds the number of all the archive's
    articles in its period, so that a chart can show the share that matched.
    """
    return aligned_timelines(snapshot, [docnums], granularity, max_buckets, relative=relative)[0]


def aligned_timelines(
    snapshot: Snapshot,
    doc_sets: Sequence[Sequence[int] | np.ndarray],
    granularity: str = "auto",
    max_buckets: int | None = None,
    *,
    relative: bool = False,
) -> list[Timeline]:
    """One timeline per set of documents, all over the same periods (to compare queries).

    The periods run from the first to the last month any set matches; the
    unit is chosen for that common span as ``build_timeline`` chooses it.
    """
    wanted = timeline_granularity(granularity)
    limit = config.MAX_TIMELINE_BUCKETS if max_buckets is None else max_buckets
    months: list[Counter[int]] = []
    undated: list[int] = []
    for docnums in doc_sets:
        docs = np.asarray(docnums, dtype=np.int64)
        counted = _month_counts(snapshot, docs)
        months.append(counted)
        undated.append(len(docs) - sum(counted.values()))
    dated = [m for counted in months for m in counted]
    if not dated:
        unit = "month" if wanted == "auto" else wanted
        return [Timeline(unit, (), n, relative=relative) for n in undated]
    first, last = min(dated), max(dated)
    unit = choose_unit(first, last, wanted, limit)
    requested = wanted if wanted not in ("auto", unit) else None
    totals = _per_unit(archive_months(snapshot), unit) if relative else None
    timelines = []
    for counted, missing in zip(months, undated, strict=True):
        counts = _per_unit(counted, unit)
        buckets = tuple(
            TimelineBucket(
                _period(i, unit),
                counts.get(i, 0),
                totals.get(i, 0) if totals is not None else None,
            )
            for i in _indexes(first, last, unit)
        )
        timelines.append(Timeline(unit, buckets, missing, requested, relative=relative))
    return timelines


def archive_months(snapshot: Snapshot) -> Counter[int]:
    """All the archive's live articles per month number (cached per snapshot)."""
    try:
        return _ARCHIVE_MONTHS[snapshot]
    except KeyError:
        pass
    except TypeError:  # a snapshot that cannot be weakly referenced
        return _month_counts(snapshot, live_documents(snapshot))
    counted = _ARCHIVE_MONTHS[snapshot] = _month_counts(snapshot, live_documents(snapshot))
    return counted


def live_documents(snapshot: Snapshot) -> np.ndarray:
    """The document numbers of the snapshot's articles, deleted ones left out."""
    return snapshot.live_documents()


_ARCHIVE_MONTHS: weakref.WeakKeyDictionary[Any, Counter[int]] = weakref.WeakKeyDictionary()


def _per_unit(months: Counter[int], unit: str) -> Counter[int]:
    size = UNIT_MONTHS[unit]
    counts: Counter[int] = Counter()
    for month, count in months.items():
        counts[month // size] += count
    return counts


def _indexes(first: int, last: int, unit: str) -> range:
    size = UNIT_MONTHS[unit]
    return range(first // size, last // size + 1)


def timeline_granularity(value: bool | str) -> str:
    """The granularity a request asks for (``True``: "auto"); a UsageError if unknown."""
    if value is True:
        return "auto"
    text = value.strip().lower() if isinstance(value, str) else ""
    if text not in GRANULARITIES:
        raise errors.bad_option(
            "--timeline-unit", f"{value!r} is not one of {', '.join(GRANULARITIES)}"
        )
    return text


def choose_unit(first: int, last: int, wanted: str, limit: int) -> str:
    """The unit to count months ``first``..``last`` in (month numbers: year * 12 + month - 1).

    The unit asked for, else (with "auto") months over short spans and years
    over longer ones; then the next coarser unit while the periods would
    number more than ``limit``. The coarsest unit is used whatever the limit.
    """
    if wanted == "auto":
        wanted = "month" if _periods(first, last, "month") <= MAX_MONTHLY_BUCKETS else "year"
    units = list(UNIT_MONTHS)
    for unit in units[units.index(wanted) :]:
        if _periods(first, last, unit) <= limit:
            return unit
    return units[-1]


def _periods(first: int, last: int, unit: str) -> int:
    size = UNIT_MONTHS[unit]
    return last // size - first // size + 1


def _month_counts(snapshot: Snapshot, docs: np.ndarray) -> Counter[int]:
    """Matching documents per month number; values that are not ``YYYY-MM`` count as undated."""
    months: Counter[int] = Counter()
    for value, count in column_counts(snapshot, "month", docs).items():
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
        number = _month_number(text)
        if number is not None:
            months[number] += count
    return months


def _month_number(text: str) -> int | None:
    year, _, month = text.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return None
    return int(year) * 12 + int(month) - 1


def _period(index: int, unit: str) -> str:
    """The label of period ``index``: ``YYYY-MM``, ``YYYY``, or ``YYYY-YYYY`` (first-last year)."""
    if unit == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    years = UNIT_MONTHS[unit] // 12
    if years == 1:
        return f"{index:04d}"
    start = index * years
    return f"{max(start, 1):04d}-{start + years - 1:04d}"
