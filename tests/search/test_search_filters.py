"""Filter options, sorting and paging, on the fixture archive."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search import config, errors
from archive_search.search.request import SearchRequest, date_bound, date_period
from tests.search.sample import archive_fixture, archive_path_fixture, ids  # noqa: F401


def test_date_filters_take_years_months_and_days(archive) -> None:
    assert set(ids(archive.search("kfor", date_from="2014"))) == {"kfor-serbia", "srbija-nato"}
    assert ids(archive.search("kfor", date_to="2014-03-10")) == ["kfor-serbia"]
    assert ids(archive.search("kfor", date_from="2014-03-11", date_to="2014-03")) == ["srbija-nato"]
    assert ids(archive.search("kfor", date_to="2013")) == []
    assert ids(archive.search("kfor", date_from=dt.date(2014, 3, 11))) == ["srbija-nato"]


def test_author_filter_matches_words_of_the_byline_after_folding(archive) -> None:
    assert set(ids(archive.search("kfor", author="jovanovic"))) == {"kfor-serbia", "srbija-nato"}
    assert set(ids(archive.search("army", author="Linda KARADAKU"))) == {"albania-army"}
    assert ids(archive.search("army", author="nobody")) == []


def test_place_filter_folds_case_diacritics_and_knows_local_names(archive) -> None:
    for spelling in ("Belgrade", "belgrade", "Beograd", "BEOGRAD", "Београд"):
        assert set(ids(archive.search("kfor", place=spelling))) == {"kfor-serbia", "srbija-nato"}
    assert ids(archive.search("ministers", place="sofia")) == ["wire-sofia"]
    assert ids(archive.search("erdogan", place="İstanbul")) == ["istanbul-meeting"]


def test_language_and_section_filters(archive) -> None:
    assert ids(archive.search("kfor", lang="sr")) == ["srbija-nato"]
    assert ids(archive.search("kfor", lang="SRP")) == ["srbija-nato"]
    assert set(ids(archive.search("kfor", section="features"))) == {"kfor-serbia", "srbija-nato"}
    assert ids(archive.search("army", section="FEATURES", lang="en", author="murati")) == [
        "albania-army"
    ]


def test_filters_combine_with_query_clauses(archive) -> None:
    results = archive.search("kfor lang:en", place="beograd", date_from="2014")
    assert ids(results) == ["kfor-serbia"]
    assert results.total == 1


def test_sort_newest_and_oldest_put_undated_last(archive) -> None:
    newest = ids(archive.search("army", sort="newest"))
    assert newest == ["kfor-serbia", "albania-army", "undated-note"]
    oldest = ids(archive.search("army", sort="oldest"))
    assert oldest == ["albania-army", "kfor-serbia", "undated-note"]


def test_sorted_hits_keep_a_relevance_score(archive) -> None:
    assert all(hit.score > 0 for hit in archive.search("army", sort="newest").hits)


def test_pages_continue_where_the_last_stopped(archive) -> None:
    everything = ids(archive.search("the", limit=50, collapse=False))
    assert len(everything) >= 6
    first = archive.search("the", limit=3, collapse=False)
    second = archive.search("the", limit=3, page=2, collapse=False)
    assert ids(first) + ids(second) == everything[:6]
    assert first.total == second.total == len(everything)
    assert first.pages == -(-len(everything) // 3)
    assert ids(archive.search("the", limit=3, page=99)) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"limit": 0}, "--limit"),
        ({"page": -1}, "--page"),
        ({"limit": 100, "page": config.MAX_RESULT_WINDOW}, "narrow the query"),
        ({"sort": "random"}, "--sort"),
        ({"date_from": "2014-02-30"}, "--from"),
        ({"date_to": "last week"}, "--to"),
        ({"date_from": "2015", "date_to": "2014"}, "is after"),
    ],
)
def test_bad_options_are_usage_errors(archive, options: dict, message: str) -> None:
    with pytest.raises(errors.UsageError, match=message):
        archive.search("kfor", **options)


def test_date_periods() -> None:
    assert date_period("2014") == (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    assert date_period("2012-02") == (dt.date(2012, 2, 1), dt.date(2012, 2, 29))
    assert date_period("2013-12") == (dt.date(2013, 12, 1), dt.date(2013, 12, 31))
    assert date_period("2014-3-9") == (dt.date(2014, 3, 9), dt.date(2014, 3, 9))
    assert date_bound("2014-03", end=True) == dt.datetime(2014, 3, 31, 23, 59, 59, 999999)
    request = SearchRequest(query="x", date_from="2014", date_to="2014-06")
    assert request.date_range == (dt.datetime(2014, 1, 1), date_bound("2014-06-30", end=True))


def test_blank_filter_values_mean_no_filter(archive) -> None:
    assert ids(archive.search("kfor", author="  ", place="")) == ids(archive.search("kfor"))
