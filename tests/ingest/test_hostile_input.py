"""Hostile and broken input at the parse stage: every file ends as exactly one entry.

Random bytes, malformed and truncated HTML, wrong encodings, damaged copies of
real pages, broken JSON Lines and impossible dates each become a skipped entry
with a one-line reason, or an article where the input really is one. Every
article a parser returns must survive the index's round trip (its JSON record
reads back to the same record). The heavy cases (deep nesting, huge lines,
gzip bombs) run once each, in a subprocess whose peak memory is checked.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_search import config
from archive_search.errors import Skip, SkipSource
from archive_search.ingest import parse_page, parse_path
from tests.loader import load_script
from tests.paths import REPO

pytestmark = pytest.mark.slow

ROOT = REPO
FIXTURES = ROOT / "tests" / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".html", ".txt"})


fuzz = load_script("fuzz")  # the strategies and rules; CI runs them with few examples
check_article, check_entry, one_entry = fuzz.check_article, fuzz.check_entry, fuzz.one_entry

FAST = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- random and malformed pages ---------------------------------------------------------
@FAST
@given(data=st.binary(max_size=4096), name=fuzz.PAGE_NAMES)
def test_random_bytes_are_one_entry(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    one_entry(write(tmp_path_factory.mktemp("random"), name, data))


@FAST
@given(page=fuzz.html_pages(), encoding=fuzz.ENCODINGS, name=fuzz.PAGE_NAMES, gz=st.booleans())
def test_tag_soup_in_any_encoding_is_one_entry(
    tmp_path_factory: pytest.TempPathFactory, page: str, encoding: str, name: str, gz: bool
) -> None:
    data = page.encode(encoding, "replace")
    one_entry(write(tmp_path_factory.mktemp("soup"), name, gzip.compress(data) if gz else data))


@FAST
@given(text=st.text(max_size=3000), name=st.sampled_from(["x.html", "x.txt", ""]))
def test_parse_page_raises_nothing_but_skips(text: str, name: str) -> None:
    try:
        article = parse_page(text, source="fuzz", name=name)
    except SkipSource as skip:
        assert skip.reason.strip()
    else:
        check_article(article)


@FAST
@given(page=st.sampled_from(PAGES), operations=fuzz.MUTATIONS, gz=st.booleans())
def test_damaged_copies_of_real_pages_are_one_entry(
    tmp_path_factory: pytest.TempPathFactory,
    page: Path,
    operations: list[tuple[str, float, bytes]],
    gz: bool,
) -> None:
    data = fuzz.mutate(page.read_bytes(), operations)
    name = page.name + (".gz" if gz else "")
    one_entry(write(tmp_path_factory.mktemp("mutant"), name, gzip.compress(data) if gz else data))


def test_the_fixture_pages_parse_and_follow_the_rules() -> None:
    assert len(PAGES) >= 20  # the mutation test above draws from these
    articles = [one_entry(page).article for page in PAGES]
    assert sum(a is not None for a in articles) >= 20


# -- JSON Lines ---------------------------------------------------------------------------
@FAST
@given(lines=st.lists(fuzz.LINES, max_size=12), gz=st.booleans())
def test_every_json_lines_line_is_one_entry(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], gz: bool
) -> None:
    data = b"\n".join(lines)
    name = "records.jsonl" + (".gz" if gz else "")
    path = write(tmp_path_factory.mktemp("jsonl"), name, gzip.compress(data) if gz else data)
    fuzz.check_jsonl(path, lines)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"title": "a\xff\xfe"}', "not valid UTF-8"),
        (b'{"title": 5}', "title is not a string"),
        (b'{"body": "no title"}', "record has no title"),
        (b"[1, 2]", "record is not a JSON object"),
        (b'{"title": "t", "published": "31/02/14"}', "published is not a valid YYYY-MM-DD date"),
        (b'{"title": "t", "published": "2014-02-31"}', "published is not a valid YYYY-MM-DD date"),
        (b'{"title": "t", "published": "0000-00-00"}', "published is not a valid YYYY-MM-DD date"),
        (b'{"title": "t", "published": 20140310}', "published is not a YYYY-MM-DD string"),
        (b'{"title": "t", "published": "9999-12-31"}', "published is in the future"),
        (b'{"title": "t", "body": {"a": 1}}', "body is neither a string nor a list"),
        (b'{"title": "t", "captions": [7]}', "caption is neither a string nor"),
        (
            b'{"title": "t", "pubished": "2014"}',
            "unknown key 'pubished' (did you mean 'published'?)",
        ),
        (b"[" * 100_000, "invalid JSON"),
        (b'{"title": "t"', "invalid JSON"),
    ],
)
def test_bad_json_lines_records_are_skipped_with_the_reason(
    tmp_path: Path, line: bytes, reason: str
) -> None:
    path = write(tmp_path, "r.jsonl", b'{"title": "good", "body": "text"}\n' + line + b"\n")
    good, bad = list(parse_path(path))
    assert good.article is not None and good.article.title == "good"
    assert bad.article is None and bad.reason is not None and reason in bad.reason
    assert bad.reason.startswith(Skip.BAD_RECORD.split("{")[0])


def test_a_byte_order_mark_does_not_spoil_the_first_record(tmp_path: Path) -> None:
    entry = one_entry(write(tmp_path, "r.jsonl", b'\xef\xbb\xbf{"title": "t", "body": "b"}\n'))
    assert entry.article is not None


def test_damaged_gzip_json_lines_keep_the_records_before_the_damage(tmp_path: Path) -> None:
    records = b"".join(
        b'{"title": "t%d", "body": "text %d"}\n' % (i, i * 7919) for i in range(20_000)
    )
    packed = gzip.compress(records)
    entries = list(parse_path(write(tmp_path, "cut.jsonl.gz", packed[: len(packed) // 2])))
    *articles, last = entries
    assert len(articles) > 1_000 and all(e.article is not None for e in articles)
    assert last.reason == Skip.BAD_GZIP
    corrupt = bytearray(packed)
    corrupt[len(corrupt) // 2 : len(corrupt) // 2 + 32] = bytes(32)
    *_, last = parse_path(write(tmp_path, "bad.jsonl.gz", bytes(corrupt)))
    assert last.reason == Skip.BAD_GZIP


# -- impossible dates ---------------------------------------------------------------------
IMPOSSIBLE_DATELINES = ["31/02/14", "00/00/00", "99/99/99", "29/02/13", "32/13/2014", "1/1/1"]


def _text_dump(date: str) -> str:
    text = (FIXTURES / "setimes" / "sr_Latn.txt").read_text(encoding="utf-8")
    assert "08/06/12" in text
    return text.replace("08/06/12", date)


def _setimes_page(date: str) -> str:
    html = (FIXTURES / "setimes" / "en_GB-plain.html").read_text(encoding="utf-8")
    assert "10/03/14" in html
    return html.replace("10/03/14", date)


@pytest.mark.parametrize("date", IMPOSSIBLE_DATELINES)
def test_impossible_dates_in_a_text_dump_give_no_date(date: str) -> None:
    article = parse_page(_text_dump(date), source="dump.txt")
    check_article(article)
    assert article.title and article.body and article.published is None


@pytest.mark.parametrize("date", IMPOSSIBLE_DATELINES)
def test_impossible_dates_in_html_give_no_date_or_the_address_date(date: str) -> None:
    article = parse_page(_setimes_page(date), source="page.html", name="page.html")
    check_article(article)
    assert article.published in (None, dt.date(2014, 3, 10))  # the URL carries 2014/03/10


@pytest.mark.parametrize(("date", "year"), [("31/12/99", 1999), ("01/01/00", 2000)])
def test_two_digit_years_never_give_a_future_date(date: str, year: int) -> None:
    article = parse_page(_text_dump(date), source="dump.txt")
    assert article.published is not None and article.published.year == year
    check_article(parse_page(_setimes_page(date), source="page.html", name="page.html"))


@pytest.mark.parametrize(
    "value", ["2014-02-31", "0000-00-00", "31/02/14", "9999-12-31T99:99", "-1", "1e308", "NaN"]
)
def test_impossible_dates_in_news_metadata_are_ignored(value: str) -> None:
    page = (
        "<html><head><title>Minister resigns over tender</title>"
        f'<meta property="article:published_time" content="{value}">'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{value}"}}</script>'
        "</head><body><article><h1>Minister resigns over tender</h1>"
        + "".join(
            f"<p>In the {n}th week of questions about a public tender, the minister of "
            f"transport resigned, saying that paragraph {n} of the contract was lawful.</p>"
            for n in range(4, 10)
        )
        + "</article></body></html>"
    )
    article = parse_page(page, source="news.html", name="news.html")
    check_article(article)
    if value == "2014-02-31":  # htmldate keeps the month it can read: day 1 stands for "unknown"
        assert article.published in (None, dt.date(2014, 2, 1))
    else:
        assert article.published is None


# -- binary content and size limits -------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01" + bytes(2000),
        b"PK\x03\x04" + bytes(range(256)) * 8,
        bytes(range(256)) * 16,
    ],
)
def test_binary_files_with_a_page_name_are_skipped_as_binary(tmp_path: Path, data: bytes) -> None:
    assert one_entry(write(tmp_path, "article.html", data)).reason == Skip.BINARY


def test_an_oversize_page_is_skipped_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as handle:  # sparse: 50 MB on one line, costs no disk
        handle.write(b"<html><body><p>")
        handle.truncate(50 * 1024 * 1024)
    assert one_entry(path).reason == Skip.TOO_LARGE.format(limit=config.MAX_PAGE_BYTES)


# -- the heavy cases, once each, in a subprocess whose peak memory is measured ---------------
#: Peak memory of the process parsing all heavy cases; a parser that loads a bomb whole,
#: or copies the page per nesting level, goes far past it.
PEAK_MB = 400


def test_heavy_inputs_end_as_one_entry_in_bounded_memory(tmp_path: Path) -> None:
    cases = fuzz.heavy_cases()
    runs = fuzz.run_heavy(tmp_path, cases, each=False)
    for label, (_, _, reason) in cases.items():
        assert "error" not in runs[label], (label, runs[label])
        entries = runs[label]["entries"]
        if label == "50 MB JSON line":  # the next record is still read
            assert entries[1] == [None, "after"]
            entries = entries[:1]
        assert len(entries) == 1, (label, entries)
        if reason is not None:
            assert (entries[0][0] or "").startswith(reason), (label, entries)
    peaks = {label: run["peak_mb"] for label, run in runs.items()}
    assert max(peaks.values()) < PEAK_MB, peaks


def test_byte_ranges_of_a_json_lines_file_read_as_the_whole_file(tmp_path: Path) -> None:
    from archive_search.ingest.jsonl import JsonlSpan, iter_jsonl_records

    lines = [b'{"title": "t%d", "body": "text %d"}' % (i, i) for i in range(40)]
    lines[7] = b"not json"
    lines[8] = b""
    path = write(tmp_path, "r.jsonl", b"\n".join(lines))  # no final newline
    whole = [(n, getattr(r, "title", None) or r.reason) for n, r in iter_jsonl_records(path)]
    size = path.stat().st_size
    for cut in (1, 7, 100, size // 2, size - 1):
        got, offset = [], 0
        for start, end in ((0, cut), (cut, size)):
            span = JsonlSpan(path, start, end)
            got += [(n + offset, getattr(r, "title", None) or r.reason) for n, r in span]
            offset += span.lines
        assert got == whole, cut
        assert offset == len(lines)
