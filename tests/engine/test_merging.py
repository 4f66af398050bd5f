"""Merging segments term by term: the merged segment reads back exactly as the segments did.

The oracle is stock Whoosh's own reader: every term's postings (document
numbers, weights, values), term statistics, stored fields, columns and field
lengths are compared before and after a merge.
"""

import datetime as dt
import math

import pytest
from whoosh.index import TOC

from archive_search.article import Article
from archive_search.engine import merging
from archive_search.engine.merging import (
    MergeUnsupported,
    merge_groups,
    merge_segments,
    tiers_to_merge,
)
from archive_search.engine.store import INDEX_NAME, IndexStore

pytestmark = pytest.mark.slow

WORDS = ["tender", "ministry", "pipeline", "election", "court", "harbour", "budget", "museum"]


def article(n: int) -> Article:
    word = WORDS[n % len(WORDS)]
    # "common" is in every article (lists longer than one block); n-specific words are rare
    body = [
        f"The common {word} story number n{n} from the {WORDS[(n * 3) % len(WORDS)]} desk.",
        " ".join(["common"] * (1 + n % 4) + [f"w{n % 17}"] * (n % 3)),
    ]
    return Article(
        id=f"a{n:04d}",
        title=f"Report {n} on the {word}",
        body=body,
        author=f"Author {n % 5}" if n % 2 else "",
        published=dt.date(2002 + n % 13, 1 + n % 12, 1 + n % 28),
        language=["en", "sr", "hr", "mk"][n % 4],
        place="Skopje" if n % 3 else "Tirana",
        section="world" if n % 5 else "",
    )


def build(path, batches, *, delete=()):
    """An index of one segment per batch (nothing merged), then ``delete`` removed."""
    store = IndexStore.create(path)
    for batch in batches:
        with store.writer(merge=False) as writer:
            for n in batch:
                writer.put(article(n))
    if delete:
        with store.writer(merge=False) as writer:
            for n in delete:
                assert writer.delete(f"a{n:04d}")
    return IndexStore.open(path)


def snapshot(ix) -> dict:
    """Everything a reader can say about the index, comparable with ``==``."""
    reader = ix.reader()
    try:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            terms[fieldname, text] = (
                postings,
                round(info.weight(), 3),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
            )
        schema = ix.schema
        text_fields = [name for name, field in schema.items() if field.scorable]
        docs = {}
        for docnum in range(reader.doc_count_all()):
            docs[docnum] = (
                reader.is_deleted(docnum),
                reader.stored_fields(docnum),
                # None and 0 both say "no length" (Whoosh: with and without a length column)
                tuple(reader.doc_field_length(docnum, name) or 0 for name in text_fields),
            )
        # per segment: a reader of several segments drops those without the column
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        columns = {
            name: [value for leaf in leaves for value in leaf.column_reader(name)]
            for name, field in schema.items()
            if field.column_type is not None
        }
        return {
            "terms": terms,
            "docs": docs,
            "columns": columns,
            "field_lengths": {name: reader.field_length(name) for name in text_fields},
            "count": (reader.doc_count(), reader.doc_count_all()),
        }
    finally:
        reader.close()


def merge_all(store: IndexStore):
    """Merge every segment of the index into one and commit it in their place."""
    ix = store._ix
    segments = ix._segments()
    merged = merge_segments(ix.storage, ix.schema, INDEX_NAME, segments)
    TOC(ix.schema, [merged], ix.latest_generation() + 1).write(ix.storage, INDEX_NAME)
    return merged


