"""Paging on the sample archive: what the summary line promises, the pages deliver."""

from __future__ import annotations

import json
import re

from archive_search import errors
from tests.cli.sample_data import data_index_fixture, run  # noqa: F401


def test_every_page_the_summary_counts_has_hits(data_index) -> None:
    first = json.loads(run(data_index, "search", "kosovo", "--json").stdout)
    total, folded = first["total"], first.get("folded", 0)
    assert folded > 0  # data/ holds the same story in Latin and Cyrillic editions
    pages = -(-total // 10)
    ids = []
    for page in range(1, pages + 1):
        result = run(data_index, "search", "kosovo", "--page", str(page), "--json")
        assert result.exit_code == 0
        ids += [hit["id"] for hit in json.loads(result.stdout)["hits"]]
    assert len(ids) == len(set(ids)) == total
    text = run(data_index, "search", "kosovo").stdout
    assert re.search(
        rf"{total} articles match 'kosovo' \({folded} near-identical copies folded\)", text
    )
    assert f"of {pages}," in text


def test_a_page_past_the_end_exits_1_with_one_clear_line(data_index) -> None:
    total = json.loads(run(data_index, "search", "kosovo", "--json").stdout)["total"]
    pages = -(-total // 10)
    result = run(data_index, "search", "kosovo", "--page", str(pages + 1))
    assert result.exit_code == errors.EXIT_NOT_FOUND
    assert result.stdout == ""
    expected = errors.page_past_end(pages + 1, pages, total)
    assert result.stderr == f"archive-search: error: {expected}\n"


def test_a_huge_limit_blames_the_limit(data_index) -> None:
    result = run(data_index, "search", "kosovo", "--limit", "1000000000")
    assert result.exit_code == 2
    assert result.stderr.startswith("archive-search: error: bad value for --limit:")
    assert "--page" not in result.stderr


def test_all_streams_every_match_as_jsonl_or_csv(data_index) -> None:
    total = json.loads(run(data_index, "search", "kosovo", "--json").stdout)["total"]
    jsonl = run(data_index, "search", "kosovo", "--all", "--format", "jsonl")
    assert jsonl.exit_code == 0
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == len({r["id"] for r in rows}) == total
    csv_out = run(data_index, "search", "kosovo", "--all", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,score,title") and len(csv_out) >= total + 1
    assert sum(line.startswith("id,score") for line in csv_out) == 1


def test_all_needs_a_streaming_format(data_index) -> None:
    result = run(data_index, "search", "kosovo", "--all")
    assert result.exit_code == 2
    assert "--all" in result.stderr and "jsonl" in result.stderr


def test_all_writes_notes_to_stderr_and_only_data_to_stdout(data_index) -> None:
    result = run(data_index, "search", 'kosovo "unclosed', "--all", "--format", "jsonl")
    assert result.stderr.startswith("Note: unbalanced quote")
    for line in result.stdout.splitlines():
        json.loads(line)
