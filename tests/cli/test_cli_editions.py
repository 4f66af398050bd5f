"""Editions on the command line: ``show`` (text and JSON) and ``search --editions``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive_search.cli import cli
from tests.search.editions_sample import editions_path_fixture  # noqa: F401

TALKS = {"talks-sr", "talks-sr-cyrl", "talks-tr", "talks-el"}


@pytest.fixture
def run(editions_path):  # type: ignore[no-untyped-def]
    runner = CliRunner(env={"COLUMNS": "200"})

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--index", str(editions_path), *args], catch_exceptions=False)

    return invoke


def test_show_lists_other_editions_with_language_title_and_id(run) -> None:
    result = run("show", "talks-sr")
    assert result.exit_code == 0
    out = result.output
    section = out[out.index("Other editions") :]
    assert (
        "- sr (Cyrl) · Вучић и Ердоган разговарали у Анкари о улагањима · talks-sr-cyrl" in section
    )
    assert "- tr · Vucic ve Erdoğan Ankara'da yatırımları görüştü · talks-tr" in section
    assert "- el · Βούτσιτς και Ερντογάν συζήτησαν για επενδύσεις στην Άγκυρα · talks-el" in section


def test_show_of_an_article_without_editions_lists_none(run) -> None:
    result = run("show", "tourism-hr")
    assert result.exit_code == 0
    assert "Other editions" not in result.output


def test_show_json_adds_the_editions_list_both_ways(run) -> None:
    sr = json.loads(run("show", "dodik-sr", "--json").output)
    hr = json.loads(run("show", "dodik-hr", "--json").output)
    assert sr["id"] == "dodik-sr" and sr["body"]
    assert [(e["id"], e["language"], e["via"]) for e in sr["editions"]] == [
        ("dodik-hr", "hr", "content")
    ]
    assert [e["id"] for e in hr["editions"]] == ["dodik-sr"]
    assert set(sr["editions"][0]) == {
        "id",
        "language",
        "script",
        "title",
        "url",
        "published",
        "via",
    }
    assert json.loads(run("show", "tourism-hr", "--json").output)["editions"] == []


def test_search_expand_adds_other_editions_in_text_and_json(run) -> None:
    text = run("search", "razgovarali", "--editions", "expand").output
    assert "Editions: el, sr, tr (4)" in text
    assert "id talks-tr" in text and "id talks-el" in text
    data = json.loads(run("search", "razgovarali", "--editions", "expand", "--json").output)
    hit = data["hits"][0]
    assert {hit["id"], *(e["id"] for e in hit["editions"])} == TALKS
    assert hit["languages"] == ["el", "sr", "tr"]
    lines = run("search", "razgovarali", "--editions", "expand", "--format", "jsonl").output
    first = json.loads(lines.splitlines()[0])
    assert {e["id"] for e in first["editions"]} == TALKS - {first["id"]}


def test_search_collapse_folds_a_story_into_one_hit_naming_its_languages(run) -> None:
    data = json.loads(run("search", "Erdogan", "--editions", "collapse", "--json").output)
    assert len(data["hits"]) == 1
    hit = data["hits"][0]
    assert hit["languages"] == ["sr", "tr"]
    assert {hit["id"], *(e["id"] for e in hit["editions"])} == TALKS - {"talks-el"}
    text = run("search", "Erdogan", "--editions", "collapse").output
    assert "Editions: sr, tr (3)" in text


def test_search_default_lists_editions_separately_without_edition_keys(run) -> None:
    data = json.loads(run("search", "referendum", "--json").output)
    assert {h["id"] for h in data["hits"]} == {"dodik-sr", "dodik-hr"}
    assert all("editions" not in h for h in data["hits"])


def test_a_bad_editions_value_exits_2(run) -> None:
    result = CliRunner().invoke(cli, ["search", "x", "--editions", "all"])
    assert result.exit_code == 2
    assert "--editions" in result.output
