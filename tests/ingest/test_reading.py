"""Finding source files and reading their bytes: order, filters, links, gzip, limits."""

from __future__ import annotations

import gzip
import os
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from archive_search import config, errors
from archive_search.errors import Skip, SkipSource
from archive_search.ingest.reading import (
    check_paths_exist,
    is_ignored_name,
    iter_source_files,
    logical_name,
    read_source,
    source_url_hint,
)

PAGE = b"<html><body><h1>Title</h1><p>Text of the article.</p></body></html>"


def touch(path: Path, data: bytes = PAGE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


# -- iter_source_files --------------------------------------------------------
def test_walk_is_sorted_depth_first_and_recursive(tmp_path: Path) -> None:
    for name in ["b.html", "a/z.html", "a/b/c.html", "c.txt", "a.html", "A.html"]:
        touch(tmp_path / name)
    found = list(iter_source_files([tmp_path]))
    assert names(found, tmp_path) == [
        "A.html",
        "a/b/c.html",
        "a/z.html",
        "a.html",
        "b.html",
        "c.txt",
    ]
    assert found == list(iter_source_files([tmp_path])), "order must be stable"


def test_walk_passes_over_hidden_backup_and_temp_files(tmp_path: Path) -> None:
    keep = ["page.html", "story.txt.gz"]
    skip = [
        ".hidden.html",
        ".git/objects/page.html",
        "page.html~",
        "#page.html#",
        ".page.html.swp",
        "page.html.bak",
        "page.html.orig",
        "page.html.tmp",
        "PAGE.HTML.BAK",
        "page.html.bak.gz",
        "download.html.part",
        "__MACOSX/page.html",
    ]
    for name in keep + skip:
        touch(tmp_path / name)
    assert names(list(iter_source_files([tmp_path])), tmp_path) == keep


@pytest.mark.parametrize("name", [".hidden.html", "page.html~", "page.html.bak", "#x#"])
def test_a_path_named_explicitly_is_always_yielded(tmp_path: Path, name: str) -> None:
    path = touch(tmp_path / name)
    assert list(iter_source_files([path])) == [path]


def test_an_explicit_hidden_folder_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / ".archive" / "page.html")
    touch(tmp_path / ".archive" / ".skip.html")
    assert names(list(iter_source_files([tmp_path / ".archive"])), tmp_path) == [
        ".archive/page.html"
    ]


def test_symlinked_folder_is_followed(tmp_path: Path) -> None:
    touch(tmp_path / "store" / "page.html")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "linked").symlink_to(tmp_path / "store", target_is_directory=True)
    found = list(iter_source_files([tmp_path / "archive"]))
    assert names(found, tmp_path) == ["archive/linked/page.html"]


def test_symlink_loop_ends_and_yields_each_file_once(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "page.html")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "same.html").symlink_to(tmp_path / "a" / "page.html")
    found = list(iter_source_files([tmp_path, tmp_path / "a"]))
    assert names(found, tmp_path) == ["a/page.html"]


def test_a_file_given_twice_or_also_inside_a_folder_is_yielded_once(tmp_path: Path) -> None:
    page = touch(tmp_path / "d" / "page.html")
    found = list(iter_source_files([page, str(page), tmp_path / "d"]))
    assert found == [page]


def test_paths_keep_the_order_they_were_given_in(tmp_path: Path) -> None:
    second, first = touch(tmp_path / "z.html"), touch(tmp_path / "a.html")
    assert list(iter_source_files([second, first])) == [second, first]


def test_url_sidecars_are_not_sources_but_lone_url_files_are(tmp_path: Path) -> None:
    touch(tmp_path / "page.html")
    touch(tmp_path / "page.html.url", b"https://example.com/page")
    touch(tmp_path / "zipped.html.gz", gzip.compress(PAGE))
    touch(tmp_path / "zipped.html.url", b"https://example.com/zipped")
    touch(tmp_path / "orphan.url", b"https://example.com/")
    found = names(list(iter_source_files([tmp_path])), tmp_path)
    assert found == ["orphan.url", "page.html", "zipped.html.gz"]


