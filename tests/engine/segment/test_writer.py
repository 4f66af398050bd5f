"""The fast segment writer must build indexes that stock Whoosh reads back exactly as its own.

Every test builds the same documents twice, once with ``ix.writer`` and once
with ``segment_writer``, and compares everything a reader can see: terms, term
statistics, every posting with its block statistics, field lengths, stored
fields, columns, deletions and search results. In ``stock_blocks`` mode the
segment files must be the very same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.qparser import MultifieldParser
from whoosh.writing import SegmentWriter

from archive_search.article import Article, Caption
from archive_search.engine.schema import build_schema, document_for
from archive_search.engine.segment import writer as codec
from archive_search.text.analysis import analysis_language

pytestmark = pytest.mark.slow

INDEX = "articles"
LIMIT_MB = 64

# words of several editions, with and without diacritics, Latin, Cyrillic and Greek
VOCABULARY = {
    "en": "government minister parliament election economy reform agreement talks "
    "police court border trade energy tourism bank budget",
    "sr": "vlada ministar skupština izbori ekonomija reforma sporazum razgovori "
    "policija sud granica Vučić Beograd Srbija",
    "hr": "vlada ministar sabor izbori gospodarstvo reforma sporazum granica "
    "Zagreb Hrvatska turizam proračun",
    "bg": "правителство министър парламент избори икономика реформа споразумение "
    "София България граница",
    "el": "κυβέρνηση υπουργός βουλή εκλογές οικονομία μεταρρύθμιση συμφωνία Αθήνα Ελλάδα σύνορα",
    "tr": "hükümet bakan meclis seçim ekonomi reform anlaşma görüşmeler İstanbul "
    "Türkiye sınır ılımlı",
    "ro": "guvern ministru parlament alegeri economie reformă acord București România frontieră",
    "sq": "qeveria ministri parlamenti zgjedhjet ekonomia reforma marrëveshja "
    "Tiranë Shqipëri kufiri",
}
#: In every document's body: a term with several posting blocks (> 128 documents).
SHARED_WORD = "Balkans"


def make_articles(count: int, seed: int = 7) -> list[Article]:
    """Varied articles: every language, empty and filled fields, repeated and long text."""
    rng = random.Random(seed)
    languages = sorted(VOCABULARY)
    articles = []
    for n in range(count):
        language = languages[n % len(languages)]
        words = VOCABULARY[language].split()

        def text(size: int, words: list[str] = words) -> str:
            return " ".join(rng.choice(words) for _ in range(size))

        paragraphs = [text(rng.randint(3, 40)) for _ in range(rng.randint(1, 4))]
        paragraphs[0] = f"{SHARED_WORD} {paragraphs[0]}"
        if n % 37 == 0:  # a long document: field lengths past the byte scale's fine steps
            paragraphs.append(text(1500))
        articles.append(
            Article(
                title=f"{text(rng.randint(1, 8))} {n}",
                body=paragraphs if n % 11 else [],
                lede=text(12) if n % 3 == 0 else "",
                captions=[Caption(text(6), "AFP")] if n % 5 == 0 else [],
                author=rng.choice(["", "Ivana Jovanović", "A. Petrov and B. Nikolić"]),
                place=rng.choice(["", "Belgrade", "Sofia", "Athens"]),
                place_local=rng.choice(["", "Beograd", "София"]),
                published=dt.date(2002 + n % 13, 1 + n % 12, 1 + n % 28) if n % 4 else None,
                language=language if n % 9 else "",
                section=rng.choice(["", "politics", "business"]),
                outlet="setimes",
                url=f"https://example.org/{language}/{n}" if n % 2 else "",
                source=f"pages/{n}.html",
            )
        )
    return articles


# -- building --------------------------------------------------------------------------

WriterFactory = Callable[[Any], SegmentWriter]


def stock(ix: Any) -> SegmentWriter:
    return ix.writer(limitmb=LIMIT_MB, compound=False, _lk=False)


def fast(ix: Any) -> SegmentWriter:
    return codec.segment_writer(ix, limitmb=LIMIT_MB)


def fast_stock_blocks(ix: Any) -> SegmentWriter:
    return codec.segment_writer(ix, limitmb=LIMIT_MB, stock_blocks=True)


def new_index(path: Path) -> Any:
    path.mkdir()
    return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX)


def add(writer: SegmentWriter, articles: Iterable[Article], *, update: bool = False) -> None:
    for article in articles:
        with analysis_language(article.language):
            if update:
                writer.update_document(**document_for(article))
            else:
                writer.add_document(**document_for(article))


def build_once(path: Path, make_writer: WriterFactory, articles: list[Article]) -> Any:
    ix = new_index(path)
    writer = make_writer(ix)
    add(writer, articles)
    writer.commit()
    return whoosh_index.open_dir(str(path), indexname=INDEX)


# -- reading back through stock Whoosh --------------------------------------------------


def snapshot(ix: Any) -> dict[str, Any]:
    """Everything a stock Whoosh reader and searcher can tell about the index, segment by segment."""
    with ix.reader() as reader:
        shot: dict[str, Any] = {
            "counts": (reader.doc_count(), reader.doc_count_all()),
            "segments": [
                (offset, segment_snapshot(leaf)) for leaf, offset in reader.leaf_readers()
            ],
        }
    shot["searches"] = search_snapshot(ix)
    return shot


def segment_snapshot(reader: Any) -> dict[str, Any]:
    schema = reader.schema
    docnums = list(range(reader.doc_count_all()))
    lengths: dict[str, Any] = {}
    for name in schema.scorable_names():
        lengths[name] = (
            reader.field_length(name),
            outcome(reader.min_field_length, name),
            outcome(reader.max_field_length, name),
            [reader.doc_field_length(n, name) for n in docnums],
        )
    return {
        "deleted": [n for n in docnums if reader.is_deleted(n)],
        "stored": [reader.stored_fields(n) for n in docnums],
        "terms": terms_snapshot(reader),
        "lengths": lengths,
        "columns": {
            name: list(reader.column_reader(name, translate=False))
            for name in schema.names()
            if schema[name].column_type and reader.has_column(name)
        },
    }


def outcome(function: Callable[..., Any], *args: Any) -> Any:
    """The result, or the exception type (stock Whoosh fails on fields without lengths)."""
    try:
        return function(*args)
    except Exception as exc:
        return type(exc).__name__


def terms_snapshot(reader: Any) -> dict[tuple[str, bytes], Any]:
    out = {}
    for fieldname, tbytes in reader.all_terms():
        info = reader.term_info(fieldname, tbytes)
        stats = (
            info.weight(),
            info.doc_frequency(),
            info.min_length(),
            info.max_length(),
            info.max_weight(),
            info.min_id(),
            info.max_id(),
        )
        out[fieldname, tbytes] = (stats, postings_snapshot(reader, fieldname, tbytes))
    return out


def postings_snapshot(reader: Any, fieldname: str, tbytes: bytes) -> list[Any]:
    """Each posting (docnum, weight, value bytes, decoded value) with its block's statistics."""
    fmt = reader.schema[fieldname].format
    # the segment's own matcher: postings of deleted documents too, block by block
    matcher = reader._terms.matcher(fieldname, tbytes, fmt)
    rows = []
    while matcher.is_active():
        block = (
            matcher.block_min_id(),
            matcher.block_max_id(),
            matcher.block_max_weight(),
            matcher.block_min_length(),
            matcher.block_max_length(),
        )
        value = matcher.value()
        decoded = fmt.decode_positions(value) if fieldname in POSITION_FIELDS else None
        rows.append((matcher.id(), matcher.weight(), value, decoded, block))
        matcher.next()
    return rows


