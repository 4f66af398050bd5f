"""Facets and the timeline, on the fixture archive."""

from __future__ import annotations

from archive_search.search.facets import top_values
from archive_search.search.results import FacetCount, TimelineBucket
from tests.search.sample import archive_fixture, archive_path_fixture  # noqa: F401


def counts(results, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c.value: c.count for c in results.facets[name]}


def test_facets_are_computed_only_when_asked(archive) -> None:
    results = archive.search("kfor")
    assert results.facets is None and results.timeline is None
    assert "facets" not in results.to_dict() and "timeline" not in results.to_dict()


def test_facets_count_every_match_not_only_the_page(archive) -> None:
    results = archive.search("army OR kfor OR ministers", facets=True, limit=1, collapse=False)
    assert len(results.hits) == 1
    assert results.total == 7  # "ministers" also finds "Prime Minister" (stemming)
    assert counts(results, "year") == {"2014": 2, "2012": 2, "2011": 1, "2010": 1}
    # "features" and "Features" are one section, named in the commoner spelling
    assert counts(results, "section") == {"features": 3, "news": 3, "notes": 1}
    assert counts(results, "language") == {"en": 6, "sr": 1}
    assert counts(results, "place") == {
        "Belgrade": 2,
        "Brussels": 1,
        "Istanbul": 1,
        "Sofia": 1,
        "Tirana": 1,
    }


def test_author_facet_splits_bylines_and_groups_spellings(archive) -> None:
    results = archive.search("army OR kfor OR elections", facets=True)
    authors = counts(results, "author")
    # "Ivana Jovanovic" and "Ivana Jovanović" are one author, shown in the commoner spelling;
    # "Erl Murati and Linda Karadaku" is two
    assert authors["Linda Karadaku"] == 2
    assert authors["Erl Murati"] == 1
    assert sum(v for k, v in authors.items() if k.startswith("Ivana")) == 2
    assert len([k for k in authors if k.startswith("Ivana")]) == 1


def test_facets_respect_filters(archive) -> None:
    results = archive.search("kfor", facets=True, lang="sr")
    assert counts(results, "language") == {"sr": 1}
    assert results.total == 1


def test_top_values_orders_by_count_then_value() -> None:
    values = ["b", "a", "B", "c", "a", "a"]
    assert top_values(values, 2) == [FacetCount("a", 3), FacetCount("b", 2)]


def test_timeline_is_monthly_over_short_spans_with_gaps_filled(archive) -> None:
    timeline = archive.search("kfor OR beograd", timeline=True).timeline
    assert timeline.granularity == "month"
    assert timeline.buckets == (
        TimelineBucket("2014-03", 2),
        TimelineBucket("2014-04", 1),
    )
    timeline = archive.search("kosovo OR kfor", timeline=True).timeline
    assert [b.period for b in timeline.buckets][:2] == ["2013-11", "2013-12"]
    assert sum(b.count for b in timeline.buckets) == 3
    assert len(timeline.buckets) == 5  # 2013-11 .. 2014-03, empty months included


def test_timeline_is_yearly_over_long_spans_and_counts_undated(archive) -> None:
    timeline = archive.search("army OR dubrovnik", timeline=True).timeline
    assert timeline.granularity == "year"
    assert timeline.buckets[0] == TimelineBucket("2002", 1)
    assert timeline.buckets[-1] == TimelineBucket("2014", 1)
    assert len(timeline.buckets) == 13
    assert timeline.undated == 1


def test_timeline_json_shape(archive) -> None:
    data = archive.search("kfor", timeline=True, facets=True).to_dict()
    assert data["timeline"] == {
        "granularity": "month",
        "buckets": [{"period": "2014-03", "count": 2}],
        "undated": 0,
    }
    assert set(data["facets"]) == {"year", "place", "author", "section", "language"}
    assert data["facets"]["year"] == [{"value": "2014", "count": 2}]


def test_every_year_and_language_is_listed_places_only_the_top(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from archive_search import Archive
    from archive_search.article import Article
    from archive_search.search.facets import FACET_SIZE

    languages = ["en", "sr", "hr", "bs", "mk", "bg", "sq", "ro", "tr", "el", "de", "fr"]
    articles = [
        Article(
            title=f"Regional talks {n}",
            body=[f"Ministers met for regional talks, round {n}."],
            published=dt.date(2002 + n, 1, 1),
            language=languages[n],
            place=f"Town{n}",
        )
        for n in range(len(languages))
    ]
    with Archive(tmp_path / "index") as archive:
        archive.add(articles)
        results = archive.search("", facets=True, limit=1)
    assert len(results.facets["year"]) == len(languages) > FACET_SIZE
    assert {c.value for c in results.facets["language"]} == set(languages)
    assert len(results.facets["place"]) == FACET_SIZE
