"""engine.snapshot: the index as the search layer reads it, in plain values.

A small archive of four articles (one of them then updated, which deletes its
first version) is read through ``IndexStore.snapshot()`` and every answer is
checked against what the articles hold.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from archive_search import Archive, Article
from archive_search.engine.snapshot import Snapshot

ARMY = Article(
    id="army-talks",
    title="Army talks in Kumanovo",
    body=["The Serbian army and KFOR held talks in Kumanovo."],
    author="Ivana Jovanovic",
    place="Belgrade",
    published=dt.date(2014, 3, 10),
    language="en",
    url="http://example.org/army-talks",
)
ARMIES = Article(
    id="armies-patrol",
    title="Armies patrol the border",
    body=["Two armies patrolled the border near Kumanovo."],
    place="Skopje",
    published=dt.date(2013, 5, 2),
    language="en",
)
ELECTIONS = Article(
    id="elections-calm",
    title="Elections pass calmly",
    body=["Voters went to the polls on Sunday."],
    place="Pristina",
    language="en",
)
ARMADA = Article(
    id="armada-sails",
    title="An armada sails",
    body=["The armada sailed at dawn."],
    published=dt.date(2012, 1, 20),
    language="en",
)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "index") as archive:
        archive.add([ARMY, ARMIES, ELECTIONS, ARMADA])
        yield archive


def docnum(snapshot: Snapshot, article_id: str) -> int:
    found = snapshot.document_number(id=article_id)
    assert found is not None
    return found


def test_the_store_hands_out_one_snapshot_until_a_commit(archive: Archive) -> None:
    first = archive.store.snapshot()
    assert archive.store.snapshot() is first
    archive.add([Article(id="later", title="Later news", body=["Rain."], language="en")])
    second = archive.store.snapshot()
    assert second is not first
    assert (first.doc_count(), second.doc_count()) == (4, 5)  # each sees its own generation


def test_counts_and_term_statistics(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    assert snapshot.doc_count() == snapshot.doc_count_all() == 4
    assert not snapshot.has_deletions()
    assert snapshot.doc_frequency("body", "kumanovo") == 2
    assert snapshot.doc_frequency("body", "nowhere") == 0
    assert snapshot.has_term("body", "kumanovo") and not snapshot.has_term("body", "nowhere")
    assert snapshot.live_documents().tolist() == [0, 1, 2, 3]
    assert 0 < snapshot.avg_field_length("body") < 10
    assert snapshot.avg_field_length("id") == 0  # no lengths kept for an id


def test_deletions_show_in_counts_postings_and_live_documents(archive: Archive) -> None:
    old = docnum(archive.store.snapshot(), "army-talks")
    changed = Article.from_json(ARMY.to_json())
    changed.body = ["The Serbian army met KFOR again in Kumanovo."]
    archive.add([changed])
    snapshot = archive.store.snapshot()
    new = docnum(snapshot, "army-talks")
    assert new != old
    assert snapshot.doc_count() == 4
    assert snapshot.doc_count_all() == 5 and snapshot.has_deletions()
    assert snapshot.is_deleted(old) and not snapshot.is_deleted(new)
    assert old not in snapshot.live_documents().tolist()
    assert len(snapshot.live_documents()) == 4
    assert old not in snapshot.postings("body", "kumanovo").tolist()
    assert new in snapshot.postings("body", "kumanovo").tolist()


def test_postings_are_arrays_of_document_numbers(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    army, armies = docnum(snapshot, "army-talks"), docnum(snapshot, "armies-patrol")
    found = snapshot.postings("body", "kumanovo")
    assert isinstance(found, np.ndarray) and found.dtype == np.int64
    assert found.tolist() == sorted([army, armies])
    stems = snapshot.postings("body_stem", "armi")
    assert stems.tolist() == sorted([army, armies])  # "army" and "armies": one stem
    assert snapshot.postings("body", "nowhere").tolist() == []
    assert snapshot.first_document("url", ARMY.url) == army
    assert snapshot.first_document("url", "http://example.org/none") is None


def test_terms_come_as_strings_in_order(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    ids = list(snapshot.lexicon("id"))
    assert ids == sorted(["army-talks", "armies-patrol", "elections-calm", "armada-sails"])
    assert list(snapshot.expand_prefix("body", "arm")) == ["armada", "armies", "army"]
    assert list(snapshot.expand_prefix("body", "zz")) == []
    assert list(snapshot.wildcard_terms("body", "arm?")) == ["army"]
    assert list(snapshot.wildcard_terms("body", "arm*s")) == ["armies"]
    assert sorted(snapshot.terms_within("body", "armu", 1, prefix=2)) == ["army"]
    assert all(type(t) is str for t in snapshot.lexicon("body"))


def test_stored_records_and_document_numbers(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    number = docnum(snapshot, "elections-calm")
    assert Article.from_json(snapshot.record(number)) == ELECTIONS
    fields = snapshot.stored_fields(number)
    assert type(fields) is dict and fields["id"] == "elections-calm"
    assert json.loads(fields["record"])["title"] == ELECTIONS.title
    assert snapshot.document_number(id="no-such-article") is None


def test_columns_by_document_number(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    numbers = {a.id: docnum(snapshot, a.id) for a in (ARMY, ARMIES, ELECTIONS, ARMADA)}
    ids = snapshot.column("id")
    assert ids is not None
    assert {ids[n]: n for n in numbers.values()} == numbers
    assert snapshot.has_column("place") and not snapshot.has_column("no_such_field")
    assert snapshot.column("no_such_field") is None
    assert not snapshot.has_codes("place")
    codes, values = snapshot.column_codes("place")
    assert snapshot.has_codes("place")
    assert values[codes[numbers["armies-patrol"]]] == b"Skopje"
    dated, published = snapshot.dates()
    assert dated[numbers["army-talks"]] and not dated[numbers["elections-calm"]]
    order = sorted(numbers.values(), key=lambda n: published[n] if dated[n] else 2**63)
    by_id = {n: i for i, n in numbers.items()}
    assert [by_id[n] for n in order] == [
        "armada-sails",
        "armies-patrol",
        "army-talks",
        "elections-calm",
    ]
    present, _ = snapshot.numbers("published")
    assert present.tolist() == dated.tolist()


def test_column_reads_are_worth_it_once_lookups_add_up(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    assert not snapshot.worth_reading("place", 1, 1.0)  # 1 of 4 documents' worth
    assert snapshot.worth_reading("place", 3, 1.0)  # 4 lookups: the whole column


def test_memo_builds_once_per_snapshot(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    built: list[int] = []
    for _ in range(3):
        assert snapshot.memo("test memo", lambda: built.append(1) or len(built)) == 1
    assert built == [1]
    archive.add([Article(id="later", title="Later news", body=["Rain."], language="en")])
    assert archive.store.snapshot().memo("test memo", lambda: 7) == 7


def test_the_schema_through_the_snapshot(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    assert snapshot.has_field("near_dup") and not snapshot.has_field("no_such_field")
    assert snapshot.scorable("body") and not snapshot.scorable("id")
    assert not snapshot.scorable("no_such_field")
    assert snapshot.tokens("body", "The ARMIES, Patrolled!") == ["the", "armies", "patrolled"]
    assert "armi" in snapshot.tokens("body_stem", "armies")  # the stem, besides variants
    assert "armi" in snapshot.tokens("body_stem", "army")
    assert snapshot.words("body", "The ARMIES, Patrolled!") == ["The", "ARMIES", "Patrolled"]


def test_no_whoosh_object_comes_out(archive: Archive) -> None:
    snapshot = archive.store.snapshot()
    number = docnum(snapshot, "army-talks")
    answers = [
        snapshot.doc_count(),
        snapshot.doc_frequency("body", "army"),
        snapshot.avg_field_length("body"),
        snapshot.postings("body", "army"),
        snapshot.first_document("body", "army"),
        snapshot.stored_fields(number),
        snapshot.record(number),
        snapshot.column_codes("place"),
        snapshot.dates(),
        *snapshot.lexicon("place_key"),
        *snapshot.expand_prefix("body", "a"),
        *snapshot.terms_within("body", "army", 1),
    ]
    for answer in answers:
        assert not type(answer).__module__.startswith("whoosh"), answer
