"""The compiler's output is our own query form: which clause each piece of syntax becomes."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search import errors
from archive_search.search import query_form as qf
from archive_search.search.querying import compile_query
from tests.search.sample import archive_fixture, archive_path_fixture  # noqa: F401


@pytest.fixture(scope="module")
def reader(archive):  # type: ignore[no-untyped-def]
    return archive.store.snapshot()


def kinds(q: object) -> set[str]:
    """The class names of every clause in ``q``."""
    return {type(n).__name__ for n in _all(q)}


def test_plain_words_are_a_soft_or_of_their_terms(reader, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from archive_search.search import ranking

    monkeypatch.setattr(ranking, "ALL_WORDS_FIRST", True)  # the tier is off by default
    q = compile_query("kfor army", reader).query
    assert isinstance(q, qf.SoftOr) and q.tiered and len(q.subqueries) == 2
    words = {text for _, text in q.terms()}
    assert {"kfor", "army"} <= words
    assert any(t.exact_bonus for t in _leaves(q) if t.fieldname == "body")


def test_a_quoted_phrase_is_a_phrase_and_a_slop_a_near(reader) -> None:  # type: ignore[no-untyped-def]
    assert "Phrase" in kinds(compile_query('"serbian army"', reader).query)
    near = compile_query('"kfor army"~5', reader).query
    assert "Near" in kinds(near) and "Phrase" not in kinds(near)
    assert all(n.slop == 5 for n in _all(near) if isinstance(n, qf.Near))


def test_exclusions_metadata_and_dates(reader) -> None:  # type: ignore[no-untyped-def]
    q = compile_query("kosovo -army", reader).query
    assert isinstance(q, qf.AndNot) and ("body", "army") in set(q.negative.terms())
    compiled = compile_query("kosovo date:2014", reader)
    (dates,) = compiled.filters
    assert isinstance(dates, qf.DateRange)
    assert dates.start == dt.datetime(2014, 1, 1) and dates.end.year == 2014
    grouped = compile_query("(kosovo date:2014) OR army", reader).query
    assert "Filter" in kinds(grouped)


def test_a_word_the_index_lacks_matches_nothing(reader) -> None:  # type: ignore[no-untyped-def]
    assert compile_query("zzzqqqxx", reader).query == qf.NOTHING


def test_forms_are_values(reader) -> None:  # type: ignore[no-untyped-def]
    first = compile_query("kfor army", reader).query
    assert first == compile_query("kfor army", reader).query
    assert hash(first) == hash(compile_query("kfor army", reader).query)
    assert first.with_boost(2.0).boost == 2.0 and first.boost == 1.0
    assert qf.any_of([]) is qf.NOTHING
    assert qf.any_of([qf.Term("body", "a")]) == qf.Term("body", "a")


def _all(q: object) -> list[object]:
    out = [q]
    for sub in getattr(q, "subqueries", ()):
        out += _all(sub)
    for name in ("positive", "negative", "child"):
        if hasattr(q, name):
            out += _all(getattr(q, name))
    return out


def _leaves(q: object) -> list[qf.Term]:
    return [n for n in _all(q) if isinstance(n, qf.Term)]


def test_a_wildcard_expands_to_the_indexed_words_it_matches(reader) -> None:  # type: ignore[no-untyped-def]
    q = compile_query("kf?r", reader).query
    assert ("body", "kfor") in set(q.terms())
    assert all(len(text) == 4 and text.startswith("kf") for _, text in q.terms())


# -- decisions the compiler takes on the engine's syntax tree ---------------------------------
@pytest.mark.parametrize("text", ["foo:)", "foo:title:army", "(army foo:kfor)", "o* foo:army"])
def test_a_field_that_does_not_exist_is_refused_wherever_its_prefix_stands(reader, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.QueryError, match=r"^bad query: unknown field 'foo:'; known fields"):
        compile_query(text, reader)


@pytest.mark.parametrize(
    ("alias", "field"), [("By:smith", "author:smith"), ("TEXT:army", "body:army")]
)
def test_a_field_alias_means_its_field_in_any_case(reader, alias: str, field: str) -> None:  # type: ignore[no-untyped-def]
    assert compile_query(alias, reader).query == compile_query(field, reader).query


def test_a_boost_applies_to_a_term_not_to_a_group(reader) -> None:  # type: ignore[no-untyped-def]
    plain = compile_query("(kfor army)", reader).query
    assert compile_query("(kfor army)^3", reader).query == plain
    boosted = compile_query("kfor^3", reader).query
    assert boosted.boost == 3 * compile_query("kfor", reader).query.boost


@pytest.mark.parametrize("depth", [300, 400, 999])
def test_hundreds_of_nested_parentheses_are_a_one_line_query_error(reader, depth: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.QueryError, match=r"^bad query: cannot read the query \("):
        compile_query("(" * depth + "army" + ")" * depth, reader)