def test_dangling_symlink_in_a_folder_is_yielded_and_reported_unreadable(tmp_path: Path) -> None:
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    [found] = iter_source_files([tmp_path])
    with pytest.raises(SkipSource) as caught:
        read_source(found)
    assert caught.value.reason == Skip.UNREADABLE.format(detail="No such file or directory")


def test_missing_top_level_path_raises_before_anything_is_yielded(tmp_path: Path) -> None:
    touch(tmp_path / "page.html")
    missing = tmp_path / "no-such-folder"
    walk = iter_source_files([tmp_path, missing])
    with pytest.raises(errors.UsageError) as caught:
        next(walk)
    assert str(caught.value) == str(errors.path_missing(missing))
    assert caught.value.exit_code == errors.EXIT_USAGE


def test_check_paths_exist(tmp_path: Path) -> None:
    check_paths_exist([tmp_path, touch(tmp_path / "x.html")])
    with pytest.raises(errors.UsageError, match="no-such"):
        check_paths_exist([tmp_path, "no-such-file.html"])
    (tmp_path / "broken").symlink_to(tmp_path / "absent")
    with pytest.raises(errors.UsageError):
        check_paths_exist([tmp_path / "broken"])


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("page.html", False),
        ("page.html.gz", False),
        ("notes.tmpl", False),
        ("x.bak", True),
        ("x.BAK", True),
        ("x.html.orig.gz", True),
        ("~$report.docx", True),
        ("Thumbs.db", True),
    ],
)
def test_is_ignored_name(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored


# -- read_source ----------------------------------------------------------------
def test_plain_file(tmp_path: Path) -> None:
    assert read_source(touch(tmp_path / "p.html")) == PAGE


@pytest.mark.parametrize("name", ["p.html.gz", "p.html", "p.gzip", "p"])
def test_gzip_is_recognised_by_magic_bytes_whatever_the_name(tmp_path: Path, name: str) -> None:
    assert read_source(touch(tmp_path / name, gzip.compress(PAGE))) == PAGE


def test_a_gz_name_on_plain_bytes_reads_them_as_they_are(tmp_path: Path) -> None:
    assert read_source(touch(tmp_path / "already-unzipped.html.gz")) == PAGE


def test_multi_member_gzip_and_trailing_padding(tmp_path: Path) -> None:
    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>") + b"\0" * 16 + b"junk"
    assert read_source(touch(tmp_path / "p.html.gz", data)) == b"<p>one</p><p>two</p>"


def test_truncated_gzip_is_bad_gzip(tmp_path: Path) -> None:
    data = gzip.compress(PAGE * 50)[:-12]
    with pytest.raises(SkipSource) as caught:
        read_source(touch(tmp_path / "p.html.gz", data))
    assert caught.value.reason == Skip.BAD_GZIP


def test_gzip_with_a_wrong_checksum_is_bad_gzip(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(PAGE))
    data[-8] ^= 0xFF  # first byte of the CRC32 trailer
    with pytest.raises(SkipSource) as caught:
        read_source(touch(tmp_path / "p.html.gz", bytes(data)))
    assert caught.value.reason == Skip.BAD_GZIP


def test_gzip_with_corrupt_deflate_data_is_bad_gzip(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(PAGE * 20))
    data[12:20] = b"\xff" * 8
    with pytest.raises(SkipSource) as caught:
        read_source(touch(tmp_path / "p.html.gz", bytes(data)))
    assert caught.value.reason == Skip.BAD_GZIP


def _bomb(path: Path, megabytes: int) -> Path:
    """A gzip stream of ``megabytes`` MB of zeros, built in a blink.

    One fully flushed deflate block of 1 MB of zeros (about 1 KB) stands alone,
    so repeating it gives a valid stream; the reader must give up long before
    the missing end of the stream would matter.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(b"\0" * (1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    path.write_bytes(gzip.compress(b"")[:10] + block * megabytes)
    return path


def test_gzip_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.html.gz", 1024)  # 1 GB of zeros in about 1 MB
    assert bomb.stat().st_size < 2_000_000
    limit = config.MAX_PAGE_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SkipSource) as caught:
            read_source(bomb)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.reason == Skip.TOO_LARGE.format(limit=limit)
    assert elapsed < 2.0
    assert peak < 1.5 * limit


def test_gzip_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    data = b"x" * 1000
    assert read_source(touch(tmp_path / "p.gz", gzip.compress(data)), max_bytes=1000) == data
    with pytest.raises(SkipSource):
        read_source(touch(tmp_path / "q.gz", gzip.compress(data + b"y")), max_bytes=1000)


def test_oversize_plain_file_is_refused_from_its_size_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with open(big, "wb") as out:
        out.truncate(config.MAX_PAGE_BYTES + 1)  # sparse: no disk, no reading needed
    tracemalloc.start()
    try:
        with pytest.raises(SkipSource) as caught:
            read_source(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.reason == Skip.TOO_LARGE.format(limit=config.MAX_PAGE_BYTES)
    assert peak < 1_000_000


def test_plain_file_at_the_limit_is_read(tmp_path: Path) -> None:
    assert read_source(touch(tmp_path / "p.html", b"a" * 100), max_bytes=100) == b"a" * 100


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t\r\n  ",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf \n",
        gzip.compress(b""),
        gzip.compress(b"\n"),
    ],
)
def test_empty_or_blank_is_empty(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(SkipSource) as caught:
        read_source(touch(tmp_path / "p.html", data))
    assert caught.value.reason == Skip.EMPTY


def test_missing_file_is_unreadable_with_the_os_reason(tmp_path: Path) -> None:
    with pytest.raises(SkipSource) as caught:
        read_source(tmp_path / "absent.html")
    assert caught.value.reason == Skip.UNREADABLE.format(detail="No such file or directory")


def test_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(SkipSource) as caught:
        read_source(tmp_path)
    assert caught.value.reason == Skip.UNREADABLE.format(detail="Is a directory")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(SkipSource) as caught:
        read_source(fifo)  # opening a FIFO with no writer would hang
    assert caught.value.reason.startswith(Skip.UNREADABLE.split("{", 1)[0])
    assert list(iter_source_files([tmp_path])) == []


# -- names and sidecars -----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "logical"),
    [
        ("page.html.gz", "page.html"),
        ("Page.HTML.GZ", "page.html"),
        ("story.txt.gzip", "story.txt"),
        ("records.jsonl.gz", "records.jsonl"),
        ("page.html", "page.html"),
        ("archive.gz", "archive"),
        (".gz", ".gz"),
    ],
)
def test_logical_name(name: str, logical: str) -> None:
    assert logical_name(Path("some/dir") / name) == logical
    assert logical_name(f"some/dir/{name}") == logical


def test_url_from_sidecar(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.html")
    assert source_url_hint(page) is None
    touch(tmp_path / "page.html.url", b"\xef\xbb\xbf  https://setimes.com/cocoon/a.html  \n")
    assert source_url_hint(page) == "https://setimes.com/cocoon/a.html"


def test_url_from_sidecar_of_a_gzipped_page(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.html.gz", gzip.compress(PAGE))
    touch(tmp_path / "page.html.url", b"http://example.com/inner")
    assert source_url_hint(page) == "http://example.com/inner"
    touch(tmp_path / "page.html.gz.url", b"http://example.com/outer")
    assert source_url_hint(page) == "http://example.com/outer"


def test_url_from_windows_shortcut_style_sidecar(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.html")
    touch(tmp_path / "page.html.url", b"[InternetShortcut]\r\nURL=https://example.com/x?id=3\r\n")
    assert source_url_hint(page) == "https://example.com/x?id=3"


def test_sidecar_without_an_address_gives_none(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.html")
    touch(tmp_path / "page.html.url", b"see the page\nftp://example.com/x\n")
    assert source_url_hint(page) is None
