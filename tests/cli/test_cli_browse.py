"""``archive-search search`` without a query: browse what the filters select, newest first."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.sample_data import data_index_fixture, run  # noqa: F401


def _header(output: str) -> str:
    """The summary line, unwrapped (it is wrapped to the terminal's width)."""
    return " ".join(output.split("\n\n")[0].split())


def _rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_no_query_and_no_filter_lists_the_newest_articles(data_index) -> None:
    result = run(data_index, "search")
    assert result.exit_code == 0
    header = _header(result.stdout)
    assert "articles in the archive" in header and "newest first" in header
    assert "match" not in header
    # data/ holds copies of some articles: the count is of distinct ones, and says so
    assert "distinct articles in the archive" in header and "near-identical copies folded" in header
    data = json.loads(run(data_index, "search", "--json").stdout)
    assert data["browse"] is True and data["sort"] == "newest" and data["query"] == ""
    dates = [h["published"] for h in data["hits"]]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)
    everything = _rows(run(data_index, "search", "--all", "--format", "csv").stdout)
    assert data["total"] == len(everything)
    assert max(r["published"] for r in everything) == dates[0]


def test_filters_alone_list_their_articles_newest_first(data_index) -> None:
    result = run(data_index, "search", "--lang", "hr", "--from", "2008", "--to", "2008")
    assert result.exit_code == 0
    assert "match the filters; showing 1-" in _header(result.stdout)
    rows = _rows(
        run(
            data_index, "search", "--lang", "hr", "--from", "2008", "--to", "2008",
            "--format", "csv", "--limit", "100",
        ).stdout
    )  # fmt: skip
    assert rows and {r["language"] for r in rows} == {"hr"}
    dates = [r["published"] for r in rows]
    assert all(d.startswith("2008-") for d in dates) and dates == sorted(dates, reverse=True)
    oldest = _rows(
        run(data_index, "search", "--lang", "hr", "--sort", "oldest", "--format", "csv").stdout
    )
    assert [r["published"] for r in oldest] == sorted(r["published"] for r in oldest)
    assert "oldest first" in _header(
        run(data_index, "search", "--lang", "hr", "--sort", "oldest").stdout
    )


def test_a_browse_exports_every_selected_article(data_index) -> None:
    lines = run(data_index, "search", "--lang", "hr", "--all", "--format", "jsonl").stdout
    hits = [json.loads(line) for line in lines.splitlines()]
    total = json.loads(run(data_index, "search", "--lang", "hr", "--json").stdout)["total"]
    assert len(hits) == total > 10
    assert {h["language"] for h in hits} == {"hr"}
    dated = [h["published"] for h in hits if h["published"]]
    assert dated == sorted(dated, reverse=True)


def test_a_browse_that_selects_nothing_exits_1(data_index) -> None:
    result = run(data_index, "search", "--lang", "hr", "--from", "2031")
    assert result.exit_code == 1
    assert result.stdout.strip() == "No articles match the filters."


def test_help_says_how_to_browse(data_index) -> None:
    text = run(data_index, "search", "--help").stdout
    assert "[QUERY]" in text and "Without QUERY, browse" in text