POSITION_FIELDS = {"title", "lede", "body", "captions", "author"}

ALL_TEXT = ["title", "body", "title_stem", "body_stem", "lede", "captions"]
QUERIES = [
    (ALL_TEXT, "Balkans"),
    (ALL_TEXT, "reform OR reforma OR реформа"),
    (ALL_TEXT, "Beograd"),
    (ALL_TEXT, "κυβέρνηση"),
    (ALL_TEXT, "ekonomija AND sud"),
    (ALL_TEXT, "minist*"),
    (["body", "title"], '"vlada ministar"'),
    (["year"], "2005"),
]


def search_snapshot(ix: Any) -> list[Any]:
    results = []
    with ix.searcher() as searcher:
        for fields, text in QUERIES:
            hits = searcher.search(MultifieldParser(fields, ix.schema).parse(text), limit=20)
            results.append([(hit["id"], hit.score) for hit in hits])
    return results


def segment_files(path: Path) -> dict[str, bytes]:
    """Segment files by extension (names differ only by the random segment id)."""
    out = {}
    for file in path.iterdir():
        if file.name.startswith(f"{INDEX}_") and not file.name.endswith(".toc"):
            out[file.name.partition(".")[2]] = file.read_bytes()
    return out


def assert_same_index(stock_ix: Any, fast_ix: Any) -> None:
    expected, actual = snapshot(stock_ix), snapshot(fast_ix)
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == expected[key], key