@pytest.mark.parametrize(
    "batches",
    [
        [range(0, 40), range(40, 45), range(45, 300)],  # "common" spans blocks of 128
        [range(0, 1), range(1, 2), range(2, 3), range(3, 4)],  # single postings everywhere
        [range(0, 130), range(130, 131)],
    ],
    ids=["uneven", "one-each", "block-boundary"],
)
def test_a_merged_segment_reads_back_as_the_segments_did(tmp_path, batches):
    store = build(tmp_path / "ix", batches)
    before = snapshot(store._ix)
    assert len(store._ix._segments()) == len(batches)
    merged = merge_all(store)
    store = IndexStore.open(tmp_path / "ix")
    assert [s.segment_id() for s in store._ix._segments()] == [merged.segment_id()]
    assert snapshot(store._ix) == before
    assert block_invariants_hold(store._ix)


@pytest.mark.parametrize(
    ("batches", "deleted"),
    [
        ([range(0, 20), range(20, 50)], [3, 25, 49]),
        ([range(0, 20), range(20, 200)], [0, *range(20, 150)]),  # "common" loses whole blocks
        ([range(0, 5), range(5, 10)], list(range(5, 10))),  # a segment with nothing left
    ],
    ids=["few", "many", "a-whole-segment"],
)
def test_deleted_documents_are_dropped_as_if_never_written(tmp_path, batches, deleted):
    store = build(tmp_path / "ix", batches, delete=deleted)
    merged = merge_all(store)
    assert merged.deleted_count() == 0
    survivors = [n for batch in batches for n in batch if n not in deleted]
    fresh = build(tmp_path / "fresh", [survivors])
    store = IndexStore.open(tmp_path / "ix")
    expected, actual = snapshot(fresh._ix), snapshot(store._ix)
    # total lengths: the dropped documents' are known to a byte's precision only
    for name, total in expected.pop("field_lengths").items():
        assert actual["field_lengths"].pop(name) == pytest.approx(total, rel=0.05)
    actual.pop("field_lengths")
    assert actual == expected
    assert store.doc_count() == len(survivors)
    assert store.get(f"a{deleted[0]:04d}") is None
    assert store.get(f"a{survivors[-1]:04d}") is not None


def test_posting_lists_are_cut_into_full_blocks_again(tmp_path):
    store = build(tmp_path / "ix", [range(n, n + 10) for n in range(0, 300, 10)])
    merge_all(store)
    store = IndexStore.open(tmp_path / "ix")
    reader = store._ix.reader()
    try:
        matcher = reader.postings("body", "common")
        blocks = 1
        while matcher.is_active():
            blocks += matcher.next()  # next() says whether it moved to a new block
        assert reader.doc_frequency("body", "common") == 300
        assert blocks == math.ceil(300 / 128) + 1  # the last next() leaves the last block
    finally:
        reader.close()


def test_the_project_search_finds_the_same_articles_after_a_merge(tmp_path):
    from archive_search.archive import Archive

    build(tmp_path / "ix", [range(0, 60), range(60, 90), range(90, 200)], delete=[7])
    queries = ["common", "pipeline story", '"common pipeline story"', "w3", "report 150"]

    def answers():
        with Archive(tmp_path / "ix") as archive:
            return [[hit.id for hit in archive.search(q, limit=50).hits] for q in queries]

    before = answers()
    merge_all(IndexStore.open(tmp_path / "ix"))
    assert answers() == before
    assert all(before) and "a0007" not in before[0]


def test_nothing_is_written_for_segments_it_cannot_merge(tmp_path, monkeypatch):
    store = build(tmp_path / "ix", [range(0, 5), range(5, 9)])
    ix = store._ix
    files = sorted(ix.storage.list())
    segments = ix._segments()
    monkeypatch.setattr(segments[0], "is_compound", lambda: True)
    with pytest.raises(MergeUnsupported):
        merge_segments(ix.storage, ix.schema, INDEX_NAME, segments)
    assert sorted(ix.storage.list()) == files


def test_a_failed_merge_removes_its_partial_files(tmp_path, monkeypatch):
    store = build(tmp_path / "ix", [range(0, 5), range(5, 9)])
    ix = store._ix
    files = sorted(ix.storage.list())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(merging, "write_postings", broken)
    with pytest.raises(OSError, match="disk full"):
        merge_segments(ix.storage, ix.schema, INDEX_NAME, ix._segments())
    assert sorted(ix.storage.list()) == files


