"""Filters keep the promises of ``--help`` and the README, on the sample archive."""

from __future__ import annotations

import csv
import io

import pytest

from archive_search.text.folding import fold
from tests.cli.sample_data import data_index_fixture, run  # noqa: F401


def _places(output: str) -> list[str]:
    return [row["place"] for row in csv.DictReader(io.StringIO(output))]


def test_the_readme_place_example_finds_articles(data_index) -> None:
    result = run(data_index, "search", "kfor", "--place", "beograd", "--format", "csv")
    assert result.exit_code == 0
    places = _places(result.stdout)
    assert places and set(places) == {"Belgrade"}


@pytest.mark.parametrize("written", ["place:beograd", "place:Beogradu", "place:Београд"])
def test_place_clauses_in_any_form_find_belgrade(data_index, written) -> None:
    result = run(data_index, "search", written, "--format", "csv", "--limit", "50")
    assert result.exit_code == 0
    places = _places(result.stdout)
    assert places and set(places) == {"Belgrade"}
    place = written.split(":")[1]
    option = run(data_index, "search", "kosovo", "--place", place, "--format", "csv")
    assert option.exit_code == 0
    assert set(_places(option.stdout)) == {"Belgrade"}


@pytest.mark.parametrize("author", ["Marković", "markovic", "Марковић", "JELENA MARKOVIC"])
def test_author_filter_in_any_script_and_case(data_index, author) -> None:
    result = run(data_index, "search", "kosovo", "--author", author, "--format", "csv")
    assert result.exit_code == 0
    authors = [row["author"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert authors and all("markovic" in fold(a) for a in authors)


@pytest.mark.parametrize("args", [("kosovo", "--lang", "xx"), ("kosovo lang:xx",)])
def test_an_unknown_language_exits_2_listing_the_held_codes(data_index, args) -> None:
    result = run(data_index, "search", *args)
    assert result.exit_code == 2
    assert "unknown language 'xx'" in result.stderr
    assert result.stderr.rstrip().endswith("the index holds: en, hr, sr")
    assert result.stderr.count("\n") == 1


def test_a_language_name_works_as_its_code(data_index) -> None:
    by_name = run(data_index, "search", "kosovo", "--lang", "Serbian", "--format", "csv")
    by_code = run(data_index, "search", "kosovo", "--lang", "sr", "--format", "csv")
    assert by_name.exit_code == 0
    assert by_name.stdout.splitlines()[1:] and by_name.stdout == by_code.stdout


def test_a_field_with_nothing_after_it_is_an_empty_query(data_index) -> None:
    result = run(data_index, "search", "title:")
    assert result.exit_code == 2
    assert "empty query" in result.stderr
