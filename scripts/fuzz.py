#!/usr/bin/env python3
"""Fuzz the parse stage and the query layer for a time budget; measure the heavy cases.

    scripts/fuzz.py --seconds 600                  # every target, shared out
    scripts/fuzz.py --target soup --seconds 120    # one target
    scripts/fuzz.py --heavy                        # huge, deep and bomb inputs: time and memory

Targets (hypothesis properties; the tests run the same ones with a few examples):

  bytes   random bytes under page names (.html, .txt, .gz, no suffix)
  soup    random tag soup, truncated, in the region's encodings, maybe gzipped
  mutate  real pages (tests/fixtures, and ../shared when present) truncated, spliced, flipped
  jsonl   JSON Lines of random records, wrong types, invalid UTF-8, broken JSON
  query   arbitrary query strings and options against a small index

The rules checked: a page file is exactly one entry (an article or a skip with a
one-line reason), never an exception; every article reads back from its JSON
record unchanged; a query returns results or raises ``QueryError`` with one line.
A failing input is shrunk by hypothesis, printed, and saved under ``--out``.
Exit code 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive_search import config, errors  # noqa: E402
from archive_search.article import Article  # noqa: E402
from archive_search.errors import Skip  # noqa: E402
from archive_search.ingest import Parsed, parse_path  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT / ".." / "shared"


# -- the rules ----------------------------------------------------------------------------
def check_entry(entry: Parsed, *, page: bool = True) -> None:
    """A skip has a one-line reason; an article passes ``check_article``."""
    if entry.article is None:
        assert isinstance(entry.reason, str) and entry.reason.strip(), entry
        assert "\n" not in entry.reason and len(entry.reason) < 500, entry.reason
    else:
        assert entry.reason is None, entry
        check_article(entry.article, page=page)


def check_article(article: Article, *, page: bool = True) -> None:
    """What the index needs: a record that reads back unchanged, a title, valid Unicode.

    A page must also have text and a derived id; a JSON Lines record may be a
    title alone and keeps its own id (which must be printable and typable).
    """
    record = article.to_json()
    record.encode("utf-8")  # a lone surrogate (an undecodable byte leaking through) fails
    assert Article.from_json(record).to_dict() == article.to_dict()
    assert article.title.strip()
    if page:
        assert re.fullmatch(r"[0-9a-f]{12}", article.id), article.id
        assert article.body or article.lede
    else:
        assert re.fullmatch(r"[^\s\x00-\x1f\x7f-\x9f]{1,128}", article.id), article.id
    if article.published is not None:
        assert article.published <= dt.date.today() + dt.timedelta(days=366), article.published


def one_entry(path: Path) -> Parsed:
    """Parse a page file: exactly one entry, which must follow the rules."""
    entries = list(parse_path(path))
    assert len(entries) == 1, entries
    check_entry(entries[0])
    return entries[0]


def check_jsonl(path: Path, lines: list[bytes]) -> None:
    """One entry per non-blank line, numbered by its line, each following the rules."""
    entries = list(parse_path(path))
    for entry in entries:
        check_entry(entry, page=False)
    expected = [n for n, line in enumerate(lines, start=1) if line.strip(b" \t\r\n\f\v")]
    assert [int(e.location.rsplit(":", 1)[1]) for e in entries] == expected


def check_search(archive: Any, query: str, **options: Any) -> None:
    """Results, or a one-line QueryError/UsageError; never anything else."""
    try:
        results = archive.search(query, **options)
    except errors.ArchiveSearchError as exc:
        assert isinstance(exc, errors.QueryError | errors.UsageError), repr(exc)
        message = str(exc)
        assert message.strip() and "\n" not in message and len(message) < 1000, message
        return
    limit = options.get("limit", 10)
    assert 0 <= len(results.hits) <= limit
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert isinstance(hit.title, str) and hit.id


# -- strategies ---------------------------------------------------------------------------
PAGE_NAMES = st.sampled_from(["page.html", "page.htm", "page.txt", "page", "page.html.gz"])

TAGS = [
    "html", "head", "body", "title", "meta", "div", "p", "span", "a", "b", "br", "table",
    "tr", "td", "script", "style", "article", "h1", "img", "iframe", "noscript", "svg",
    "math", "template", "textarea", "select", "frameset", "plaintext", "xmp", "figure",
    "figcaption", "time", "!--", "![CDATA[", "?xml",
]  # fmt: skip
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&;\"'=/ \n\t#[]:")),
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x1b", "\u202e", "\ufeff", "\ud7ff", "\U0001f600", "\r"]),
    ),
    max_size=60,
)
ATTRIBUTES = st.lists(
    st.tuples(
        st.sampled_from(["class", "id", "charset", "content", "property", "name", "href", "lang"]),
        TEXT,
    ),
    max_size=3,
).map(lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs))


def _element(parts: tuple[str, str, list[str], bool]) -> str:
    tag, attributes, children, closed = parts
    return f"<{tag}{attributes}>{''.join(children)}" + (f"</{tag}>" if closed else "")


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: random elements, attributes and text, closed or not, truncated or not."""
    nodes = draw(
        st.recursive(
            TEXT,
            lambda children: st.tuples(
                st.sampled_from(TAGS), ATTRIBUTES, st.lists(children, max_size=4), st.booleans()
            ).map(_element),
            max_leaves=30,
        )
    )
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<html>", "<?xml version='1.0'?>"]))
    page = head + nodes
    cut = draw(st.integers(min_value=0, max_value=len(page)))
    return page[: cut or len(page)]


