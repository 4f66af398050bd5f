"""Operators with nothing to apply to: left out with a note, never searched as words.

An all-caps "AND" is kept as an acronym in the stemmed fields, so an operator
searched as a word matches every article that has one. Each archive here holds
such acronyms, so a dangling operator read as a word changes the hits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from archive_search import Archive, Article, errors
from archive_search.search.querying import compile_query

ARTICLES = [
    ("oil-wheat", "Oil and wheat prices", "Oil rose and wheat fell on the exchange."),
    ("oil", "Oil output", "Crude oil output rose in the Gulf."),
    ("wheat", "Wheat harvest", "The wheat harvest was large this year."),
    ("corn", "Corn exports", "Corn exports and oil imports grew."),
    ("acronyms", "AND party wins", "The AND party, the OR group and NOT-listed firms met."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    articles = [
        Article(id=i, title=t, body=[b], language="en", published=dt.date(2014, 1, n + 1))
        for n, (i, t, b) in enumerate(ARTICLES)
    ]
    with Archive(tmp_path_factory.mktemp("operators") / "index") as opened:
        opened.add(articles)
        yield opened


def _hits(results) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return [(hit.id, round(hit.score, 6)) for hit in results.hits]


def _dangling_notes(results) -> list[str]:  # type: ignore[no-untyped-def]
    prefix = errors.Note.DANGLING_OPERATOR.split("{")[0]
    return [n for n in results.notices if n.startswith(prefix)]


@pytest.mark.parametrize(
    ("query", "meant", "left_out"),
    [
        ("oil AND wheat AND", "oil AND wheat", "AND"),
        ("AND oil AND wheat", "oil AND wheat", "AND"),
        ("oil AND wheat OR", "oil AND wheat", "OR"),
        ("OR oil AND wheat", "oil AND wheat", "OR"),
        ("oil AND wheat NOT", "oil AND wheat", "NOT"),
        ("oil AND wheat AND NOT", "oil AND wheat", "AND, NOT"),
        ("oil AND wheat ANDNOT", "oil AND wheat", "ANDNOT"),
        ("oil AND AND wheat", "oil AND wheat", "AND"),
        ("oil OR OR wheat", "oil OR wheat", "OR"),
        ("oil OR AND wheat", "oil OR wheat", "AND"),
        ("oil NOT AND wheat", "oil NOT wheat", "AND"),
        ("oil NOT NOT wheat", "oil NOT wheat", "NOT"),
        ("(AND oil) AND wheat", "oil AND wheat", "AND"),
        ("oil AND (wheat AND)", "oil AND wheat", "AND"),
        ("oil AND (OR wheat OR corn OR)", "oil AND (wheat OR corn)", "OR"),
        ("(oil NOT) AND wheat", "oil AND wheat", "NOT"),
        ("oil AND (AND) wheat", "oil AND wheat", "AND"),
        ("title:(AND oil)", "title:oil", "AND"),
        ("oil AND wheat AND ", "oil AND wheat", "AND"),
    ],
)
def test_a_dangling_operator_is_left_out_with_a_note(
    archive: Archive, query: str, meant: str, left_out: str
) -> None:
    results, expected = archive.search(query), archive.search(meant)
    assert expected.hits and "acronyms" not in [h.id for h in expected.hits]
    assert _hits(results) == _hits(expected)
    assert results.total == expected.total
    notes = _dangling_notes(results)
    assert len(notes) == 1 and f": {left_out} left out" in notes[0]
    assert not _dangling_notes(expected)


def test_the_dangling_query_compiles_to_the_query_without_the_operator(archive: Archive) -> None:
    reader = archive.store.snapshot()
    for query, meant in [("oil AND wheat AND", "oil AND wheat"), ("AND oil", "oil")]:
        assert repr(compile_query(query, reader).query) == repr(compile_query(meant, reader).query)


def test_a_word_operator_names_the_quoted_word_to_search_for(archive: Archive) -> None:
    (note,) = _dangling_notes(archive.search("oil OR"))
    assert note.endswith(errors.Note.OPERATOR_AS_WORD.format(quoted='"or"'))


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("oil AND wheat &&", "oil AND wheat"),
        ("oil AND && wheat", "oil AND wheat"),
        ("oil || OR wheat", "oil OR wheat"),
        ("oil AND - wheat", "oil AND wheat"),
        ('oil AND "" wheat', "oil AND wheat"),
        ("oil AND () wheat", "oil AND wheat"),
    ],
)
def test_punctuation_beside_an_operator_is_not_a_clause(
    archive: Archive, query: str, meant: str
) -> None:
    """``&&`` and ``||`` are not operators here: punctuation, ignored as between words."""
    results = archive.search(query)
    assert _hits(results) == _hits(archive.search(meant))
    assert not _dangling_notes(results)


def test_an_operator_next_to_a_parenthesis_is_an_operator(archive: Archive) -> None:
    assert _hits(archive.search("oil NOT(wheat)")) == _hits(archive.search("oil NOT wheat"))
    assert _hits(archive.search("(oil)AND(wheat)")) == _hits(archive.search("oil AND wheat"))


def test_a_minus_or_plus_before_a_closing_parenthesis_is_punctuation(archive: Archive) -> None:
    assert _hits(archive.search("(oil -) wheat")) == _hits(archive.search("oil wheat"))
    assert _hits(archive.search("(oil +) wheat")) == _hits(archive.search("oil wheat"))


def test_an_operator_after_a_field_name_is_a_word(archive: Archive) -> None:
    results = archive.search("title:AND")
    assert "acronyms" in {h.id for h in results.hits}
    assert not _dangling_notes(results)


@pytest.mark.parametrize("query", ["AND", "NOT", "OR OR", "AND NOT", "(AND)", "( OR )", "- +"])
def test_a_query_of_only_operators_is_refused(archive: Archive, query: str) -> None:
    with pytest.raises(errors.QueryError, match="nothing to search for"):
        archive.search(query)


def test_a_quoted_operator_is_searched_as_the_word(archive: Archive) -> None:
    for query in ('"AND"', '"and"'):
        found = {h.id for h in archive.search(query).hits}
        assert found == {"oil-wheat", "corn", "acronyms"}
    assert [h.id for h in archive.search('"AND party"').hits] == ["acronyms"]
    assert [h.id for h in archive.search('oil AND "and"').hits][:1] == ["oil-wheat"]
    assert not _dangling_notes(archive.search('"AND"'))


def test_lower_case_and_or_not_are_words_not_operators(archive: Archive) -> None:
    results = archive.search("oil and wheat")
    assert not _dangling_notes(results)
    # a soft AND of the two words: articles with only one of them are found too
    assert {"oil", "wheat"} <= {h.id for h in results.hits}
    assert [h.id for h in archive.search("oil AND wheat").hits] == ["oil-wheat"]
    assert not _dangling_notes(archive.search("oil or"))
