#!/usr/bin/env python3
"""The distributed rebuild against a local rebuild with as many worker processes, in one run.

On the Reuters archive (``scripts/corpus_reuters.py --scale N``, x5 = 95k
articles by default), cut into ``--parts`` JSON Lines files (a share never
splits a file, so one file would be one task), this measures:

- a local rebuild (``rebuild_index``, ``--workers N``) and a rebuild on a
  LocalCluster of N process workers (``--dask local:N``), one after the
  other on the same files; the ratio is the distributed overhead (goal 1.3x),
  with and without the cluster's start-up;
- bytes moved per article (shares out, metadata and segment files back);
- the coordinator's merge time as a share of the whole;
- what ``docs/scaling.md`` builds its cost model on: parse and build seconds
  per article on the workers, merge seconds per article, index bytes per
  article, and the parse cost of HTML pages (``data/``) next to JSON Lines.

Usage::

    python scripts/bench_dask.py [--scale 5] [--parts 32] [--workers 2] [--json FILE]
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
    args = parser.parse_args(argv)

    from archive_search.indexing.distributed import DaskStats, build_on_dask, open_cluster
    from archive_search.indexing.rebuild import rebuild_index

    parts = make_parts(args.out, args.scale, args.records, args.parts)
    figures: dict[str, Any] = {"scale": args.scale, "parts": args.parts, "workers": args.workers}

    local_index = args.out / "index-local"
    started = time.monotonic()
    local = rebuild_index(local_index, [parts], workers=args.workers)
    figures["local_seconds"] = time.monotonic() - started
    figures["articles"] = local.count("new")

    stats = DaskStats()
    dask_index = args.out / "index-dask"
    started = time.monotonic()
    with open_cluster(f"local:{args.workers}") as client:
        figures["cluster_start_seconds"] = time.monotonic() - started
        built = time.monotonic()

        def builder(store: Any) -> Any:
            return build_on_dask(client, store, [parts], stats=stats)

        remote = rebuild_index(dask_index, [parts], builder=builder)
        figures["dask_build_seconds"] = time.monotonic() - built
    figures["dask_seconds"] = time.monotonic() - started
    if remote.outcomes != local.outcomes:
        print(f"MISMATCH: local {dict(local.outcomes)} vs dask {dict(remote.outcomes)}")
        return 1
    figures |= derived(figures, stats, dask_index)
    figures["html_parse_seconds_per_page"] = html_parse_cost()
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(local_index, ignore_errors=True)
    shutil.rmtree(dask_index, ignore_errors=True)
    return 0


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
        shown = f"{value:,.6g}" if isinstance(value, float) else f"{value:,}"
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    sys.exit(main())
