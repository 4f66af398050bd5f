"""The fast paths run on the pinned Whoosh, and a fallback from one is said once, with its cause.

The segment writer and the postings reader mirror one Whoosh version's
format byte for byte; on another they fall back to Whoosh's own code (about
50x slower at a million articles). These tests fail loudly when the installed
version does not let them run, instead of leaving a silent slowdown.
"""

from __future__ import annotations

import logging
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from archive_search import Archive, Article
from archive_search.engine.segment import columns, fallback, reader, writer
from archive_search.engine.segment.reader import PostingsReader
from archive_search.engine.segment.termtable import TermTable
from tests.paths import REPO

LOGGER = "archive_search.engine.segment"
WORDS = [
    "army",
    "border",
    "troops",
    "police",
    "reform",
    "bank",
    "loans",
    "market",
    "talks",
    "kosovo",
    "serbia",
]


def _articles(start: int, count: int) -> list[Article]:
    return [
        Article(
            id=f"doc-{n}",
            title=f"{WORDS[n % len(WORDS)]} {WORDS[(n * 3) % len(WORDS)]}",
            body=[" ".join(WORDS[(n + k) % len(WORDS)] for k in range(20 + n % 7)) + "."],
            place=["Sofia", "Tirana", "Skopje"][n % 3],
            language="en",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture(scope="module", name="archive")
def archive_fixture(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    archive = Archive(tmp_path_factory.mktemp("fast-paths") / "index")
    archive.add(_articles(0, 200))
    archive.add(_articles(200, 100))  # a second segment
    yield archive
    archive.close()


@pytest.fixture(autouse=True)
def _fresh_fallbacks():  # type: ignore[no-untyped-def]
    fallback.reset()
    yield
    fallback.reset()


def test_the_installed_whoosh_is_the_pinned_one() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("whoosh-reloaded")]
    assert len(pins) == 1 and re.fullmatch(r"whoosh-reloaded==[\d.]+", pins[0].split(";")[0])
    assert metadata.version("whoosh-reloaded") == pins[0].split("==")[1]


def test_the_segment_writer_fast_path_runs_on_the_pinned_whoosh(tmp_path: Path) -> None:
    # Fails after a Whoosh upgrade: re-check the mirrored code, then update the digest.
    problem = writer.fast_path_problem()
    assert problem is None, f"the fast segment writer cannot run: {problem}"
    archive = Archive(tmp_path / "index")
    archive.add(_articles(0, 3))
    ix = archive.store._ix
    made = writer.segment_writer(ix, limitmb=16)
    try:
        assert type(made).__name__ == "_FastSegmentWriter"
    finally:
        made.cancel()
        archive.close()


def test_the_postings_reader_reads_every_segment_directly(archive, caplog) -> None:
    searcher = archive.store.searcher()
    ix_reader = searcher.reader()
    leaves = list(ix_reader.leaf_readers())
    assert len(leaves) > 1
    for leaf, _ in leaves:
        assert TermTable.of(leaf) is not None, "the term table is not read directly"
    postings = PostingsReader(ix_reader)
    key = postings.key("body", "army")
    assert key is not None
    directory, docs, tf = postings.read(key, decode=True)
    assert len(docs) == ix_reader.doc_frequency("body", "army") and len(directory) >= 2
    assert float(tf.sum()) == ix_reader.frequency("body", "army")
    assert columns.stored(ix_reader) is not None, "stored fields are not read directly"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert archive.search("army border", limit=5).total > 0
        assert archive.search('"border troops"', limit=5).total > 0
    assert not fallback.warned(), f"fast paths fell back: {sorted(fallback.warned())}"
    assert not [r for r in caplog.records if r.name == LOGGER]


def test_a_writer_fallback_warns_once_with_its_cause(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(writer, "fast_path_problem", lambda: "a Whoosh from elsewhere")
    archive = Archive(tmp_path / "index")
    archive.add(_articles(0, 3))
    ix = archive.store._ix
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for _ in range(3):
                made = writer.segment_writer(ix, limitmb=16)
                assert type(made).__name__ == "SegmentWriter"  # Whoosh's own
                made.cancel()
    finally:
        archive.close()
    said = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(said) == 1
    assert "segment writer" in said[0] and "a Whoosh from elsewhere" in said[0]


def test_an_unreadable_posting_file_falls_back_to_the_same_answers(
    archive, monkeypatch, caplog
) -> None:
    queries = ["army border", '"border troops"', "kosovo -serbia", "talk*"]
    expected = [[(h.id, h.score) for h in archive.search(q, limit=10).hits] for q in queries]
    monkeypatch.setattr(reader, "MAGIC", b"\x00\x00\x00\x00")  # another format, as it were
    monkeypatch.setattr(type(archive.store), "searcher", _fresh_searcher(archive))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        got = [[(h.id, h.score) for h in archive.search(q, limit=10).hits] for q in queries]
    assert [[i for i, _ in hits] for hits in got] == [[i for i, _ in hits] for hits in expected]
    for hits, want in zip(got, expected, strict=True):
        assert [s for _, s in hits] == pytest.approx([s for _, s in want], rel=1e-5)
    said = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(said) == 1 and "postings reader" in said[0] and "header" in said[0]


def _fresh_searcher(archive):  # type: ignore[no-untyped-def]
    """A searcher of a new reader (the cached lists of the old one are not used)."""
    searcher = archive.store._ix.searcher()

    def get(self):  # type: ignore[no-untyped-def]
        return searcher

    return get


def test_a_query_shape_the_executor_does_not_run_is_said_once(archive, caplog) -> None:
    from archive_search.search import bulk
    from archive_search.search import query_form as qf
    from archive_search.search.engine import WEIGHTING

    snapshot = archive.store.snapshot()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        for _ in range(2):
            assert bulk.evaluate(snapshot, qf.Not(qf.Term("body", "army")), WEIGHTING) is None
        assert bulk.evaluate(snapshot, qf.Term("body", "army"), WEIGHTING) is not None
    said = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(said) == 1 and "query executor" in said[0] and "a Not query" in said[0]
    levels = [r.levelno for r in caplog.records if r.name == LOGGER]
    assert levels == [logging.INFO]  # a shape left to Whoosh by design, not a broken path
