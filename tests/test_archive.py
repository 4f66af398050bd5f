"""``Archive``, the one door: typed options with the CLI's names, dry runs, verify and rebuild."""

from __future__ import annotations

import inspect
import json

import pytest
from click.testing import CliRunner

from archive_search import Archive, Article, IndexReport, SearchResults, VerifyReport, errors
from archive_search.cli import cli
from tests.paths import DATA


def _articles() -> list[Article]:
    return [
        Article(id="a1", title="Kosovo elections", body=["Voters in Pristina."], language="en"),
        Article(id="a2", title="Izbori na Kosovu", body=["Glasači u Prištini."], language="hr"),
    ]


def test_search_takes_the_cli_option_names_as_typed_keywords(tmp_path) -> None:
    with Archive(tmp_path / "ix") as archive:
        archive.add(_articles())
        results = archive.search("kosovo", lang="hr")
        assert isinstance(results, SearchResults)
        assert [hit.id for hit in results] == ["a2"]
        with pytest.raises(TypeError):
            archive.search("kosovo", language="hr")  # type: ignore[call-arg]
    parameters = inspect.signature(Archive.search).parameters
    assert {"lang", "date_from", "date_to", "collapse", "facets", "timeline"} <= set(parameters)
    assert all(
        p.annotation is not inspect.Parameter.empty for n, p in parameters.items() if n != "self"
    )


def test_similar_takes_the_same_filters(tmp_path) -> None:
    with Archive(tmp_path / "ix") as archive:
        archive.add(
            [
                *_articles(),
                Article(
                    id="a3",
                    title="Kosovo elections again",
                    body=["Voters in Pristina again."],
                    language="en",
                ),
            ]
        )
        assert all(hit.language == "hr" for hit in archive.similar("a1", lang="hr"))
        assert "a3" in [hit.id for hit in archive.similar("a1", lang="en")]


def test_a_dry_run_reports_and_creates_no_index(tmp_path) -> None:
    target = tmp_path / "ix"
    report = Archive(target).index_paths([DATA], dry_run=True, workers=1)
    assert isinstance(report, IndexReport) and report.count("new") > 0
    assert not target.exists()


def test_bad_options_are_usage_errors_before_any_work(tmp_path) -> None:
    archive = Archive(tmp_path / "ix")
    with pytest.raises(errors.UsageError):
        archive.index_paths([DATA], workers=0)
    with pytest.raises(errors.UsageError):
        archive.index_paths([tmp_path / "missing"])
    with pytest.raises(errors.UsageError):
        archive.compact(wait=-1)
    assert not (tmp_path / "ix").exists()


def test_verify_and_rebuild_go_through_the_archive(tmp_path) -> None:
    archive = Archive(tmp_path / "ix")
    built = archive.rebuild([DATA], workers=1)
    count = len(archive)
    assert count == built.count("new") > 0
    report = VerifyReport()
    assert list(archive.verify([DATA], workers=1, report=report)) == []
    assert report.articles == count and report.error(archive.path) is None
    archive.close()


def test_the_rebuild_command_is_a_subcommand_too(tmp_path) -> None:
    index = tmp_path / "ix"
    result = CliRunner().invoke(
        cli, ["--index", str(index), "rebuild", str(DATA), "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["outcomes"]["new"] == len(Archive(index))
