"""``archive-search index``: summary, report file, options, exit codes and messages."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from archive_search.cli import cli
from archive_search.engine.store import MARKER, IndexStore
from archive_search.errors import EXIT_INDEX, EXIT_OK, EXIT_USAGE
from archive_search.indexing.progress import LogProgress, RichProgress, progress_for
from archive_search.indexing.report import IndexReport, ReportEntry


def write_records(path: Path, count: int, *, start: int = 0) -> Path:
    lines = [
        json.dumps(
            {
                "title": f"Story {n} from Kumanovo",
                "body": [f"The treaty number {n} was signed."],
                "language": "sr" if n % 2 else "en",
                "published": f"201{n % 2}-06-08",
                "url": f"http://example.com/{n}",
            }
        )
        for n in range(start, start + count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    write_records(folder / "records.jsonl", 4)
    (folder / "empty.html").write_text("", encoding="utf-8")
    return folder


def index(tmp_path: Path, *args: str):
    runner = CliRunner()
    return runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", "--workers", "1", *args])


def test_summary_counts_outcomes_languages_years_and_skips(tmp_path, archive):
    result = index(tmp_path, str(archive))
    assert result.exit_code == EXIT_OK, result.output
    out = result.stdout
    assert "Processed 2 files (5 inputs)" in out
    assert "4  new" in out and "1  skipped" in out
    assert "By language: en 2, sr 2" in out
    assert "By year: 2010 2, 2011 2" in out
    assert "empty file" in out and "empty.html" in out
    assert "Index updated: 4 new" in out


def test_second_run_says_nothing_changed(tmp_path, archive):
    index(tmp_path, str(archive))
    result = index(tmp_path, str(archive))
    assert result.exit_code == EXIT_OK
    assert "4  unchanged" in result.stdout
    assert "Nothing changed" in result.stdout


def test_progress_goes_to_stderr_as_plain_lines_when_not_a_terminal(tmp_path, archive):
    result = index(tmp_path, str(archive))
    assert "indexing: started" in result.stderr
    assert "indexing: done" in result.stderr
    assert "\x1b" not in result.stderr  # no terminal control codes in a log


def test_report_file_has_one_line_per_input(tmp_path, archive):
    report = tmp_path / "report.jsonl"
    result = index(tmp_path, str(archive), "--report", str(report))
    assert result.exit_code == EXIT_OK
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [entry["outcome"] for entry in lines] == ["skipped", "new", "new", "new", "new"]
    assert lines[0]["reason"] == "empty file"
    assert [entry["line"] for entry in lines[1:]] == [1, 2, 3, 4]


def test_missing_path_is_one_line_and_exit_2_and_creates_no_index(tmp_path, archive):
    result = index(tmp_path, str(archive), str(tmp_path / "typo"))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.strip().splitlines() == [
        f"archive-search: error: no such file or folder: {tmp_path / 'typo'}"
    ]
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "bad value for --workers"),
        (["--wait", "-1"], "bad value for --wait"),
        (["--report", "/nonexistent-dir/report.jsonl"], "bad value for --report"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path, archive, args, message):
    result = index(tmp_path, str(archive), *args)
    assert result.exit_code == EXIT_USAGE
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_busy_index_exits_3_and_wait_succeeds(tmp_path, archive):
    store = IndexStore.create(tmp_path / "ix")
    lock = store.lock().acquire()
    busy = index(tmp_path, str(archive))
    assert busy.exit_code == EXIT_INDEX
    assert "being written by another process" in busy.stderr
    assert "--wait" in busy.stderr

    threading.Timer(0.3, lock.release).start()
    waited = index(tmp_path, str(archive), "--wait", "10")
    assert waited.exit_code == EXIT_OK, waited.output
    assert store.doc_count() == 4


def test_dry_run_creates_no_index_and_says_so(tmp_path, archive):
    result = index(tmp_path, str(archive), "--dry-run")
    assert result.exit_code == EXIT_OK
    assert "4  new" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert not (tmp_path / "ix").exists()


def test_prune_is_reported(tmp_path, archive):
    extra = write_records(tmp_path / "extra.jsonl", 2, start=100)
    index(tmp_path, str(archive), str(extra))
    extra.unlink()
    result = index(tmp_path, str(archive), "--prune")
    assert result.exit_code == EXIT_OK
    assert "2  pruned" in result.stdout
    assert "2 pruned" in result.stdout.splitlines()[-1]


def test_foreign_folder_is_refused_with_exit_3(tmp_path, archive):
    folder = tmp_path / "ix"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = index(tmp_path, str(archive))
    assert result.exit_code == EXIT_INDEX
    assert "not an archive-search index" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert not (folder / MARKER).exists()


def test_file_names_with_control_characters_print_safely(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil\x1b[31mred.html").write_text("", encoding="utf-8")
    result = index(tmp_path, str(folder))
    assert result.exit_code == EXIT_OK
    assert "\x1b" not in result.stdout
    assert "evilred.html" in result.stdout


def test_terminal_progress_bar_shows_files_rate_counts_and_phase():
    assert isinstance(progress_for(io.StringIO()), LogProgress)
    screen = io.StringIO()
    bar = RichProgress(console=Console(file=screen, force_terminal=True, width=160))
    report = IndexReport()
    bar.start(report)
    bar.total(10)
    for n in range(3):
        report.add(ReportEntry("/a.html", "new", id=str(n)))
        report.files += 1
        time.sleep(0.11)  # the bar redraws at most ten times a second
        bar.update(report)
    bar.phase("committing batch 1")
    bar.finish(report)
    shown = screen.getvalue()
    assert "3/10" in shown and "files/s" in shown
    assert "3 new" in shown and "committing batch 1" in shown