ENCODINGS = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1250", "cp1251", "cp1253", "latin-1"]
)

MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["truncate", "insert", "delete", "flip", "repeat"]),
        st.floats(min_value=0, max_value=1),
        st.binary(min_size=1, max_size=64),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, operations: list[tuple[str, float, bytes]]) -> bytes:
    """Apply truncations, insertions, deletions, bit flips and repeated runs."""
    for operation, where, junk in operations:
        at = int(where * len(data))
        if operation == "truncate":
            data = data[:at]
        elif operation == "insert":
            data = data[:at] + junk + data[at:]
        elif operation == "delete":
            data = data[:at] + data[at + len(junk) * 8 :]
        elif operation == "flip":
            end = at + len(junk)
            data = data[:at] + bytes(b ^ 0xFF for b in data[at:end]) + data[end:]
        else:
            data = data[:at] + data[at : at + 4096] * 3 + data[at:]
    return data


def real_pages(limit: int = 200) -> list[Path]:
    """Pages to mutate: the test fixtures, plus shared corpus pages when present."""
    pages = sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".html", ".txt"})
    if SHARED.exists():
        extra = sorted(
            p for p in SHARED.rglob("*") if p.suffix in {".html", ".txt", ".gz"} and p.is_file()
        )
        pages += random.Random(0).sample(extra, min(limit, len(extra)))
    return pages


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
HOSTILE_DATES = ["2014-03-10", "31/02/14", "00/00/00", "2014-02-30", "0000-00-00", "9999-12-31"]
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "title": st.text(max_size=40) | JSON_VALUES,
    "body": st.text(max_size=80) | st.lists(st.text(max_size=30), max_size=3) | JSON_VALUES,
    "published": st.sampled_from([*HOSTILE_DATES, "", "2014"]) | JSON_VALUES,
    "captions": st.lists(
        st.text(max_size=20) | st.fixed_dictionaries({"text": st.text(max_size=20)}), max_size=2
    )
    | JSON_VALUES,
    "id": st.text(max_size=16) | JSON_VALUES,
    "language": st.sampled_from(["en", "sr", "", "xx-YY"]) | JSON_VALUES,
    "url": st.text(max_size=30),
    "bogus": JSON_VALUES,
}
RECORDS = st.fixed_dictionaries(
    {"title": FIELD_VALUES["title"]},
    optional={k: v for k, v in FIELD_VALUES.items() if k != "title"},
)
LINES = st.one_of(
    RECORDS.map(lambda r: json.dumps(r).encode()),
    RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=80).filter(lambda b: b"\n" not in b),
    st.sampled_from(
        [b"", b"   ", b"\r", b"{", b"[" * 5000, b'{"title": "x"}{"title": "y"}', b"\xef\xbb\xbf{}"]
    ),
)