def test_groups_keep_neighbours_together_under_the_column_limit(tmp_path, monkeypatch):
    store = build(tmp_path / "ix", [range(0, 10), range(10, 20), range(20, 30), range(30, 40)])
    ix = store._ix
    segments = ix._segments()
    assert merge_groups(ix.storage, segments) == [segments]
    stored = max(
        ix.storage.file_length(f"{s.segment_id()}._stored.col") for s in segments
    )  # the largest column: about the same in every segment
    monkeypatch.setattr(merging, "MAX_MERGED_COLUMN_BYTES", int(stored * 2.5))
    groups = merge_groups(ix.storage, segments)
    assert [len(g) for g in groups] == [2, 2]
    assert [s for g in groups for s in g] == segments


class FakeSegment:
    def __init__(self, total: int, deleted: int = 0) -> None:
        self.total, self.deleted = total, deleted

    def doc_count_all(self) -> int:
        return self.total

    def deleted_count(self) -> int:
        return self.deleted

    def __repr__(self) -> str:
        return f"FakeSegment({self.total}, {self.deleted})"


def test_a_tier_is_merged_once_it_holds_merge_factor_segments(monkeypatch):
    monkeypatch.setattr(merging, "MERGE_FACTOR", 3)
    small = [FakeSegment(500) for _ in range(3)]  # tier 0: up to SMALLEST_TIER (1,000)
    middle = [FakeSegment(5_000), FakeSegment(9_000)]  # tier 1: two only
    big = FakeSegment(2_000_000)
    segments = [big, small[0], middle[0], small[1], middle[1], small[2]]
    assert tiers_to_merge(segments) == [small]
    assert tiers_to_merge(segments[:-1]) == []
    middle.append(FakeSegment(3_000, deleted=200))
    assert tiers_to_merge([*segments, middle[-1]]) == [small, middle]


def test_a_mostly_deleted_segment_is_rewritten_alone():
    gone = FakeSegment(100, deleted=60)
    assert tiers_to_merge([FakeSegment(100, deleted=40), gone]) == [[gone]]


def test_commits_keep_the_segment_count_low_and_lose_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(merging, "MERGE_FACTOR", 4)
    monkeypatch.setattr(merging, "SMALLEST_TIER", 8)
    store = IndexStore.create(tmp_path / "ix")
    counts = []
    for batch in range(30):
        with store.writer() as writer:  # one commit, merge policy on
            for n in range(batch * 5, batch * 5 + 5):
                writer.put(article(n))
        counts.append(len(IndexStore.open(store.path)._ix._segments()))
    assert max(counts) <= 2 * 4 and counts[-1] < 30
    store = IndexStore.open(store.path)
    one = build(tmp_path / "one", [range(150)])
    assert sorted(store.fingerprints()) == sorted(one.fingerprints())
    assert search_ids(store, "common") == search_ids(one, "common")


def test_updated_articles_leave_no_deleted_copies_behind_once_merged(tmp_path, monkeypatch):
    monkeypatch.setattr(merging, "MERGE_FACTOR", 3)
    store = IndexStore.create(tmp_path / "ix")
    for round_ in range(6):
        with store.writer() as writer:
            for n in range(10):
                edited = article(n)
                writer.put(Article(**{**edited.__dict__, "title": f"{edited.title} edit{round_}"}))
    store = IndexStore.open(store.path)
    reader = store._ix.reader()
    try:
        assert reader.doc_count() == 10
        assert reader.doc_count_all() < 60  # the replaced copies were dropped by merges
    finally:
        reader.close()
    assert search_ids(store, "edit5", "title") == sorted(f"a{n:04d}" for n in range(10))
    assert search_ids(store, "edit1", "title") == []


