"""Segment builders: parallel segment writing gives the same index as one process."""

import datetime as dt
import json

import pytest

from archive_search import errors
from archive_search.article import Article
from archive_search.engine import builders as builders_module
from archive_search.engine.store import IndexStore
from archive_search.indexing import pipeline as pipeline_module
from archive_search.indexing.pipeline import index_paths

pytestmark = pytest.mark.slow

WORDS = [
    "tender",
    "ministry",
    "pipeline",
    "election",
    "court",
    "harbour",
    "budget",
    "protest",
    "museum",
    "railway",
]
LANGUAGES = ["en", "sr", "hr", "el", "tr", "ro", "mk", "sq", "bg", "bs"]


def article(n: int, extra: str = "") -> Article:
    word = WORDS[n % len(WORDS)]
    return Article(
        id=f"a{n:04d}",
        title=f"Report {n} on the {word}",
        body=[f"Paragraph about the {word} number {n}. {extra}".strip(), f"Second {n} para."],
        published=dt.date(2000 + n % 15, 1 + n % 12, 1 + n % 28),
        language=LANGUAGES[n % len(LANGUAGES)],
        place="Skopje" if n % 3 else "Tirana",
    )


THRESHOLD = 2  # builders start after two articles instead of hundreds


@pytest.fixture
def low_threshold(monkeypatch):
    """The pipeline's incremental runs start builders after two articles."""
    monkeypatch.setattr(pipeline_module, "BUILDER_THRESHOLD", THRESHOLD)


def write(path, articles, *, builders: int, batch: int | None = None):
    store = IndexStore.open_or_create(path)
    outcomes = []
    with store.writer(builders=builders, builder_threshold=THRESHOLD) as writer:
        for n, item in enumerate(articles, 1):
            outcomes.append(writer.put(item))
            if batch and n % batch == 0:
                writer.checkpoint()
    return store, outcomes


def contents(store: IndexStore) -> dict:
    """Every article's record and every term of every field: the index, comparable."""
    reader = store._ix.reader()
    try:
        terms = sorted((f, t) for f, t in reader.all_terms() if f != "content_hash")
        docs = {}
        for docnum, stored in reader.iter_docs():
            docs[stored["id"]] = (
                stored["record"],
                {f: reader.doc_field_length(docnum, f) for f in ("title", "body_stem")},
            )
        return {"terms": terms, "docs": docs, "count": reader.doc_count()}
    finally:
        reader.close()


def search_ids(store: IndexStore, field: str, text: str) -> list[str]:
    from whoosh.query import Term

    searcher = store.searcher()
    return sorted(hit["id"] for hit in searcher.search(Term(field, text), limit=None))


def test_builders_write_the_same_index_as_one_process(tmp_path, low_threshold):
    articles = [article(n) for n in range(150)]
    alone, _ = write(tmp_path / "alone", articles, builders=0)
    parallel, outcomes = write(tmp_path / "parallel", articles, builders=2)
    assert outcomes == ["new"] * 150
    assert contents(parallel) == contents(alone)
    # the segments really came from the builders: more than the one a lone writer makes
    assert len(parallel._ix._segments()) >= 3
    assert search_ids(parallel, "body", "harbour") == search_ids(alone, "body", "harbour")


def test_updates_through_builders_replace_the_old_version(tmp_path, low_threshold):
    path = tmp_path / "ix"
    write(path, [article(n) for n in range(60)], builders=2)
    changed = [article(n, extra="zeppelin") if n % 2 else article(n) for n in range(60)]
    store, outcomes = write(path, changed, builders=2)
    assert outcomes.count("updated") == 30
    assert outcomes.count("unchanged") == 30
    assert store.doc_count() == 60
    assert len(search_ids(store, "body", "zeppelin")) == 30
    assert search_ids(store, "id", "a0001") == ["a0001"]  # one copy, not two


def test_checkpoints_commit_builder_segments_batch_by_batch(tmp_path, low_threshold):
    store, _ = write(tmp_path / "ix", [article(n) for n in range(100)], builders=2, batch=30)
    assert store.doc_count() == 100
    assert store.generation() >= 4
    assert sorted(store.fingerprints()) == [f"a{n:04d}" for n in range(100)]


def test_duplicates_in_one_run_are_written_once(tmp_path, low_threshold):
    items = [article(n % 20) for n in range(80)]
    store, outcomes = write(tmp_path / "ix", items, builders=2)
    assert outcomes.count("new") == 20 and outcomes.count("duplicate") == 60
    assert store.doc_count() == 20


def test_an_exception_commits_nothing_and_leaves_no_staging(tmp_path, low_threshold):
    path = tmp_path / "ix"
    write(path, [article(n) for n in range(10)], builders=0)
    store = IndexStore.open(path)
    with pytest.raises(RuntimeError), store.writer(builders=2, builder_threshold=2) as writer:
        for n in range(10, 60):
            writer.put(article(n))
        raise RuntimeError("stop")
    assert IndexStore.open(path).doc_count() == 10
    assert not [p for p in path.iterdir() if p.name.startswith(builders_module.STAGING_PREFIX)]