QUERY_PIECES = st.sampled_from(
    [
        '"', "'", "(", ")", " AND ", " OR ", " NOT ", " -", "+", "*", "?", "~", "~2", "~9",
        "^2", ":", "title:", "author:", "place:", "lang:", "section:", "date:", "date:[",
        " TO ", "]", "{", "}", "[", "\\", "/", "&&", "||", "!", "kosovo", "beograd",
        "Београд", "αθήνα", "đ", "ß", "İ", "\u0301", "\ufeff", "\x00", "\x1b[31m", "\u202e",
        "2014", "2014-03", "31/02/14", "ko*", "*ovo", "serb?", "1999-00-00", " ",
    ]
)  # fmt: skip
QUERIES = st.one_of(
    st.lists(QUERY_PIECES | st.text(max_size=8), max_size=12).map("".join),
    st.text(max_size=50),
    st.integers(min_value=config.MAX_QUERY_CHARS - 2, max_value=config.MAX_QUERY_CHARS + 2).map(
        lambda n: ("ab* " * n)[:n]
    ),
)
SEARCH_OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "limit": st.integers(min_value=-1, max_value=60),
        "page": st.integers(min_value=0, max_value=400),
        "sort": st.sampled_from(["relevance", "newest", "oldest", "bogus"]),
        "date_from": st.sampled_from(["2010", "2014-03", "2014-02-31", "x", ""]),
        "date_to": st.sampled_from(["2012", "2014-03-10", "0000", ""]),
        "author": st.text(max_size=10),
        "place": st.text(max_size=10),
        "lang": st.sampled_from(["en", "sr", "xx", ""]),
        "facets": st.booleans(),
        "timeline": st.booleans(),
    },
)


# -- a small index for query fuzzing ---------------------------------------------------------
def sample_records() -> list[dict[str, Any]]:
    """A few dozen varied records: languages, scripts, dates (some missing), authors, places."""
    words = {
        "en": "kosovo serbia elections army agreement brussels minister parliament",
        "sr": "kosovo srbija izbori vojska sporazum brisel ministar skupština đak",
        "mk": "македонија влада избори скопје собрание министер",
        "el": "ελλάδα αθήνα κυβέρνηση εκλογές βουλή υπουργός",
        "tr": "türkiye ankara seçim meclis bakan İstanbul",
    }
    out = []
    rng = random.Random(7)
    for n in range(60):
        language = list(words)[n % len(words)]
        vocabulary = words[language].split()
        record: dict[str, Any] = {
            "title": " ".join(rng.choices(vocabulary, k=4)).capitalize() + f" {n}",
            "body": [" ".join(rng.choices(vocabulary, k=30)) + "." for _ in range(3)],
            "language": language,
            "url": f"https://example.org/{language}/{n}",
        }
        if n % 4:
            record["published"] = f"{2005 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        if n % 3:
            record["author"] = rng.choice(["Ivana Jovanovic", "Drago Bojić", "Νίκος Π."])
        if n % 5:
            record["place"] = rng.choice(["Belgrade", "Skopje", "Athens", "Istanbul"])
        out.append(record)
    return out


def build_index(folder: Path) -> Path:
    from archive_search import Archive

    index = folder / "index"
    with Archive(index) as archive:
        # two commits, so the index has more than one segment
        records = [Article.from_dict(r) for r in sample_records()]
        archive.add(records[:30])
        archive.add(records[30:])
    return index


# -- targets ------------------------------------------------------------------------------
SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


