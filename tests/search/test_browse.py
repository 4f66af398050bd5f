"""Browsing: a search with no words lists every article its filters select, newest first."""

from __future__ import annotations

import pytest

from archive_search import errors
from archive_search.search.query_form import Every
from archive_search.search.querying import compile_query
from tests.search.sample import archive_fixture, archive_path_fixture, ids  # noqa: F401

#: The sample's articles, newest first (the wire story's later copy folds into the first).
NEWEST = [
    "beograd-cyr",
    "srbija-nato",
    "kfor-serbia",
    "kosovo-elections",
    "wire-sofia",
    "istanbul-meeting",
    "albania-army",
    "long-report",
    "adriatic-tourism",
    "undated-note",
]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_lists_the_whole_archive_newest_first(archive, query: str) -> None:
    results = archive.search(query, limit=20)
    assert ids(results) == NEWEST
    assert results.total == len(NEWEST) and results.folded == 1
    assert results.browse and results.sort == "newest"
    assert results.suggestion is None and results.notices == []


def test_relevance_means_newest_without_words_and_the_other_orders_stay(archive) -> None:
    assert ids(archive.search("", sort="relevance", limit=20)) == NEWEST
    oldest = ids(archive.search("", sort="oldest", limit=20))
    assert oldest[:3] == ["adriatic-tourism", "long-report", "albania-army"]
    assert oldest[-1] == "undated-note"  # undated last, whichever the order
    assert archive.search("", sort="oldest").sort == "oldest"


def test_filters_select_what_a_browse_lists(archive) -> None:
    assert ids(archive.search("", lang="sr")) == ["beograd-cyr", "srbija-nato"]
    assert ids(archive.search(" ", date_from="2013", date_to="2014-03")) == [
        "srbija-nato",
        "kfor-serbia",
        "kosovo-elections",
    ]
    assert ids(archive.search("", place="Beograd", sort="oldest")) == [
        "kfor-serbia",
        "srbija-nato",
        "beograd-cyr",
    ]
    assert ids(archive.search("", author="jovanovic")) == ["srbija-nato", "kfor-serbia"]
    assert set(ids(archive.search("", section="features"))) == {
        "srbija-nato",
        "kfor-serbia",
        "albania-army",
    }
    assert ids(archive.search("", lang="sr", date_from="2015")) == []


def test_a_query_of_only_metadata_clauses_browses_too(archive) -> None:
    results = archive.search("lang:sr")
    assert results.browse and results.sort == "newest"
    assert ids(results) == ["beograd-cyr", "srbija-nato"]
    assert ids(archive.search("date:2014 -kfor")) == ["beograd-cyr"]
    # with a word, relevance is relevance again
    worded = archive.search("lang:en army")
    assert not worded.browse and worded.sort == "relevance"
    assert ids(worded)[0] == "albania-army"


def test_a_browse_pages_like_a_search(archive) -> None:
    pages = [ids(archive.search("", limit=4, page=n)) for n in (1, 2, 3)]
    assert pages == [NEWEST[:4], NEWEST[4:8], NEWEST[8:]]
    assert archive.search("", limit=4, page=3).pages == 3


def test_a_browse_counts_facets_and_timeline_over_what_it_selects(archive) -> None:
    results = archive.search("", lang="sr", facets=True, timeline="month", relative=True)
    assert results.facets is not None
    assert {c.value: c.count for c in results.facets["language"]} == {"sr": 2}
    assert {c.value: c.count for c in results.facets["year"]} == {"2014": 2}
    buckets = {b.period: (b.count, b.total) for b in results.timeline.buckets}
    assert buckets == {"2014-03": (1, 2), "2014-04": (1, 1)}
    whole = archive.search("", facets=True, timeline="year")
    years = {b.period: b.count for b in whole.timeline.buckets}
    assert years["2014"] == 3 and years["2002"] == 1 and whole.timeline.undated == 1
    assert sum(c.count for c in whole.facets["language"]) == 11


def test_no_collapse_lists_the_wire_copy(archive) -> None:
    listed = ids(archive.search("", collapse=False, limit=20))
    assert "wire-brussels" in listed and len(listed) == 11


def test_a_browse_snippet_is_the_articles_opening_without_highlights(archive) -> None:
    hits = {h.id: h for h in archive.search("", limit=20)}
    tourism = hits["adriatic-tourism"].snippet
    assert tourism.text.startswith("Dubrovnik expects a record season")
    assert tourism.source == "lede" and tourism.highlights == ()
    cyrillic = hits["beograd-cyr"].snippet
    assert cyrillic.text.startswith("Министри су се састали") and cyrillic.highlights == ()
    assert all(not h.title_highlights for h in hits.values())


def test_a_browse_exports_every_article_in_its_order(archive) -> None:
    assert [h.id for h in archive.export("")] == NEWEST
    assert [h.id for h in archive.export("", lang="sr", sort="oldest")] == [
        "srbija-nato",
        "beograd-cyr",
    ]
    assert len(list(archive.export("", collapse=False))) == 11


def test_a_browse_json_says_so(archive) -> None:
    data = archive.search("", lang="sr").to_dict()
    assert data["browse"] is True and data["sort"] == "newest" and data["query"] == ""
    assert "browse" not in archive.search("kfor").to_dict()


def test_editions_work_on_a_browse(archive) -> None:
    expanded = archive.search("", editions="expand", limit=20)
    assert ids(expanded) == NEWEST
    collapsed = archive.search("", editions="collapse", limit=20)
    assert set(ids(collapsed)) <= set(NEWEST) and collapsed.total <= len(NEWEST)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("AND", "nothing to search for"),
        ("(((", "only operators or punctuation"),
        ("title:", "empty query"),
        ("-kfor", "only excludes"),
    ],
)
def test_operators_or_punctuation_alone_stay_an_error(archive, query: str, message: str) -> None:
    with pytest.raises(errors.QueryError, match=message):
        archive.search(query)
    with pytest.raises(errors.QueryError, match=message):
        archive.search(query, lang="en")


def test_the_empty_query_compiles_to_every_document(archive) -> None:
    compiled = compile_query("  ", archive.store.snapshot())
    assert isinstance(compiled.query, Every) and compiled.browse
    assert compiled.filters == [] and compiled.words == [] and not compiled.highlight.terms
