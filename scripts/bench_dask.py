#!/usr/bin/env python3
"""The distributed rebuild against a local rebuild with as many worker processes, in one run.

On the Reuters archive (``scripts/corpus_reuters.py --scale N``, x5 = 95k
articles by default), cut into ``--parts`` JSON Lines files (``--parts 1``: one
file, which the Dask rebuild cuts into byte ranges), this measures:

- a local rebuild (``rebuild_index``, ``--workers N``) and a rebuild on a
  LocalCluster of N process workers (``--dask local:N``), one after the
  other on the same files; the ratio is the distributed overhead (goal 1.3x),
  with and without the cluster's start-up;
- bytes moved per article (shares out, metadata and segment files back);
- the coordinator's commit time as a share of the whole (``merge_seconds``: the
  shares' segments are committed as they are, merged only past
  ``config.DASK_SEGMENTS_PER_WORKER`` per worker; ``segments_after_merge``);
- what ``docs/scaling.md`` builds its cost model on: parse and build seconds
  per article on the workers, merge seconds per article, index bytes per
  article, and the parse cost of HTML pages (``data/``) next to JSON Lines;
- ``--repeat N``: both rebuilds N times, alternately, keeping each one's best
  (a shared machine's busy spells then hit both alike);
- ``--compare-unsplit``: the Dask rebuild again with no file cut into ranges;
- ``--merge-study``: the coordinator's merge of one segment per share against
  one per worker (workers merging their own segments first), build CPU included.

Usage::

    python scripts/bench_dask.py [--scale 5] [--parts 32] [--workers 2] [--json FILE]
                                 [--repeat N] [--compare-unsplit] [--merge-study]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "bench-out" / "dask"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5, help="Reuters scale-up (default 5)")
    parser.add_argument("--records", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--parts", type=int, default=32, help="JSON Lines files to cut it into")
    parser.add_argument("--workers", type=int, default=2, help="worker processes, both runs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="work folder")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run both rebuilds N times, alternately; keep the best",
    )
    parser.add_argument(
        "--merge-study",
        action="store_true",
        help="also: the coordinator's merge of per-share segments against per-worker ones",
    )
    parser.add_argument(
        "--compare-unsplit",
        action="store_true",
        help="also: the Dask rebuild with JSON Lines files never cut into byte ranges",
    )
    args = parser.parse_args(argv)

    from archive_search.indexing.distributed import DaskStats, build_on_dask, open_cluster
    from archive_search.indexing.rebuild import rebuild_index

    parts = make_parts(args.out, args.scale, args.records, args.parts)
    figures: dict[str, Any] = {"scale": args.scale, "parts": args.parts, "workers": args.workers}

    local_index = args.out / "index-local"
    dask_index = args.out / "index-dask"
    for _ in range(args.repeat):  # alternately, so a busy spell of the machine hits both
        started = time.monotonic()
        local = rebuild_index(local_index, [parts], workers=args.workers)
        keep_min(figures, "local_seconds", time.monotonic() - started)
        figures["articles"] = local.count("new")

        stats = DaskStats()
        started = time.monotonic()
        with open_cluster(f"local:{args.workers}") as client:
            keep_min(figures, "cluster_start_seconds", time.monotonic() - started)
            built = time.monotonic()

            def builder(store: Any, client: Any = client, stats: Any = stats) -> Any:
                return build_on_dask(client, store, [parts], stats=stats)

            remote = rebuild_index(dask_index, [parts], builder=builder)
            keep_min(figures, "dask_build_seconds", time.monotonic() - built)
        keep_min(figures, "dask_seconds", time.monotonic() - started)
    if remote.outcomes != local.outcomes:
        print(f"MISMATCH: local {dict(local.outcomes)} vs dask {dict(remote.outcomes)}")
        return 1
    figures |= derived(figures, stats, dask_index)
    figures["html_parse_seconds_per_page"] = html_parse_cost()
    if args.compare_unsplit:
        figures |= unsplit_run(parts, args.out, args.workers, figures["dask_build_seconds"])
    if args.merge_study:
        figures |= merge_study(parts, args.out, stats.shares, args.workers)
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(local_index, ignore_errors=True)
    shutil.rmtree(dask_index, ignore_errors=True)
    return 0


def keep_min(figures: dict[str, Any], key: str, value: float) -> None:
    figures[key] = min(value, figures.get(key, value))


def make_parts(out: Path, scale: int, records: int, parts: int) -> Path:
    """The Reuters archive as ``parts`` JSON Lines files (made once, then reused)."""
    folder = out / f"reuters-x{scale}-{records or 'all'}-in-{parts}"
    if folder.is_dir():
        return folder
    out.mkdir(parents=True, exist_ok=True)
    whole = out / f"reuters-x{scale}.jsonl"
    if not whole.exists():
        script = REPO / "scripts" / "corpus_reuters.py"
        cmd = [sys.executable, str(script), "--out", str(whole), "--scale", str(scale)]
        subprocess.run(cmd, check=True)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    if records:
        lines = lines[:records]
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    size = -(-len(lines) // parts)
    for n in range(parts):
        chunk = lines[n * size : (n + 1) * size]
        (staging / f"part-{n:04d}.jsonl").write_text("".join(chunk), encoding="utf-8")
    staging.rename(folder)
    return folder


def derived(figures: dict[str, Any], stats: Any, index: Path) -> dict[str, Any]:
    articles = max(1, figures["articles"])
    index_bytes = sum(p.stat().st_size for p in index.iterdir() if p.is_file())
    return {
        "overhead": figures["dask_seconds"] / figures["local_seconds"],
        "overhead_without_cluster_start": figures["dask_build_seconds"] / figures["local_seconds"],
        "shares": stats.shares,
        "bytes_moved_per_article": stats.bytes_moved / articles,
        "bytes_to_workers_per_article": stats.bytes_to_workers / articles,
        "bytes_metadata_per_article": stats.bytes_metadata / articles,
        "bytes_segments_per_article": stats.bytes_segments / articles,
        "bytes_between_workers_per_article": stats.bytes_between_workers / articles,
        "merge_seconds": stats.merge_seconds,
        "merge_share_of_whole": stats.merge_seconds / figures["dask_seconds"],
        "merge_seconds_per_article": stats.merge_seconds / articles,
        "parse_seconds_per_article": stats.parse_seconds / articles,
        "build_seconds_per_article": stats.build_seconds / articles,
        "segments_before_merge": stats.segments_before_merge,
        "segments_after_merge": stats.segments_after_merge,
        "index_bytes_per_article": index_bytes / articles,
    }


def unsplit_run(parts: Path, out: Path, workers: int, split_seconds: float) -> dict[str, Any]:
    """The Dask rebuild again with no file cut into byte ranges (as before ranges existed)."""
    from archive_search.indexing import dask_tasks
    from archive_search.indexing.distributed import DaskStats, build_on_dask, open_cluster
    from archive_search.indexing.rebuild import rebuild_index

    index = out / "index-dask-unsplit"
    saved, dask_tasks.MIN_SPAN_BYTES = dask_tasks.MIN_SPAN_BYTES, 1 << 62
    try:
        with open_cluster(f"local:{workers}") as client:
            stats = DaskStats()
            started = time.monotonic()

            def builder(store: Any) -> Any:
                return build_on_dask(client, store, [parts], stats=stats)

            rebuild_index(index, [parts], builder=builder)
            seconds = time.monotonic() - started
    finally:
        dask_tasks.MIN_SPAN_BYTES = saved
        shutil.rmtree(index, ignore_errors=True)
    return {
        "unsplit_dask_build_seconds": seconds,
        "unsplit_shares": stats.shares,
        "split_over_unsplit": split_seconds / seconds,
    }


def merge_study(parts: Path, out: Path, shares: int, workers: int) -> dict[str, Any]:
    """Workers merging their own segments first, against the coordinator merging them all.

    The same (deduplicated) articles are written as ``shares`` segments (one
    per share, as the run did) and as ``workers`` segments (each worker's
    shares merged on the worker, as one build would), twice each, interleaved
    so the machine's load hits both alike; then each set is merged into one
    index (``commit_segments``, the coordinator's step). CPU seconds of this
    process: build (summed over groups, i.e. workers' CPU) and merge.
    """
    from archive_search.article import Article
    from archive_search.engine.builders import write_segments
    from archive_search.engine.store import INDEX_NAME, IndexStore

    seen: set[str] = set()
    articles = []
    for path in sorted(parts.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = Article.from_json(line)
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
    work = out / "merge-study"
    totals: dict[str, list[float]] = {}
    for run, groups in enumerate([shares, workers, shares, workers]):
        shutil.rmtree(work, ignore_errors=True)
        store = IndexStore.create(work / "index")
        size = -(-len(articles) // groups)
        segments = []
        started = time.process_time()
        for n in range(groups):
            folder = work / f"group-{n}"
            chunk = ((a, str(parts)) for a in articles[n * size : (n + 1) * size])
            for segment, names in write_segments(folder, chunk, INDEX_NAME):
                for name in names:
                    (folder / name).rename(work / "index" / name)
                segments.append(segment)
        built = time.process_time() - started
        started = time.process_time()
        store.commit_segments(segments)
        merged = time.process_time() - started
        store.close()
        key = "per_share" if run % 2 == 0 else "per_worker"
        totals.setdefault(f"{key}_build_cpu", []).append(built)
        totals.setdefault(f"{key}_merge_cpu", []).append(merged)
    shutil.rmtree(work, ignore_errors=True)
    best = {key: min(values) for key, values in totals.items()}
    return {
        "study_segments_per_share_vs_per_worker": f"{shares} vs {workers}",
        **{f"study_{key}_seconds": value for key, value in best.items()},
        "study_merge_cpu_ratio_per_worker_over_per_share": best["per_worker_merge_cpu"]
        / best["per_share_merge_cpu"],
        "study_build_plus_merge_ratio": (
            best["per_worker_build_cpu"] / workers + best["per_worker_merge_cpu"]
        )
        / (best["per_share_build_cpu"] / workers + best["per_share_merge_cpu"]),
    }


def html_parse_cost() -> float:
    """Seconds to parse one page of ``data/`` (HTML and text dumps), in this process."""
    from archive_search.ingest import parse_path
    from archive_search.ingest.reading import iter_source_files

    files = list(iter_source_files([REPO / "data"]))
    for path in files[:3]:  # warm the parsers' caches and models
        list(parse_path(path))
    started = time.process_time()
    for path in files:
        list(parse_path(path))
    return (time.process_time() - started) / max(1, len(files))


def print_figures(figures: dict[str, Any]) -> None:
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        shown = (
            f"{value:,.6g}"
            if isinstance(value, float)
            else f"{value:,}"
            if isinstance(value, int)
            else value
        )
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    sys.exit(main())
