"""The array search path against Whoosh's own, on an archive large enough for many blocks.

Posting lists hold 128 postings per block; the fixture archive of the other
search tests fits every list in one. Here a few hundred generated articles,
written in three commits with some of them replaced (deleted documents in
older segments), give lists of several blocks across segments, so block
directories, lazily completed exact-form bonuses and phrase candidates are
checked where they can go wrong.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import pytest

from archive_search import Archive, Article
from archive_search.engine.analyzers import exact_analyzer, stemmed_analyzer
from archive_search.engine.segment import columns
from archive_search.search import bulk, facets
from archive_search.search.phrases import spans_match
from archive_search.search.postings import TermCache
from archive_search.search.querying import HighlightPlan, PhraseSpec
from archive_search.search.snippets import Highlighter, _squeeze
from archive_search.text.analysis import analysis_language, exact_tokens, stemmed_terms

WORDS = [
    "army",
    "armies",
    "troops",
    "troop",
    "patrol",
    "patrolled",
    "patrols",
    "border",
    "borders",
    "reform",
    "reforms",
    "minister",
    "ministers",
    "election",
    "elections",
    "vote",
    "voted",
    "voting",
    "bank",
    "banks",
    "banking",
    "loan",
    "loans",
    "market",
    "markets",
    "price",
    "prices",
    "oil",
    "gas",
    "pipeline",
    "pipelines",
    "energy",
    "talks",
    "talk",
    "agreement",
    "agreements",
    "kosovo",
    "serbia",
    "albania",
    "greece",
    "turkey",
    "police",
    "court",
    "courts",
    "law",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "for",
    "on",
    "said",
    "will",
]
PLACES = ["Belgrade", "Tirana", "Athens", "Ankara", "Sofia"]


def _article(rng: random.Random, n: int, variant: int = 0) -> Article:
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(WORDS))]

    def words(k: int) -> str:
        return " ".join(rng.choices(WORDS, weights=weights, k=k))

    body = [words(rng.randint(20, 60)) + ".", words(rng.randint(10, 40)) + "."]
    if variant:
        body.append(f"Correction number {variant}.")
    return Article(
        id=f"gen-{n}",
        title=words(rng.randint(3, 7)).capitalize(),
        body=body,
        place=rng.choice(PLACES),
        published=dt.date(2010 + n % 5, 1 + n % 12, 1 + n % 28) if n % 17 else None,
        language="en",
        section=rng.choice(["news", "features"]),
        author=rng.choice(["Ana Petrova", "Erl Murati", "Linda Karadaku"]),
    )


@pytest.fixture(scope="module", name="big")
def big_fixture(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    path: Path = tmp_path_factory.mktemp("fastpath") / "index"
    archive = Archive(path)
    articles = [_article(rng, n) for n in range(420)]
    archive.add(articles[:200])
    archive.add(articles[200:])
    # replaced articles leave deleted documents behind in the older segments
    archive.add([_article(random.Random(n), n, variant=1) for n in range(0, 420, 9)])
    yield archive
    archive.close()


def _whoosh_postings(reader, fieldname: str, text: str) -> tuple[list[int], list[float]]:  # type: ignore[no-untyped-def]
    m = reader.postings(fieldname, text)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def test_the_index_has_many_blocks_segments_and_deletions(big) -> None:
    snapshot = big.store.snapshot()
    assert snapshot.has_deletions()
    assert TermCache.of(snapshot).doc_frequency("body_stem", "armi") > 128


@pytest.mark.parametrize("fieldname", ["body", "body_stem", "title", "place_key"])
def test_posting_arrays_equal_whooshs_postings(big, fieldname: str) -> None:
    reader = big.store.searcher().reader()
    cache = TermCache(big.store.snapshot())  # a fresh cache: every list is read here
    for text in list(reader.lexicon(fieldname))[:60]:
        ids, weights = _whoosh_postings(reader, fieldname, text)
        got = cache.get(fieldname, text)
        assert got.docs.tolist() == ids
        assert got.tf.tolist() == pytest.approx(weights)
        assert cache.doc_frequency(fieldname, text) == reader.doc_frequency(fieldname, text)


def test_blocks_read_alone_give_the_same_frequencies_and_values(big) -> None:
    reader = big.store.searcher().reader()
    cache = TermCache(big.store.snapshot())
    rng = random.Random(3)
    for text in ("armi", "the", "pipelin"):
        field = "body" if text == "the" else "body_stem"
        ids, weights = _whoosh_postings(reader, field, text)
        docs = np.array(sorted(rng.sample(range(reader.doc_count_all()), 80)))
        expected = [weights[ids.index(d)] if d in ids else 0.0 for d in docs.tolist()]
        assert cache.frequencies(field, text, docs).tolist() == pytest.approx(expected)
        assert len(cache.directory(field, text)) > 1
    ids, _ = _whoosh_postings(reader, "body", "army")
    wanted = ids[::7]
    positions = cache.positions("body", "army", wanted)
    m = reader.postings("body", "army")
    for doc in wanted:
        m.skip_to(doc)
        assert positions[doc] == list(m.value_as("positions"))


QUERIES = [
    "army",
    "army troops",
    "bank loans market",
    "troop patrol border reform albania",
    "army -kosovo",
    "(army OR police) AND border",
    '"the army"',
    '"army patrolled"',
    '"border police"~3',
    "pipeline place:sofia",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("page", [1, 3])
def test_pages_equal_whooshs(big, monkeypatch, query: str, page: int) -> None:
    monkeypatch.setattr(bulk, "EAGER_POSTINGS", 40)  # some exact-form bonuses deferred
    options = {"limit": 7, "page": page, "snippets": False}
    fast = big.search(query, **options)
    monkeypatch.setattr(bulk, "evaluate", lambda *args, **kwargs: None)
    slow = big.search(query, **options)
    assert fast.total == slow.total > 0
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]
    assert [h.score for h in fast.hits] == pytest.approx([h.score for h in slow.hits], rel=1e-6)
    assert [h.duplicates for h in fast.hits] == [h.duplicates for h in slow.hits]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_order_equals_whooshs(big, monkeypatch, sort: str) -> None:
    fast = big.search("army border", sort=sort, limit=15, snippets=False)
    monkeypatch.setattr(bulk, "evaluate", lambda *args, **kwargs: None)
    slow = big.search("army border", sort=sort, limit=15, snippets=False)
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]


def test_completing_exact_bonuses_lazily_changes_nothing(big, monkeypatch) -> None:
    monkeypatch.setattr(bulk, "EAGER_POSTINGS", 0)  # the lists here are short
    lazy = big.search("armies patrolled borders", limit=30, collapse=False, snippets=False)
    # with every exact list in the cache, the bonus is added to every document at once
    monkeypatch.setattr(TermCache, "cached_list", lambda self, f, t: True)
    eager = big.search("armies patrolled borders", limit=30, collapse=False, snippets=False)
    assert [(h.id, round(h.score, 9)) for h in lazy.hits] == [
        (h.id, round(h.score, 9)) for h in eager.hits
    ]


def test_facets_from_whole_columns_equal_lookups(big, monkeypatch) -> None:
    reader = big.store.searcher().reader()
    monkeypatch.setattr(columns, "worth_reading", lambda *args: False)
    monkeypatch.setattr(columns, "_CACHE", type(columns._CACHE)())
    one = big.search("army", facets=True, timeline=True)
    assert not columns.has_codes(reader, "year")
    monkeypatch.setattr(columns, "worth_reading", lambda *args: True)
    monkeypatch.setattr(columns, "_CACHE", type(columns._CACHE)())
    other = big.search("army", facets=True, timeline=True)
    assert one.facets == other.facets and one.timeline == other.timeline
    assert columns.has_codes(reader, "year")


def test_collapsing_from_the_whole_column_equals_lookups(big, monkeypatch) -> None:
    monkeypatch.setattr(columns, "_CACHE", type(columns._CACHE)())
    monkeypatch.setattr(columns, "worth_reading", lambda *args: False)
    one = big.search("army", limit=40)
    monkeypatch.setattr(columns, "_CACHE", type(columns._CACHE)())
    monkeypatch.setattr(columns, "worth_reading", lambda *args: True)
    other = big.search("army", limit=40)
    assert [(h.id, h.duplicate_ids) for h in one.hits] == [
        (h.id, h.duplicate_ids) for h in other.hits
    ]


def test_worth_reading_pays_once_lookups_reach_the_cost(big, monkeypatch) -> None:
    monkeypatch.setattr(columns, "_CACHE", type(columns._CACHE)())
    reader = big.store.searcher().reader()
    n = reader.doc_count_all()
    assert not columns.worth_reading(reader, "x", n // 10, 0.5)
    assert not columns.worth_reading(reader, "x", n // 10, 0.5)
    assert columns.worth_reading(reader, "x", n // 2, 0.5)


def test_spans_match_whoosh_semantics() -> None:
    assert spans_match([[3, 9], [4]], slop=1, ordered=True)
    assert not spans_match([[3], [5]], slop=1, ordered=True)
    assert not spans_match([[4], [3]], slop=1, ordered=True)
    assert spans_match([[4], [3]], slop=2, ordered=False)
    assert spans_match([[1], [4], [6]], slop=3, ordered=False)
    assert not spans_match([[1], [8]], slop=3, ordered=False)
    assert not spans_match([[2], [2]], slop=3, ordered=False)  # the same word twice


TEXTS = [
    "Troops from the U.S. patrolled 1,000 km of Beograd's border on 10.03.2014.",
    "İstanbul'dan Đukanović; co-operation and x\u00adyz don't",
    "Министри су се састали у Београду, Станишев",
    "Ο πρωθυπουργός συναντήθηκε με τους υπουργούς",
]


@pytest.mark.parametrize("language", [None, "en", "sr", "bg", "el", "tr"])
@pytest.mark.parametrize("text", TEXTS)
def test_exact_tokens_are_the_exact_fields_tokens(text: str, language: str | None) -> None:
    with analysis_language(language):
        expected = [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in exact_analyzer()(text, positions=True, chars=True)
        ]
        stemmed = [(t.text, t.pos) for t in stemmed_analyzer()(text, positions=True)]
    tokens = exact_tokens(text, language)
    assert [(term, pos, a, b) for term, _, pos, a, b in tokens] == expected
    assert [
        (s, pos) for _, word, pos, _, _ in tokens for s in stemmed_terms(word, language)
    ] == stemmed


def test_highlighter_marks_exact_stemmed_and_phrase_matches() -> None:
    plan = HighlightPlan({"body": {"kfor"}, "body_stem": {"troop", "patrol"}})
    plan.phrases.append(PhraseSpec("body", ("northern", "border")))
    text = "KFOR troops patrolled the northern border; a border in the north."
    spans = Highlighter(plan).spans("body", text, "en")
    assert [text[a:b] for a, b in spans] == ["KFOR", "troops", "patrolled", "northern border"]
    # "the" is an English stop word: never a stemmed match, even if asked for
    plan = HighlightPlan({"body_stem": {"the"}})
    assert Highlighter(plan).spans("body", text, "en") == []


def _reference_squeeze(
    text: str, spans: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """Character by character: the behaviour ``_squeeze`` keeps."""
    out, index, pos = [], [], 0
    for match in re.finditer(r"\S+|\s+", text):
        chunk = match.group()
        if chunk.isspace():
            index += [pos] * len(chunk)
            out.append(" ")
            pos += 1
        else:
            index += list(range(pos, pos + len(chunk)))
            out.append(chunk)
            pos += len(chunk)
    index.append(pos)
    squeezed = "".join(out)
    stripped = squeezed.lstrip()
    shift = len(squeezed) - len(stripped)
    stripped = stripped.rstrip()
    moved = []
    for a, b in spans:
        if 0 <= a < b <= len(text):
            na, nb = index[a] - shift, index[b] - shift
            if nb > na >= 0:
                moved.append((na, min(nb, len(stripped))))
    return stripped, moved


def test_squeeze_moves_spans_like_the_reference() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice("ab .\n\t") for _ in range(rng.randint(0, 24)))
        spans = [(rng.randint(-1, 26), rng.randint(-1, 26)) for _ in range(rng.randint(0, 3))]
        assert _squeeze(text, spans) == _reference_squeeze(text, spans)


def test_lengths_and_facet_counts_are_arrays(big) -> None:
    snapshot = big.store.snapshot()
    lengths = TermCache.of(snapshot).field_lengths("body")
    assert len(lengths) == snapshot.doc_count_all() and lengths.dtype == np.uint8
    counts = facets.column_counts(snapshot, "place", np.arange(snapshot.doc_count_all()))
    assert sum(counts.values()) == snapshot.doc_count_all()


@pytest.mark.parametrize(
    ("start", "end", "startexcl", "endexcl"),
    [
        (dt.datetime(2011, 1, 1), dt.datetime(2012, 6, 30, 23, 59), False, False),
        (None, dt.datetime(2011, 3, 1), False, True),
        (dt.datetime(2013, 5, 1), None, True, False),
    ],
)
def test_date_ranges_from_the_column_equal_whooshs(big, start, end, startexcl, endexcl) -> None:  # type: ignore[no-untyped-def]
    from archive_search.engine.whoosh_query import to_whoosh
    from archive_search.search import query_form as qf
    from archive_search.search.docsets import matching_mask

    searcher = big.store.searcher()
    q = qf.DateRange("published", start, end, startexcl=startexcl, endexcl=endexcl)
    expected = sorted(to_whoosh(q).docs(searcher))
    assert np.flatnonzero(matching_mask(big.store.snapshot(), q)).tolist() == expected
    assert expected


def test_a_small_cache_evicts_and_still_answers_the_same(big, monkeypatch) -> None:
    from archive_search.search import postings

    expected = [(h.id, h.score) for h in big.search("army border troops", limit=20).hits]
    snapshot = big.store.snapshot()
    monkeypatch.setattr(postings, "CACHE_BYTES", 20_000)
    monkeypatch.setattr(TermCache, "_registry", type(TermCache._registry)())
    got = [(h.id, h.score) for h in big.search("army border troops", limit=20).hits]
    assert got == expected
    cache = TermCache.of(snapshot)
    assert cache._bytes <= 20_000 or len(cache._items) == 1


def test_distinct_is_sorted_unique() -> None:
    from archive_search.search.postings import distinct

    values = np.array([5, 3, 5, 1, 3, 9])
    assert distinct(values).tolist() == [1, 3, 5, 9]
    assert distinct(np.array([], dtype=np.int64)).tolist() == []


def test_exact_forms_taken_from_their_stems_score_as_when_read(big, monkeypatch) -> None:
    """When a form is its stems' only form, its frequencies come from the stems' lists."""
    same_total = bulk._Evaluation._same_total
    taken: list[bool] = []
    monkeypatch.setattr(
        bulk._Evaluation,
        "_same_total",
        lambda self, f, t, terms: taken.append(same_total(self, f, t, terms)) or taken[-1],
    )
    queries = ["army patrolled", "pipeline loans", "voting court", "oil"]
    fast = [[(h.id, h.score) for h in big.search(q, limit=15).hits] for q in queries]
    assert any(taken) and not all(taken)
    monkeypatch.setattr(bulk._Evaluation, "_same_total", lambda self, f, t, terms: False)
    slow = [[(h.id, h.score) for h in big.search(q, limit=15).hits] for q in queries]
    for one, other in zip(fast, slow, strict=True):
        assert [d for d, _ in one] == [d for d, _ in other]
        assert [s for _, s in one] == pytest.approx([s for _, s in other], rel=1e-9)


def test_caches_die_with_the_reader_they_belong_to(tmp_path) -> None:
    """A refreshed searcher's new reader must not keep the old one's caches alive."""
    import gc
    import weakref

    archive = Archive(tmp_path / "index")
    archive.add([_article(random.Random(1), n) for n in range(30)])
    archive.search("army", facets=True, timeline=True, sort="newest", date_from="2011")
    archive.search('"army border" -police', place="Sofia")
    old = weakref.ref(archive.store.searcher().reader())
    old_snapshot = weakref.ref(archive.store.snapshot())
    archive.add([_article(random.Random(2), 99)])
    archive.search("army")
    gc.collect()
    assert old() is None  # and with it its entries in the per-reader caches
    assert old_snapshot() is None  # and the per-snapshot ones
    archive.close()


def _rows(*values: bytes) -> np.ndarray:
    width = max(len(v) for v in values)
    return np.array([list(v.ljust(width, b"\0")) for v in values], dtype=np.uint8)


def test_distinct_rows_numbers_equal_rows_alike_and_different_rows_apart():
    from archive_search.engine.segment.columns import distinct_rows

    rows = _rows(b"Skopje\x06", b"Tirana\x06", b"Skopje\x06", b"\x00", b"Skopj\x00\x05", b"\x00")
    first, inverse = distinct_rows(rows)
    assert len(first) == 4
    assert inverse[0] == inverse[2] and inverse[3] == inverse[5]
    assert len({inverse[0], inverse[1], inverse[3], inverse[4]}) == 4
    assert (rows[first][inverse] == rows).all()


def test_distinct_rows_survives_a_hash_collision():
    from archive_search.engine.segment.columns import _HASH_STEP, distinct_rows

    # two 16-byte rows the 64-bit row hash maps to the same value: h = w0 * K ^ w1
    x = 12345
    a = np.array([0, x], dtype=np.uint64)
    b = np.array([1, int(_HASH_STEP) ^ x], dtype=np.uint64)
    rows = np.vstack([a.view(np.uint8), b.view(np.uint8), a.view(np.uint8)])
    first, inverse = distinct_rows(rows)
    assert len(first) == 2 and inverse[0] == inverse[2] != inverse[1]
