#!/usr/bin/env python3
"""Index build benchmark: scripts/reindex.py against a naive Whoosh build, in the same run.

Absolute build speeds vary twofold with machine load, so the
baseline is measured right beside our build, on the same JSON Lines corpus
(``scripts/corpus_reuters.py``, Reuters-21578, optionally scaled up):

- baseline: one Whoosh writer with default settings, a default
  ``StemmingAnalyzer`` schema of id, title and body, one commit at the end;
- ours: ``python scripts/reindex.py --index DIR CORPUS`` (the real rebuild:
  multilingual analysis, every field, the manifest, the atomic swap).

Each build runs in its own process; its wall time, peak resident memory (of
that process, from ``wait4``) and index size on disk are reported as a table
and saved as JSON.

Usage::

    python scripts/bench_build.py [--scale N] [--out DIR] [--workers N] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "bench-out" / "build"
CORPUS_SCRIPT = REPO / "scripts" / "corpus_reuters.py"
REINDEX_SCRIPT = REPO / "scripts" / "reindex.py"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.baseline_only:
        return _baseline_build(Path(args.baseline_only[0]), Path(args.baseline_only[1]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(out, args.scale)
    records = _count_lines(corpus)
    results: dict[str, Any] = {"scale": args.scale, "records": records, "corpus": str(corpus)}
    if not args.skip_baseline:
        results["baseline"] = _measure_baseline(corpus, out / f"baseline-x{args.scale}")
    results["ours"] = _measure_ours(corpus, out / f"ours-x{args.scale}", args.workers)
    for name in ("baseline", "ours"):
        if name in results:
            results[name]["articles_per_second"] = round(records / results[name]["seconds"], 1)
    (out / f"build-x{args.scale}.json").write_text(json.dumps(results, indent=2) + "\n")
    _print_table(results)
    if not args.keep:
        for name in ("baseline", "ours"):
            shutil.rmtree(out / f"{name}-x{args.scale}", ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="corpus copies (x50: ~1M articles)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="work and results folder")
    parser.add_argument("--workers", type=int, default=None, help="reindex.py --workers")
    parser.add_argument("--skip-baseline", action="store_true", help="measure ours only")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes")
    parser.add_argument(
        "--baseline-only", nargs=2, metavar=("CORPUS", "DIR"), help=argparse.SUPPRESS
    )
    return parser


def _corpus(out: Path, scale: int) -> Path:
    """The JSON Lines corpus, converted once and reused."""
    path = out / f"reuters-x{scale}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        command = [sys.executable, str(CORPUS_SCRIPT), "--scale", str(scale), "--out", str(partial)]
        subprocess.run(command, check=True)
        partial.rename(path)
    return path


def _measure_baseline(corpus: Path, index: Path) -> dict[str, Any]:
    shutil.rmtree(index, ignore_errors=True)
    command = [sys.executable, __file__, "--baseline-only", str(corpus), str(index)]
    result = _measure(command, index)
    del result["stdout"]
    return result


def _measure_ours(corpus: Path, index: Path, workers: int | None) -> dict[str, Any]:
    shutil.rmtree(index, ignore_errors=True)
    command = [sys.executable, str(REINDEX_SCRIPT), "--index", str(index), str(corpus), "--json"]
    if workers:
        command += ["--workers", str(workers)]
    result = _measure(command, index)
    result["report"] = json.loads(result.pop("stdout").strip().splitlines()[-1])
    manifest = index / "manifest.sqlite"
    result["manifest_bytes"] = manifest.stat().st_size if manifest.exists() else 0
    return result


def _measure(command: list[str], index: Path) -> dict[str, Any]:
    """Run one build in its own process: wall time, that process's peak RSS, size on disk."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[1]} failed with exit code {process.returncode}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kilobytes on Linux
        "index_mb": round(_size(index) / 2**20, 1),
        "stdout": stdout,
    }


def _baseline_build(corpus: Path, index: Path) -> int:
    """The naive build: what a first Whoosh program would do (runs in its own process)."""
    from whoosh import fields
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer

    index.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    writer = whoosh_index.create_in(str(index), schema).writer()
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            body = record["body"]
            body = "\n\n".join(body) if isinstance(body, list) else body
            writer.add_document(id=record["id"], title=record["title"], body=body)
    writer.commit()
    print(json.dumps({"ok": True}))
    return 0


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def _print_table(results: dict[str, Any]) -> None:
    print(f"Reuters-21578 x{results['scale']}: {results['records']:,} JSON Lines records")
    print(f"{'build':<10}{'articles/s':>12}{'seconds':>10}{'peak RSS MB':>13}{'index MB':>10}")
    for name in ("baseline", "ours"):
        if name in results:
            r = results[name]
            print(
                f"{name:<10}{r['articles_per_second']:>12,.1f}{r['seconds']:>10,.1f}"
                f"{r['peak_rss_mb']:>13,.1f}{r['index_mb']:>10,.1f}"
            )
    if "baseline" in results:
        ratio = results["ours"]["seconds"] / results["baseline"]["seconds"]
        print(f"ours takes {ratio:.2f}x the baseline's time")


if __name__ == "__main__":
    sys.exit(main())