# -- tests ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return make_articles(200)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, articles: list[Article]) -> dict[str, Any]:
    """The varied corpus in one commit by each writer."""
    base = tmp_path_factory.mktemp("built")
    return {
        name: (base / name, build_once(base / name, factory, articles))
        for name, factory in {
            "stock": stock,
            "fast": fast,
            "fast_stock_blocks": fast_stock_blocks,
        }.items()
    }


def test_fast_path_is_active_on_the_installed_whoosh(tmp_path: Path) -> None:
    # Fails after a Whoosh upgrade: re-check the mirrored code, then update the digest.
    assert codec.fast_path_available()
    writer = fast(new_index(tmp_path / "ix"))
    assert type(writer) is not SegmentWriter
    writer.cancel()


def test_varied_articles_read_back_as_stock_whoosh_writes_them(built: dict[str, Any]) -> None:
    assert_same_index(built["stock"][1], built["fast"][1])


def test_stock_blocks_mode_writes_the_very_same_bytes(built: dict[str, Any]) -> None:
    expected = segment_files(built["stock"][0])
    actual = segment_files(built["fast_stock_blocks"][0])
    assert {k: len(v) for k, v in actual.items()} == {k: len(v) for k, v in expected.items()}
    assert actual == expected
    assert_same_index(built["stock"][1], built["fast_stock_blocks"][1])


def test_a_term_in_every_document_spans_several_posting_blocks(built: dict[str, Any]) -> None:
    with built["fast"][1].reader() as reader:
        matcher = reader.postings("body", SHARED_WORD.lower())
        blocks = 0
        while matcher.is_active():
            blocks += matcher.next()  # True when it leaves a block
    assert blocks >= 2


def test_fast_blocks_are_smaller_than_stock_blocks(built: dict[str, Any]) -> None:
    def postings_size(path: Path) -> int:
        return sum(len(v) for k, v in segment_files(path).items() if k.endswith("pst"))

    assert postings_size(built["fast"][0]) < postings_size(built["stock"][0])


def test_toc_pickles_only_whoosh_classes(built: dict[str, Any]) -> None:
    path, ix = built["fast"]
    for toc in path.glob("*.toc"):
        # the schema pickles the project's analyzers; the segments nothing of this module
        assert codec.__name__.encode() not in toc.read_bytes()
    for segment in ix._segments():
        assert type(segment) is whoosh3.W3Segment
        assert type(segment.codec()) is whoosh3.W3Codec


