"""The JSON contract: a value an article lacks is null, never an empty string."""

from __future__ import annotations

import json

from click.testing import CliRunner

from archive_search import Archive, Article
from archive_search.cli import cli

BARE = Article(id="bare-1", title="Bare kosovo note", body=["Kosovo, nothing else known."])


def _json(index, *args: str):
    result = CliRunner().invoke(cli, ["--index", str(index), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_missing_values_are_null_in_search_show_and_exports(tmp_path) -> None:
    index = tmp_path / "index"
    with Archive(index) as archive:
        archive.add([BARE])
    hit = json.loads(_json(index, "search", "kosovo", "--json"))["hits"][0]
    for key in ("author", "place", "language", "section", "url", "source", "published"):
        assert hit[key] is None, key
    assert hit["title"] == "Bare kosovo note"
    line = json.loads(_json(index, "search", "kosovo", "--all", "--format", "jsonl"))
    assert line["author"] is None and line["url"] is None
    record = json.loads(_json(index, "show", "bare-1", "--json"))
    for key in ("lede", "author", "place", "place_local", "section", "outlet", "url", "source"):
        assert record[key] is None, key
    assert record["captions"] == [] and record["body"] == ["Kosovo, nothing else known."]
    assert record.pop("editions") == []
    assert Article.from_dict(record) == archive_article(index)


def archive_article(index) -> Article:
    with Archive(index) as archive:
        return archive.get("bare-1")


def test_csv_writes_missing_values_as_empty_fields(tmp_path) -> None:
    index = tmp_path / "index"
    with Archive(index) as archive:
        archive.add([BARE])
    rows = _json(index, "search", "kosovo", "--format", "csv").splitlines()
    assert rows[1].startswith("bare-1,") and ",,,," in rows[1]
