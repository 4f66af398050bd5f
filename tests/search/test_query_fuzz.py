"""Hostile queries: every string gives results, no results, or a one-line QueryError.

Arbitrary text (quotes, parentheses, operators, field prefixes, wildcards,
fuzzy marks, every script, very long input) and arbitrary options go to
``Archive.search``; nothing else may come out. The limits that keep a query
bounded (length, wildcard and fuzzy expansions, result window) hold, and an
index whose segments lack some columns (a commit of undated, unsigned
articles) answers facets, timelines and date sorts correctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_search import Archive, Article, config, errors
from tests.loader import load_script
from tests.paths import REPO

ROOT = REPO


fuzz = load_script("fuzz")

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    with Archive(fuzz.build_index(tmp_path_factory.mktemp("fuzz"))) as opened:
        yield opened


# -- properties ----------------------------------------------------------------------------
@FAST
@given(query=fuzz.QUERIES)
def test_any_query_string_gives_results_or_one_query_error(archive: Archive, query: str) -> None:
    try:
        results = archive.search(query)
    except errors.QueryError as exc:
        message = str(exc)
        assert message.startswith("bad query: ") or message.startswith("empty query")
        assert "\n" not in message and len(message) < 1000
    else:
        assert 0 <= len(results.hits) <= 10 and results.total >= len(results.hits)


@FAST
@given(query=st.text(max_size=200))
def test_any_unicode_text_gives_results_or_one_query_error(archive: Archive, query: str) -> None:
    fuzz.check_search(archive, query)


@FAST
@given(query=fuzz.QUERIES, options=fuzz.SEARCH_OPTIONS)
def test_any_query_with_any_options_gives_results_or_one_line(
    archive: Archive, query: str, options: dict[str, Any]
) -> None:
    fuzz.check_search(archive, query, **options)


# -- the limits ---------------------------------------------------------------------------------
def test_the_longest_query_is_accepted_and_one_more_character_is_not(archive: Archive) -> None:
    longest = ("kosovo " * config.MAX_QUERY_CHARS)[: config.MAX_QUERY_CHARS]
    archive.search(longest)
    with pytest.raises(errors.QueryError, match=str(config.MAX_QUERY_CHARS)):
        archive.search(longest + "x")


def test_the_result_window_is_capped(archive: Archive) -> None:
    limit = 50
    last_page = config.MAX_RESULT_WINDOW // limit
    archive.search("kosovo", limit=limit, page=last_page)
    with pytest.raises(errors.UsageError, match=str(config.MAX_RESULT_WINDOW)):
        archive.search("kosovo", limit=limit, page=last_page + 1)


@pytest.mark.parametrize(
    "query",
    [
        "(" * 999 + "kosovo" + ")" * 999,
        "(" * 1999,
        '"' * 1999,
        "title:" * 333,
        "NOT " * 499 + "x",
        "kosovo~99999999999999",
        '"kosovo serbia"~999999999',
        "kosovo^99999999999999999999",
        "date:[0000 TO 9999]",
        "date:[2014-02-31 TO 2014-03]",
        "date:{* TO *}",
        "\x00" * 100,
        "\ud800",  # a lone surrogate, as a broken terminal might send
        "<NEWSCOPE",  # a relation opening the query: Whoosh's GtLtPlugin failed (IndexError)
        "<LEYS>",
        ">>",
        "(>kosovo)",
    ],
)
def test_pathological_queries_are_answered_or_refused_in_one_line(
    archive: Archive, query: str
) -> None:
    fuzz.check_search(archive, query)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("<kosovo", "kosovo"),
        ("<kosovo>", "kosovo"),
        ("> kosovo >", "kosovo"),
        ("(<kosovo)", "kosovo"),
    ],
)
def test_a_stray_relation_sign_is_punctuation(archive: Archive, written: str, meant: str) -> None:
    expected = [hit.id for hit in archive.search(meant).hits]
    assert expected  # the sample has the word, so the comparison means something
    assert [hit.id for hit in archive.search(written).hits] == expected


def test_a_relation_after_a_field_is_still_a_range(archive: Archive) -> None:
    after = archive.search("date:>2013", limit=100)
    assert after.total and all(hit.published and hit.published.year > 2013 for hit in after.hits)
    before = archive.search("date:<=2013", limit=100)
    assert before.total and all(hit.published and hit.published.year <= 2013 for hit in before.hits)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """An index where one prefix and one fuzzy neighbourhood hold far more words than the cap."""
    words = [f"ab{n:04d}" for n in range(config.MAX_EXPANSIONS * 2)]
    articles = [
        Article(title=f"Crowded {n}", body=[" ".join(words[n : n + 40])], language="en")
        for n in range(0, len(words), 20)
    ]
    with Archive(tmp_path_factory.mktemp("crowded") / "index") as opened:
        opened.add(articles)
        yield opened


@pytest.mark.parametrize(
    ("query", "capped"),
    [("ab*", True), ("ab0*", True), ("ab?1*", False), ("ab0100~2", False), ("ab01*0", False)],
)
def test_wildcard_and_fuzzy_expansions_are_capped_and_said_so(
    crowded: Archive, query: str, capped: bool
) -> None:
    from archive_search.search.querying import compile_query

    results = crowded.search(query)
    assert results.total > 0
    compiled = compile_query(query, crowded.store.snapshot())
    terms = list(compiled.query.terms())
    per_field: dict[str, int] = {}
    for name, _ in terms:
        per_field[name] = per_field.get(name, 0) + 1
    assert terms and max(per_field.values()) <= config.MAX_EXPANSIONS
    said = any(str(config.MAX_EXPANSIONS) in notice for notice in results.notices)
    assert said == capped


# -- segments without some columns --------------------------------------------------------------
@pytest.fixture
def patchy(tmp_path: Path) -> Iterator[Archive]:
    """Three commits; the middle one has no dates, authors, places or sections at all."""
    dated = dt.date(2014, 1, 1)
    with Archive(tmp_path / "index") as opened:
        opened.add(
            Article(
                title=f"Kosovo first {n}", body=["kosovo text"], author="Ana Ban",
                published=dated, section="news", place="Belgrade", language="en",
            )
            for n in range(5)
        )  # fmt: skip
        opened.add(Article(title=f"Kosovo bare {n}", body=["kosovo text"]) for n in range(4))
        opened.add(
            Article(
                title=f"Kosovo third {n}", body=["kosovo text"], author="Ivo Lola",
                published=dt.date(2015, 6, 1), language="sr",
            )
            for n in range(3)
        )  # fmt: skip
        yield opened


def test_facets_count_right_when_a_segment_lacks_the_columns(patchy: Archive) -> None:
    results = patchy.search("kosovo", facets=True, timeline=True, limit=20)
    assert results.total == 12
    facets = {name: {c.value: c.count for c in counts} for name, counts in results.facets.items()}
    assert facets["author"] == {"Ana Ban": 5, "Ivo Lola": 3}
    assert facets["year"] == {"2014": 5, "2015": 3}
    assert facets["place"] == {"Belgrade": 5}
    assert results.timeline is not None and results.timeline.undated == 4


def test_date_order_is_right_when_a_segment_lacks_the_columns(patchy: Archive) -> None:
    newest = [h.published for h in patchy.search("kosovo", sort="newest", limit=20).hits]
    assert newest == [dt.date(2015, 6, 1)] * 3 + [dt.date(2014, 1, 1)] * 5 + [None] * 4
