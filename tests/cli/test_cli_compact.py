"""``archive-search compact`` and ``IndexStore.compact``: one segment, nothing lost."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive_search.archive import Archive
from archive_search.article import Article
from archive_search.cli import cli
from archive_search.engine import merging
from archive_search.engine.store import IndexStore
from archive_search.errors import EXIT_INDEX, EXIT_OK, IndexProblem


def grown_run_by_run(path, runs: int = 4, *, replace: int = 0) -> IndexStore:
    """An index written in ``runs`` commits (one segment each), ``replace`` articles rewritten."""
    store = IndexStore.create(path)
    for run in range(runs):
        with store.writer(merge=False) as writer:
            for n in range(run * 5, run * 5 + 5):
                writer.put(Article(id=f"a{n}", title=f"Report {n}", body=[f"Tender {n} news."]))
    if replace:
        with store.writer(merge=False) as writer:
            for n in range(replace):
                writer.put(Article(id=f"a{n}", title=f"Report {n} revised", body=["Tender news."]))
    return IndexStore.open(path)


def compact(path, *args: str):
    return CliRunner().invoke(cli, ["--index", str(path), "compact", *args])


def answers(path) -> list[list[str]]:
    with Archive(path, create=False) as archive:
        return [
            sorted(hit.id for hit in archive.search(q, limit=50).hits)
            for q in ("tender", "revised", "report 7")
        ]


def test_compact_merges_every_segment_into_one_and_keeps_every_answer(tmp_path):
    store = grown_run_by_run(tmp_path / "ix", replace=3)
    assert len(store._ix._segments()) == 5
    before = answers(tmp_path / "ix")
    result = compact(tmp_path / "ix")
    assert result.exit_code == EXIT_OK, result.output
    assert result.output.startswith("Compacted 5 segments into 1 (")
    store = IndexStore.open(tmp_path / "ix")
    segments = store._ix._segments()
    assert len(segments) == 1 and not segments[0].has_deletions()
    assert store.doc_count() == 20
    assert answers(tmp_path / "ix") == before
    assert before[1] == ["a0", "a1", "a2"]


def test_compacting_a_whole_index_writes_nothing(tmp_path):
    grown_run_by_run(tmp_path / "ix", runs=1)
    generation = IndexStore.open(tmp_path / "ix").generation()
    result = compact(tmp_path / "ix")
    assert result.exit_code == EXIT_OK
    assert result.output.startswith("Nothing to compact")
    assert IndexStore.open(tmp_path / "ix").generation() == generation


def test_no_index_is_one_line_and_exit_3(tmp_path):
    result = compact(tmp_path / "missing")
    assert result.exit_code == EXIT_INDEX
    assert "no index at" in result.output and len(result.output.strip().splitlines()) == 1


def test_a_failed_merge_leaves_the_index_as_it_was(tmp_path, monkeypatch):
    store = grown_run_by_run(tmp_path / "ix")
    files = sorted(p.name for p in (tmp_path / "ix").iterdir())

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(merging, "merge_segments", broken)
    with pytest.raises(IndexProblem, match="compacting stopped: OSError"):
        store.compact()
    assert sorted(p.name for p in (tmp_path / "ix").iterdir()) == files
    assert len(IndexStore.open(tmp_path / "ix")._ix._segments()) == 4
    result = compact(tmp_path / "ix")
    assert result.exit_code == EXIT_INDEX and "the index is as it was" in result.output


def test_a_negative_wait_is_bad_usage(tmp_path):
    from archive_search.errors import EXIT_USAGE

    grown_run_by_run(tmp_path / "ix", runs=2)
    result = compact(tmp_path / "ix", "--wait", "-1")
    assert result.exit_code == EXIT_USAGE and "--wait" in result.output
    assert len(IndexStore.open(tmp_path / "ix")._ix._segments()) == 2


def test_compact_is_listed_in_the_help():
    result = CliRunner().invoke(cli, ["--help"])
    assert "compact" in result.output
