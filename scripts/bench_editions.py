#!/usr/bin/env python3
"""What linking editions costs a search: ``--editions collapse`` and ``expand`` against ``none``.

Queries are drawn from the index itself (the longest word of the titles of an even sample of
its articles), so that any archive can be measured. Each query runs in every mode, in two
settings, all in the same run so that the ratios hold on a loaded machine:

* ``fresh``: a newly opened archive per query, like one command-line call: links are worked
  out from nothing (the day's articles of other editions read and compared);
* ``warm``: one archive for every query, as a long-running server keeps it: what one reader
  has linked is remembered.

It also times ``Archive.editions(id)`` on a fresh archive (what ``show`` adds).

Usage: scripts/bench_editions.py INDEX [--queries N] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_search import Archive  # noqa: E402

MODES = ("none", "collapse", "expand")


def sample_queries(index: Path, count: int) -> tuple[list[str], list[str]]:
    """(queries, ids): the longest title word of ``count`` articles spread over the index."""
    with Archive(index) as archive:
        ids = sorted(article_id for article_id, _ in archive.store.iter_indexed())
        step = max(1, len(ids) // count)
        chosen = ids[::step][:count]
        queries = []
        for article_id in chosen:
            words = [w for w in archive.get(article_id).title.split() if w.isalpha()]
            queries.append(max(words, key=len, default="news"))
    return queries, chosen


def timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(index: Path, queries: list[str], ids: list[str], limit: int) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    for mode in MODES:
        fresh = []
        for query in queries:
            with Archive(index) as archive:
                fresh.append(
                    timed(lambda a=archive, q=query, m=mode: a.search(q, limit=limit, editions=m))
                )
        with Archive(index) as archive:
            archive.search(queries[0], limit=limit)  # open the reader once
            for query in queries:  # first pass fills the per-reader caches
                archive.search(query, limit=limit, editions=mode)
            warm = [
                timed(lambda q=query, m=mode: archive.search(q, limit=limit, editions=m))
                for query in queries
            ]
        figures[mode] = {"fresh": fresh, "warm": warm}
    shows = []
    for article_id in ids:
        with Archive(index) as archive:
            archive.get(article_id)  # what show reads anyway
            shows.append(timed(lambda a=archive, i=article_id: a.editions(i)))
    figures["editions(id)"] = {"fresh": shows}
    return figures


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(figures: dict[str, dict]) -> str:
    lines = [f"{'mode':<14} {'setting':<7} {'p50 ms':>8} {'p95 ms':>8} {'x none p50':>11}"]
    for mode, settings in figures.items():
        for setting, values in settings.items():
            base = figures["none"].get(setting)
            ratio = (
                f"{statistics.median(values) / statistics.median(base):.2f}"
                if base and mode != "editions(id)"
                else "-"
            )
            lines.append(
                f"{mode:<14} {setting:<7} {1000 * statistics.median(values):>8.1f} "
                f"{1000 * p(values, 0.95):>8.1f} {ratio:>11}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=30, help="how many queries")
    parser.add_argument("--limit", type=int, default=10, help="hits per page")
    args = parser.parse_args(argv)
    queries, ids = sample_queries(args.index, args.queries)
    with Archive(args.index) as archive:
        print(f"{len(archive)} articles in {args.index}; {len(queries)} queries, {args.limit} hits")
    print(report(measure(args.index, queries, ids, args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
