"""The analysis as pure text functions: tokens, folding and stemming tables, stems, languages.

The Whoosh analyzers built on these, and searches through them, are tested in
``tests/engine/test_analyzers.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import Stemmer
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive_search.text import analysis
from archive_search.text.analysis import (
    STOP_WORDS,
    SUPPORTED_STEMMERS,
    analysis_language,
    current_language,
    exact_tokens,
    fold,
    folding_table,
    index_terms,
    normalise_language,
    stem_variants,
    stemmed_terms,
    stemming_table,
    token_offsets,
    token_texts,
)


# -- tokens ------------------------------------------------------------------------
def reference_tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokenizer as first written: its one expression run over the whole text.

    ``token_texts`` and ``token_offsets`` find the runs of word characters first
    and run the expression only inside runs with a dot or a comma; they must
    give exactly these tokens.
    """
    out: list[tuple[str, int, int]] = []
    for match in analysis._TOKEN.finditer(text):
        if match.lastgroup is None:
            out.append((match.group(), match.start(), match.end()))
        else:
            out.extend(analysis._special_pieces(match))
    return out


#: Texts and the tokens they split into (the Whoosh tokenizer is held to the same cases).
TOKEN_CASES = [
    ("İstanbul'dan Erdoğan'ın", ["İstanbul", "dan", "Erdoğan", "ın"]),
    ("don't", ["don", "t"]),
    ("U.S. and U.N. troops; d.o.o. e.g.", ["US", "and", "UN", "troops", "doo", "eg"]),
    ("He said.The gati.o", ["He", "said", "The", "gati", "o"]),
    ("1,000 and 1.000.000 and 2,000,000", ["1000", "and", "1000000", "and", "2000000"]),
    ("3,5 or 3.14%", ["3.5", "or", "3.14"]),
    ("on 10.03.2014 in 2014", ["on", "10", "03", "2014", "in", "2014"]),
    ("F-16 and 9th", ["F", "16", "and", "9th"]),
    ("i\u0307stanbul Ser\u00adbia", ["i\u0307stanbul", "Ser\u00adbia"]),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens(text: str, expected: list[str]) -> None:
    assert token_texts(text) == expected
    assert [token for token, _, _ in token_offsets(text)] == expected


def test_token_offsets_for_split_numbers_and_abbreviations() -> None:
    assert token_offsets("x 10.03.2014 U.S. 1,000") == [
        ("x", 0, 1), ("10", 2, 4), ("03", 5, 7), ("2014", 8, 12), ("US", 13, 16), ("1000", 18, 23)
    ]  # fmt: skip


_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=["L", "M", "N", "P", "Z", "S"], exclude_characters="\x00"
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
@example(text="a.b,c 1.2.3 1,000.5 U.S.A. x.1 1.x ..,, é.ŝ 1,2,3")
@example(text="said.The,1.000.000.5 d.o.o.,3,5")
def test_the_fast_tokenizers_give_the_expressions_tokens(text: str) -> None:
    expected = reference_tokens(text)
    assert token_offsets(text) == expected
    assert token_texts(text) == [token for token, _, _ in expected]


# -- the per-token tables ----------------------------------------------------------------
def test_folding_table_folds_and_romanises_per_language() -> None:
    assert folding_table()["Đukanović"] == "dukanovic"
    assert folding_table("sr")["Станишев"] == "stanisev"
    assert folding_table("bg")["Станишев"] == "stanishev"
    assert folding_table()["\u00ad"] == ""  # folds to nothing: no term


def test_stemming_table_marks_stop_words_with_their_folded_form() -> None:
    english = stemming_table("en")
    assert english["The"] == (None, "the")
    assert english["elections"] == ("elect",)
    assert stemming_table("en", stop_words=False)["The"] == ("the",)
    assert english["IT"] == ("it",)  # an acronym is never a stop word


def test_stemming_table_of_an_unknown_language_query_ors_every_language() -> None:
    any_language = stemming_table(any_language=True)
    assert set(any_language["Dikovic"]) == {"dikovic", "dikov"}
    assert any_language["ali"] == (None, "ali")  # a Serbian stop word
    assert stemming_table("en")["ali"] == ("ali",)
    assert stemming_table("sr", any_language=True) is any_language


def test_stemming_table_of_a_language_without_a_stemmer_folds() -> None:
    for language in ("de", "sq", None):
        assert stemming_table(language)["München"] == ("munchen",)
    assert stemming_table("sq")["Kosovës"] == ("kosoves",)


def test_stemmed_terms_read_the_stemming_table() -> None:
    assert stemmed_terms("elections", "en") == ("elect",)
    assert stemmed_terms("the", "en") == ()
    assert stemmed_terms("Vučićem", "sr") == stemming_table("sr")["Vučićem"]


def test_index_terms_give_positions_and_stem_frequencies() -> None:
    positions, freqs = index_terms("Vučić met Vučić's ministers; ministers met.", "en")
    assert positions["vucic"] == [0, 2]
    assert positions["ministers"] == [4, 5]
    assert freqs["minist"] == 2 and "s" not in freqs  # "s" is stopped in English


def test_exact_tokens_are_the_tokens_folded() -> None:
    text = "Станишев said.The 1,000 \u00ad U.S."
    for language in (None, "bg"):
        table = folding_table(language)
        expected = [
            (table[token], token, pos, start, end)
            for pos, (token, start, end) in enumerate(token_offsets(text))
            if table[token]
        ]
        assert exact_tokens(text, language) == expected


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis.clear_caches()
    monkeypatch.setattr(analysis, "STEM_CACHE_LIMIT", 3)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    for _ in range(2):
        assert [stemming_table("el")[w] for w in words] == [(w,) for w in words]
        assert [folding_table()[w] for w in words] == words
    assert all(len(cache) <= 3 for cache in analysis._CACHES.values())
    analysis.clear_caches()


def test_tables_compute_the_same_terms_in_every_thread() -> None:
    analysis.clear_caches()
    words = token_texts("Sastanak Dikovića i komandanta održan je. Primarul Bucureștiului")
    expected = [stem_variants(w) for w in words]
    results: list[list[list[str]]] = []

    def work() -> None:
        analysis.clear_caches()
        table = stemming_table(any_language=True)
        results.append([[t for t in table[w] if t] for w in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


# -- languages ---------------------------------------------------------------------------
def test_analysis_language_context() -> None:
    assert current_language() is None
    with analysis_language("sr_Latn") as code:
        assert code == current_language() == "sr"
        with analysis_language(None):
            assert current_language() is None
        assert current_language() == "sr"
    assert current_language() is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [("sr_Latn", "sr"), ("en-GB", "en"), ("EN", "en"), ("srp", "sr"), ("", None), (None, None)],
)
def test_normalise_language(code: str | None, expected: str | None) -> None:
    assert normalise_language(code) == expected


@pytest.fixture(autouse=True)
def _no_language_leaks() -> Iterator[None]:
    yield
    assert current_language() is None


# -- stems and stop words ----------------------------------------------------------------
def test_stem_variants() -> None:
    assert stem_variants("Bucuresti", "ro") == ["bucurest"]
    assert stem_variants("București", "ro") == ["bucur", "bucurest"]
    assert stem_variants("the") == ["the"]  # stop words are not removed here
    assert set(stem_variants("Dikovic")) == {"dikovic", "dikov"}
    assert stem_variants("Kosovës", "sq") == ["kosoves"]


def test_every_stemming_language_has_stop_words() -> None:
    assert set(SUPPORTED_STEMMERS) <= set(STOP_WORDS)
    assert all(word == fold(word) for words in STOP_WORDS.values() for word in words)


# -- Turkish: suffixed forms are found by the base word (issue 12) ----------------------
# Real words of the Turkish edition: a base and forms built on it by Turkish grammar
# (possessive -(s)I, genitive -(n)In, locative -DA, plural -lAr, and stacks of them).
TURKISH_FAMILIES = {
    "ekonomi": ["ekonomisi", "ekonominin", "ekonomide", "ekonomisinde", "ekonomisinin"],
    "Türkiye": ["Türkiye'nin", "Türkiyenin", "Türkiye'de", "Türkiyede"],
    "ülke": ["ülkesi", "ülkenin", "ülkeler", "ülkelerin", "ülkede"],
    "anayasa": ["anayasası", "anayasanın", "anayasada", "anayasayı"],
    "parti": ["partisi", "partinin", "partiler", "partide"],
    "enerji": ["enerjisi", "enerjinin", "enerjide"],
    "seçim": ["seçimler", "seçimleri", "seçimlerde", "seçimin"],
    "başbakan": ["başbakanı", "başbakanın", "başbakana"],
    "hükümet": ["hükümeti", "hükümetin", "hükümette", "hükümetler"],
    "bölge": ["bölgesi", "bölgenin", "bölgede", "bölgeler"],
}


def _turkish_terms(word: str) -> set[str]:
    return set(stem_variants(word, "tr"))


@pytest.mark.parametrize("base", sorted(TURKISH_FAMILIES))
def test_turkish_base_word_meets_its_suffixed_forms(base: str) -> None:
    for form in TURKISH_FAMILIES[base]:
        for token in token_texts(form):  # "Türkiye'nin" -> "Türkiye" + "nin"
            if token.lower() not in STOP_WORDS["tr"]:
                assert _turkish_terms(base) & _turkish_terms(token), (base, token)
                break


def test_turkish_bases_stay_apart() -> None:
    bases = sorted(TURKISH_FAMILIES)
    for base in bases:
        for other in bases:
            if other != base:
                for form in [other, *TURKISH_FAMILIES[other]]:
                    assert not _turkish_terms(base) & _turkish_terms(form), (base, form)


def test_turkish_repair_leaves_other_languages_alone() -> None:
    # each other language's terms are its Snowball stems, folded, as before
    for language, word in [("en", "economies"), ("ro", "economiei"), ("el", "οικονομικός")]:
        algorithm = SUPPORTED_STEMMERS[language]
        stem = Stemmer.Stemmer(algorithm).stemWord(word.lower())
        assert stem_variants(word, language) == [fold(stem)]
    assert stem_variants("ekonomisi", "sr") == ["ekonomis"]


# -- Greek: the cases Snowball parts -------------------------------------------------------
GREEK_FAMILIES = {
    "Τουρκία": ["Τουρκίας"],
    "οικονομία": ["οικονομίας", "οικονομίες", "οικονομιών"],
    "συμφωνία": ["συμφωνίας", "συμφωνίες"],
    "δημοκρατία": ["δημοκρατίας"],
    "κρίση": ["κρίσης", "κρίσεις", "κρίσεων"],
    "μεταρρύθμιση": ["μεταρρύθμισης", "μεταρρυθμίσεις", "μεταρρυθμίσεων"],
    "κυβέρνηση": ["κυβέρνησης", "κυβερνήσεις"],
    "Ελλάδα": ["Ελλάδας"],
}


@pytest.mark.parametrize("base", sorted(GREEK_FAMILIES))
def test_greek_base_word_meets_its_inflected_forms(base: str) -> None:
    terms = set(stem_variants(base, "el"))
    for form in GREEK_FAMILIES[base]:
        assert terms & set(stem_variants(form, "el")), (base, form)


def test_greek_bases_stay_apart() -> None:
    for base in GREEK_FAMILIES:
        for other, forms in GREEK_FAMILIES.items():
            if other != base:
                for form in [other, *forms]:
                    assert not set(stem_variants(base, "el")) & set(stem_variants(form, "el"))