def search_ids(store: IndexStore, word: str, field: str = "body") -> list[str]:
    from whoosh.query import Term

    searcher = store.searcher()  # the store's long-lived searcher: not closed here
    return sorted(hit["id"] for hit in searcher.search(Term(field, word), limit=None))


def block_invariants_hold(ix) -> int:
    """Every block's header agrees with its postings; returns the number of blocks checked."""
    reader = ix.reader()
    blocks = 0
    try:
        for leaf, _ in reader.leaf_readers():
            for fieldname, text in leaf.all_terms():
                matcher = leaf._terms.matcher(fieldname, text, ix.schema[fieldname].format)
                block: list[tuple[int, float]] = []
                while matcher.is_active():
                    block.append((matcher.id(), matcher.weight()))
                    header = (matcher.block_max_id(), matcher.block_max_weight())
                    lengths = (matcher.block_min_length(), matcher.block_max_length())
                    if matcher.next():  # moved on: check the block it left
                        check_block(leaf, fieldname, block, header, lengths)
                        blocks += 1
                        block = []
                if block:
                    check_block(leaf, fieldname, block, header, lengths)
                    blocks += 1
    finally:
        reader.close()
    return blocks


def check_block(leaf, fieldname, block, header, lengths) -> None:
    from whoosh.util.numeric import byte_to_length, length_to_byte

    ids = [doc for doc, _ in block]
    assert ids == sorted(ids) and header[0] == ids[-1]
    assert header[1] == pytest.approx(max(weight for _, weight in block))
    found = [
        byte_to_length(length_to_byte(leaf.doc_field_length(doc, fieldname) or 0)) for doc in ids
    ]
    if any(found):
        assert lengths[0] == min(f for f in found if f) and lengths[1] == max(found)


def test_blocks_copied_from_one_segment_are_shifted_whole(tmp_path, monkeypatch):
    calls = []
    shifted = merging.shift_blocks

    def spy(blob, offset):
        calls.append(offset)
        return shifted(blob, offset)

    monkeypatch.setattr(merging, "shift_blocks", spy)
    store = build(tmp_path / "ix", [range(0, 40), range(40, 45), range(45, 300)])
    before = snapshot(store._ix)
    merge_all(store)
    store = IndexStore.open(tmp_path / "ix")
    assert calls and set(calls) == {40, 45}  # terms of the later segments only
    assert snapshot(store._ix) == before
    assert block_invariants_hold(store._ix) > 300


@pytest.mark.parametrize("cutoff", [2**15, 4], ids=["lengths-only", "with-offsets"])
def test_columns_copied_whole_are_byte_for_byte_what_whoosh_writes(tmp_path, monkeypatch, cutoff):
    from whoosh import columns

    chosen = merging._column_for

    def column_for(schema, name):
        column = chosen(schema, name)
        if type(column) is columns.VarBytesColumn:  # past the cutoff Whoosh writes offsets
            return columns.VarBytesColumn(write_offsets_cutoff=cutoff)
        return column

    monkeypatch.setattr(merging, "_column_for", column_for)
    files = {}
    for way, bulk in (("bulk", merging._bulk_copyable), ("one-by-one", lambda *a: False)):
        monkeypatch.setattr(merging, "_bulk_copyable", bulk)
        store = build(tmp_path / way, [range(0, 3), range(3, 40), range(40, 300)])
        ix = store._ix
        merged = merge_segments(ix.storage, ix.schema, INDEX_NAME, ix._segments())
        prefix = merged.segment_id() + "."
        files[way] = {
            name[len(prefix) :]: (tmp_path / way / name).read_bytes()
            for name in merged.list_files(ix.storage)
            if name.endswith(".col")
        }
    assert files["bulk"].keys() == files["one-by-one"].keys()
    assert files["bulk"] == files["one-by-one"]
    assert any(data.endswith(b"X") for data in files["bulk"].values()) == (cutoff == 4)
