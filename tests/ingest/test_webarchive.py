"""Reading WARC, ARC and WACZ files: every record kind, gzip members, damage and truncation."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_search import config
from archive_search.errors import Skip
from archive_search.ingest import Parsed, is_multi_page, parse_path, parse_unit
from archive_search.ingest.webarchive import Capture, iter_units
from tests.ingest.archives import Rec, page, write_arc, write_wacz, write_warc

KOSOVO = page("Kosovo story", "KFOR and the Serbian Army discuss co-operation in Kosovo.")
WHEN = dt.datetime(2014, 3, 10, 12, 34, 56)


def _units(path):
    return list(iter_units(path))


def _kinds(units):
    """(offset, 'page' or the skip reason) per unit."""
    return [(u.offset, "page" if isinstance(u, Capture) else u.reason) for u in units]


@pytest.mark.parametrize("gzip_members", [True, False])
def test_each_record_kind(tmp_path, gzip_members):
    path = tmp_path / ("crawl.warc.gz" if gzip_members else "crawl.warc")
    offsets = write_warc(
        path,
        [
            Rec("", kind="warcinfo"),
            Rec("http://example.com/kosovo", kind="request"),
            Rec("http://example.com/kosovo", KOSOVO),
            Rec("http://example.com/kosovo", kind="revisit"),
            Rec("http://example.com/gone", b"<html>Not found</html>", status="404 Not Found"),
            Rec("http://example.com/moved", b"", status="301 Moved Permanently"),
            Rec("http://example.com/logo.png", b"\x89PNG....", content_type="image/png"),
            Rec(
                "http://example.com/kosovo", b"{}", kind="metadata", content_type="application/json"
            ),
            Rec("http://example.com/local.html", KOSOVO, kind="resource", content_type="text/html"),
        ],
        gzip_members=gzip_members,
    )

    units = _units(path)

    assert _kinds(units) == [
        (offsets[2], "page"),
        (offsets[3], Skip.REVISIT.format(detail="identical-payload-digest")),
        (offsets[4], Skip.HTTP_STATUS.format(status="404")),
        (offsets[5], Skip.HTTP_STATUS.format(status="301")),
        (offsets[6], Skip.NOT_HTML.format(type="image/png")),
        (offsets[8], "page"),
    ]
    marker = b"\x1f\x8b" if gzip_members else b"WARC/1."
    data = path.read_bytes()
    assert all(data[u.offset : u.offset + len(marker)] == marker for u in units)
    capture = units[0]
    assert (capture.url, capture.captured) == ("http://example.com/kosovo", WHEN)
    assert capture.location == f"{path}@{offsets[2]}"


def test_a_page_record_parses_to_an_article_with_its_url_and_crawl_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [Rec("http://www.example.com/news/kosovo", KOSOVO, date="2015-06-01T08:09:10Z")]
    )

    [result] = list(parse_path(path))

    article = result.article
    assert article is not None and result.reason is None
    assert article.title == "Kosovo story"
    assert article.url == "http://www.example.com/news/kosovo"
    assert article.crawled == dt.datetime(2015, 6, 1, 8, 9, 10)
    assert article.published is None  # a capture date is never a publication date
    assert article.source == f"{path}@0" and result.offset == 0


def test_records_that_are_no_page_by_content(tmp_path):
    path = tmp_path / "crawl.warc"
    big = b"<html><body>" + b"x" * (config.MAX_PAGE_BYTES + 10) + b"</body></html>"
    offsets = write_warc(
        path,
        [
            Rec("http://example.com/empty", b"   "),
            Rec(
                "http://example.com/binary",
                b"%PDF-1.4 ...",
                content_type="application/octet-stream",
            ),
            Rec("http://example.com/big", big),
            Rec("http://example.com/cut", KOSOVO, headers={"WARC-Truncated": "length"}),
            Rec("http://example.com/untyped", KOSOVO, content_type=""),
        ],
        gzip_members=False,
    )

    assert _kinds(_units(path)) == [
        (offsets[0], Skip.EMPTY),
        (offsets[1], Skip.NOT_HTML.format(type="application/octet-stream")),
        (offsets[2], Skip.TOO_LARGE.format(limit=config.MAX_PAGE_BYTES)),
        (offsets[3], Skip.TRUNCATED.format(detail="WARC-Truncated: length")),
        (offsets[4], "page"),  # no type given: the payload says HTML
    ]


@pytest.mark.parametrize("gzip_members", [True, False])
def test_arc_files(tmp_path, gzip_members):
    path = tmp_path / ("old.arc.gz" if gzip_members else "old.arc")
    offsets = write_arc(
        path,
        [
            Rec("http://example.com/kosovo", KOSOVO, date="2004-05-06T07:08:09Z"),
            Rec("http://example.com/gone", b"gone", status="404 Not Found"),
        ],
        gzip_members=gzip_members,
    )

    units = _units(path)

    assert _kinds(units) == [
        (offsets[0], "page"),
        (offsets[1], Skip.HTTP_STATUS.format(status="404")),
    ]
    article = parse_unit(units[0]).article
    assert article.title == "Kosovo story" and article.url == "http://example.com/kosovo"
    assert article.crawled == dt.datetime(2004, 5, 6, 7, 8, 9)


def test_wacz_package(tmp_path):
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc"
    write_warc(first, [Rec("http://example.com/one", KOSOVO)])
    offsets = write_warc(
        second,
        [
            Rec("http://example.com/gone", b"x", status="404 Not Found"),
            Rec("http://example.com/two", KOSOVO),
        ],
        gzip_members=False,
    )
    package = tmp_path / "crawl.wacz"
    write_wacz(package, {"data-1.warc.gz": first.read_bytes(), "data-2.warc": second.read_bytes()})

    units = _units(package)

    assert [(u.member, u.offset) for u in units] == [
        ("archive/data-1.warc.gz", 0),
        ("archive/data-2.warc", offsets[0]),
        ("archive/data-2.warc", offsets[1]),
    ]
    assert [u.url for u in units if isinstance(u, Capture)] == [
        "http://example.com/one",
        "http://example.com/two",
    ]
    assert units[2].location == f"{package}!archive/data-2.warc@{offsets[1]}"
    assert is_multi_page(package) and is_multi_page(first) and is_multi_page(tmp_path / "x.arc.gz")


def test_wacz_that_is_no_zip_or_holds_no_archive(tmp_path):
    broken = tmp_path / "broken.wacz"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    empty = tmp_path / "empty.wacz"
    write_wacz(empty, {})

    [bad] = _units(broken)
    [none] = _units(empty)

    assert bad.reason.startswith(Skip.BAD_WACZ.format(detail=""))
    assert none.reason == Skip.NO_ARCHIVES


@pytest.mark.parametrize("gzip_members", [True, False])
def test_truncated_file_reports_the_cut_record_and_keeps_the_earlier_ones(tmp_path, gzip_members):
    path = tmp_path / ("cut.warc.gz" if gzip_members else "cut.warc")
    offsets = write_warc(
        path,
        [Rec("http://example.com/one", KOSOVO), Rec("http://example.com/two", KOSOVO)],
        gzip_members=gzip_members,
    )
    data = path.read_bytes()
    for cut in (offsets[1] + 40, len(data) - 200):  # inside the headers, inside the payload
        path.write_bytes(data[:cut])

        units = _units(path)

        assert _kinds(units)[0] == (0, "page")
        assert len(units) == 2, (cut, units)
        assert units[1].offset == offsets[1]
        assert units[1].reason.startswith("truncated record"), units[1].reason


def test_a_damaged_record_never_stops_the_file(tmp_path):
    plain, packed = tmp_path / "damaged.warc", tmp_path / "damaged.warc.gz"
    records = [Rec(f"http://example.com/{n}", KOSOVO) for n in range(3)]
    plain_offsets = write_warc(plain, records, gzip_members=False)
    packed_offsets = write_warc(packed, records)
    data = bytearray(plain.read_bytes())
    data[plain_offsets[1] : plain_offsets[1] + 8] = b"GARBAGE!"  # the record's header line
    plain.write_bytes(bytes(data))
    data = bytearray(packed.read_bytes())
    middle = (packed_offsets[1] + packed_offsets[2]) // 2
    data[middle : middle + 30] = bytes(30)  # deflate data of the second member
    packed.write_bytes(bytes(data))

    for path, offsets in ((plain, plain_offsets), (packed, packed_offsets)):
        kinds = _kinds(_units(path))

        assert kinds[0] == (offsets[0], "page")
        assert kinds[-1] == (offsets[2], "page")
        damaged = [reason for _, reason in kinds[1:-1]]
        assert damaged and all(reason.startswith("damaged record: ") for reason in damaged)
        assert kinds[1][0] == offsets[1]


def test_a_file_that_is_no_archive_at_all(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("just some text\nthat is not a WARC file\n")

    [unit] = _units(path)

    assert isinstance(unit, Parsed) and unit.offset == 0
    assert unit.reason.startswith("damaged record: ")


def test_a_damaged_gzip_stream_around_an_uncompressed_record(tmp_path):
    path = tmp_path / "mixed.warc.gz"
    offsets = write_warc(path, [Rec("http://example.com/a", KOSOVO)])
    path.write_bytes(path.read_bytes() + gzip.compress(b"WARC/1.0\r\nbroken")[:-6])

    kinds = _kinds(_units(path))

    assert kinds[0] == (offsets[0], "page")
    assert len(kinds) == 2 and kinds[1][1] != "page"


def test_capture_is_parsed_like_a_page_file(tmp_path):
    capture = Capture(
        origin="/x.warc",
        path="/x.warc",
        member="",
        offset=7,
        url="https://example.com/story",
        captured=WHEN,
        content_type="text/html; charset=windows-1250",
        payload=page("Priča", "Čitava priča o Kosovu.").decode().encode("cp1250"),
    )

    parsed = parse_unit(capture)

    assert parsed.article.title == "Priča" and parsed.offset == 7
    assert parsed.article.crawled == WHEN
    failed = capture.failed(Skip.WORKER_DIED)
    assert (failed.reason, failed.location) == (Skip.WORKER_DIED, "/x.warc@7")


def test_a_whole_file_gzipped_as_one_stream_is_read_with_offsets_in_the_plain_file(tmp_path):
    plain = tmp_path / "crawl.warc"
    offsets = write_warc(
        plain, [Rec(f"http://example.com/{n}", KOSOVO) for n in range(3)], gzip_members=False
    )
    packed = tmp_path / "crawl.warc.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))

    assert _kinds(_units(packed)) == [(offset, "page") for offset in offsets]

    packed.write_bytes(packed.read_bytes()[:-40])  # and cut short: reported, never raised
    kinds = _kinds(_units(packed))
    assert kinds[:2] == [(offsets[0], "page"), (offsets[1], "page")]
    assert len(kinds) == 3 and kinds[2][1] != "page"


# -- hostile input: any bytes under a web-archive name end as entries, never an exception -------
_HOSTILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _healthy(tmp_path, gzip_members: bool) -> bytes:
    path = tmp_path / "seed.warc"
    write_warc(
        path,
        [
            Rec("http://example.com/a", KOSOVO),
            Rec("http://example.com/b", b"gone", status="404 Not Found"),
            Rec("http://example.com/c", KOSOVO, kind="revisit"),
            Rec("http://example.com/d", KOSOVO),
        ],
        gzip_members=gzip_members,
    )
    return path.read_bytes()


def _check_units(path, size: int) -> None:
    for unit in iter_units(path):
        unit = parse_unit(unit)
        assert (unit.article is None) != (unit.reason is None)
        if unit.reason is not None:
            assert "\n" not in unit.reason and len(unit.reason) < 300
        assert unit.offset is None or 0 <= unit.offset <= max(size, 0) + 1


@_HOSTILE
@given(
    gzip_members=st.booleans(),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=12)), max_size=4),
    cut=st.floats(0.05, 1.0),
)
def test_damaged_copies_of_a_healthy_archive_never_raise(tmp_path, capfd, gzip_members, edits, cut):
    data = bytearray(_healthy(tmp_path, gzip_members))
    for where, junk in edits:
        at = int(where * (len(data) - 1))
        data[at : at + len(junk)] = junk
    data = bytes(data[: max(1, int(len(data) * cut))])
    path = tmp_path / ("fuzz.warc.gz" if gzip_members else "fuzz.warc")
    path.write_bytes(data)

    _check_units(path, len(data))
    assert capfd.readouterr().err == ""  # damage is reported per record, never printed


@_HOSTILE
@given(
    data=st.binary(max_size=2048),
    name=st.sampled_from(["x.warc", "x.warc.gz", "x.arc", "x.arc.gz", "x.wacz"]),
)
def test_random_bytes_under_an_archive_name_never_raise(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)

    _check_units(path, len(data))
