"""Indexing web-archive files: per-record accounting, workers, captures of one page, re-runs."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_search.archive import Archive
from archive_search.article import Article
from archive_search.errors import EXIT_OK, Skip
from archive_search.indexing import pipeline
from archive_search.indexing.parallel import OrderedParser
from archive_search.indexing.report import IndexReport, ReportEntry, summary_lines
from archive_search.indexing.verify import verify
from archive_search.ingest import Parsed
from tests.indexing.test_pipeline import run
from tests.ingest.archives import Rec, page, write_wacz, write_warc
from tests.paths import REPO

STORY = "http://example.com/news/kosovo-talks"


def _page(n: int, version: str = "") -> bytes:
    return page(f"Story {n} {version}".strip(), f"Talks number {n} about Kosovo {version}.")


def _report(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def crawl(tmp_path: Path) -> tuple[Path, list[int]]:
    folder = tmp_path / "crawls"
    folder.mkdir()
    path = folder / "crawl.warc.gz"
    offsets = write_warc(
        path,
        [
            Rec("", kind="warcinfo"),
            Rec("http://example.com/news/1", _page(1)),
            Rec("http://example.com/news/1", kind="revisit"),
            Rec("http://example.com/news/missing", b"nope", status="404 Not Found"),
            Rec("http://example.com/news/photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
            Rec("http://example.com/news/2", _page(2)),
        ],
    )
    return path, offsets


@pytest.mark.parametrize("workers", [1, 2])
def test_every_record_is_accounted_for_with_its_offset(tmp_path, store, crawl, workers):
    path, offsets = crawl
    report_file = tmp_path / "report.jsonl"

    report = run(store, path.parent, workers=workers, report_path=report_file)

    lines = _report(report_file)
    assert [(line["offset"], line["outcome"]) for line in lines] == [
        (offsets[1], "new"),
        (offsets[2], "skipped"),
        (offsets[3], "skipped"),
        (offsets[4], "skipped"),
        (offsets[5], "new"),
    ]
    assert all(line["path"] == str(path.resolve()) for line in lines)
    assert lines[1]["reason"] == Skip.REVISIT.format(detail="identical-payload-digest")
    assert lines[2]["reason"] == Skip.HTTP_STATUS.format(status="404")
    assert lines[3]["reason"] == Skip.NOT_HTML.format(type="image/jpeg")
    assert report.files == 1 and dict(report.outcomes) == {"new": 2, "skipped": 3}
    with Archive(store.path) as archive:
        story = archive.get(lines[0]["id"])
        assert story.url == "http://example.com/news/1"
        assert story.crawled == dt.datetime(2014, 3, 10, 12, 34, 56)
        assert story.source == f"{path}@{offsets[1]}"
        assert archive.search("kosovo").total == 2


def test_captures_of_one_page_become_one_article_and_the_newest_wins(tmp_path, store):
    folder = tmp_path / "crawls"
    folder.mkdir()
    offsets = write_warc(
        folder / "a.warc.gz",
        [
            Rec(
                "http://www.example.com/news/kosovo-talks?utm_source=rss",
                _page(1, "second"),
                date="2014-05-01T00:00:00Z",
            ),
            Rec(
                "https://example.com/news/kosovo-talks",
                _page(1, "newest"),
                date="2015-01-01T00:00:00Z",
            ),
            Rec(
                "http://example.com/news/kosovo-talks/print",
                _page(1, "first"),
                date="2013-01-01T00:00:00Z",
            ),
            Rec(
                "http://example.com:80/news/kosovo-talks;jsessionid=ABC123",
                _page(1, "third"),
                date="2014-09-01T00:00:00Z",
            ),
        ],
    )
    # and a Wayback capture of it, downloaded as a file (older)
    replayed = (
        '<html><head><script>__wm.init("https://web.archive.org/web");\n'
        f'  __wm.wombat("{STORY}","20140201000000","https://web.archive.org/","web","/_static/",\n'
        '        "1391212800");</script>\n<!-- End Wayback Rewrite JS Include -->'
        + _page(1, "wayback").decode().split("<head>", 1)[1]
    )
    (folder / "z-saved.html").write_text(replayed, encoding="utf-8")
    report_file = tmp_path / "report.jsonl"

    report = run(store, folder, report_path=report_file)

    lines = _report(report_file)
    assert [line["outcome"] for line in lines] == [
        "new",
        "duplicate",
        "duplicate",
        "duplicate",
        "duplicate",
    ]
    ids = {line["id"] for line in lines}
    assert len(ids) == 1
    assert [line.get("offset") for line in lines[:4]] == offsets
    assert dict(report.outcomes) == {"new": 1, "duplicate": 4} and report.replaced == 1
    with Archive(store.path) as archive:
        assert archive.search("kosovo").total == 1
        article = archive.get(ids.pop())
        assert article.title == "Story 1 newest"
        assert article.crawled == dt.datetime(2015, 1, 1)
        assert article.url == "https://example.com/news/kosovo-talks"
        assert archive.search('"second"').total == 0 and archive.search('"newest"').total == 1

    again = run(store, folder)  # unchanged: nothing read, nothing written
    assert dict(again.outcomes) == {"unchanged": 1, "duplicate": 4} and not again.changed
    assert list(verify(store.path, [folder])) == []


def test_newest_capture_wins_across_batches_and_files(tmp_path, store, monkeypatch):
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_warc(
        folder / "1.warc",
        [Rec(STORY, _page(1, "older"), date="2014-01-01T00:00:00Z")],
        gzip_members=False,
    )
    filler = [Rec(f"http://example.com/filler/{n}", _page(n + 10)) for n in range(5)]
    write_warc(
        folder / "2.warc.gz", [*filler, Rec(STORY, _page(1, "newer"), date="2015-01-01T00:00:00Z")]
    )
    monkeypatch.setenv(pipeline.BATCH_ENV_VAR, "2")  # the first capture is committed long before

    report = run(store, folder, workers=2)

    assert report.commits >= 3
    with Archive(store.path) as archive:
        assert archive.get(Article(title="", url=STORY).id).title == "Story 1 newer"
        assert archive.search('"older"').total == 0


def test_a_damaged_record_in_the_middle_is_reported_and_the_rest_indexed(tmp_path, store):
    folder = tmp_path / "crawls"
    folder.mkdir()
    path = folder / "damaged.warc"
    offsets = write_warc(
        path, [Rec(f"http://example.com/{n}", _page(n)) for n in range(3)], gzip_members=False
    )
    data = bytearray(path.read_bytes())
    data[offsets[1] : offsets[1] + 4] = b"JUNK"
    path.write_bytes(bytes(data))
    report_file = tmp_path / "report.jsonl"

    report = run(store, folder, report_path=report_file, workers=2)

    lines = _report(report_file)
    assert [(line["offset"], line["outcome"]) for line in lines] == [
        (offsets[0], "new"),
        (offsets[1], "skipped"),
        (offsets[2], "new"),
    ]
    assert lines[1]["reason"].startswith("damaged record: ")
    assert report.count("new") == 2


def test_an_unchanged_archive_is_not_read_again_and_a_changed_one_is(
    tmp_path, store, crawl, monkeypatch
):
    path, _ = crawl
    run(store, path.parent)

    def no_reading(p):
        raise AssertionError(f"read {p} again")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "iter_units", no_reading)
        again = run(store, path.parent)
    assert dict(again.outcomes) == {"unchanged": 2, "skipped": 3}
    assert list(verify(store.path, [path.parent])) == []

    write_warc(path, [Rec("http://example.com/news/3", _page(3))])  # the crawl replaced

    problems = list(verify(store.path, [path.parent]))
    assert {p.kind for p in problems} == {"changed", "stale"}
    third = run(store, path.parent, prune=True)
    assert dict(third.outcomes) == {"new": 1} and third.pruned == 2


def test_a_wacz_package_is_one_source(tmp_path, store):
    warc = tmp_path / "data.warc.gz"
    write_warc(
        warc,
        [Rec("http://example.com/news/1", _page(1)), Rec("http://example.com/news/2", _page(2))],
    )
    folder = tmp_path / "packages"
    folder.mkdir()
    write_wacz(folder / "crawl.wacz", {"data.warc.gz": warc.read_bytes()})
    report_file = tmp_path / "report.jsonl"

    report = run(store, folder, workers=2, report_path=report_file)

    assert report.files == 1 and report.count("new") == 2
    assert {line["member"] for line in _report(report_file)} == {"archive/data.warc.gz"}


def test_reindex_script_reads_web_archives(tmp_path, crawl):
    path, _ = crawl
    newer = Rec("http://example.com/news/1", _page(1, "newer"), date="2016-01-01T00:00:00Z")
    write_warc(path.parent / "later.warc.gz", [newer])
    index = tmp_path / "rebuilt"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "reindex.py"),
            str(path.parent),
            "--index",
            str(index),
            "--workers",
            "2",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == EXIT_OK, done.stderr
    summary = json.loads(done.stdout)
    assert summary["outcomes"] == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 1,
        "skipped": 3,
    }
    with Archive(index) as archive:
        assert archive.search("kosovo").total == 2
        newest = archive.get(Article(title="", url="http://example.com/news/1").id)
        assert newest.title == "Story 1 newer"


def test_crawled_round_trips_through_json_lines_records():
    article = Article.from_dict({"title": "T", "body": "x", "crawled": "2014-03-10T12:34:56+01:00"})
    assert article.crawled == dt.datetime(2014, 3, 10, 11, 34, 56)
    assert article.to_dict()["crawled"] == "2014-03-10T11:34:56Z"
    assert "crawled" not in Article(title="T").to_dict()  # older records keep their hashes
    with pytest.raises(ValueError, match="crawled"):
        Article.from_dict({"title": "T", "crawled": "yesterday"})


@dataclass(frozen=True)
class _Unit:
    """A capture whose payload kills the worker reading it when named 'crash*' (picklable)."""

    name: str
    content_type: str = "text/html"
    url: str = ""
    captured: dt.datetime | None = None

    @property
    def location(self) -> str:
        return self.name

    @property
    def payload(self) -> bytes:
        if self.name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)
        return page(f"Story {self.name}", "Text about Kosovo.")

    def parsed(self, article: Article) -> Parsed:
        return Parsed(self.name, self.name, article=article)

    def failed(self, reason: str) -> Parsed:
        return Parsed(self.name, self.name, reason=reason)


def test_a_record_that_kills_its_worker_costs_only_that_record():
    units: list = [_Unit(f"record-{n:02}") for n in range(70)]
    units.insert(45, _Unit("crash-me"))
    units.insert(3, Parsed("done", "done", reason="decided while reading"))

    with OrderedParser(2, prepare=True) as parser:
        results = [parsed for parsed, _ in parser.prepared(units, "/crawl.warc")]

    assert [p.location for p in results] == [getattr(u, "name", "done") for u in units]
    by_location = {p.location: p for p in results}
    assert by_location["crash-me"].reason == Skip.WORKER_DIED
    assert by_location["done"].reason == "decided while reading"
    others = [by_location[u.name] for u in units if isinstance(u, _Unit) and u.name != "crash-me"]
    assert all(p.article is not None and p.article.title == f"Story {p.location}" for p in others)
    assert parser.restarts >= 1


def test_a_newer_crawl_added_later_replaces_the_capture_indexed_before(tmp_path, store):
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_warc(
        folder / "2014.warc.gz", [Rec(STORY, _page(1, "older"), date="2014-01-01T00:00:00Z")]
    )
    run(store, folder)
    write_warc(
        folder / "2015.warc.gz", [Rec(STORY, _page(1, "newer"), date="2015-01-01T00:00:00Z")]
    )
    write_warc(
        folder / "2013.warc.gz", [Rec(STORY, _page(1, "oldest"), date="2013-01-01T00:00:00Z")]
    )

    second = run(store, folder)  # 2013 (read), 2014 (unchanged, from the manifest), 2015 (read)

    # the 2013 capture is read first: it joins the id, but never overwrites the newer one
    assert dict(second.outcomes) == {"unchanged": 1, "duplicate": 2}
    assert second.replaced == 1 and second.changed
    story = Article(title="", url=STORY).id
    with Archive(store.path) as archive:
        assert archive.get(story).title == "Story 1 newer"
    third = run(store, folder)
    assert not third.changed and dict(third.outcomes) == {"unchanged": 1, "duplicate": 2}
    with Archive(store.path) as archive:
        assert archive.get(story).title == "Story 1 newer"


def test_report_lines_name_the_record_in_json_and_in_the_summary():
    entry = ReportEntry(
        "/c/a.wacz",
        "skipped",
        reason="HTTP status 404, not a page",
        offset=512,
        member="archive/d.warc.gz",
    )
    assert json.loads(entry.to_json()) == {
        "path": "/c/a.wacz",
        "member": "archive/d.warc.gz",
        "offset": 512,
        "outcome": "skipped",
        "reason": "HTTP status 404, not a page",
    }
    report = IndexReport()
    report.add(entry)
    report.replaced = 2
    lines = summary_lines(report)
    assert "          /c/a.wacz!archive/d.warc.gz@512" in lines
    assert any("replaced by a newer capture" in line for line in lines)


# -- captures across runs ---------------------------------------------------------------
def _two_captures(folder: Path) -> tuple[Path, Path]:
    """An older capture of STORY in a.warc, the newer one in b.warc (walked after)."""
    folder.mkdir()
    older = folder / "a.warc"
    newer = folder / "b.warc"
    write_warc(
        older, [Rec(STORY, _page(1, "older"), date="2014-01-01T00:00:00Z")], gzip_members=False
    )
    write_warc(
        newer, [Rec(STORY, _page(1, "newer"), date="2015-01-01T00:00:00Z")], gzip_members=False
    )
    return older, newer


def test_pruning_the_newest_capture_brings_back_the_older_one(tmp_path, store):
    folder = tmp_path / "crawls"
    _, newer = _two_captures(folder)
    first = run(store, folder)
    assert first.replaced == 1
    story = Article(title="", url=STORY).id
    with Archive(store.path) as archive:
        assert archive.get(story).title == "Story 1 newer"

    newer.unlink()
    report_file = tmp_path / "report.jsonl"
    second = run(store, folder, prune=True, report_path=report_file)

    with Archive(store.path) as archive:
        kept = archive.get(story)
        assert kept is not None and kept.title == "Story 1 older"
        assert archive.search('"newer"').total == 0
    assert second.count("new") + second.count("updated") == 1
    assert list(verify(store.path, [folder])) == []


def test_an_older_capture_met_in_a_later_run_is_a_duplicate(tmp_path, store):
    folder = tmp_path / "crawls"
    older, _ = _two_captures(folder)
    aside = tmp_path / "a.warc"
    older.rename(aside)
    run(store, folder)  # the newer capture only
    aside.rename(older)
    report_file = tmp_path / "report.jsonl"

    second = run(store, folder, report_path=report_file)

    lines = _report(report_file)
    assert [(Path(line["path"]).name, line["outcome"]) for line in lines] == [
        ("a.warc", "duplicate"),
        ("b.warc", "unchanged"),
    ]
    assert lines[0]["id"] == lines[1]["id"]
    assert dict(second.outcomes) == {"duplicate": 1, "unchanged": 1} and not second.changed
    with Archive(store.path) as archive:
        assert archive.get(lines[0]["id"]).title == "Story 1 newer"