class Target:
    """A property over a temporary folder; the last failing input is kept for saving."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.failing: bytes | str | None = None
        self._count = 0

    def file(self, name: str, data: bytes) -> Path:
        self._count += 1
        path = self.folder / f"{self._count}-{name}"
        path.write_bytes(data)
        return path

    def keep(self, data: bytes | str, check: Callable[[], None]) -> None:
        try:
            check()
        except BaseException:
            self.failing = data
            raise


def property_for(name: str, target: Target, archive: Any = None) -> Callable[..., None]:
    """The hypothesis test of one target, ready to run with ``settings(...)``."""
    if name == "bytes":

        @given(data=st.binary(max_size=4096), page=PAGE_NAMES)
        def run_bytes(data: bytes, page: str) -> None:
            target.keep(data, lambda: one_entry(target.file(page, data)))

        return run_bytes
    if name == "soup":

        @given(page=html_pages(), encoding=ENCODINGS, name=PAGE_NAMES, compress=st.booleans())
        def run_soup(page: str, encoding: str, name: str, compress: bool) -> None:
            data = page.encode(encoding, "replace")
            data = gzip.compress(data) if compress else data
            target.keep(data, lambda: one_entry(target.file(name, data)))

        return run_soup
    if name == "mutate":

        @given(page=st.sampled_from(real_pages()), operations=MUTATIONS)
        def run_mutate(page: Path, operations: list[tuple[str, float, bytes]]) -> None:
            raw = page.read_bytes()
            if page.suffix == ".gz":
                raw = gzip.decompress(raw)
            data = mutate(raw, operations)
            name = page.name.removesuffix(".gz")
            target.keep(data, lambda: one_entry(target.file(name, data)))

        return run_mutate
    if name == "jsonl":

        @given(lines=st.lists(LINES, max_size=12), compress=st.booleans())
        def run_jsonl(lines: list[bytes], compress: bool) -> None:
            data = b"\n".join(lines)
            packed = gzip.compress(data) if compress else data
            suffix = ".jsonl.gz" if compress else ".jsonl"
            target.keep(data, lambda: check_jsonl(target.file("r" + suffix, packed), lines))

        return run_jsonl
    if name == "query":

        @given(query=QUERIES, options=SEARCH_OPTIONS)
        def run_query(query: str, options: dict[str, Any]) -> None:
            target.keep(query, lambda: check_search(archive, query, **options))

        return run_query
    raise ValueError(f"unknown target {name!r}")


TARGETS = ("bytes", "soup", "mutate", "jsonl", "query")


def fuzz(name: str, seconds: float, out: Path, seed: int) -> bool:
    """Run one target in rounds of fresh seeds until the budget is spent; True if all passed."""
    from archive_search import Archive

    deadline = time.monotonic() + seconds
    examples = rounds = 0
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
        folder = Path(tmp)
        archive = Archive(build_index(folder)) if name == "query" else None
        target = Target(name, folder)
        try:
            while time.monotonic() < deadline:
                batch = 200
                test = settings(max_examples=batch, **SETTINGS)(property_for(name, target, archive))
                test = _seeded(test, seed + rounds)
                try:
                    test()
                except Exception as exc:
                    _report_failure(name, exc, target, out)
                    return False
                rounds += 1
                examples += batch
                _clean(folder)
        finally:
            if archive is not None:
                archive.close()
    print(f"{name:7} ok: {examples:,} examples in {rounds} rounds", flush=True)
    return True


def _seeded(test: Callable[[], None], seed: int) -> Callable[[], None]:
    from hypothesis import seed as hypothesis_seed

    return hypothesis_seed(seed)(test)


def _clean(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            path.unlink()


def _report_failure(name: str, exc: BaseException, target: Target, out: Path) -> None:
    print(f"{name:7} FAILED: {type(exc).__name__}: {exc}"[:4000], flush=True)
    if target.failing is not None:
        out.mkdir(parents=True, exist_ok=True)
        data = target.failing
        path = out / f"{name}-{int(time.time())}.{'txt' if isinstance(data, str) else 'bin'}"
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        print(f"{name:7} failing input saved to {path}", flush=True)


# -- heavy cases ---------------------------------------------------------------------------
HEAVY_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    from archive_search.ingest import parse_path

    def peak_mb():
        # VmHWM is this process's own high-water mark; Linux's ru_maxrss also counts
        # the parent's memory at the fork
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) // 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    out = []
    for path in sys.argv[1:]:
        started = time.monotonic()
        entries = [(e.reason, e.article.title if e.article else None) for e in parse_path(path)]
        out.append({"path": path, "entries": entries, "seconds": time.monotonic() - started,
                    "peak_mb": peak_mb()})
    print(json.dumps(out))
    """
)


