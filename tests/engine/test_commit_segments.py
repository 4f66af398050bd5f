"""Segments written elsewhere, committed as they are (or down to a bound): nothing a user sees
changes against the same segments merged into one.

A distributed rebuild's workers write segments (``builders.write_segments``) and the
coordinator commits them (``IndexStore.commit_segments``). Merged or not, the index must
give the same search results and scores, stored records, postings and statistics;
deletions must reach into any segment; ``compact`` must still merge them into one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from archive_search import Archive
from archive_search.article import Article
from archive_search.engine.builders import write_segments
from archive_search.engine.segment import fallback
from archive_search.engine.segment.reader import index_segments
from archive_search.engine.store import INDEX_NAME, IndexStore
from archive_search.indexing.verify import check_segments
from tests.indexing.index_contents import index_contents, search_scores

WORDS = ["kosovo", "army", "border", "treaty", "serbia", "reform", "court", "harbour"]
QUERIES = ["kosovo", "army border", '"common story"', "serbia -treaty", "title:report", "n7"]


def article(n: int) -> Article:
    word = WORDS[n % len(WORDS)]
    return Article(
        id=f"a{n:04d}",
        title=f"Report {n} on the {word}",
        body=[
            f"The common story n{n} about the {word} and the {WORDS[(n * 3) % len(WORDS)]}.",
            " ".join(["common"] * (1 + n % 4) + [f"w{n % 17}"] * (n % 3)),
        ],
        published=dt.date(2002 + n % 13, 1 + n % 12, 1 + n % 28),
        language=["en", "sr", "hr", "mk"][n % 4],
    )


def foreign(store: IndexStore, batches: list[range], scratch: Path) -> list[Any]:
    """One segment per batch, written outside the index as a worker does, moved into it."""
    segments = []
    for number, batch in enumerate(batches):
        folder = scratch / f"worker-{number}"
        written = write_segments(folder, ((article(n), "src") for n in batch), INDEX_NAME)
        for segment, names in written:
            for name in names:
                shutil.move(folder / name, store.path / name)
            segments.append(segment)
        shutil.rmtree(folder)
    return segments


def committed(
    path: Path, batches: list[list[range]], scratch: Path, max_segments: int | None
) -> IndexStore:
    """An index whose commits each add one list of batches' segments."""
    store = IndexStore.create(path)
    for number, commit in enumerate(batches):
        segments = foreign(store, commit, scratch / f"{path.name}-{number}")
        store.commit_segments(segments, max_segments=max_segments)
    return store


def records(path: Path) -> dict[str, str]:
    store = IndexStore.open(path)
    try:
        return {i: store.get(i).to_json() for i, _ in store.iter_indexed()}  # type: ignore[union-attr]
    finally:
        store.close()


def assert_same_as_merged(got: Path, merged: Path) -> None:
    expected, contents = index_contents(merged), index_contents(got)
    assert contents["doc_count"] == expected["doc_count"] > 0
    for part in ("records", "field_totals", "doc_lengths", "terms", "postings"):
        assert contents[part] == expected[part], part
    assert records(got) == records(merged)
    assert search_scores(got, QUERIES) == search_scores(merged, QUERIES)


def segment_count(path: Path) -> int:
    store = IndexStore.open(path)
    try:
        return len(index_segments(store._ix))
    finally:
        store.close()


BATCHES = [range(0, 40), range(40, 45), range(45, 110), range(110, 118)]


def test_segments_committed_as_they_are_search_as_the_merged_index(tmp_path: Path) -> None:
    committed(tmp_path / "merged", [BATCHES], tmp_path, max_segments=1).close()
    store = committed(tmp_path / "as-is", [BATCHES], tmp_path, max_segments=None)
    store.close()
    assert segment_count(tmp_path / "merged") == 1
    assert segment_count(tmp_path / "as-is") == len(BATCHES)  # nothing rewritten
    assert_same_as_merged(tmp_path / "as-is", tmp_path / "merged")
    fallback.reset()
    with Archive(tmp_path / "as-is", create=False) as archive:
        for query in QUERIES:
            archive.search(query, limit=5)
        assert archive.search('"common story"', limit=1000, collapse=False).total == 118
    assert not fallback.warned(), f"fast paths fell back: {sorted(fallback.warned())}"


def test_deletions_reach_every_segment(tmp_path: Path) -> None:
    gone = [3, 41, 44, 77, 115]  # in each of the four segments
    for name, bound in (("merged", 1), ("as-is", None)):
        store = committed(tmp_path / name, [BATCHES], tmp_path, max_segments=bound)
        with store.writer(merge=False) as writer:
            for n in gone:
                assert writer.delete(f"a{n:04d}")
        store.close()
    assert segment_count(tmp_path / "as-is") == len(BATCHES)
    assert_same_as_merged(tmp_path / "as-is", tmp_path / "merged")
    with Archive(tmp_path / "as-is", create=False) as archive:
        assert archive.search('"common story"', limit=1000, collapse=False).total == 118 - 5
        assert archive.search("n41").total == 0 and archive.search("n42").total == 1
        assert archive.store.get("a0115") is None and archive.store.get("a0116") is not None


def test_a_second_commit_goes_on_top_numbered_after_the_first(tmp_path: Path) -> None:
    first, second = BATCHES[:2], BATCHES[2:]
    committed(tmp_path / "merged", [BATCHES], tmp_path, max_segments=1).close()
    store = committed(tmp_path / "as-is", [first, second], tmp_path, max_segments=None)
    assert store.doc_count() == 118
    store.close()
    assert segment_count(tmp_path / "as-is") == len(BATCHES)
    assert_same_as_merged(tmp_path / "as-is", tmp_path / "merged")


def test_verify_passes_and_compact_still_merges_into_one(tmp_path: Path) -> None:
    committed(tmp_path / "merged", [BATCHES], tmp_path, max_segments=1).close()
    store = committed(tmp_path / "as-is", [BATCHES], tmp_path, max_segments=None)
    try:
        assert list(check_segments(store, deep=True)) == []
        assert store.compact() == (len(BATCHES), 1)
        assert list(check_segments(store, deep=True)) == []
    finally:
        store.close()
    assert_same_as_merged(tmp_path / "as-is", tmp_path / "merged")


@pytest.mark.parametrize(("bound", "untouched"), [(3, [2, 3]), (2, []), (4, [0, 1, 2, 3])])
def test_a_bound_merges_the_smallest_neighbours_first(
    tmp_path: Path, bound: int, untouched: list[int]
) -> None:
    # 40, 5, 65 and 8 articles: to 3, 40+5 join (45 articles rewritten, not 65+8=73);
    # to 2, then 65+8 (73 < 45+65): neighbours only, so the order of documents holds
    committed(tmp_path / "merged", [BATCHES], tmp_path, max_segments=1).close()
    store = IndexStore.create(tmp_path / "bounded")
    segments = foreign(store, BATCHES, tmp_path / "scratch")
    ids = [segment.segment_id() for segment in segments]
    assert store.commit_segments(segments, max_segments=bound) == bound
    kept = {segment.segment_id() for segment in index_segments(store._ix)}
    store.close()
    assert [n for n, i in enumerate(ids) if i in kept] == untouched
    assert_same_as_merged(tmp_path / "bounded", tmp_path / "merged")
