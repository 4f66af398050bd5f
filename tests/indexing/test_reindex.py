"""The batch rebuild: built beside the old index, swapped in atomically, old index safe on failure."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from archive_search import errors
from archive_search.article import Article
from archive_search.engine.store import IndexStore
from archive_search.errors import EXIT_OK, EXIT_USAGE
from archive_search.indexing import swap
from archive_search.indexing.pipeline import index_paths
from archive_search.indexing.rebuild import rebuild_index
from tests.paths import REPO

pytestmark = pytest.mark.slow

REINDEX = REPO / "scripts" / "reindex.py"


def write_records(path: Path, numbers: range) -> Path:
    records = [
        {
            "title": f"Story {n} from Kumanovo",
            "body": [f"The treaty number {n} was signed."],
            "language": "en",
            "published": "2012-06-08",
            "url": f"http://example.com/{n}",
        }
        for n in numbers
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ids_of(numbers: range) -> set[str]:
    return {Article(title="x", url=f"http://example.com/{n}").id for n in numbers}


def indexed_ids(path: Path) -> set[str]:
    store = IndexStore.open(path)
    try:
        return {article_id for article_id, _ in store.iter_indexed()}
    finally:
        store.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def old_index(tmp_path: Path) -> Path:
    """An index holding stories 0-4."""
    path = tmp_path / "ix"
    store = IndexStore.create(path)
    index_paths(store, [write_records(tmp_path / "old.jsonl", range(5))], workers=1)
    store.close()
    return path


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    write_records(folder / "new.jsonl", range(10, 13))
    return folder


def test_rebuild_replaces_the_old_index_with_exactly_the_sources(tmp_path, old_index, sources):
    old_generation = IndexStore.open(old_index).generation()
    report = rebuild_index(old_index, [sources], workers=1)

    assert dict(report.outcomes) == {"new": 3}
    assert indexed_ids(old_index) == ids_of(range(10, 13))
    assert IndexStore.open(old_index).generation() > old_generation
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".ix.")]
    assert leftovers == [".ix.rebuild.lock"]


def test_rebuilt_index_is_one_segment_and_its_manifest_makes_reindexing_instant(old_index, sources):
    rebuild_index(old_index, [sources], workers=1)
    assert len(list(old_index.glob("*.trm"))) == 1
    store = IndexStore.open(old_index)
    again = index_paths(store, [sources], workers=1)
    assert dict(again.outcomes) == {"unchanged": 3} and again.commits == 0


def test_interrupted_rebuild_leaves_the_old_index_untouched(tmp_path, old_index, sources):
    write_records(sources / "more.jsonl", range(100, 140))
    before = snapshot(old_index)

    class Interrupt:
        wants_total = False

        def __getattr__(self, name):
            return lambda *args: None

        def update(self, report):
            if report.entries >= 20:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild_index(old_index, [sources], workers=1, progress=Interrupt())

    assert snapshot(old_index) == before
    assert indexed_ids(old_index) == ids_of(range(5))
    assert not list(tmp_path.glob(".ix.build-*"))


def test_dry_run_reports_and_writes_nothing(old_index, sources):
    before = snapshot(old_index)
    report = rebuild_index(old_index, [sources], workers=1, dry_run=True)
    assert report.dry_run and dict(report.outcomes) == {"new": 3}
    assert snapshot(old_index) == before


def test_rebuild_creates_a_missing_index(tmp_path, sources):
    rebuild_index(tmp_path / "fresh" / "ix", [sources], workers=1)
    assert indexed_ids(tmp_path / "fresh" / "ix") == ids_of(range(10, 13))


def test_refuses_to_replace_a_folder_that_is_not_an_index(tmp_path, sources):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(errors.IndexCorrupt, match="not an archive-search index"):
        rebuild_index(folder, [sources], workers=1)
    assert [p.name for p in folder.iterdir()] == ["holiday.jpg"]


def test_rebuilds_a_damaged_index(old_index, sources):
    for toc in old_index.glob("_articles_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(errors.IndexCorrupt):
        IndexStore.open(old_index)
    rebuild_index(old_index, [sources], workers=1)
    assert indexed_ids(old_index) == ids_of(range(10, 13))


def test_waits_for_or_reports_a_writer_holding_the_old_index(old_index, sources):
    store = IndexStore.open(old_index)
    lock = store.lock().acquire()
    with pytest.raises(errors.IndexBusy):
        rebuild_index(old_index, [sources], workers=1)
    threading.Timer(0.3, lock.release).start()
    rebuild_index(old_index, [sources], workers=1, wait=10)
    assert indexed_ids(old_index) == ids_of(range(10, 13))


def test_open_readers_keep_working_and_a_refresh_sees_the_new_index(old_index, sources):
    store = IndexStore.open(old_index)
    searcher = store.searcher()
    first_old = sorted(ids_of(range(5)))[0]
    assert store.get(first_old) is not None

    rebuild_index(old_index, [sources], workers=1)

    assert searcher.document(id=first_old)["id"] == first_old  # files of the old index
    assert store.get(first_old) is None  # refreshed: the new index
    assert store.get(sorted(ids_of(range(10, 13)))[0]) is not None


def test_abandoned_builds_are_removed_and_an_interrupted_swap_is_undone(
    tmp_path, old_index, sources
):
    abandoned = tmp_path / ".ix.build-99999"
    abandoned.mkdir()
    (abandoned / "junk").write_text("x", encoding="utf-8")
    moved = tmp_path / ".ix.old-99999"
    old_index.rename(moved)  # killed between the two renames of the fallback swap

    rebuild_index(old_index, [sources], workers=1)

    assert not abandoned.exists() and not moved.exists()
    assert indexed_ids(old_index) == ids_of(range(10, 13))


def test_swap_falls_back_to_two_renames_without_renameat2(monkeypatch, old_index, sources):
    def unsupported(a, b):
        raise OSError(errno.ENOSYS, "no renameat2")

    monkeypatch.setattr(swap, "exchange", unsupported)
    rebuild_index(old_index, [sources], workers=1)
    assert indexed_ids(old_index) == ids_of(range(10, 13))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux-only")
def test_exchange_swaps_two_folders_atomically(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    (b / "from-b").touch()
    swap.exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["from-b"]
    assert [p.name for p in b.iterdir()] == ["from-a"]


def test_a_symlinked_index_path_keeps_its_link(tmp_path, old_index, sources):
    link = tmp_path / "current"
    link.symlink_to(old_index)
    rebuild_index(link, [sources], workers=1)
    assert link.is_symlink() and link.resolve() == old_index.resolve()
    assert indexed_ids(link) == ids_of(range(10, 13))


def reindex(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REINDEX), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ARCHIVE_SEARCH_INDEX": "/nonexistent/unused"},
    )


def test_script_runs_from_a_checkout_and_prints_a_json_report(tmp_path, sources):
    report_file = tmp_path / "report.jsonl"
    index = tmp_path / "ix"
    done = reindex(
        str(sources),
        "--index",
        str(index),
        "--workers",
        "1",
        "--json",
        "--report",
        str(report_file),
    )
    assert done.returncode == EXIT_OK, done.stderr
    summary = json.loads(done.stdout)
    assert summary["outcomes"]["new"] == 3
    assert summary["languages"] == {"en": 3} and summary["years"] == {"2012": 3}
    assert len(report_file.read_text(encoding="utf-8").splitlines()) == 3
    assert indexed_ids(index) == ids_of(range(10, 13))


def test_script_reports_a_missing_source_in_one_line(tmp_path):
    done = reindex(str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix"))
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip().splitlines() == [
        f"reindex: error: no such file or folder: {tmp_path / 'nowhere'}"
    ]
    assert not (tmp_path / "ix").exists()
