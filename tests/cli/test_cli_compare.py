"""``archive-search compare`` and ``search --timeline --relative``: formats and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli import test_cli_search
from tests.search.sample import archive_path_fixture  # noqa: F401

run = test_cli_search.run  # the same `archive-search --index SAMPLE ...` runner


def test_compare_prints_a_column_per_query(run) -> None:
    result = run("compare", "kfor", "ministers", "--unit", "year")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Compared: matching articles per year"
    assert lines[1].split() == ["period", "kfor", "ministers"]
    assert lines[-1].split()[0] == "total"
    row_2014 = next(line for line in lines if line.startswith("2014"))
    assert row_2014.split()[1] == "2"


def test_compare_json_is_the_comparison(run) -> None:
    data = json.loads(run("compare", "kfor", "army", "--relative", "--json").output)
    assert data["relative"] is True and [q["query"] for q in data["queries"]] == ["kfor", "army"]
    bucket = data["queries"][0]["timeline"]["buckets"][0]
    assert {"period", "count", "total", "share"} <= set(bucket)


def test_compare_csv_has_a_row_per_period_and_query(run) -> None:
    result = run("compare", "kfor", "army", "--format", "csv", "--relative")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert set(rows[0]) == {"period", "query", "count", "archive_total", "share"}
    periods = {r["period"] for r in rows}
    assert len(rows) == 2 * len(periods)
    kfor = [r for r in rows if r["query"] == "kfor" and int(r["count"])]
    assert all(
        float(r["share"]) == pytest.approx(int(r["count"]) / int(r["archive_total"])) for r in kfor
    )


def test_compare_exit_codes(run) -> None:
    assert run("compare", "kfor").exit_code == 2
    assert run("compare", "zzzqqq", "qqqzzz").exit_code == 1
    result = run("compare", "kfor", "army", "--unit", "week")
    assert result.exit_code == 2


def test_search_relative_timeline(run) -> None:
    result = run("search", "kfor", "--timeline", "--relative")
    assert result.exit_code == 0
    assert "Timeline (share of all articles per month)" in result.output
    assert "100.00% (2 of 2)" in result.output
    data = json.loads(run("search", "kfor", "--relative", "--json").output)
    assert data["timeline"]["relative"] is True  # --relative implies --timeline
