"""The query language: each syntax element, on the fixture archive."""

from __future__ import annotations

import pytest

from archive_search import config, errors
from tests.search.sample import archive_fixture, archive_path_fixture, ids  # noqa: F401


def test_plain_words_rank_articles_with_every_word_first(archive) -> None:
    results = archive.search("kfor army")
    assert results.hits[0].id == "kfor-serbia"
    # one word missing never empties the result: army-only and kfor-only articles follow
    assert {"albania-army", "srbija-nato"} <= set(ids(results))


def test_plain_words_missing_from_the_index_do_not_empty_the_result(archive) -> None:
    assert ids(archive.search("kumanovo zzzqqq"))[:1] == ["kfor-serbia"]


def test_stemmed_forms_match(archive) -> None:
    assert "albania-army" in ids(archive.search("troop patrol"))
    assert "kfor-serbia" in ids(archive.search("officials attending"))


def test_folding_meets_diacritics_and_cyrillic(archive) -> None:
    assert set(ids(archive.search("dikovic"))) >= {"kfor-serbia", "srbija-nato"}
    assert "beograd-cyr" in ids(archive.search("beograd"))
    assert "istanbul-meeting" in ids(archive.search("erdogan istanbul"))


def test_exact_phrase_needs_the_words_side_by_side(archive) -> None:
    assert ids(archive.search('"serbian army"')) == ["kfor-serbia"]
    assert ids(archive.search('"army serbian"')) == []


def test_proximity_finds_words_within_the_distance_in_any_order(archive) -> None:
    assert ids(archive.search('"kfor army"')) == []
    assert ids(archive.search('"kfor army"~5')) == ["kfor-serbia"]
    assert ids(archive.search('"army kfor"~5')) == ["kfor-serbia"]
    assert ids(archive.search('"kfor kumanovo"~1')) == []


def test_and_or_not_and_parentheses(archive) -> None:
    assert ids(archive.search("kfor AND army")) == ["kfor-serbia"]
    assert set(ids(archive.search("pristina OR dubrovnik"))) == {
        "kfor-serbia",
        "kosovo-elections",
        "adriatic-tourism",
    }
    assert ids(archive.search("kosovo NOT pristina")) == []
    assert set(ids(archive.search("(kfor OR troops) AND army"))) == {"kfor-serbia", "albania-army"}


def test_minus_excludes_but_a_hyphen_inside_a_word_does_not(archive) -> None:
    assert "kfor-serbia" not in ids(archive.search("army -kfor"))
    assert "albania-army" in ids(archive.search("army -kfor"))
    assert ids(archive.search("co-operation")) == ["kfor-serbia"]


def test_plus_makes_a_word_required(archive) -> None:
    assert ids(archive.search("army +kumanovo")) == ["kfor-serbia"]


def test_prefix_wildcard(archive) -> None:
    # Serbia, Serbian; the two wire copies mention Serbia and collapse into one hit
    assert set(ids(archive.search("serb*"))) == {"kfor-serbia", "wire-brussels"}
    assert "albania-army" in ids(archive.search("alban*"))


def test_inner_wildcard(archive) -> None:
    assert ids(archive.search("kum?novo")) == ["kfor-serbia"]


def test_fuzzy_term(archive) -> None:
    assert set(ids(archive.search("dikovich~"))) >= {"kfor-serbia", "srbija-nato"}
    assert set(ids(archive.search("kumanova~"))) == {"kfor-serbia", "srbija-nato"}  # Kumanovu


def test_field_prefixes(archive) -> None:
    assert set(ids(archive.search("title:army"))) == {"albania-army"}
    assert set(ids(archive.search("author:karadaku"))) == {"kosovo-elections", "albania-army"}
    assert set(ids(archive.search('author:"ivana jovanovic"'))) == {"kfor-serbia", "srbija-nato"}
    assert set(ids(archive.search("place:tirana"))) == {"albania-army"}
    assert set(ids(archive.search("place:beograd kfor"))) == {"kfor-serbia", "srbija-nato"}
    assert set(ids(archive.search("kfor lang:sr"))) == {"srbija-nato"}
    assert set(ids(archive.search("section:business"))) == {"adriatic-tourism", "long-report"}
    assert set(ids(archive.search("section:features army"))) == {"kfor-serbia", "albania-army"}


def test_metadata_prefix_beside_words_filters_without_scoring(archive) -> None:
    plain = {h.id: h.score for h in archive.search("kfor").hits}
    filtered = {h.id: h.score for h in archive.search("kfor lang:en").hits}
    assert filtered == {"kfor-serbia": plain["kfor-serbia"]}


