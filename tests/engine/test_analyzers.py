"""The schema's Whoosh analyzers, proven by searching a small multilingual Whoosh index.

They are adapters over ``text.analysis`` (whose pure functions ``tests/text/test_analysis.py``
tests): here, the token streams Whoosh gets from them, and the searches those make work.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import highlight
from whoosh.analysis import Analyzer, StripFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index, create_in, open_dir
from whoosh.qparser import MultifieldParser, QueryParser
from whoosh.query import Term
from whoosh.writing import IndexWriter

from archive_search.engine.analyzers import (
    FoldingFilter,
    LanguageStemFilter,
    WordTokenizer,
    exact_analyzer,
    stemmed_analyzer,
)
from archive_search.ingest.encoding import decode_bytes
from archive_search.ingest.reading import read_source
from archive_search.text import analysis
from archive_search.text.analysis import (
    analysis_language,
    current_language,
    exact_tokens,
    fold,
    index_terms,
    normalise_language,
    stemmed_terms,
    stemming_table,
    token_offsets,
    token_spans,
    token_texts,
)
from tests.paths import DATA, FIXTURES, SEED
from tests.text.test_analysis import TOKEN_CASES

ARTICLES = {
    "en": (
        "en",
        "Chief of the Serbian General Staff Ljubisa Dikovic met KFOR commanders. "
        "Montenegrin Prime Minister Milo Djukanovic spoke about the elections, and "
        "Ali Ahmeti about Sofia. Boris Tadic, US troops and U.S. officials were present.",
    ),
    "sr-latn": (
        "sr",
        "Sastanak Dikovića i komandanta KFOR-a održan je u Beogradu. "
        "Premijer Vučić razgovarao je sa Đukanovićem o saradnji ali bez dogovora.",
    ),
    "sr-cyrl": (
        "sr",
        "Председник Вучић је рекао да Србија жели мир. Ђукановић је стигао у Београд.",
    ),
    "hr": (
        "hr",
        "Crnogorski premijer Milo Dukanovic izjavio je da Srbiji treba mir. "
        "Razgovarao je s Tadićem.",
    ),
    "bs": ("bs", "Vlada u Sarajevu kaže da djeca idu u školu gdje je Srbijom zabrinuta."),
    "mk": (
        "mk",
        "Претседателот Ѓорге Иванов и премиерот Никола Груевски ја посетија Скопје. "
        "Ќиро и Ѕвонко Џафери патуваа од Љубљана за Њујорк.",
    ),
    "bg": ("bg", "Премиерът Сергей Станишев посети София заедно с Бойко Борисов."),
    "sq": ("sq", "Kryeministri Hashim Thaçi tha se Kosovës i duhet paqe."),
    "ro": ("ro", "Guvernul de la Bucureşti a anunţat alegerile."),
    "ro-comma": ("ro", "Primarul Bucureștiului a vizitat București."),
    "tr": ("tr", "Başbakan Erdoğan İstanbul'dan Ankara'ya döndü. Hükümeti Iğdır'da."),
    "el": ("el", "Ο πρωθυπουργός επισκέφθηκε την ΑΘΗΝΑ. Η πολιτικής της Ελλάδας στην οδός."),
}


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        lang=ID(stored=True),
        body=TEXT(analyzer=stemmed_analyzer(), stored=True, chars=True, multitoken_query="or"),
        exact=TEXT(analyzer=exact_analyzer(), chars=True, multitoken_query="phrase"),
    )


def add_articles(writer: IndexWriter) -> None:
    for doc_id, (lang, text) in ARTICLES.items():
        with analysis_language(lang):
            writer.update_document(id=doc_id, lang=lang, body=text, exact=text)


@pytest.fixture(scope="module")
def ix() -> Index:
    index = RamStorage().create_index(make_schema())
    writer = index.writer()
    add_articles(writer)
    writer.commit()
    return index


def search(
    ix: Index,
    text: str,
    fields: tuple[str, ...] = ("body", "exact"),
    language: str | None = None,
    only: str | None = None,
) -> set[str]:
    """Ids matching ``text``; ``language`` is the query language, ``only`` a filter."""
    with analysis_language(language):
        query = MultifieldParser(list(fields), ix.schema).parse(text)
    with ix.searcher() as searcher:
        hits = searcher.search(query, limit=None, filter=Term("lang", only) if only else None)
        return {hit["id"] for hit in hits}


def terms(ix: Index, field: str) -> set[str]:
    with ix.searcher() as searcher:
        return {t.decode("utf-8") for t in searcher.lexicon(field)}


def texts(analyzer: Analyzer, text: str, language: str | None = None, **kwargs: Any) -> list[str]:
    with analysis_language(language):
        return [t.text for t in analyzer(text, **kwargs)]


# -- the requirements, by search results ---------------------------------------
@pytest.mark.parametrize("query", ["Djukanovic", "Đukanović", "Dukanovic", "Ђукановић"])
def test_djukanovic_spellings_meet(ix: Index, query: str) -> None:
    # Nominatives meet through the exact field ...
    assert search(ix, query, ("exact",)) == {"en", "hr", "sr-cyrl"}
    # ... and the instrumental "sa Đukanovićem" through the stemmed field.
    assert search(ix, query) == {"en", "hr", "sr-cyrl", "sr-latn"}


def test_dj_folding_does_not_merge_unrelated_english_words(ix: Index) -> None:
    assert search(ix, "dukes") == set()
    assert search(ix, "adjust") == set()


@pytest.mark.parametrize("query", ["Bucuresti", "Bucureşti", "București"])
def test_bucharest_in_cedilla_comma_and_bare_forms(ix: Index, query: str) -> None:
    assert search(ix, query, ("exact",)) == {"ro", "ro-comma"}
    # The genitive "Bucureștiului" too, in Romanian, however the query is spelled.
    assert search(ix, query, ("body",), language="ro") == {"ro", "ro-comma"}


@pytest.mark.parametrize("query", ["istanbul", "İstanbul", "ISTANBUL", "İSTANBUL", "ıstanbul"])
def test_turkish_dotted_capital(ix: Index, query: str) -> None:
    assert search(ix, query) == {"tr"}
    assert search(ix, query, ("exact",)) == {"tr"}


def test_turkish_terms_have_no_stray_dot_and_suffixes_split(ix: Index) -> None:
    for field in ("body", "exact"):
        assert "istanbul" in terms(ix, field)
        assert not any("\u0307" in term or "ı" in term for term in terms(ix, field))
    assert "dan" in terms(ix, "exact")  # "İstanbul'dan" -> istanbul + dan
    assert "dan" not in terms(ix, "body")  # the case ending is a Turkish stop word
    assert search(ix, "Igdir") == {"tr"}


@pytest.mark.parametrize(("query", "expected"), [("Вучић", "sr-latn"), ("Vučić", "sr-cyrl")])
def test_serbian_cyrillic_and_latin_meet(ix: Index, query: str, expected: str) -> None:
    assert expected in search(ix, query, ("exact",))
    assert search(ix, query) == {"sr-latn", "sr-cyrl"}


@pytest.mark.parametrize(
    "query", ["Gjorge", "Kjiro", "Dzvonko", "Džaferi", "Ljubljana", "Njujork", "Skopje", "Gruevski"]
)
def test_macedonian_letters(ix: Index, query: str) -> None:
    assert search(ix, query, ("exact",)) == {"mk"}


def test_bulgarian_cyrillic_meets_latin(ix: Index) -> None:
    assert search(ix, "Sofia", ("exact",)) == {"bg", "en"}
    assert search(ix, "София", ("exact",)) == {"bg", "en"}
    assert search(ix, "Boyko Borisov") == {"bg"}
    # ш read the Bulgarian way in a Bulgarian article: the English spelling finds it.
    assert search(ix, "Stanishev") == {"bg"}
    # A Cyrillic query without a language looks for both readings ...
    assert search(ix, "Станишев") == {"bg"}
    # ... and with Bulgarian chosen, the exact field reads it the Bulgarian way.
    assert search(ix, "Станишев", ("exact",), language="bg") == {"bg"}


@pytest.mark.parametrize("query", ["Αθήνα", "αθηνα", "ΑΘΗΝΑ", "Αθηνα"])
def test_greek_with_or_without_accents(ix: Index, query: str) -> None:
    assert search(ix, query, ("exact",)) == {"el"}


def test_greek_final_sigma_and_stems(ix: Index) -> None:
    assert search(ix, "ΟΔΟΣ", ("exact",)) == {"el"}
    assert search(ix, "οδοσ", ("exact",)) == {"el"}
    assert search(ix, "Ελλάδα", ("body",)) == {"el"}  # genitive "Ελλάδας" in the text
    assert search(ix, "πολιτική", ("body",), language="el") == {"el"}
    assert search(ix, "Ελλάδα", ("exact",)) == set()


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("election", "en", {"en"}),
        ("Srbija", "sr", {"sr-cyrl", "hr", "bs"}),  # Србија, Srbiji, Srbijom
        ("Srbija", None, {"sr-cyrl", "hr", "bs"}),
        ("guvern", "ro", {"ro"}),
        ("alegeri", "ro", {"ro"}),
        ("hükümet", "tr", {"tr"}),
        ("Hukumet", None, {"tr"}),
    ],
)
def test_stemming_per_language(
    ix: Index, query: str, language: str | None, expected: set[str]
) -> None:
    assert search(ix, query, ("body",), language=language) == expected


def test_no_stemming_for_albanian_bulgarian_macedonian(ix: Index) -> None:
    assert search(ix, "Thaci") == {"sq"}  # "Thaçi"
    assert search(ix, "Kosovës", ("body",)) == {"sq"}
    assert search(ix, "Kosova", ("body",), language="sq") == set()
    for lang in ("sq", "bg", "mk"):
        text = ARTICLES[lang][1]
        assert texts(stemmed_analyzer(), text, lang) == texts(exact_analyzer(), text, lang)


def test_names_match_across_languages(ix: Index) -> None:
    # The exact field has the nominative only ...
    assert search(ix, "Dikovic", ("exact",)) == {"en"}
    # ... the stemmed field brings the Serbian genitive "Dikovića".
    assert search(ix, "Dikovic") == {"en", "sr-latn"}
    assert search(ix, "Diković") == {"en", "sr-latn"}
    assert search(ix, "Диковић") == {"en", "sr-latn"}
    assert search(ix, "Dikovic", language="sr", only="sr") == {"sr-latn"}
    assert search(ix, "Dikovic", language="en", only="en") == {"en"}
    # The instrumental of an -ić name ("s Tadićem"), which Snowball alone
    # stems to "tadiće", away from "Tadić", "Tadića", "Tadiću".
    assert search(ix, "Tadic", ("exact",)) == {"en"}
    assert search(ix, "Tadić") == {"en", "hr"}
    assert search(ix, "Tadića", ("body",), language="hr") == {"en", "hr"}


def test_query_language_picks_the_stemmer() -> None:
    analyzer = stemmed_analyzer()
    assert texts(analyzer, "Dikovic", "en", mode="query") == ["dikov"]
    assert texts(analyzer, "Dikovic", "sr", mode="query") == ["dikovic"]
    assert set(texts(analyzer, "Dikovic", None, mode="query")) == {"dikovic", "dikov"}
    # Without a language every variant sits at the query word's position.
    with analysis_language(None):
        positions = {t.pos for t in analyzer("Dikovic", positions=True, mode="query")}
    assert positions == {0}


def test_stop_words_per_language(ix: Index) -> None:
    body, exact = terms(ix, "body"), terms(ix, "exact")
    assert {"the", "je", "ali", "την", "de"} <= exact
    assert not {"the", "je", "την", "de"} & body
    # "ali" is a Serbian stop word but a name in the English article.
    assert "ali" in body


def test_stop_words_at_query_time(ix: Index) -> None:
    # An English stop word does not make English articles unreachable in the
    # stemmed field (documents of that language never indexed it there).
    assert search(ix, "the elections", ("body",)) == {"en"}
    # A word that is a stop word anywhere leaves the stemmed query; the exact
    # field still matches it where it is a content word (a name).
    assert search(ix, "Ali", ("body",)) == set()
    assert search(ix, "Ali Ahmeti") == {"en"}
    assert search(ix, "ali", ("body",), language="en") == {"en"}
    # The user chose Serbian: Serbian stop words go, English ones stay.
    assert search(ix, "the", ("body",), language="sr") == set()
    assert texts(stemmed_analyzer(), "the ali", "sr", mode="query") == ["the"]


def test_acronyms_are_not_stop_words(ix: Index) -> None:
    # "US" and "U.S." meet; "IT" and "WHO" survive though "it" and "who" do not.
    assert search(ix, "US", ("body",)) == {"en"}
    assert search(ix, "U.S.", ("body",)) == {"en"}
    assert texts(stemmed_analyzer(), "IT and it, WHO and who", "en") == ["it", "who"]
    assert texts(stemmed_analyzer(), "IT", None, mode="query") == ["it"]


def test_highlighting_fast_path_keeps_char_offsets(ix: Index) -> None:
    with analysis_language(None):
        query = QueryParser("body", ix.schema).parse("Dikovic")
    with ix.searcher() as searcher:
        results = searcher.search(query, terms=True)
        results.fragmenter = highlight.PinpointFragmenter(autotrim=True)
        snippets = {hit["id"]: hit.highlights("body") for hit in results}
    assert "<b" in snippets["sr-latn"] and "Dikovića</b>" in snippets["sr-latn"]
    assert "Dikovic</b>" in snippets["en"]


def test_highlighting_by_reanalysis_needs_the_article_language(ix: Index) -> None:
    # The default fragmenter re-analyses the stored text in index mode: without
    # the article's language it folds "Dikovića" but does not stem it.
    with analysis_language(None):
        query = QueryParser("body", ix.schema).parse("Dikovic")
    with ix.searcher() as searcher:
        hit = next(h for h in searcher.search(query) if h["id"] == "sr-latn")
        assert "<b" not in hit.highlights("body")
        with analysis_language(hit["lang"]):
            assert "Dikovića</b>" in hit.highlights("body")


def test_index_survives_reopening_from_disk(tmp_path: Path) -> None:
    index = create_in(str(tmp_path), make_schema())
    writer = index.writer()
    add_articles(writer)
    writer.commit()
    reopened = open_dir(str(tmp_path))
    assert isinstance(reopened.schema["body"].analyzer[1], LanguageStemFilter)
    assert search(reopened, "Dikovic") == {"en", "sr-latn"}
    assert search(reopened, "Вучић") == {"sr-latn", "sr-cyrl"}


# -- pickling, positions, characters -----------------------------------------------
@pytest.mark.parametrize(
    "make", [exact_analyzer, stemmed_analyzer, lambda: stemmed_analyzer("tr", stop_words=False)]
)
def test_analyzers_pickle(make: Callable[[], Analyzer]) -> None:
    analyzer = make()
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone == analyzer
    sample = ARTICLES["sr-latn"][1] + " " + ARTICLES["tr"][1]
    assert texts(clone, sample, "sr") == texts(analyzer, sample, "sr")


@pytest.mark.parametrize("lang", sorted({lang for lang, _ in ARTICLES.values()}))
def test_char_offsets_point_at_the_word(lang: str) -> None:
    text = " ".join(t for lang_, t in ARTICLES.values() if lang_ == lang) + " 1,000 U.S. 10.03.2014"
    with analysis_language(lang):
        exact = exact_analyzer()(text, chars=True, positions=True)
        tokens = [(t.text, t.startchar, t.endchar, t.pos) for t in exact]
    for folded, start, end, _ in tokens:  # numbers and acronyms lose separators
        assert fold(text[start:end], lang).replace(",", "").replace(".", "") == folded.replace(
            ".", ""
        )
    assert [pos for *_, pos in tokens] == list(range(len(tokens)))
    with analysis_language(lang):
        stemmed = [
            (t.startchar, t.endchar, t.pos)
            for t in stemmed_analyzer()(text, chars=True, positions=True)
        ]
    by_pos = {pos: (start, end) for _, start, end, pos in tokens}
    assert all(by_pos[pos] == (start, end) for start, end, pos in stemmed)


# -- tokenizer -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokenizer(text: str, expected: list[str]) -> None:
    assert [t.text for t in WordTokenizer()(text)] == expected


def test_tokenizer_offsets_for_split_numbers() -> None:
    tokens = [
        (t.text, t.startchar, t.endchar, t.pos)
        for t in WordTokenizer()(
            "x 10.03.2014", chars=True, positions=True, start_char=5, start_pos=2
        )
    ]
    assert tokens == [("x", 5, 6, 2), ("10", 7, 9, 3), ("03", 10, 12, 4), ("2014", 13, 17, 5)]


def test_tokenizer_whole_value_when_not_tokenizing() -> None:
    tokens = list(WordTokenizer()("Vuč* x", tokenize=False, chars=True))
    assert [(t.text, t.startchar, t.endchar) for t in tokens] == [("Vuč* x", 0, 6)]


# -- filters ------------------------------------------------------------------------
def test_wildcards_are_folded_not_stemmed(ix: Index) -> None:
    assert texts(stemmed_analyzer(), "Vuč*", None, mode="query", tokenize=False) == ["vuc*"]
    assert search(ix, "Vuč*", ("body",)) == {"sr-latn", "sr-cyrl"}
    assert search(ix, "Đukan*", ("exact",)) == {"sr-latn", "sr-cyrl", "en", "hr"}


def test_stop_words_kept_and_marked_when_not_removed() -> None:
    with analysis_language("en"):
        tokens = [
            (t.text, t.stopped) for t in stemmed_analyzer()("The elections", removestops=False)
        ]
    assert tokens == [("the", True), ("elect", False)]


def test_folding_filter_drops_tokens_that_fold_to_nothing() -> None:
    tokens = WordTokenizer()("a \u00ad b")
    assert [t.text for t in FoldingFilter()(tokens)] == ["a", "b"]


def test_fixed_language_beats_the_context() -> None:
    english = stemmed_analyzer("en")
    assert texts(english, "Dikovic", "sr", mode="query") == ["dikov"]
    assert texts(exact_analyzer("bg"), "Станишев", "sr") == ["stanishev"]


def test_language_is_read_when_the_analyzer_is_called() -> None:
    with analysis_language("en"):
        stream = stemmed_analyzer()("elections")
    assert [t.text for t in stream] == ["elect"]


def test_unmorphed_analysis_still_folds() -> None:
    # What Whoosh indexes into a spelling field: folded words, not stems.
    with analysis_language("sr"):
        tokens = [t.text for t in stemmed_analyzer()("Vučićem i Đukanovićem", no_morph=True)]
    assert tokens == ["vucicem", "i", "dukanovicem"]


def test_unknown_language_is_folded_only() -> None:
    assert texts(stemmed_analyzer(), "Die Wahlen in München", "de") == [
        "die", "wahlen", "in", "munchen"
    ]  # fmt: skip


def test_threads_get_the_same_stems() -> None:
    analysis.clear_caches()
    text = ARTICLES["sr-latn"][1] + " " + ARTICLES["ro-comma"][1]
    expected = texts(stemmed_analyzer(), text, None, mode="query")
    results: list[list[str]] = []

    def work() -> None:
        analysis.clear_caches()
        results.append(texts(stemmed_analyzer(), text, None, mode="query"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


@pytest.fixture(autouse=True)
def _no_language_leaks() -> Iterator[None]:
    yield
    assert current_language() is None


def test_extended_stemmed_analyzer_keeps_its_unmorphed_form() -> None:
    extended = stemmed_analyzer() | StripFilter()
    with analysis_language("sr"):
        assert [t.text for t in extended("Vučićem", no_morph=True)] == ["vucicem"]
        assert "vucic" in [t.text for t in extended("Vučićem")]


# -- Turkish: suffixed forms are found by the base word (issue 12) ----------------------
def test_ekonomi_finds_ekonomisi_in_a_turkish_article() -> None:
    index = RamStorage().create_index(make_schema())
    writer = index.writer()
    texts_by_id = {
        "possessive": "Türkiye ekonomisi büyümeye devam ediyor.",
        "genitive": "Uzmanlar ekonominin yavaşladığını söylüyor.",
        "locative": "Bölge ülkelerinde enerji fiyatları arttı.",
    }
    for doc_id, text in texts_by_id.items():
        with analysis_language("tr"):
            writer.update_document(id=doc_id, lang="tr", body=text, exact=text)
    writer.commit()
    for language in ("tr", None):
        assert search(index, "ekonomi", ("body",), language=language) == {"possessive", "genitive"}
        assert search(index, "ülke", ("body",), language=language) == {"locative"}


# -- the adapters yield what the pure functions say ------------------------------------------
#: The locales of the SETimes fixture pages (the other fixtures are lists and error pages).
EDITIONS = {"en_GB", "sr_Latn", "sr_Cyrl", "hr", "bs", "mk", "bg", "sq", "ro", "el", "tr"}


def sample_texts() -> list[tuple[str, str]]:
    """(language, text) of the pages of the sample archive and of the edition fixtures.

    The text pages of ``data/`` (English, Serbian in both scripts, Croatian) and the pages of
    every SETimes edition (``tests/fixtures/setimes``: Albanian, Bosnian, Bulgarian, Greek,
    Macedonian, Romanian, Turkish too), read whole and unparsed (headlines, bylines, page
    furniture and HTML markup, with its URLs and entities, are text too), with the
    ``ARTICLES`` above and a line of numbers, abbreviations, apostrophes and soft hyphens.
    The language is the edition's, from the file's path.
    """
    out = [("en", SEED.read_text(encoding="utf-8"))]
    for path in sorted((DATA / "setimes").rglob("*-*.txt*")):
        locale = path.relative_to(DATA / "setimes").parts[0]
        out.append((locale, decode_bytes(read_source(path))))
    for path in sorted((FIXTURES / "setimes").glob("*.*")):
        locale = path.name.split("-")[0].split(".")[0]
        if locale in EDITIONS:
            out.append((locale, decode_bytes(read_source(path))))
    out += list(ARTICLES.values())
    out.append(
        ("en", "U.S. 1,000 3,5 10.03.2014 d.o.o. said.The İstanbul'dan x\u00ady \u00ad e.g. IT")
    )
    return out


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, str]]:
    return sample_texts()


def test_the_sample_covers_every_edition(sample: list[tuple[str, str]]) -> None:
    languages = {normalise_language(language) for language, _ in sample}
    assert {"en", "sr", "hr", "bs", "mk", "bg", "sq", "ro", "el", "tr"} <= languages
    assert sum(len(text) for _, text in sample) > 200_000


@pytest.mark.parametrize("language", [None, "article"])
def test_the_adapters_yield_the_pure_functions_tokens(
    sample: list[tuple[str, str]], language: str | None
) -> None:
    """Over the whole sample, in each text's language and in none: the exact and stemmed
    analyzers give exactly the terms, positions and offsets of ``index_terms``,
    ``exact_tokens``, ``token_spans``, and the stemming and folding tables."""
    exact, stemmed = exact_analyzer(), stemmed_analyzer()
    checked = 0
    for article_language, text in sample:
        lang = article_language if language else None
        with analysis_language(lang):
            exact_stream = [
                (t.text, t.pos, t.startchar, t.endchar)
                for t in exact(text, positions=True, chars=True, mode="index")
            ]
            stemmed_stream = [
                (t.text, t.pos, t.startchar, t.endchar)
                for t in stemmed(text, positions=True, chars=True, mode="index")
            ]
            query = text[:300]  # queries are short: the opening words
            query_stream = [(t.text, t.pos) for t in stemmed(query, positions=True, mode="query")]
            unmorphed = [t.text for t in stemmed(text, no_morph=True)]
        # the exact field: exact_tokens, index_terms' positions, token_spans
        assert exact_stream == [(f, p, a, b) for f, _, p, a, b in exact_tokens(text, lang)]
        positions, freqs = index_terms(text, lang)
        by_term: dict[str, list[int]] = {}
        for term, pos, _, _ in exact_stream:
            by_term.setdefault(term, []).append(pos)
        assert by_term == positions
        assert token_spans(text, lang, lambda term, _: bool(term)) == sorted(
            (a, b) for _, _, a, b in exact_stream
        )
        assert unmorphed == [term for term, *_ in exact_stream]
        # the stemmed field: index_terms' frequencies, each token's stems where its word is
        counts: dict[str, int] = {}
        for term, *_ in stemmed_stream:
            counts[term] = counts.get(term, 0) + 1
        assert counts == freqs
        stems = [
            (term, pos, a, b)
            for pos, (word, a, b) in enumerate(token_offsets(text))
            for term in stemmed_terms(word, lang)
        ]
        assert stemmed_stream == stems
        # a query: with the language, its stems; without, every language's, ORed
        table = stemming_table(lang, any_language=lang is None)
        assert query_stream == [
            (term, pos)
            for pos, word in enumerate(token_texts(query))
            if table[word] and table[word][0] is not None
            for term in table[word]
        ]
        # the stemmed tokens token_spans finds for a few of the stems
        wanted = {term for term, *_ in stemmed_stream[::7]}

        def has_a_wanted_stem(_: str, word: str, wanted: set[str] = wanted, lang=lang) -> bool:
            return bool(wanted.intersection(stemmed_terms(word, lang)))

        assert token_spans(text, lang, has_a_wanted_stem) == sorted(
            {(a, b) for term, _, a, b in stemmed_stream if term in wanted}
        )
        checked += len(exact_stream)
    assert checked > 30_000


@pytest.mark.parametrize(
    "options",
    [{}, {"positions": True}, {"chars": True}, {"positions": True, "chars": True}],
)
def test_tokenizer_options_change_only_what_tokens_carry(options: dict[str, bool]) -> None:
    text = "x U.S. 10.03.2014 İstanbul'dan 1,000 a\u00adb"
    tokens = list(WordTokenizer()(text, start_pos=3, start_char=10, keeporiginal=True, **options))
    offsets = token_offsets(text)
    assert [t.text for t in WordTokenizer()(text, **options)] == [w for w, _, _ in offsets]
    stream = [
        (
            t.text,
            t.original,
            t.pos if options.get("positions") else None,
            (t.startchar, t.endchar) if options.get("chars") else None,
        )
        for t in WordTokenizer()(text, start_pos=3, start_char=10, keeporiginal=True, **options)
    ]
    assert len(tokens) == len(offsets)
    assert stream == [
        (
            word,
            word,
            pos + 3 if options.get("positions") else None,
            (a + 10, b + 10) if options.get("chars") else None,
        )
        for pos, (word, a, b) in enumerate(offsets)
    ]