def test_reading_needs_nothing_of_this_module(
    built: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = snapshot(built["fast"][1])
    monkeypatch.setitem(sys.modules, "archive_search.engine.segment.writer", None)  # import fails
    reopened = whoosh_index.open_dir(str(built["fast"][0]), indexname=INDEX)
    assert snapshot(reopened) == expected


@pytest.mark.parametrize("make_writer", [fast, fast_stock_blocks])
@pytest.mark.parametrize("count", [1, 2])
def test_tiny_and_empty_field_documents(
    tmp_path: Path, make_writer: WriterFactory, count: int
) -> None:
    articles = [Article(title="Skopje", language="mk"), *make_articles(3)][:count]
    expected = build_once(tmp_path / "stock", stock, articles)
    actual = build_once(tmp_path / "fast", make_writer, articles)
    assert_same_index(expected, actual)
    if make_writer is fast_stock_blocks:
        assert segment_files(tmp_path / "fast") == segment_files(tmp_path / "stock")


def test_updates_and_deletions_across_commits_then_a_merge(tmp_path: Path) -> None:
    first, second = make_articles(120, seed=1), make_articles(50, seed=2)
    for n, article in enumerate(second):  # the first 30 update articles of the first batch
        article.id = first[n].id if n < 30 else f"second-{n}"
    gone = [article.id for article in first[100:115]]

    def build(name: str, make_writer: WriterFactory) -> tuple[Any, Any]:
        ix = new_index(tmp_path / name)
        writer = make_writer(ix)
        add(writer, first)
        writer.commit()
        writer = make_writer(ix)
        add(writer, second, update=True)
        for article_id in gone:
            writer.delete_by_term("id", article_id)
        writer.commit(merge=False)
        two_segments = whoosh_index.open_dir(str(tmp_path / name), indexname=INDEX)
        shot = snapshot(two_segments)
        make_writer(ix).commit(optimize=True)
        return shot, whoosh_index.open_dir(str(tmp_path / name), indexname=INDEX)

    stock_two, stock_merged = build("stock", stock)
    fast_two, fast_merged = build("fast", fast)
    assert len(stock_merged._segments()) == 1
    assert fast_two == stock_two
    segments = stock_two["segments"]
    assert len(segments) == 2 and len(segments[0][1]["deleted"]) == 45  # 30 updated, 15 deleted
    assert_same_index(stock_merged, fast_merged)


def test_pool_spilled_to_disk_reads_back_the_same(tmp_path: Path, articles: list[Article]) -> None:
    """A pool over its memory limit writes sorted runs, merged at the flush."""

    def spilling(make_writer: WriterFactory) -> WriterFactory:
        def factory(ix: Any) -> SegmentWriter:
            writer = make_writer(ix)
            writer.pool.limit = 40_000  # bytes: a run every few documents
            return writer

        return factory

    expected = build_once(tmp_path / "stock", spilling(stock), articles[:60])
    actual = build_once(tmp_path / "fast", spilling(fast_stock_blocks), articles[:60])
    assert_same_index(expected, actual)
    assert segment_files(tmp_path / "fast") == segment_files(tmp_path / "stock")


def test_a_changed_whoosh_gets_the_stock_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def _write_block(self: Any, last: bool = False) -> None:  # a "new version" of Whoosh
        raise AssertionError("not called: nothing is flushed")

    codec.fast_path_problem.cache_clear()
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "_write_block", _write_block)
    try:
        assert not codec.fast_path_available()
        writer = fast(new_index(tmp_path / "ix"))
        assert type(writer) is SegmentWriter
        writer.cancel()
    finally:
        monkeypatch.undo()
        codec.fast_path_problem.cache_clear()
    assert codec.fast_path_available()


def test_options_the_fast_path_does_not_cover_get_the_stock_writer(tmp_path: Path) -> None:
    ix = new_index(tmp_path / "ix")
    own = whoosh3.W3Codec(blocklimit=16)
    writer = codec.segment_writer(ix, limitmb=LIMIT_MB, codec=own)
    assert type(writer) is SegmentWriter and writer.codec is own
    writer.cancel()
    writer = codec.segment_writer(ix, limitmb=LIMIT_MB, codec=None)
    assert type(writer) is not SegmentWriter
    writer.cancel()