def gzip_bomb(total_mb: int) -> bytes:
    """A gzip member of 16 MB of zeros (16 KB packed), repeated: ``total_mb`` MB unpacked."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = packer.compress(bytes(16 * 1024 * 1024)) + packer.flush()
    return member * max(1, total_mb // 16)


def heavy_cases(*, large: bool = False) -> dict[str, tuple[str, bytes, str | None]]:
    """label -> (file name, content, expected skip reason or None if an article may come out).

    ``large`` adds the slow cases for the script: pages just under the size limit.
    """
    para = b"<p>Kosovo and Serbia signed an agreement in Brussels after long talks.</p>"
    levels = 50_000
    too_large = Skip.TOO_LARGE.format(limit=config.MAX_PAGE_BYTES)
    cases: dict[str, tuple[str, bytes, str | None]] = {
        "deep divs": (
            "deep_divs.html",
            b"<html><head><title>Deep</title></head><body>"
            + b"<div>" * levels
            + para * 3
            + b"</div>" * levels,
            None,
        ),
        "deep unclosed inline": (
            "deep_inline.html",
            b"<html><body><article>" + para * 3 + b"<b><i><span>" * levels,
            None,
        ),
        "deep tables": ("deep_tables.html", b"<html><body>" + b"<table><tr><td>" * levels, None),
        "deep text dump": ("deep.txt", b"Title\n\n" + b"<div>" * levels, None),
        "deep JSON line": ("deep.jsonl", b"[" * 1_000_000 + b"\n", "bad JSON Lines record"),
        "50 MB line": ("long.html", b"<html><body><p>" + b"word " * (10 * 1024 * 1024), too_large),
        "50 MB JSON line": (
            "long.jsonl",
            b'{"title": "' + b"x" * (50 * 1024 * 1024) + b'"}\n{"title": "after"}\n',
            "bad JSON Lines record: line too long",
        ),
        "gzip bomb (4 GB)": ("bomb.html.gz", gzip_bomb(4096), too_large),
        "gzip bomb of JSON Lines": ("bomb.jsonl.gz", gzip_bomb(4096), "compressed data expands"),
    }
    if large:
        limit = config.MAX_PAGE_BYTES - 4096
        prose = b"Kosovo and Serbia signed an agreement in Brussels on Friday after long talks. "
        repeated = b"<p>" + prose * 5 + b"</p>"
        distinct = b"".join(b"<p>%d " % n + prose * 5 + b"</p>" for n in range(50_000))
        cases |= {
            "one line near the limit (text)": ("near.txt", b"Title\n\n" + prose * (limit // len(prose)), None),
            "one line near the limit (HTML)": (
                "near.html",
                b"<html><head><title>T</title></head><body><p>" + prose * (limit // len(prose)),
                None,
            ),
            "many repeated paragraphs": (
                "repeated.html",
                b"<html><head><title>T</title></head><body>" + repeated * (limit // len(repeated)),
                None,
            ),
            "many distinct paragraphs": (
                "distinct.html",
                b"<html><head><title>T</title></head><body>" + distinct[:limit],
                None,
            ),
        }  # fmt: skip
    return cases


def run_heavy(
    folder: Path, cases: dict[str, tuple[str, bytes, str | None]], *, each: bool
) -> dict[str, dict[str, Any]]:
    """Parse each case in a fresh process (``each``) or all in one; label -> measurements."""
    paths = {}
    for label, (name, data, _) in cases.items():
        path = folder / name
        path.write_bytes(data)
        paths[label] = path
    groups = [[label] for label in cases] if each else [list(cases)]
    runs: dict[str, dict[str, Any]] = {}
    for group in groups:
        result = subprocess.run(
            [sys.executable, "-c", HEAVY_SCRIPT, *(str(paths[label]) for label in group)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if result.returncode != 0:
            for label in group:
                runs[label] = {"error": result.stderr.strip().splitlines()[-1:] or ["died"]}
            continue
        for label, run in zip(group, json.loads(result.stdout), strict=True):
            runs[label] = run
    return runs


def heavy_report(large: bool) -> bool:
    """Measure every heavy case in its own process; print time, peak memory, outcome."""
    with tempfile.TemporaryDirectory(prefix="fuzz-heavy-") as tmp:
        cases = heavy_cases(large=large)
        runs = run_heavy(Path(tmp), cases, each=True)
    ok = True
    print(f"{'case':34} {'seconds':>8} {'peak MB':>8}  outcome")
    for label, (_, _, expected) in cases.items():
        run = runs[label]
        if "error" in run:
            ok = False
            print(f"{label:34} {'-':>8} {'-':>8}  CRASHED: {run['error'][0]}")
            continue
        entries = run["entries"]
        first = entries[0][0] or f"article: {entries[0][1]!r}"
        good = expected is None or (entries[0][0] or "").startswith(expected)
        ok = ok and good
        flag = "" if good else "  UNEXPECTED"
        print(f"{label:34} {run['seconds']:8.2f} {run['peak_mb']:8}  {first[:70]}{flag}")
    return ok


# -- main ------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (all targets)")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="first seed")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="failing inputs")
    parser.add_argument("--heavy", action="store_true", help="measure the heavy cases instead")
    parser.add_argument("--large", action="store_true", help="with --heavy: near-limit pages too")
    args = parser.parse_args(argv)
    if args.heavy:
        return 0 if heavy_report(args.large) else 1
    targets = TARGETS if args.target == "all" else (args.target,)
    share = args.seconds / len(targets)
    print(f"fuzzing {', '.join(targets)} for {args.seconds:g} s, seed {args.seed}", flush=True)
    results = [fuzz(name, share, args.out, args.seed) for name in targets]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
