#!/usr/bin/env python3
"""``archive-search serve`` under load: HTTP latency against the library call, throughput, swaps.

Serves a copy of INDEX with ``archive-search serve`` (a separate process, on a
free loopback port) and measures, in one run:

1. latency: each query of the set through ``GET /api/search`` (one persistent
   connection) and through ``Archive.search`` in this process, alternately,
   so both meet the same machine load: p50 and p95 of each, and the gap;
2. throughput: a bounded number of requests from 1, 4 and 16 concurrent
   clients (threads, one keep-alive connection each): requests per second and
   errors (any status but 200, any failed connection);
3. the same load while ``scripts/reindex.py`` rebuilds the served copy from
   ``--swap-source`` and swaps it in: errors, requests per second, and whether
   the server answered from the new index afterwards without a restart;
4. memory: the server process's resident set size after each phase.

Usage::

    python scripts/corpus_reuters.py --out bench-out/reuters-x5.jsonl --scale 5
    archive-search --index bench-out/serve-x5 index bench-out/reuters-x5.jsonl
    python scripts/corpus_reuters.py --out bench-out/reuters-x1.jsonl
    python scripts/bench_serve.py bench-out/serve-x5 --corpus bench-out/reuters-x5.jsonl \\
        --swap-source bench-out/reuters-x1.jsonl [--queries 100] [--requests 400]

Wall times vary with machine load (2 cores shared here, and the clients share
them with the server): compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import psutil  # noqa: E402
from bench_lib.queries import BenchQuery, make_queries, read_samples  # noqa: E402

from archive_search import Archive  # noqa: E402

GOAL_P50_GAP_MS = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="the index to serve (a copy is served)")
    parser.add_argument(
        "--corpus", type=Path, required=True, help="JSON Lines the queries come from"
    )
    parser.add_argument("--swap-source", type=Path, help="rebuild from this mid-run and swap it in")
    parser.add_argument("--queries", type=int, default=100, help="queries in the set")
    parser.add_argument("--requests", type=int, default=400, help="requests per client level")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--clients", default="1,4,16", help="client counts of the load phase")
    args = parser.parse_args()

    queries = [api_params(q) for q in make_queries(read_samples(args.corpus, 5000), args.queries)]
    with tempfile.TemporaryDirectory(prefix="bench-serve-", dir=args.index.parent) as tmp:
        served = Path(tmp) / "index"
        shutil.copytree(args.index, served)
        figures = run(served, queries, args)
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def api_params(query: BenchQuery) -> dict[str, str]:
    """The query as ``/api/search`` parameters (and, the same, ``Archive.search`` options)."""
    params = {"q": query.text}
    if query.date_from:
        params["from"] = query.date_from
    if query.date_to:
        params["to"] = query.date_to
    if query.place:
        params["place"] = query.place
    if query.facets:
        params["facets"] = "1"
    if query.sort != "relevance":
        params["sort"] = query.sort
    return params


def library_options(params: dict[str, str]) -> dict[str, Any]:
    names = {"from": "date_from", "to": "date_to", "place": "place", "sort": "sort"}
    options: dict[str, Any] = {names[k]: v for k, v in params.items() if k in names}
    options["facets"] = params.get("facets") == "1"
    return options


# -- the server ----------------------------------------------------------------------
class Server:
    """``archive-search serve`` in its own process, on a free loopback port."""

    def __init__(self, index: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "archive_search", "--index", str(index), "serve",
                   "--port", str(self.port)]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        self.memory = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = get(self.connect(), {"q": "warm"})
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def rss_mib(self) -> float:
        return self.memory.memory_info().rss / 2**20

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def get(connection: http.client.HTTPConnection, params: dict[str, str]) -> tuple[int, bytes]:
    status, body, _ = timed_get(connection, "/api/search?" + urlencode(params))
    return status, body


def timed_get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    """Status, body, and the time the server says it spent in the application (ms)."""
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    timing = response.getheader("Server-Timing") or ""
    match = re.search(r"app;dur=([\d.]+)", timing)
    return response.status, body, float(match.group(1)) if match else float("nan")


# -- the phases ----------------------------------------------------------------------
def run(index: Path, queries: list[dict[str, str]], args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"queries": len(queries), "requests_per_level": args.requests}
    server = Server(index)
    try:
        figures["memory_mib"] = {"started": server.rss_mib()}
        with Archive(index, create=False) as archive:
            figures["articles"] = len(archive)
            figures["latency"] = latency(server, archive, queries)
        figures["memory_mib"]["after_latency"] = server.rss_mib()
        levels = [int(n) for n in args.clients.split(",") if n.strip()]
        figures["load"] = {str(n): load(server, queries, n, args.requests) for n in levels}
        figures["memory_mib"]["after_load"] = server.rss_mib()
        if args.swap_source:
            figures["swap"] = swap(server, index, queries, args.swap_source)
            figures["memory_mib"]["after_swap"] = server.rss_mib()
    finally:
        server.stop()
    return figures


def latency(server: Server, archive: Archive, queries: list[dict[str, str]]) -> dict[str, Any]:
    """Each query over HTTP and through the library, alternately (after a warm-up pass)."""
    connection = server.connect()
    for params in queries:  # warm both: caches, columns, the server's searcher
        get(connection, params)
        archive.search(params["q"], **library_options(params))
    http_ms, app_ms, library_ms, trip_ms, errors = [], [], [], [], 0
    for params in queries:
        started = time.perf_counter()
        status, _, in_app = timed_get(connection, "/api/search?" + urlencode(params))
        http_ms.append((time.perf_counter() - started) * 1000)
        app_ms.append(in_app)
        errors += status != 200
        started = time.perf_counter()  # the transport alone: a request that does no work
        timed_get(connection, "/static/app.js")
        trip_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        archive.search(params["q"], **library_options(params)).to_dict()
        library_ms.append((time.perf_counter() - started) * 1000)
    gaps = [h - lib for h, lib in zip(http_ms, library_ms, strict=True)]
    return {
        "http_p50_ms": percentile(http_ms, 50),
        "http_p95_ms": percentile(http_ms, 95),
        "library_p50_ms": percentile(library_ms, 50),
        "library_p95_ms": percentile(library_ms, 95),
        "app_p50_ms": percentile(app_ms, 50),
        "app_p95_ms": percentile(app_ms, 95),
        "round_trip_p50_ms": percentile(trip_ms, 50),
        "p50_gap_ms": percentile(http_ms, 50) - percentile(library_ms, 50),
        "app_p50_gap_ms": percentile(app_ms, 50) - percentile(library_ms, 50),
        "median_per_query_gap_ms": statistics.median(gaps),
        "errors": errors,
    }


def load(server: Server, queries: list[dict[str, str]], clients: int, requests: int,
         stop: threading.Event | None = None) -> dict[str, Any]:  # fmt: skip
    """``requests`` requests shared by ``clients`` threads (or, with ``stop``, until it is set)."""
    counter = iter(range(10**9))
    lock = threading.Lock()
    done = {"ok": 0, "errors": 0, "latencies": []}

    def client() -> None:
        connection = server.connect()
        while True:
            with lock:
                n = next(counter)
            if (stop is None and n >= requests) or (stop is not None and stop.is_set()):
                return
            params = queries[n % len(queries)]
            started = time.perf_counter()
            try:
                status, _ = get(connection, params)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = server.connect()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                done["ok" if status == 200 else "errors"] += 1
                done["latencies"].append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    answered = done["ok"] + done["errors"]
    return {
        "requests": answered,
        "errors": done["errors"],
        "requests_per_s": answered / wall,
        "p50_ms": percentile(done["latencies"], 50),
        "p95_ms": percentile(done["latencies"], 95),
        "seconds": wall,
    }


def swap(
    server: Server, index: Path, queries: list[dict[str, str]], source: Path
) -> dict[str, Any]:
    """Four clients keep searching while the served index is rebuilt and swapped in."""
    with Archive(index, create=False) as archive:
        before = len(archive)
    stop = threading.Event()
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(load(server, queries, 4, 0, stop)))
    thread.start()
    started = time.perf_counter()
    rebuild = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "reindex.py"), str(source), "--index", str(index),
         "--workers", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    rebuild_s = time.perf_counter() - started
    time.sleep(2)  # keep searching on the new index a little
    stop.set()
    thread.join()
    status, _ = get(server.connect(), {"q": "the", "limit": "1"})
    with Archive(index, create=False) as archive:
        after = len(archive)
    return {
        **result,
        "rebuild_exit": rebuild.returncode,
        "rebuild_s": rebuild_s,
        "articles_before": before,
        "articles_after": after,
        "server_sees_new_index": status == 200 and index_total_matches(server, after),
    }


def index_total_matches(server: Server, articles: int) -> bool:
    """Whether the server's front page counts the new index's articles."""
    connection = server.connect()
    connection.request("GET", "/")
    page = connection.getresponse().read().decode("utf-8")
    return f"{articles:,} articles in the archive" in page


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# -- the report ----------------------------------------------------------------------
def print_report(f: dict[str, Any]) -> None:
    lat = f["latency"]
    print(f"archive-search serve: {f['articles']:,} articles, {f['queries']} queries")
    print(f"  /api/search  p50 {lat['http_p50_ms']:.2f} ms  p95 {lat['http_p95_ms']:.2f} ms")
    print(
        f"  in the app   p50 {lat['app_p50_ms']:.2f} ms  p95 {lat['app_p95_ms']:.2f} ms"
        "  (Server-Timing: routing, parameters, search, JSON)"
    )
    print(f"  library      p50 {lat['library_p50_ms']:.2f} ms  p95 {lat['library_p95_ms']:.2f} ms")
    print(
        f"  bare round trip (a static file) p50 {lat['round_trip_p50_ms']:.2f} ms; "
        f"in-app p50 gap {lat['app_p50_gap_ms']:.2f} ms"
    )
    gap = lat["p50_gap_ms"]
    verdict = "met" if gap <= GOAL_P50_GAP_MS else "NOT met"
    print(f"  p50 gap {gap:.2f} ms (goal <= {GOAL_P50_GAP_MS} ms: {verdict}); "
          f"median per-query gap {lat['median_per_query_gap_ms']:.2f} ms; errors {lat['errors']}")  # fmt: skip
    for clients, row in f["load"].items():
        print(f"  {clients:>2} clients: {row['requests_per_s']:.1f} req/s, p50 {row['p50_ms']:.1f} ms, "
              f"p95 {row['p95_ms']:.1f} ms, {row['requests']} requests, {row['errors']} errors")  # fmt: skip
    if "swap" in f:
        s = f["swap"]
        print(f"  swap: rebuild {s['rebuild_s']:.1f} s (exit {s['rebuild_exit']}), "
              f"{s['articles_before']:,} -> {s['articles_after']:,} articles; during it "
              f"{s['requests']} requests, {s['requests_per_s']:.1f} req/s, {s['errors']} errors; "
              f"server sees the new index: {s['server_sees_new_index']}")  # fmt: skip
    memory = ", ".join(f"{k} {v:.0f} MiB" for k, v in f["memory_mib"].items())
    print(f"  server memory (RSS): {memory}")
    errors = lat["errors"] + sum(r["errors"] for r in f["load"].values())
    errors += f.get("swap", {}).get("errors", 0)
    print(f"  errors in all: {errors} (goal 0: {'met' if errors == 0 else 'NOT met'})")


if __name__ == "__main__":
    raise SystemExit(main())
