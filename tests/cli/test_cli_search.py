"""``archive-search search`` and ``similar`` through click: output formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from archive_search.cli import cli
from archive_search.cli.render import _cells
from tests.search.sample import archive_path_fixture  # noqa: F401


@pytest.fixture
def run(archive_path):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--index", str(archive_path), *args], catch_exceptions=False)

    return invoke


def test_text_results_show_title_metadata_snippet_and_id(run) -> None:
    result = run("search", "kumanovo")
    assert result.exit_code == 0
    out = result.output
    assert "NATO and Serbia strive to strengthen co-operation in Kosovo" in out
    assert "2014-03-10 · Ivana Jovanovic · Belgrade · en · features" in out
    assert "Kumanovo" in out and "id kfor-serbia" in out
    assert "articles match 'kumanovo'" in out


def test_query_words_may_be_separate_arguments(run) -> None:
    data = json.loads(run("search", "kfor", "army", "--json").output)
    assert data["query"] == "kfor army"
    assert data["hits"][0]["id"] == "kfor-serbia"


def test_a_query_starting_with_minus_goes_after_double_dash(run) -> None:
    result = run("search", "--json", "--", "-kfor", "army")
    assert result.exit_code == 0
    assert "kfor-serbia" not in {h["id"] for h in json.loads(result.output)["hits"]}


def test_json_output_is_the_contract(run) -> None:
    result = run("search", "kumanovo", "--json")
    data = json.loads(result.output)
    assert set(data) == {"query", "total", "hits"}
    hit = data["hits"][0]
    for key in ("id", "score", "title", "published", "author", "place", "language"):
        assert key in hit
    for key in ("section", "url", "source", "snippet"):
        assert key in hit
    assert run("search", "kumanovo", "--format", "json").output == result.output


def test_json_adds_facets_timeline_and_suggestion_when_asked(run) -> None:
    data = json.loads(run("search", "kfor", "--json", "--facets", "--timeline").output)
    assert {"facets", "timeline"} <= set(data)
    data = json.loads(run("search", "dikovich", "--json").output)
    assert data["suggestion"] == "dikovic"


def test_jsonl_prints_one_hit_per_line(run) -> None:
    lines = run("search", "kfor", "--format", "jsonl").output.splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["id"] for line in lines} == {"kfor-serbia", "srbija-nato"}


def test_csv_has_a_header_and_a_row_per_hit(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("search", "kfor", "--format", "csv").output)))
    assert [r["id"] for r in rows] == ["kfor-serbia", "srbija-nato"]
    assert rows[0]["published"] == "2014-03-10"


def test_filters_sort_and_paging_options(run) -> None:
    args = ("--from", "2014-03-11", "--to", "2014", "--lang", "sr", "--place", "Beograd")
    data = json.loads(run("search", "kfor", *args, "--json").output)
    assert [h["id"] for h in data["hits"]] == ["srbija-nato"]
    data = json.loads(run("search", "army", "--sort", "oldest", "--limit", "1", "--json").output)
    assert [h["id"] for h in data["hits"]] == ["albania-army"]
    data = json.loads(
        run("search", "army", "--sort", "oldest", "--page", "2", "--limit", "1", "--json").output
    )
    assert [h["id"] for h in data["hits"]] == ["kfor-serbia"]
    data = json.loads(
        run("search", "army", "--author", "murati", "--section", "Features", "--json").output
    )
    assert [h["id"] for h in data["hits"]] == ["albania-army"]


def test_collapse_is_on_unless_no_collapse(run) -> None:
    collapsed = json.loads(run("search", "enlargement", "--json").output)
    assert len(collapsed["hits"]) == 1 and collapsed["hits"][0]["duplicates"] == 1
    everything = json.loads(run("search", "enlargement", "--no-collapse", "--json").output)
    assert len(everything["hits"]) == 2


def test_facets_and_timeline_in_text(run) -> None:
    out = run("search", "army OR dubrovnik", "--facets", "--timeline").output
    assert "Years: " in out and "Authors: " in out and "Languages: en (4)" in out
    assert "Timeline (articles per year)" in out
    assert "2002 " in out and "█" in out and "undated: 1" in out


def test_nothing_found_exits_1_with_a_suggestion(run) -> None:
    result = run("search", "dikovich")
    assert result.exit_code == 1
    assert "Did you mean: dikovic?" in result.output
    assert "No articles match" in result.output
    result = run("search", "dikovich", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["total"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "titel:kosovo"), "unknown field"),
        (("search", '"'), "nothing to search for"),
        (("search", "*bia"), "wildcard cannot start a word"),
        (("search", "kfor", "--from", "yesterday"), "--from"),
        (("search", "kfor", "--limit", "0"), "--limit"),
        (("search", "AND"), "operator"),
    ],
)
def test_bad_queries_and_options_exit_2_with_one_line(run, args, message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_an_unknown_sort_or_format_is_a_usage_error(run) -> None:
    assert run("search", "kfor", "--sort", "random").exit_code == 2
    assert run("search", "kfor", "--format", "xml").exit_code == 2


def test_a_missing_index_exits_3(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), "search", "kfor"])
    assert result.exit_code == 3
    assert "no index at" in result.output


def test_untrusted_text_cannot_inject_terminal_escapes(tmp_path) -> None:
    from archive_search import Archive, Article

    with Archive(tmp_path / "ix") as archive:
        archive.add(
            [Article(title="Evil \x1b[31mred[/] [bold]title", body=["Kosovo \x1b]0;pwn\x07 text"])]
        )
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "ix"), "search", "kosovo"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[bold]title" in result.output  # printed as text, not read as markup


def test_similar_command(run) -> None:
    result = run("similar", "kfor-serbia", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["hits"] and "kfor-serbia" not in {h["id"] for h in data["hits"]}
    result = run("similar", "kfor-serbia", "--lang", "sr")
    assert result.exit_code == 0 and "Srbija i NATO" in result.output
    result = run("similar", "no-such-id")
    assert result.exit_code == 1
    assert "no article with id 'no-such-id'" in result.output


def test_search_loads_neither_other_commands_nor_whoosh_fallbacks(archive_path) -> None:
    """``archive-search search`` imports what a search needs, not the whole program."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        f"sys.argv = ['archive-search', '--index', {str(archive_path)!r}, 'search', 'kfor army']\n"
        "from archive_search.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "archive_search.search.engine" in loaded
    for heavy in (
        "archive_search.ingest",
        "archive_search.indexing.pipeline",
        "archive_search.cli.index_cmd",
        "archive_search.cli.show_cmd",
        "archive_search.cli.verify_cmd",
        "bs4",
        "trafilatura",
        "whoosh.collectors",
        "whoosh.sorting",
        "numpy.ma",
        # imported by Whoosh, never used by a search (cli.startup)
        "urllib.request",
        "http.client",
        "asyncio",
        "whoosh.lang.morph_en",
    ):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize("width", [80, 33, 21])
def test_plain_text_is_what_rich_prints_into_a_pipe(archive_path, monkeypatch, width: int) -> None:
    """Into a pipe rich is not loaded; the lines must be the ones it would have printed."""
    from archive_search import Archive
    from archive_search.cli import render
    from archive_search.cli.output import console

    monkeypatch.setattr(render, "_styled_output", lambda: True)
    monkeypatch.setattr(console(), "width", width)
    searches = [
        ("kfor army", {}),
        ("beograd OR istanbul OR dikovich", {"facets": True, "timeline": True}),
        ("dikovich", {}),
        ('"serbian army"', {}),
    ]
    with Archive(archive_path) as archive:
        for query, options in searches:
            results = archive.search(query, **options)
            if results.hits:  # wide characters take two cells each
                results.hits[0].title += " 东京" * 8
            with console().capture() as captured:
                render.render_text(results)
            assert captured.get() == "\n".join(render.plain_lines(results, width)) + "\n"


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_cells_count_wide_characters_twice_and_marks_not_at_all(text: str) -> None:
    expected = sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
    assert _cells(text) == expected
    assert _cells("Tokyo 東京 café́") == 15
