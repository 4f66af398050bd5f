#!/usr/bin/env python3
"""Browsing without a query against a one-word search, on one index, in one run.

Times, interleaved so that every case meets the same machine load (warm: the
index opened once, as ``serve`` keeps it):

* ``browse all``: ``Archive.search("")``, every article newest first (a page of 10);
* ``browse all + facets/timeline``: the same with facets and the timeline, as the
  home page asks;
* ``browse filtered``: ``search("", date_from=..., date_to=...)`` (one year);
* ``word``: ``search(WORD)`` (a common word), and ``word + facets/timeline``;
* ``home page`` and ``search page``: ``GET /`` and ``GET /?q=WORD`` through the
  web app's test client (rendering included).

Prints the median and p95 of each in milliseconds, and each browse's median as a
ratio to the matching word search. Usage::

    python scripts/corpus_reuters.py --out bench-out/reuters-x5.jsonl --scale 5
    python scripts/reindex.py bench-out/reuters-x5.jsonl --index bench-out/x5
    python scripts/bench_browse.py bench-out/x5 [--word said] [--year 1987] [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_search import Archive  # noqa: E402

FULL = {"facets": True, "timeline": True}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--word", default="said", help="a common word to compare with")
    parser.add_argument("--year", default="1987", help="the year a filtered browse selects")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from archive_search.web import create_app

    with Archive(args.index) as archive, TestClient(create_app(args.index)) as client:
        cases: dict[str, Callable[[], Any]] = {
            "browse all": lambda: archive.search(""),
            "browse all + facets/timeline": lambda: archive.search("", **FULL),
            "browse filtered": lambda: archive.search("", date_from=args.year, date_to=args.year),
            "word": lambda: archive.search(args.word),
            "word + facets/timeline": lambda: archive.search(args.word, **FULL),
            "home page": lambda: _ok(client.get("/")),
            "search page": lambda: _ok(client.get("/", params={"q": args.word})),
        }
        totals = {
            "browse all": archive.search("").total,
            "browse filtered": archive.search("", date_from=args.year, date_to=args.year).total,
            "word": archive.search(args.word).total,
        }
        for run in cases.values():  # warm: caches, columns, templates
            run()
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, run in cases.items():
                started = time.perf_counter()
                run()
                times[name].append((time.perf_counter() - started) * 1000)

    print(f"index {args.index}: {len(Archive(args.index)):,} articles; {args.runs} runs each")
    print(
        f"hits: browse all {totals['browse all']:,}, browse {args.year} "
        f"{totals['browse filtered']:,}, {args.word!r} {totals['word']:,}"
    )
    print(f"{'case':32} {'p50 ms':>9} {'p95 ms':>9}")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        p95 = sorted(values)[max(0, round(0.95 * len(values)) - 1)]
        print(f"{name:32} {medians[name]:9.2f} {p95:9.2f}")
    print("ratios of medians (browse / one-word search):")
    for browse, word in (
        ("browse all", "word"),
        ("browse filtered", "word"),
        ("browse all + facets/timeline", "word + facets/timeline"),
        ("home page", "search page"),
    ):
        print(f"  {browse} / {word}: {medians[browse] / medians[word]:.2f}")
    return 0


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise SystemExit(f"the page answered {response.status_code}")
    return response


if __name__ == "__main__":
    sys.exit(main())