def test_a_dead_builder_fails_the_batch_with_one_line_and_keeps_earlier_commits(
    tmp_path, low_threshold
):
    path = tmp_path / "ix"
    write(path, [article(n) for n in range(10)], builders=0)
    store = IndexStore.open(path)
    writing = store.writer(builders=2, builder_threshold=THRESHOLD)
    with pytest.raises(errors.IndexProblem) as caught, writing as writer:
        for n in range(10, 80):
            writer.put(article(n))
        for builder in writer._builders._builders:
            builder.process.kill()
            builder.process.join()
        writer.checkpoint()
    message = str(caught.value)
    assert "\n" not in message and "segment-writing process died" in message
    assert IndexStore.open(path).doc_count() == 10


def test_staging_left_by_a_killed_run_is_removed_by_the_next_writer(tmp_path):
    path = tmp_path / "ix"
    write(path, [article(1)], builders=0)
    leftover = path / f"{builders_module.STAGING_PREFIX}99999" / "0"
    leftover.mkdir(parents=True)
    (leftover / "articles_x.pst").write_bytes(b"junk")
    write(path, [article(2)], builders=0)
    assert not leftover.parent.exists()
    assert IndexStore.open(path).doc_count() == 2


def test_the_pipeline_uses_builders_and_loses_nothing(tmp_path, low_threshold):
    source = tmp_path / "records.jsonl"
    lines = [article(n).to_json() for n in range(400)]
    lines.insert(7, "{not json")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = IndexStore.create(tmp_path / "ix")
    report = index_paths(store, [source], workers=2)
    assert report.count("new") == 400 and report.count("skipped") == 1
    assert store.doc_count() == 400
    ids = {json.loads(line)["id"] for line in lines[:7] + lines[8:]}
    assert set(store.fingerprints()) == ids


def test_a_full_build_writes_through_builders_from_the_first_article(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(article(n).to_json() for n in range(50)) + "\n", encoding="utf-8")
    store = IndexStore.create(tmp_path / "ix")
    report = index_paths(store, [source], workers=2, optimize=True)
    assert report.count("new") == 50 and store.doc_count() == 50
    sizes = sorted(s.doc_count_all() for s in store._ix._segments())
    assert len(sizes) == 2 and sum(sizes) == 50  # one segment per builder, none from the writer


def test_a_builder_seals_a_segment_before_its_pool_would_spill(tmp_path):
    from archive_search.engine.builders import SegmentBuilders
    from archive_search.engine.store import INDEX_NAME, merge_policy

    store = IndexStore.create(tmp_path / "ix")
    long_text = " ".join(f"word{n}" for n in range(400))
    with SegmentBuilders(store.path, 1, INDEX_NAME, limit_mb=1, merge=False) as builders:
        for n in range(120):
            builders.add(article(n, extra=long_text), "")
        segments = builders.finish()
    assert len(segments) >= 3  # about 3,000 postings per article: ~40 articles per MB
    assert sum(s.doc_count_all() for s in segments) == 120
    raw = store._raw_writer()
    raw.commit(mergetype=merge_policy(extra=segments))
    store = IndexStore.open(store.path)
    assert sorted(store.fingerprints()) == [f"a{n:04d}" for n in range(120)]
    assert search_ids(store, "body", "word399") == [f"a{n:04d}" for n in range(120)]


def test_a_builder_merges_the_segments_it_sealed_into_one(tmp_path):
    from archive_search.engine.builders import SegmentBuilders
    from archive_search.engine.store import INDEX_NAME, merge_policy

    one = write(tmp_path / "one", [article(n, extra=f"w{n % 7}") for n in range(90)], builders=0)[0]
    store = IndexStore.create(tmp_path / "ix")
    long_text = " ".join(f"word{n}" for n in range(400))
    with SegmentBuilders(store.path, 1, INDEX_NAME, limit_mb=1) as builders:
        for n in range(90):
            builders.add(article(n, extra=f"w{n % 7}"), "")
        for n in range(90, 120):  # long articles: the pool fills and seals several times
            builders.add(article(n, extra=long_text), "")
        segments = builders.finish()
        staged = sorted(p.name for p in builders._staging.rglob("*.pst"))
    assert len(segments) == 1 and segments[0].doc_count_all() == 120
    assert staged == []  # the sealed segments' files are gone, the merged one moved in
    raw = store._raw_writer()
    raw.commit(mergetype=merge_policy(extra=segments))
    store = IndexStore.open(store.path)
    assert sorted(store.fingerprints()) == [f"a{n:04d}" for n in range(120)]
    assert search_ids(store, "body", "word399") == [f"a{n:04d}" for n in range(90, 120)]
    assert search_ids(store, "body", "w3") == search_ids(one, "body", "w3")
    assert sorted(p.name for p in store.path.glob("*.pst")) == [f"{segments[0].segment_id()}.pst"]


def test_a_failed_merge_keeps_the_sealed_segments(tmp_path, monkeypatch):
    from archive_search.engine import merging
    from archive_search.engine.builders import _BuilderState

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(merging, "merge_segments", broken)
    state = _BuilderState(tmp_path, "articles", limit_mb=1)
    long_text = " ".join(f"word{n}" for n in range(400))
    state.add([(article(n, extra=long_text).to_json(), "") for n in range(100)])
    kind, segments = state.finish()
    assert kind == "segments" and len(segments) >= 2
    assert sum(segment.doc_count_all() for segment, _ in segments) == 100
    for _, names in segments:
        assert all((tmp_path / name).exists() for name in names)
