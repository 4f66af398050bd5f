#!/usr/bin/env python3
"""Web-archive input benchmark: pages/s from a WARC against the same pages as files, and memory.

Two measurements, each in fresh processes (``bench_lib.measure``):

1. Speed. The shipped ``data/`` HTML pages and ``../shared/corpora/extraction-dev``
   pages (when present), repeated ``--copies`` times under distinct URLs, are
   written twice: as plain files (one ``.html`` each, its URL in a ``.url``
   sidecar) and as one gzipped WARC (one response record each, the same URL
   as target URI). ``scripts/reindex.py`` builds an index from each, in the
   same run, alternately, ``--rounds`` times; the best round of each is kept.
   Printed: pages per second (inputs accounted for / the run's own indexing
   time) and the WARC's ratio to the files (goal: within 1.2x).
2. Memory. A WARC larger than ``--big-gb`` GB is generated in /tmp (deleted
   afterwards) and read through (``ingest.webarchive.iter_units``: every record
   decided, every page's payload read) in one process, once stopping after the
   first 5% of the file and once to the end: peak resident memory of both is
   printed. Flat means the whole file costs what its start costs.

Usage::

    python scripts/bench_warc.py [--copies 8] [--rounds 2] [--workers N] [--big-gb 1.05]
    python scripts/bench_warc.py --skip-big      # speed only
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_lib.measure import run_measured

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
REINDEX = REPO / "scripts" / "reindex.py"
EXTRACTION = REPO / ".." / "shared" / "corpora" / "extraction-dev"
_CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']canonical[\"'][^>]*>|<meta[^>]+property=[\"']og:url[\"'][^>]*>", re.I
)
_HREF = re.compile(r"href=[\"']([^\"']+)[\"']", re.I)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.read:  # the child process of the memory measurement
        return _read_through(Path(args.read), args.stop_at)
    work = Path(tempfile.mkdtemp(prefix="bench-warc-"))
    try:
        figures = {"speed": _speed(work, args)}
        if not args.skip_big:
            figures["memory"] = _memory(work, args.big_gb)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8, help="times each page is repeated")
    parser.add_argument("--rounds", type=int, default=2, help="builds of each kind (best kept)")
    parser.add_argument("--workers", type=int, default=None, help="reindex.py --workers")
    parser.add_argument("--big-gb", type=float, default=1.05, help="size of the memory test WARC")
    parser.add_argument("--skip-big", action="store_true", help="speed only")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    parser.add_argument("--stop-at", type=int, default=0, help=argparse.SUPPRESS)
    return parser


# -- the pages -------------------------------------------------------------------
def _pages() -> list[tuple[str, bytes]]:
    """(URL, HTML bytes) of every shipped and extraction-dev page."""
    pages = []
    sources = sorted((REPO / "data").rglob("*.html")) + sorted((REPO / "data").rglob("*.html.gz"))
    truth = {}
    if (EXTRACTION / "ground-truth.json").exists():
        truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
        sources += sorted((EXTRACTION / "html").glob("*.html.gz"))
    for n, path in enumerate(sources):
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        key = path.name.split(".", 1)[0]
        url = (truth.get(key) or {}).get("url") or _canonical(data) or f"http://bench.example/{n}"
        pages.append((url, data))
    return pages


def _canonical(data: bytes) -> str:
    match = _CANONICAL.search(data[:20000].decode("utf-8", "replace"))
    href = _HREF.search(match[0]) if match else None
    return href[1] if href else ""


def _copies(pages: list[tuple[str, bytes]], copies: int) -> list[tuple[str, bytes]]:
    """Each page ``copies`` times, each copy its own article (own URL, no canonical link)."""
    out = []
    for copy in range(copies):
        for url, data in pages:
            if copy:
                text = _CANONICAL.sub("", data.decode("utf-8", "surrogateescape"))
                data = text.encode("utf-8", "surrogateescape")
                url = f"{url.rstrip('/')}-copy-{copy}"
            out.append((url, data))
    return out


def _write_files(folder: Path, pages: list[tuple[str, bytes]]) -> None:
    folder.mkdir(parents=True)
    for n, (url, data) in enumerate(pages):
        (folder / f"{n:06d}.html").write_bytes(data)
        (folder / f"{n:06d}.html.url").write_text(url + "\n", encoding="utf-8")


def _write_warc(path: Path, pages, *, gzip_members: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_members)
        for url, data in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(data),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2015-01-01T00:00:00Z"},
            )
            writer.write_record(record)


# -- 1. speed --------------------------------------------------------------------------
def _speed(work: Path, args: argparse.Namespace) -> dict[str, object]:
    pages = _copies(_pages(), args.copies)
    files, warc = work / "files", work / "warc" / "pages.warc.gz"
    _write_files(files, pages)
    _write_warc(warc, pages)
    print(f"{len(pages):,} pages ({len(pages) // args.copies} distinct x {args.copies} copies)")
    best: dict[str, dict[str, float]] = {}
    for round_no in range(args.rounds):
        order = [("files", files), ("warc", warc.parent)]
        for name, source in order if round_no % 2 == 0 else reversed(order):
            result = _build(source, work / f"ix-{name}-{round_no}", args.workers)
            print(
                f"  round {round_no + 1} {name:5}: {result['pages_per_second']:7.1f} pages/s "
                f"({result['pages']:,} inputs, {result['seconds']:.1f} s; CPU of all processes "
                f"{result['cpu_ms_per_page']:.1f} ms/page)"
            )

            if name not in best or result["pages_per_second"] > best[name]["pages_per_second"]:
                best[name] = result
    ratio = best["files"]["pages_per_second"] / best["warc"]["pages_per_second"]
    cpu = best["warc"]["cpu_ms_per_page"] / best["files"]["cpu_ms_per_page"]
    print(f"CPU per page, WARC/files = {cpu:.2f} (load on a shared machine moves wall times)")
    print(
        f"WARC {best['warc']['pages_per_second']:.1f} pages/s, files "
        f"{best['files']['pages_per_second']:.1f} pages/s: files/WARC = {ratio:.2f}x "
        f"(goal <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})"
    )
    return {
        "pages": len(pages),
        "best": best,
        "files_over_warc": round(ratio, 3),
        "cpu_warc_over_files": round(cpu, 3),
    }


def _build(source: Path, index: Path, workers: int | None) -> dict[str, float]:
    command = [sys.executable, str(REINDEX), str(source), "--index", str(index), "--json"]
    if workers:
        command += ["--workers", str(workers)]
    result = run_measured(command)
    if not result.ok:
        raise SystemExit(f"bench_warc: reindex failed: {result.failure()}")
    report = json.loads(result.stdout)
    inputs = sum(report["outcomes"].values())
    shutil.rmtree(index, ignore_errors=True)
    return {
        "pages": inputs,
        "new": report["outcomes"]["new"],
        "seconds": report["elapsed_seconds"],
        "pages_per_second": inputs / report["elapsed_seconds"],
        "cpu_ms_per_page": 1000 * (result.cpu_seconds or 0.0) / max(inputs, 1),
        "peak_tree_rss": result.peak_tree_rss or 0,
    }


# -- 2. memory ---------------------------------------------------------------------------
def _memory(work: Path, gigabytes: float) -> dict[str, object]:
    big = Path(tempfile.gettempdir()) / f"bench-warc-{os.getpid()}.warc"
    try:
        started = time.perf_counter()
        size = _write_big(big, int(gigabytes * 1024**3))
        print(f"wrote {big} ({size / 1024**3:.2f} GiB) in {time.perf_counter() - started:.0f} s")
        out = {"file_bytes": size}
        for label, stop in (("first 5%", size // 20), ("whole file", 0)):
            command = [sys.executable, __file__, "--read", str(big), "--stop-at", str(stop)]
            result = run_measured(command)
            if not result.ok:
                raise SystemExit(f"bench_warc: reading failed: {result.failure()}")
            read = json.loads(result.stdout)
            rss = result.max_process_rss or 0
            print(
                f"  read {label:10}: {read['records']:,} records, {read['bytes'] / 1024**2:,.0f} MiB "
                f"in {result.seconds:.1f} s, peak RSS {rss / 1024**2:.1f} MiB"
            )
            out[label] = {**read, "peak_rss": rss, "seconds": round(result.seconds, 2)}
        ratio = out["whole file"]["peak_rss"] / out["first 5%"]["peak_rss"]
        print(f"peak RSS whole file / first 5% = {ratio:.2f} (flat: about 1)")
        out["whole_over_start"] = round(ratio, 3)
        return out
    finally:
        big.unlink(missing_ok=True)


def _write_big(path: Path, target: int) -> int:
    """An uncompressed WARC of the pages, repeated (distinct URLs) past ``target`` bytes."""
    pages = _pages()
    batch, copy = [], 0
    with open(path, "wb"):
        pass
    while path.stat().st_size < target:
        batch = [(f"{url}-big-{copy}", data) for url, data in pages]
        _append_warc(path, batch)
        copy += 1
    return path.stat().st_size


def _append_warc(path: Path, pages) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "ab") as handle:
        writer = WARCWriter(handle, gzip=False)
        for url, data in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(data), http_headers=http
                )
            )


def _read_through(path: Path, stop_at: int) -> int:
    """Child process: decide every record (reading every page's payload) up to ``stop_at``."""
    from archive_search.ingest.webarchive import Capture, iter_units

    records = pages = payload = 0
    for unit in iter_units(path):
        records += 1
        if isinstance(unit, Capture):
            pages += 1
            payload += len(unit.payload)
        if stop_at and (unit.offset or 0) >= stop_at:
            break
    print(json.dumps({"records": records, "pages": pages, "bytes": payload}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
