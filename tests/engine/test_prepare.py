"""Prepared postings are byte for byte what Whoosh's own analysis would index."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_search.article import Article, Caption
from archive_search.engine.prepare import prepare
from archive_search.engine.schema import build_schema, document_for
from archive_search.engine.segment.writer import add_prepared
from archive_search.engine.store import IndexStore
from archive_search.text.analysis import analysis_language, index_terms, token_texts

SCHEMA = build_schema()
LANGUAGES = [None, "en", "sr", "hr", "bs", "mk", "bg", "el", "ro", "tr", "sq", "xx"]
TEXTS = [
    "Troops from the U.S. patrolled 1,000 km of Beograd's border on 10.03.2014.",
    "İstanbul'dan Đukanović; co-operation and x\u00adyz don't, 3,5 and 1.000.000",
    "Министри су се састали у Београду са Вучићем, Станишев",
    "Ο πρωθυπουργός συναντήθηκε με τους υπουργούς στην Αθήνα",
    "Bucureşti şi București; the and of it WHO US",
    "Şimdi İSTANBUL'da ılık; Iğdır",
    "Vučić se sastao sa Đukanovićem i Dikovićem u Beogradu.",
    "",
    "...,,,",
    "a.b.c d.o.o. said.The gati.o 12.5.",
]


def whoosh_postings(name: str, text: str, language: str | None) -> list:
    with analysis_language(language):
        return list(SCHEMA[name].index(text))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", TEXTS)
def test_text_postings_match_whoosh_analysis(text: str, language: str | None) -> None:
    article = Article(title=text or "x", body=[text or "y"], language=language or "")
    prepared = prepare(article)
    for name in ("title", "title_stem", "body", "body_stem"):
        value = document_for(article)[name]
        assert prepared.postings[name] == whoosh_postings(name, value, article.language)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["L", "M", "N", "P", "Z", "S"], exclude_characters="\x00"
        ),
        max_size=80,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_text_postings_match_whoosh_analysis_on_any_text(text: str, language: str | None) -> None:
    article = Article(title="t", body=[text or "y"], language=language or "")
    prepared = prepare(article)
    value = document_for(article)["body"]
    assert prepared.postings["body"] == whoosh_postings("body", value, article.language)
    assert prepared.postings["body_stem"] == whoosh_postings("body_stem", value, article.language)


def test_token_texts_are_the_tokenizers_tokens() -> None:
    from archive_search.engine.analyzers import WordTokenizer

    for text in TEXTS:
        assert token_texts(text) == [t.text for t in WordTokenizer()(text)]


def test_index_terms_give_positions_and_stem_frequencies() -> None:
    positions, freqs = index_terms("Vučić met Vučić's ministers; ministers met.", "en")
    assert positions["vucic"] == [0, 2]
    assert positions["ministers"] == [4, 5]
    assert freqs["minist"] == 2 and "s" not in freqs  # "s" is stopped in English


def test_an_index_written_from_prepared_postings_equals_add_document(tmp_path) -> None:
    articles = [
        Article(
            title=f"{text[:30]} {n}",
            lede="Lede about Skopje",
            body=[text, "Second paragraph."],
            captions=[Caption("Photo of the minister", credit="AFP")],
            author="Ivana Jovanović",
            place="Skopje",
            published=dt.date(2010, 1, 1 + n),
            language=language or "",
        )
        for n, (text, language) in enumerate(zip(TEXTS, LANGUAGES, strict=False))
    ]

    def build(path, prepared: bool):
        store = IndexStore.create(path)
        raw = store._raw_writer()
        for article in articles:
            if prepared:
                add_prepared(raw, prepare(article))
            else:
                with analysis_language(article.language):
                    raw.add_document(**document_for(article))
        raw.commit()
        reader = store._ix.reader()
        terms = {(f, t): postings(reader, f, t) for f, t in reader.all_terms()}
        lengths = [reader.doc_field_length(d, "body") for d in range(len(articles))]
        stored = [reader.stored_fields(d) for d in range(len(articles))]
        reader.close()
        return terms, lengths, stored

    fast, slow = build(tmp_path / "a", True), build(tmp_path / "b", False)
    assert len(fast[0]) > 100
    assert fast == slow


def postings(reader, field: str, term: bytes) -> list:
    matcher = reader.postings(field, term)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out