def test_date_prefixes(archive) -> None:
    assert set(ids(archive.search("date:2014"))) == {"kfor-serbia", "srbija-nato", "beograd-cyr"}
    assert set(ids(archive.search("date:2014-03"))) == {"kfor-serbia", "srbija-nato"}
    assert set(ids(archive.search("date:2014-03-11"))) == {"srbija-nato"}
    assert set(ids(archive.search("date:[2013 TO 2014-03]"))) == {
        "kosovo-elections",
        "kfor-serbia",
        "srbija-nato",
    }
    assert set(ids(archive.search("date:[2014-04 TO]"))) == {"beograd-cyr"}
    assert set(ids(archive.search("date:>2013"))) == {"kfor-serbia", "srbija-nato", "beograd-cyr"}
    assert set(ids(archive.search("army date:<2011"))) == {"albania-army"}


def test_field_names_are_case_insensitive(archive) -> None:
    assert ids(archive.search("Title:army")) == ["albania-army"]


def test_colon_between_digits_is_text(archive) -> None:
    results = archive.search("kfor 11:30")
    assert "kfor-serbia" in ids(results)


def test_a_word_boost_changes_the_order(archive) -> None:
    assert ids(archive.search("kosovo troops^5"))[0] == "albania-army"


def test_typographic_quotes_make_a_phrase(archive) -> None:
    assert ids(archive.search("„serbian army“")) == ["kfor-serbia"]


def test_a_trailing_question_mark_is_punctuation(archive) -> None:
    assert "kfor-serbia" in ids(archive.search("who attended in kumanovo?"))


# -- malformed queries -------------------------------------------------------------
def test_unbalanced_quote_reads_to_the_end_and_says_so(archive) -> None:
    results = archive.search('kfor "serbian army')
    assert results.hits[0].id == "kfor-serbia"
    assert any("unbalanced quote" in n for n in results.notices)


def test_unbalanced_parentheses_are_read_sensibly(archive) -> None:
    results = archive.search("(kfor AND army")
    assert ids(results) == ["kfor-serbia"]
    assert any("parenthesis" in n for n in results.notices)
    results = archive.search("kfor) army")
    assert "kfor-serbia" in ids(results)
    assert any("parenthesis" in n for n in results.notices)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("AND", "nothing to search for"),
        ("(((", "only operators or punctuation"),
        ("OR OR", "nothing to search for"),
        ("NOT kfor", "only excludes"),
        ("-kfor", "only excludes"),
        ("titel:kosovo", "unknown field 'titel:'"),
        ("*bia", "wildcard cannot start a word"),
        ("s*", "put at least 2 letters"),
        ("k?for", "put at least 2 letters"),
        ("dikovic~5", "largest edit distance is 2"),
        ("title:[a TO b]", "ranges [A TO B] work only with date:"),
        ("date:2014-13", "not a date"),
        ("date:[2015 TO 2013]", "is after"),
        ("lang:sr*", "wildcards do not apply"),
    ],
)
def test_malformed_queries_get_one_clear_line(archive, query: str, message: str) -> None:
    with pytest.raises(errors.QueryError, match=message.replace("[", r"\[")) as caught:
        archive.search(query)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == errors.EXIT_USAGE


def test_too_long_a_query_is_refused(archive) -> None:
    with pytest.raises(errors.QueryError, match="characters long"):
        archive.search("kfor " * config.MAX_QUERY_CHARS)


def test_wildcard_expansion_is_capped_and_says_so(archive, monkeypatch) -> None:
    monkeypatch.setattr(config, "MAX_EXPANSIONS", 2)
    results = archive.search("se*")
    assert any("se*" in n and "most frequent" in n for n in results.notices)


def test_a_slow_query_stops_at_the_time_limit(archive, monkeypatch) -> None:
    from archive_search.engine import fallback
    from archive_search.search import bulk, phrases

    monkeypatch.setattr(fallback._Gate, "CHECK_EVERY", 1)
    monkeypatch.setattr(phrases, "CHECK_EVERY", 1)
    for query in ('"the army" OR "the border"', "army OR kfor OR kosovo"):
        results = archive.search(query, time_limit=1e-9)
        assert any("stopped after" in n for n in results.notices)
        # and through Whoosh's collectors, the path of query shapes the arrays do not know
        with monkeypatch.context() as patched:
            patched.setattr(bulk, "evaluate", lambda *args, **kwargs: None)
            results = archive.search(query, time_limit=1e-9)
        assert any("stopped after" in n for n in results.notices)
    assert not archive.search("army OR kfor OR kosovo").notices


@pytest.mark.parametrize(
    "text", ["kfor army", "the", "Kumanovo  dikovic", "café ümlaut", "x_y 12 3", "army AND kfor"]
)
def test_plain_words_skip_the_parser_with_the_same_result(archive, monkeypatch, text: str) -> None:
    from archive_search.search import querying

    reader = archive.store.snapshot()
    fast = querying.compile_query(text, reader)
    monkeypatch.setattr(querying, "_plain_words", lambda text: None)
    slow = querying.compile_query(text, reader)
    assert repr(fast.query) == repr(slow.query)
    assert fast.highlight.terms == slow.highlight.terms
    assert (fast.words, fast.plain) == (slow.words, slow.plain)
