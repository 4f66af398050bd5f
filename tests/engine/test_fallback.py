"""engine.fallback: Whoosh's matchers and collectors over a Snapshot, answered in plain values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_search import Archive
from archive_search.engine import fallback
from archive_search.engine.scoring import FieldBM25
from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from tests.engine.test_snapshot import ARMADA, ARMIES, ARMY, ELECTIONS

ARMY_OR_BORDER = qf.Or((qf.Term("body", "army"), qf.Term("body", "border")))


@pytest.fixture
def snapshot(tmp_path: Path) -> Iterator[Snapshot]:
    with Archive(tmp_path / "index") as archive:
        archive.add([ARMY, ARMIES, ELECTIONS, ARMADA])
        yield archive.store.snapshot()


def number(snapshot: Snapshot, article_id: str) -> int:
    found = snapshot.document_number(id=article_id)
    assert found is not None
    return found


def test_the_mask_holds_what_the_query_matches(snapshot: Snapshot) -> None:
    mask = fallback.matching_mask(snapshot, qf.Not(qf.Term("body", "army")))
    assert len(mask) == snapshot.doc_count_all()
    assert not mask[number(snapshot, "army-talks")] and mask[number(snapshot, "armies-patrol")]
    assert int(mask.sum()) == 3


def test_top_scored_and_collect_rank_alike(snapshot: Snapshot) -> None:
    weighting = FieldBM25()
    top = fallback.top_scored(snapshot, ARMY_OR_BORDER, weighting)
    assert {d for d, _ in top} == {
        number(snapshot, "army-talks"),
        number(snapshot, "armies-patrol"),
    }
    assert all(type(d) is int and type(s) is float and s > 0 for d, s in top)
    found = fallback.collect(
        snapshot, ARMY_OR_BORDER, weighting, depth=10, sort="relevance", seconds=10.0
    )
    assert found.ranked == top and found.count == 2 and not found.timed_out


def test_collect_filters_excludes_and_counts(snapshot: Snapshot) -> None:
    army, armies = number(snapshot, "army-talks"), number(snapshot, "armies-patrol")
    weighting = FieldBM25()
    only = fallback.collect(
        snapshot, ARMY_OR_BORDER, weighting, depth=10, sort="relevance", seconds=10.0,
        allowed={armies},
    )  # fmt: skip
    assert [d for d, _ in only.ranked] == [armies] and only.count == 1
    left = fallback.collect(
        snapshot, ARMY_OR_BORDER, weighting, depth=10, sort="relevance", seconds=10.0,
        exclude={army},
    )  # fmt: skip
    assert [d for d, _ in left.ranked] == [armies] and left.count == 1


def test_collect_sorts_by_date_dated_first(snapshot: Snapshot) -> None:
    every = qf.Term("language", "en")
    newest = fallback.collect(snapshot, every, FieldBM25(), depth=10, sort="newest", seconds=10.0)
    oldest = fallback.collect(snapshot, every, FieldBM25(), depth=10, sort="oldest", seconds=10.0)
    names = {number(snapshot, a.id): a.id for a in (ARMY, ARMIES, ELECTIONS, ARMADA)}
    assert [names[d] for d, _ in newest.ranked] == [
        "army-talks",
        "armies-patrol",
        "armada-sails",
        "elections-calm",  # undated: last either way
    ]
    assert [names[d] for d, _ in oldest.ranked] == [
        "armada-sails",
        "armies-patrol",
        "army-talks",
        "elections-calm",
    ]
