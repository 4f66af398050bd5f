#!/usr/bin/env python3
"""Export benchmark: ``search --all`` streams every match; what does it cost in memory?

Each measurement runs in a fresh process (peak memory is per process), on one
index and one query:

* ``page``: one page of 10 hits (``Archive.search``), the floor of any search;
* ``stream``: every hit through ``Archive.export``, written as JSON Lines
  to /dev/null, as ``archive-search search Q --all --format jsonl`` does;
* ``held``: every hit kept in a list before writing (what an export without
  streaming would hold), the baseline the streaming figure is measured against.

Prints hits, seconds, hits per second and peak resident memory (MiB) for each,
and the memory ratios stream/page and held/stream.

Usage::

    python scripts/corpus_reuters.py --out /tmp/reuters5.jsonl --scale 5
    archive-search --index /tmp/idx5 index /tmp/reuters5.jsonl
    python scripts/bench_export.py /tmp/idx5 --query said
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MODES = ("page", "stream", "held")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--query", default="said")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # one measurement
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(measure(args.index, args.query, args.mode)))
        return 0
    figures = {mode: run_child(args.index, args.query, mode) for mode in MODES}
    print(f"index {args.index}, query {args.query!r}")
    print(f"{'mode':<8} {'hits':>9} {'seconds':>9} {'hits/s':>9} {'peak MiB':>9}")
    for mode, f in figures.items():
        rate = f["hits"] / f["seconds"] if f["seconds"] else 0.0
        print(f"{mode:<8} {f['hits']:>9,} {f['seconds']:>9.2f} {rate:>9,.0f} {f['peak_mib']:>9.1f}")
    page, stream, held = (figures[m]["peak_mib"] for m in MODES)
    print(f"memory: stream/page {stream / page:.2f}x, held/stream {held / stream:.2f}x")
    return 0


def run_child(index: Path, query: str, mode: str) -> dict[str, float]:
    command = [sys.executable, __file__, str(index), "--query", query, "--mode", mode]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(index: Path, query: str, mode: str) -> dict[str, float]:
    from archive_search import Archive

    with Archive(index) as archive, open("/dev/null", "w", encoding="utf-8") as sink:
        archive.search("warm up the reader", limit=1)  # opening the index is not the export
        started = time.perf_counter()
        if mode == "page":
            hits = len(archive.search(query, limit=10).hits)
        elif mode == "stream":
            lines = (json.dumps(hit.to_dict(), ensure_ascii=False) for hit in archive.export(query))
            hits = sum(1 for line in lines if sink.write(line + "\n"))
        else:
            held = list(archive.export(query))
            for hit in held:
                sink.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
            hits = len(held)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"hits": hits, "seconds": seconds, "peak_mib": peak}


if __name__ == "__main__":
    raise SystemExit(main())
