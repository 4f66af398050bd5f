#!/usr/bin/env python3
"""Benchmark archive-search against naive Whoosh and SQLite FTS5, in one run, in one table.

For each corpus size (the Reuters-21578 articles ×1, and their deterministic
scale-ups ×5 ≈ 100,000 and ×50 ≈ 1,000,000 articles) the harness builds an
index with each engine, times a fixed mixed set of queries on a warm session,
times one-shot searches from a fresh process, and prints every figure of ours
next to each baseline's with the ratio, then the issue's goals, met or not.

Generated corpora and built indexes are cached in the work folder (keyed by
the code that builds them), so a repeated run only re-measures searches;
``--rebuild`` measures the builds again.

Usage::

    scripts/bench.py --quick                       # ×1 only (builds cached: under 2 min)
    scripts/bench.py --sizes 1,5 --json out.json   # every figure as JSON too
    scripts/bench.py --sizes 50 --engines ours,fts5
    scripts/bench.py --from-json out.json --detail  # the table of an earlier run

Wall times vary with machine load, which is why the baselines are measured
in the same run, and why CPU times are printed too (a query's CPU time hardly
changes when other processes compete for the cores; its wall time does).
Compare ratios, not absolute figures across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

from bench_lib import goals as goals_mod  # noqa: E402
from bench_lib.engines import ENGINES, Engine, worker_command, worker_env  # noqa: E402
from bench_lib.measure import dir_size, run_measured  # noqa: E402
from bench_lib.metrics import ratios  # noqa: E402
from bench_lib.queries import (  # noqa: E402
    BenchQuery,
    load_queries,
    make_queries,
    read_samples,
    save_queries,
)
from bench_lib.report import BASELINES, print_report, write_json  # noqa: E402
from bench_lib.stats import median, summarize, summarize_by_kind  # noqa: E402

DEFAULT_WORKDIR = REPO / "bench-out"
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "reuters21578"
DEFAULT_SIZES = (1, 5, 50)
WARMUP_QUERIES = 20
SEED = 20260101

NOTES = (
    "warm search: one session per engine in its own process; {warmup} different warm-up "
    "queries first, then each of the {queries} queries once, top 10 with snippets",
    "queries: drawn from the ×1 corpus (seed {seed}); the same set at every size",
    "naive Whoosh: StemmingAnalyzer title/body stored, one default writer, a new searcher per "
    "query, MultifieldParser with its default AND group, hit.highlights('body') defaults",
    "SQLite FTS5: porter unicode61, one transaction + 'optimize', implicit AND of quoted words, "
    "bm25(), snippet(); facets are GROUP BY queries",
    "ours: Archive.search defaults (soft OR of the words, collapsing, suggestions) plus the "
    "query's filter/facets/sort; cold = `archive-search --index DIR search WORDS`",
    "baseline cold = a fresh Python process that opens the index and answers one query; "
    "every cold figure follows one untimed run (bytecode and page caches warm)",
    "build peak RSS (tree) sums the build's processes, sampled every 100 ms (shared pages count "
    "twice: errs high); 'largest process' is the kernel's exact high-water mark",
    "ratios are ours against the baseline: 'better' means faster, smaller or more",
    "CPU time rows: the process's own CPU seconds, nearly blind to other load; wall times "
    "include waiting for a core (load average recorded with every figure in the JSON)",
)


# -- command line -------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="the ×1 size only (under 2 min)")
    parser.add_argument(
        "--sizes", type=_sizes, default=DEFAULT_SIZES, help="scale factors, e.g. 1,5,50"
    )
    parser.add_argument("--queries", type=int, default=200, help="timed queries (default 200)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure as JSON")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="cache folder")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="Reuters-21578 folder")
    parser.add_argument(
        "--engines", type=_engines, default=tuple(ENGINES), help="subset of ours,whoosh,fts5"
    )
    parser.add_argument("--workers", type=int, help="parsing processes for ours' build")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold searches per engine")
    parser.add_argument("--rebuild", action="store_true", help="ignore cached builds")
    parser.add_argument(
        "--keep-builds",
        action="store_true",
        help="reuse cached builds of the same corpus even if the indexing code changed since",
    )
    parser.add_argument("--detail", action="store_true", help="also print latency by query kind")
    parser.add_argument(
        "--from-json", type=Path, metavar="FILE", help="print the table of an earlier --json run"
    )
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = (1,)
    if args.queries < 1 or args.cold_runs < 1:
        parser.error("--queries and --cold-runs must be at least 1")
    return args


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of whole numbers") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are scale factors of at least 1")
    return tuple(dict.fromkeys(sizes))


def _engines(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"engines are {', '.join(ENGINES)}")
    return names


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- corpora and queries ------------------------------------------------------------------
def ensure_corpus(workdir: Path, corpus_dir: Path, scale: int) -> tuple[Path, int]:
    """The ×scale JSON Lines corpus and its record count, generated once and cached."""
    path = workdir / "corpora" / f"reuters-x{scale}.jsonl"
    count_file = path.with_name(path.name + ".count")
    if path.exists() and count_file.exists():
        return path, int(count_file.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        log(f"×{scale}: generating the corpus with corpus_reuters.py")
        tmp = path.with_name(path.name + ".tmp")
        command = [sys.executable, str(SCRIPTS / "corpus_reuters.py"), "--corpus", str(corpus_dir)]
        done = subprocess.run(
            [*command, "--scale", str(scale), "--out", str(tmp)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(f"bench: corpus_reuters.py failed: {done.stderr.strip()}")
        tmp.replace(path)
    with path.open("rb") as handle:
        count = sum(1 for line in handle if line.strip())
    count_file.write_text(str(count))
    return path, count


def ensure_queries(workdir: Path, base_corpus: Path, n: int, seed: int) -> tuple[Path, Path]:
    """The timed set and the warm-up set (another seed), cached by size, seed and generator."""
    from bench_lib import queries as queries_mod

    key = _signature(base_corpus, Path(queries_mod.__file__))
    path = workdir / f"queries-{n}-{seed}.json"
    warmup = workdir / f"warmup-{WARMUP_QUERIES}-{seed}.json"
    meta = workdir / f"queries-{n}-{seed}.key"
    if path.exists() and warmup.exists() and meta.exists() and meta.read_text() == key:
        return path, warmup
    log(f"generating {n} queries (+{WARMUP_QUERIES} warm-up) from {base_corpus.name}")
    samples = read_samples(base_corpus)
    save_queries(make_queries(samples, n, seed), path)
    save_queries(make_queries(samples, WARMUP_QUERIES, seed + 1), warmup)
    meta.write_text(key)
    return path, warmup


def _signature(*paths: Path) -> str:
    parts = []
    for p in paths:
        st = p.stat()
        parts.append(f"{p.name}:{st.st_size}:{int(st.st_mtime)}")
    return ";".join(parts)


# -- measuring ----------------------------------------------------------------------------
def measure_build(
    engine: Engine,
    corpus: Path,
    records: int,
    index: Path,
    workers: int | None,
    rebuild: bool,
    keep: bool = False,
) -> dict[str, Any]:
    """Build (or reuse a cached build of) one engine's index; its figures or an error.

    A cached build is reused when it indexed the same corpus with the same
    code; with ``keep``, also when the code changed since but can still read
    it (same ``compatibility``, e.g. schema version; ``stale`` is then set).
    """
    record_file = index.with_name(index.name + ".build.json")
    key = {
        "fingerprint": engine.fingerprint(),
        "compatibility": engine.compatibility(),
        "corpus": _signature(corpus),
    }
    if not rebuild and index.exists() and record_file.exists():
        cached = json.loads(record_file.read_text())
        old = cached.get("key", {})
        usable = all(old.get(k) == key[k] for k in ("compatibility", "corpus"))
        if old == key or (keep and usable):
            return {**cached["figures"], "cached": True, "stale": old != key}
    shutil.rmtree(index, ignore_errors=True)
    record_file.unlink(missing_ok=True)
    index.parent.mkdir(parents=True, exist_ok=True)
    run = run_measured(engine.build_command(corpus, index, workers), env=worker_env(), cwd=REPO)
    index.with_name(index.name + ".build.log").write_text(run.stderr, encoding="utf-8")
    if not run.ok:
        return {"error": run.failure()}
    figures = {
        "seconds": round(run.seconds, 3),
        "articles": engine.built_count(run.stdout),
        "records": records,
        "articles_per_s": round(records / run.seconds, 1),
        "cpu_seconds": _round(run.cpu_seconds, 3),
        "articles_per_cpu_s": _round(records / run.cpu_seconds if run.cpu_seconds else None, 1),
        "peak_tree_rss": run.peak_tree_rss,
        "max_process_rss": run.max_process_rss,
        "index_bytes": dir_size(index),
        "segments": whoosh_segments(index),
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "load_average": _load(),
        "cached": False,
    }
    record_file.write_text(json.dumps({"key": key, "figures": figures}, indent=1))
    return figures


def whoosh_segments(index: Path) -> int | None:
    """How many segments a Whoosh index has (a term table each, or a compound file each)."""
    if not index.is_dir():
        return None
    count = sum(1 for p in index.iterdir() if p.suffix in (".trm", ".seg"))
    return count or None


def measure_search(engine: Engine, index: Path, queries: Path, warmup: Path) -> dict[str, Any]:
    """Time every query once on one warm session, in a fresh process."""
    out = index.with_name(index.name + ".search.json")
    out.unlink(missing_ok=True)
    load = _load()
    command = worker_command("search", engine.name, str(index), str(queries), str(warmup), str(out))
    run = run_measured(command, env=worker_env(), cwd=REPO)
    if not run.ok or not out.exists():
        return {"error": run.failure()}
    data = json.loads(out.read_text())
    timed = [
        (k, s) for k, s in zip(data["kinds"], data["latencies_s"], strict=True) if s is not None
    ]
    if not timed:
        return {"error": f"every query failed: {data['failures'][:1]}"}
    summary = summarize([s for _, s in timed], wall_s=data["wall_s"])
    by_kind = summarize_by_kind([k for k, _ in timed], [s for _, s in timed])
    cpu = summarize([c for c in data["cpu_s"] if c is not None])
    return {
        **summary.to_dict(),
        "cpu_p50_ms": round(cpu.p50_ms, 3),
        "cpu_p95_ms": round(cpu.p95_ms, 3),
        "load_average": load,
        "answered": sum(1 for n in data["shown"] if n > 0),
        "failed": len(data["failures"]),
        "failures": data["failures"][:5],
        "open_s": round(data["open_s"], 4),
        "max_rss": run.max_process_rss,
        "by_kind": {kind: s.to_dict() for kind, s in by_kind.items()},
    }


def measure_cold(
    engine: Engine, index: Path, queries: list[BenchQuery], runs: int
) -> dict[str, Any]:
    """Wall time of whole one-shot search processes, start to exit; the median of ``runs``.

    One untimed run first writes bytecode caches and warms the page cache, as
    any earlier call would have on a user's machine.
    """
    words = [q for q in queries if q.kind == "word"] or queries
    first = run_measured(engine.cold_command(index, words[-1]), env=worker_env(), cwd=REPO)
    if not first.ok:
        return {"error": f"{words[-1].text!r}: {first.failure()}"}
    times: list[float] = []
    cpu: list[float] = []
    used: list[str] = []
    for i in range(runs):
        query = words[i % len(words)]
        run = run_measured(engine.cold_command(index, query), env=worker_env(), cwd=REPO)
        if not run.ok:
            return {"error": f"{query.text!r}: {run.failure()}"}
        times.append(run.seconds)
        cpu.append(run.cpu_seconds or 0.0)
        used.append(query.text)
    return {
        "median_s": round(median(times), 4),
        "cpu_median_s": round(median(cpu), 4),
        "runs_s": [round(t, 4) for t in times],
        "queries": used,
    }


# -- the run ------------------------------------------------------------------------------
def run_size(
    args: argparse.Namespace,
    size: dict[str, Any],
    queries: tuple[Path, Path],
    checkpoint: Callable[[], None] = lambda: None,
) -> None:
    """Build, warm search and cold search with every engine at ``size["scale"]``.

    Fills ``size`` in place and calls ``checkpoint`` after every step, so a
    long ×50 run keeps what finished.
    """
    scale = size["scale"]
    corpus, records = ensure_corpus(args.workdir, args.corpus, scale)
    size.update(articles=records, corpus=str(corpus), engines={})
    engines: dict[str, Any] = size["engines"]
    folder = args.workdir / f"x{scale}"

    def step() -> None:
        if "ours" in engines:
            size["ratios"] = {b: ratios(engines, "ours", b) for b in BASELINES if b in engines}
        checkpoint()

    for name in args.engines:
        label = ENGINES[name].label
        log(f"×{scale}: {label}: build ({records:,} articles)")
        build = measure_build(
            ENGINES[name],
            corpus,
            records,
            folder / name,
            args.workers,
            args.rebuild,
            args.keep_builds,
        )
        engines[name] = {"build": build}
        log(f"×{scale}: {label}: build {_brief(build, 'seconds', 's')}")
        step()
    for name in args.engines:
        figures, label = engines[name], ENGINES[name].label
        if "error" in figures["build"]:
            continue
        log(f"×{scale}: {label}: warm search")
        figures["search"] = measure_search(ENGINES[name], folder / name, *queries)
        log(f"×{scale}: {label}: warm p50 {_brief(figures['search'], 'p50_ms', 'ms')}")
        figures["cold"] = measure_cold(
            ENGINES[name], folder / name, load_queries(queries[0]), args.cold_runs
        )
        log(f"×{scale}: {label}: cold {_brief(figures['cold'], 'median_s', 's')}")
        step()


def _brief(figures: dict[str, Any], key: str, unit: str) -> str:
    if "error" in figures:
        return f"FAILED ({figures['error']})"
    cached = " (cached)" if figures.get("cached") else ""
    return f"{figures.get(key)} {unit}{cached}"


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict[str, Any]:
    import sqlite3

    import whoosh

    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": _load(),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
        info["commit"] = head.stdout.strip() or None
    except OSError:
        info["commit"] = None
    return info


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        results["goals"] = goals_mod.evaluate(results.get("sizes", []))
        print_report(results, sys.stdout, rich=sys.stdout.isatty(), detail=args.detail)
        return 0
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "sizes": list(args.sizes),
            "queries": args.queries,
            "warmup_queries": WARMUP_QUERIES,
            "cold_runs": args.cold_runs,
            "seed": args.seed,
            "workers": args.workers,
        },
        "engines": list(args.engines),
        "notes": [
            n.format(queries=args.queries, warmup=WARMUP_QUERIES, seed=args.seed) for n in NOTES
        ],
        "sizes": [],
    }
    base_corpus, _ = ensure_corpus(args.workdir, args.corpus, 1)
    queries = ensure_queries(args.workdir, base_corpus, args.queries, args.seed)

    def checkpoint() -> None:
        results["goals"] = goals_mod.evaluate(results["sizes"])
        if args.json:
            write_json(results, args.json)

    for scale in args.sizes:
        results["sizes"].append({"scale": scale})
        run_size(args, results["sizes"][-1], queries, checkpoint)
    cached = [
        f"×{s['scale']} {n}" + (" (older indexing code)" if e["build"].get("stale") else "")
        for s in results["sizes"]
        for n, e in s.get("engines", {}).items()
        if e.get("build", {}).get("cached")
    ]
    if cached:
        results["notes"].append(
            "build figures and indexes reused from an earlier run (--rebuild to re-measure): "
            + ", ".join(cached)
        )
    results["notes"].append(machine_line(results["machine"]))
    if args.json:
        write_json(results, args.json)
    print_report(results, sys.stdout, rich=sys.stdout.isatty(), detail=args.detail)
    return 0


def machine_line(info: dict[str, Any]) -> str:
    load = info.get("load_average")
    at_end = _load()
    return (
        f"machine: {info.get('cpus')} CPUs, Python {info.get('python')}, Whoosh "
        f"{info.get('whoosh')}, SQLite {info.get('sqlite')}, commit {info.get('commit')}; "
        f"load average {_loads(load)} at start, {_loads(at_end)} at end"
    )


def _loads(load: list[float] | None) -> str:
    return "/".join(f"{x:.1f}" for x in load) if load else "?"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `bench.py ... | head`: the reader has what it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
