#!/usr/bin/env python3
"""Segment merge benchmark: what ``index.merging`` costs, and what it buys a search.

Copies an index of several segments (e.g. a cached ``bench.py`` build,
``bench-out/x5/ours``), merges the copy's segments with
``merging.merge_segments`` in this process (in the runs ``merge_groups``
allows) and commits the result. Prints, for the merge: CPU and wall seconds,
documents per CPU second, peak memory of this process, and the index's size
and segment count before and after. Then the same queries are answered warm
from the original and from the merged copy, alternating, with the project's
``Archive`` (top 10 with snippets): p50 and p95 for each, as a ratio.

Usage::

    python scripts/bench_merge.py INDEX [--queries bench-out/queries-200-20260101.json]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from bench_lib.engines import ENGINES  # noqa: E402
from bench_lib.queries import BenchQuery  # noqa: E402
from whoosh.index import TOC  # noqa: E402

from archive_search.engine.merging import merge_groups, merge_segments  # noqa: E402
from archive_search.engine.store import INDEX_NAME, IndexStore  # noqa: E402

DEFAULT_QUERIES = REPO / "bench-out" / "queries-200-20260101.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--keep", type=Path, help="leave the merged copy here")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the queries")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-merge-"))
    try:
        merged = args.keep or work / "merged"
        shutil.copytree(args.index, merged)
        figures = merge(merged)
        print_merge(figures)
        if args.queries.exists():
            print_search(search(args.index, merged, load_queries(args.queries), args.rounds))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def merge(folder: Path) -> dict:
    store = IndexStore.open(folder)
    ix = store._ix
    segments = ix._segments()
    before = size(folder)
    docs = sum(s.doc_count_all() for s in segments)
    cpu, wall = time.process_time(), time.perf_counter()
    result = []
    for group in merge_groups(ix.storage, segments):
        result.append(merge_segments(ix.storage, ix.schema, INDEX_NAME, group))
    TOC(ix.schema, result, ix.latest_generation() + 1).write(ix.storage, INDEX_NAME)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    for segment in segments:
        for name in segment.list_files(ix.storage):
            ix.storage.delete_file(name)
    return {
        "documents": docs,
        "segments": (len(segments), len(result)),
        "cpu_s": cpu,
        "wall_s": wall,
        "docs_per_cpu_s": docs / cpu,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size_mib": (before / 2**20, size(folder) / 2**20),
    }


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def load_queries(path: Path) -> list[BenchQuery]:
    return [BenchQuery.from_dict(q) for q in json.loads(path.read_text(encoding="utf-8"))]


def search(original: Path, merged: Path, queries: list[BenchQuery], rounds: int) -> dict:
    """Warm latencies of the same queries on both indexes, interleaved query by query.

    Each index is searched as ``bench.py`` searches ours: top 10, with snippets.
    """
    ours = ENGINES["ours"]
    sessions = {"segments": ours.open(original), "merged": ours.open(merged)}
    times: dict[str, list[float]] = {name: [] for name in sessions}
    try:
        for session in sessions.values():  # warm-up: open readers, fill caches once
            for query in queries[:20]:
                session.search(query)
        for _ in range(rounds):
            for query in queries:
                for name, session in sessions.items():
                    start = time.perf_counter()
                    session.search(query)
                    times[name].append(time.perf_counter() - start)
    finally:
        for session in sessions.values():
            session.close()
    return {name: percentiles(values) for name, values in times.items()}


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def print_merge(f: dict) -> None:
    print(f"documents             {f['documents']:,}")
    print(f"segments              {f['segments'][0]} -> {f['segments'][1]}")
    print(f"merge CPU / wall      {f['cpu_s']:.1f} s / {f['wall_s']:.1f} s")
    print(f"documents per CPU s   {f['docs_per_cpu_s']:,.0f}")
    print(f"peak RSS (process)    {f['peak_rss_mib']:.0f} MiB")
    print(f"index size            {f['size_mib'][0]:.0f} -> {f['size_mib'][1]:.0f} MiB")


def print_search(s: dict) -> None:
    (p50a, p95a), (p50b, p95b) = s["segments"], s["merged"]
    print(f"warm p50 segments / merged   {p50a:.2f} / {p50b:.2f} ms ({p50a / p50b:.2f}x)")
    print(f"warm p95 segments / merged   {p95a:.2f} / {p95b:.2f} ms ({p95a / p95b:.2f}x)")


if __name__ == "__main__":
    sys.exit(main())