def test_compound_segments_read_back_the_same(tmp_path: Path, articles: list[Article]) -> None:
    def compound(ix: Any) -> SegmentWriter:
        return codec.segment_writer(ix, limitmb=LIMIT_MB, compound=True)

    def stock_compound(ix: Any) -> SegmentWriter:
        return ix.writer(limitmb=LIMIT_MB, compound=True, _lk=False)

    expected = build_once(tmp_path / "stock", stock_compound, articles[:30])
    actual = build_once(tmp_path / "fast", compound, articles[:30])
    assert list((tmp_path / "fast").glob("*.seg"))
    assert_same_index(expected, actual)


def test_a_spelling_field_with_repeated_docnums_writes_the_same_bytes(tmp_path: Path) -> None:
    """Whoosh's spelling words are postings of document 0, many times: the pool's sort path."""
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), spelling=True),
    )
    rng = random.Random(3)
    words = ["running", "runners", "runs", "ran", "walking", "walked", "walkers"]
    docs = [(str(n), " ".join(rng.choices(words, k=rng.randint(1, 6)))) for n in range(40)]

    def build(name: str, make_writer: WriterFactory) -> Any:
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), schema, indexname=INDEX)
        writer = make_writer(ix)
        for docid, title in docs:
            writer.add_document(id=docid, title=title)
        writer.commit()
        return ix

    expected, actual = build("stock", stock), build("fast", fast_stock_blocks)
    assert segment_files(tmp_path / "fast") == segment_files(tmp_path / "stock")
    with expected.reader() as stock_reader, actual.reader() as fast_reader:
        assert terms_snapshot(fast_reader) == terms_snapshot(stock_reader)


def test_pool_is_read_term_by_term_in_whoosh_order_whatever_order_it_came_in(
    tmp_path: Path,
) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    rng = random.Random(5)
    items = [
        (
            rng.choice(["body", "title", "a"]),
            rng.choice([b"x", b"y", b"\xc3\xa9", b""]),
            rng.randrange(6),
            rng.choice([1.0, 2.0, 0.5]),
            rng.choice([b"", b"\x01", b"\x02\x03"]),
        )
        for _ in range(400)
    ]
    storage = FileStorage(str(tmp_path)).create()
    in_memory, spilling = PostingPool(storage, None), PostingPool(storage, None)
    spilling.limit = 3_000  # a run to disk every few dozen postings
    for item in items:
        in_memory.add(item)
        spilling.add(item)
    assert spilling.runs

    def flattened(pool: PostingPool) -> list[Any]:
        return [
            (fieldname, tbytes, *posting)
            for fieldname, terms in codec._pool_terms(pool)
            for tbytes, *columns in terms
            for posting in zip(*columns, strict=True)
        ]

    assert flattened(in_memory) == sorted(items)
    assert flattened(spilling) == sorted(items)


def test_the_search_layer_reads_fast_blocks_as_it_reads_stock_ones(built: dict[str, Any]) -> None:
    """``search.postings`` decodes blocks itself; it must see the same postings in both."""
    import numpy as np

    from archive_search.engine.snapshot import Snapshot
    from archive_search.search.postings import TermCache, value

    def read(ix: Any) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        with ix.searcher() as searcher:
            reader = searcher.reader()
            cache = TermCache(Snapshot(searcher))
            for fieldname in ("title", "body", "body_stem", "captions"):
                for tbytes in reader.lexicon(fieldname):
                    listed = cache.get(fieldname, tbytes)
                    directory = cache.directory(fieldname, tbytes)
                    blocks = [directory.read(n) for n in range(len(directory))]
                    out[fieldname, tbytes] = (
                        listed.docs.tolist(),
                        listed.tf.tolist(),
                        [row[:4] for row in directory.rows],  # last id, count, weight, length
                        [
                            (b.ids.tolist(), b.tf.tolist(), [value(v) for v in b.values or ()])
                            for b in blocks
                        ],
                    )
        return out

    expected, actual = read(built["stock"][1]), read(built["fast"][1])
    assert actual == expected
    assert np.sum([len(v[0]) for v in expected.values()]) > 1000
