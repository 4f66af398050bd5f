"""The subprocess side of the harness: build, search or answer once with one engine.

Every engine is measured in a fresh interpreter of its own, so one engine's
caches, imports and garbage never slow another down, and a build's peak
memory is that build's alone. Usage (run with ``scripts/`` on PYTHONPATH)::

    python -m bench_lib.worker build ENGINE CORPUS INDEX
    python -m bench_lib.worker search ENGINE INDEX QUERIES WARMUP OUT
    python -m bench_lib.worker once ENGINE INDEX QUERY_JSON

``search`` answers the WARMUP queries untimed (page cache, lazy loads), then
times each query of QUERIES once and writes per-query latencies to OUT: wall
time (what a user waits) and the process's CPU time (what the query costs,
nearly blind to other load on the machine).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench_lib.engines import ENGINES
from bench_lib.queries import BenchQuery, load_queries


def build(engine_name: str, corpus: Path, index: Path) -> dict[str, Any]:
    engine: Any = ENGINES[engine_name]
    return {"articles": engine.build(corpus, index)}


def search(engine_name: str, index: Path, queries_path: Path, warmup_path: Path) -> dict[str, Any]:
    """Open one session, warm it up, then time every query once."""
    engine = ENGINES[engine_name]
    started = time.perf_counter()
    session = engine.open(index)
    opened = time.perf_counter() - started
    for query in load_queries(warmup_path):
        _answer(session, query)
    queries = load_queries(queries_path)
    latencies: list[float | None] = []
    cpu: list[float | None] = []
    shown: list[int] = []
    failures: list[str] = []
    pass_started = time.perf_counter()
    for query in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        count, error = _answer(session, query)
        latencies.append(time.perf_counter() - t0 if error is None else None)
        cpu.append(time.process_time() - c0 if error is None else None)
        shown.append(count)
        if error is not None:
            failures.append(f"{query.text!r}: {error}")
    wall = time.perf_counter() - pass_started
    session.close()
    return {
        "open_s": opened,
        "wall_s": wall,
        "latencies_s": latencies,
        "cpu_s": cpu,
        "shown": shown,
        "kinds": [q.kind for q in queries],
        "failures": failures,
    }


def _answer(session: Any, query: BenchQuery) -> tuple[int, str | None]:
    try:
        return session.search(query), None
    except Exception as exc:  # one failing query must not lose the whole pass
        return 0, f"{type(exc).__name__}: {exc}"


def once(engine_name: str, index: Path, query_json: str) -> int:
    """Open, answer one query, print the hits shown: what a one-shot script does."""
    session = ENGINES[engine_name].open(index)
    shown = session.search(BenchQuery.from_dict(json.loads(query_json)))
    session.close()
    return shown


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "build":
        engine, corpus, index = args
        print(json.dumps(build(engine, Path(corpus), Path(index))))
    elif command == "search":
        engine, index, queries, warmup, out = args
        result = search(engine, Path(index), Path(queries), Path(warmup))
        Path(out).write_text(json.dumps(result), encoding="utf-8")
    elif command == "once":
        engine, index, query_json = args
        print(once(engine, Path(index), query_json))
    else:
        print(f"unknown worker command {command!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
