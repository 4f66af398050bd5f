"""What keeps one search bounded: query limits, the timeline's bar cap, the suggestion scan.

A query is cut rather than refused: its first terms are searched as asked, the
rest are left out, and a note names what was cut. A timeline never has more
bars than ``config.MAX_TIMELINE_BUCKETS``, whatever the span of the dates.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive_search import Archive, Article, config, errors
from archive_search.cli import cli
from archive_search.search.querying import compile_query
from archive_search.search.results import TimelineBucket
from archive_search.search.timeline import _month_number, choose_unit
from tests.search.sample import archive_fixture, archive_path_fixture  # noqa: F401

#: Two-letter prefixes, each shared by more words than one wildcard may expand to.
PREFIXES = [f"q{chr(ord('a') + n)}" for n in range(20)]
WORDS_PER_PREFIX = config.MAX_EXPANSIONS + 50


def _words(prefix: str) -> list[str]:
    return [f"{prefix}{n:03d}" for n in range(WORDS_PER_PREFIX)]


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """Two articles per prefix, each holding every word of its prefix (and no other)."""
    articles = [
        Article(
            id=f"{prefix}-{copy}",
            title=f"Article {n} {copy}",
            body=[" ".join(_words(prefix)), f"Copy number {copy} of {n}."],
            language="en",
            published=dt.date(2010 + n % 5, 1 + copy, 1),
        )
        for n, prefix in enumerate(PREFIXES)
        for copy in range(2)
    ]
    with Archive(tmp_path_factory.mktemp("wide") / "index") as opened:
        opened.add(articles)
        yield opened


def _prefixes_found(results) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.id.split("-")[0] for hit in results.hits}


def _simplified(results, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    marks = {
        "budget": "may match",
        "patterns": "wildcard or fuzzy terms are searched",
        "terms": "words and phrases are searched",
    }
    return [n for n in results.notices if "simplified" in n and marks[kind] in n]


# -- the expansion budget and the pattern cap --------------------------------------------------
def test_hundreds_of_wildcards_finish_quickly_with_the_first_ones_searched(wide: Archive) -> None:
    query = " ".join(f"{p}*" for p in PREFIXES * 15)  # 300 wildcard terms
    started = time.perf_counter()
    results = wide.search(query, limit=50, suggest=False)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0
    # each prefix expands to MAX_EXPANSIONS words: the budget holds this many of them
    kept = min(config.MAX_QUERY_PATTERNS, config.MAX_QUERY_EXPANSIONS // config.MAX_EXPANSIONS)
    assert 0 < kept < len(PREFIXES)
    assert _prefixes_found(results) == set(PREFIXES[:kept])
    assert results.total == 2 * kept
    notes = _simplified(results, "budget")
    assert len(notes) == 1 and repr(f"{PREFIXES[kept]}*") in notes[0]
    assert all("\n" not in n for n in results.notices)
    assert "notices" in results.to_dict()


def test_the_budget_cuts_the_term_it_runs_out_in_to_its_most_frequent_words(
    wide: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_QUERY_EXPANSIONS", config.MAX_EXPANSIONS + 30)
    query = "qa* qb* qc*"
    compiled = compile_query(query, wide.store.snapshot())
    terms = [text for _, text in compiled.query.terms()]
    assert len(terms) == config.MAX_EXPANSIONS + 30
    assert sum(t.startswith("qb") for t in terms) == 30
    assert not any(t.startswith("qc") for t in terms)
    results = wide.search(query, limit=50)
    assert _prefixes_found(results) == {"qa", "qb"}
    (note,) = _simplified(results, "budget")
    assert "'qb*' and 1 more" in note


def test_a_query_within_the_limits_is_not_simplified(wide: Archive) -> None:
    results = wide.search("qa* qb* qc004~")
    assert not [n for n in results.notices if "simplified" in n]
    assert _prefixes_found(results) == {"qa", "qb", "qc"}


def test_wildcard_and_fuzzy_terms_past_the_pattern_cap_are_left_out(
    wide: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_QUERY_PATTERNS", 2)
    results = wide.search("qa* qb001~ qc* qd*", limit=50)
    assert _prefixes_found(results) == {"qa", "qb"}
    (note,) = _simplified(results, "patterns")
    assert "at most 2 wildcard" in note and "'qc*' and 1 more" in note
    # plain words are not patterns: they are still searched
    results = wide.search("qa* qb* qc005 qd*", limit=50)
    assert _prefixes_found(results) == {"qa", "qb", "qc"}


def test_a_left_out_exclusion_widens_rather_than_empties_the_result(
    wide: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_QUERY_PATTERNS", 1)
    results = wide.search("+qa* -qa0*", limit=50)
    assert _prefixes_found(results) == {"qa"}
    assert _simplified(results, "patterns")


# -- the term cap ------------------------------------------------------------------------------
def test_terms_past_the_term_cap_are_left_out_and_named(
    wide: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_QUERY_TERMS", 3)
    results = wide.search('qa001 "qb002 qb003" title:article qc004 qd005', limit=50)
    assert len(results.hits) == 2 * len(PREFIXES)  # every title holds "article"
    (note,) = _simplified(results, "terms")
    assert "first 3 words and phrases" in note and "'qc004' and 1 more" in note
    results = wide.search('qa001 "qb002 qb003" qc004~ date:2010 qd005 qe006', limit=50)
    assert _prefixes_found(results) == {"qa", "qb", "qc"}
    (note,) = _simplified(results, "terms")
    assert "'date:2010' and 2 more" in note


def test_a_query_as_long_as_allowed_compiles_under_every_cap(wide: Archive) -> None:
    words = [w for p in PREFIXES for w in _words(p)]
    query = " ".join(words)[: config.MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    assert len(query.split()) > config.MAX_QUERY_TERMS
    started = time.perf_counter()
    results = wide.search(query, suggest=True)
    assert time.perf_counter() - started < 5.0
    assert results.total > 0
    assert _simplified(results, "terms")


# -- did you mean ------------------------------------------------------------------------------
def test_did_you_mean_looks_only_at_the_first_words(archive, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert archive.search("kfor dikovich").suggestion == "kfor dikovic"
    monkeypatch.setattr(config, "MAX_SUGGEST_WORDS", 1)
    assert archive.search("kfor dikovich").suggestion is None
    assert archive.search("dikovich kfor").suggestion == "dikovic kfor"


# -- the timeline ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, Path]]:
    """Articles dated across the whole calendar, years 1 to 9999."""
    dates = [dt.date(1, 1, 1), dt.date(1, 6, 2), dt.date(2014, 3, 10), dt.date(9999, 12, 31)]
    articles = [
        Article(id=f"age-{n}", title=f"Chronicle {n}", body=["A chronicle of the ages."],
                published=day, language="en")
        for n, day in enumerate(dates)
    ] + [Article(id="age-undated", title="Chronicle", body=["Undated chronicle."], language="en")]  # fmt: skip
    path = tmp_path_factory.mktemp("ages") / "index"
    with Archive(path) as opened:
        opened.add(articles)
        yield opened, path


@pytest.mark.parametrize("unit", ["auto", "month", "year", "decade", "century"])
def test_a_timeline_over_ten_thousand_years_stays_within_the_cap(ages, unit: str) -> None:  # type: ignore[no-untyped-def]
    archive, _ = ages
    results = archive.search("chronicle", timeline=True if unit == "auto" else unit)
    timeline = results.timeline
    assert 0 < len(timeline.buckets) <= config.MAX_TIMELINE_BUCKETS
    assert timeline.granularity == "century"
    assert timeline.buckets[0] == TimelineBucket("0001-0099", 2)
    assert timeline.buckets[-1] == TimelineBucket("9900-9999", 1)
    assert TimelineBucket("2000-2099", 1) in timeline.buckets
    assert sum(b.count for b in timeline.buckets) == 4 and timeline.undated == 1
    coarsened = [n for n in results.notices if "timeline" in n]
    if unit in ("auto", "century"):
        assert timeline.requested is None and not coarsened
        assert "requested" not in timeline.to_dict()
    else:  # the unit asked for would have made too many bars: said so
        assert timeline.requested == unit
        assert timeline.to_dict()["requested"] == unit
        assert coarsened == [
            errors.Note.TIMELINE_COARSENED.format(
                unit="century", asked=unit, limit=config.MAX_TIMELINE_BUCKETS
            )
        ]


def test_a_timeline_keeps_the_unit_asked_for_when_it_fits(ages) -> None:  # type: ignore[no-untyped-def]
    archive, _ = ages
    timeline = archive.search("chronicle", timeline="month", date_to="0001").timeline
    assert timeline.granularity == "month" and timeline.requested is None
    assert [b.period for b in timeline.buckets] == [f"0001-{m:02d}" for m in range(1, 7)]
    timeline = archive.search("chronicle", timeline="decade", date_from="2000").timeline
    assert timeline.granularity == "century"  # 2014..9999 is 799 decades


def test_an_unknown_timeline_unit_is_a_usage_error(ages) -> None:  # type: ignore[no-untyped-def]
    archive, _ = ages
    with pytest.raises(errors.UsageError, match="--timeline-unit"):
        archive.search("chronicle", timeline="fortnight")


@pytest.mark.parametrize(
    ("first", "last", "wanted", "limit", "unit"),
    [
        ("2014-01", "2016-12", "auto", 200, "month"),  # 36 months
        ("2014-01", "2017-01", "auto", 200, "year"),
        ("2014-01", "2030-08", "month", 200, "month"),  # 200 months
        ("2014-01", "2030-09", "month", 200, "year"),
        ("1801-01", "2014-01", "year", 200, "decade"),
        ("0001-01", "9999-12", "month", 200, "century"),
        ("0001-01", "9999-12", "month", 5, "millennium"),  # the coarsest, whatever the limit
    ],
)
def test_the_unit_is_the_finest_that_fits(
    first: str, last: str, wanted: str, limit: int, unit: str
) -> None:
    start, end = _month_number(first), _month_number(last)
    assert start is not None and end is not None
    assert choose_unit(start, end, wanted, limit) == unit


def test_the_cli_charts_the_coarser_unit_and_says_why(ages) -> None:  # type: ignore[no-untyped-def]
    _, path = ages
    runner = CliRunner()
    args = ["--index", str(path), "search", "chronicle", "--timeline-unit", "year"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Timeline (articles per century)" in result.output
    assert "Note: the timeline is per century: per year it would have more than" in result.output
    chart = result.output.split("Timeline (articles per century)\n", 1)[1].splitlines()
    assert chart[-1] == "   undated: 1"
    assert 0 < len(chart[:-1]) <= config.MAX_TIMELINE_BUCKETS
    assert chart[0].startswith("   0001-0099 ") and chart[-2].startswith("   9900-9999 ")
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    assert data["timeline"]["granularity"] == "century"
    assert data["timeline"]["requested"] == "year"
    result = runner.invoke(cli, [*args[:-2], "--timeline-unit", "weekly"])
    assert result.exit_code == errors.EXIT_USAGE
