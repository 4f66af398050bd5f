"""``archive-search verify``: an archive is built, damaged in one way at a time, and verify must
name the damage (and exit 1 for an out-of-date index, 3 for a damaged one)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive_search import Archive, Article
from archive_search.engine.store import IndexStore
from archive_search.errors import EXIT_INDEX, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, Finding
from archive_search.indexing.manifest import FILE_NAME as MANIFEST
from archive_search.indexing.verify import VerifyReport, verify


def record(n: int, **extra: object) -> str:
    data = {
        "title": f"Story number {n}",
        "body": [f"Paragraph about Skopje and Tirana, story {n}.", "A second paragraph."],
        "language": "en",
        "published": "2010-05-0" + str(1 + n % 9),
        "url": f"https://example.org/news/{n}",
    }
    data.update(extra)
    return json.dumps(data)


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    """Sources (JSON Lines files, a duplicate and a skipped file) and their index."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "one.jsonl").write_text(record(1) + "\n")
    (src / "two.jsonl").write_text(record(2) + "\n" + record(3) + "\n")
    (src / "sub" / "three.jsonl").write_text(record(4) + "\n")
    (src / "sub" / "copy.jsonl").write_text(record(1) + "\n")  # a duplicate of one.jsonl
    (src / "sub" / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    index = tmp_path / "index"
    with Archive(index) as arch:
        report = arch.index_paths([src], workers=1)
    assert report.count("new") == 4 and report.count("duplicate") == 1
    assert report.count("skipped") == 1
    return src, index


def problems(index: Path, sources: list[Path] | None = None, **options: object) -> list[str]:
    report = VerifyReport()
    lines = [p.line() for p in verify(index, sources or [], report=report, **options)]
    assert report.exit_code == (
        EXIT_OK if not lines else EXIT_INDEX if report.damage else EXIT_NOT_FOUND
    )
    return lines


def run_cli(index: Path, *args: str) -> tuple[int, str, str]:
    from archive_search.cli import cli

    result = CliRunner().invoke(cli, ["--index", str(index), "verify", "--workers", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def article_id(n: int) -> str:
    return Article.from_json(record(n)).id


# -- a whole archive passes ------------------------------------------------------------
def test_a_fresh_archive_passes_with_and_without_sources(archive: tuple[Path, Path]) -> None:
    src, index = archive
    assert problems(index, [src]) == []
    assert problems(index) == []
    code, out, err = run_cli(index, str(src))
    assert code == EXIT_OK and out.startswith("OK: ") and "4 articles" in out and not err


def test_without_a_trusted_manifest_the_files_are_parsed_again(
    archive: tuple[Path, Path],
) -> None:
    src, index = archive
    (index / MANIFEST).unlink()
    report = VerifyReport()
    assert list(verify(index, [src], report=report)) == []
    assert not report.manifest_used and report.files == 5
    (src / "new.jsonl").write_text(record(9) + "\n")
    assert problems(index, [src]) == [
        f"{Finding.NOT_INDEXED}: {src / 'new.jsonl'}: articles not in the index: 1 ({article_id(9)})"
    ]


def test_parsing_in_worker_processes_gives_the_same_findings(archive: tuple[Path, Path]) -> None:
    src, index = archive
    (index / MANIFEST).unlink()
    (src / "two.jsonl").write_text(record(2, title="Edited") + "\n" + record(3) + "\n")
    assert problems(index, [src], workers=2) == problems(index, [src], workers=1)


# -- the index out of date with its sources (exit 1) ---------------------------------------
def test_a_deleted_source_file_is_named_gone(archive: tuple[Path, Path]) -> None:
    src, index = archive
    gone = src / "sub" / "three.jsonl"
    gone.unlink()
    expected = f"{Finding.GONE}: {gone.resolve()}: " + Finding.FILE_GONE.format(
        count=1, ids=article_id(4)
    )
    assert problems(index, [src]) == [expected]
    assert problems(index) == [expected]  # without sources too
    code, out, err = run_cli(index, str(src))
    assert code == EXIT_NOT_FOUND and out.splitlines() == [expected]
    assert err.startswith("archive-search: error: verify found 1 source file not matching")


def test_a_new_source_file_is_named_not_indexed(archive: tuple[Path, Path]) -> None:
    src, index = archive
    new = src / "sub" / "late.jsonl"
    new.write_text(record(7) + "\n")
    assert problems(index, [src]) == [f"{Finding.NOT_INDEXED}: {new}: {Finding.NEVER_READ}"]
    # a new file that indexing would skip is still unaccounted for
    new.unlink()
    (src / "empty.html").write_bytes(b"")
    assert problems(index, [src]) == [
        f"{Finding.NOT_INDEXED}: {src / 'empty.html'}: {Finding.NEVER_READ}"
    ]


def test_a_modified_source_file_is_named_changed(archive: tuple[Path, Path]) -> None:
    src, index = archive
    path = src / "two.jsonl"
    path.write_text(record(2, body="A rewritten story.") + "\n" + record(3) + "\n")
    assert problems(index, [src]) == [
        f"{Finding.CHANGED}: {path}: " + Finding.DIFFERS.format(count=1, ids=article_id(2))
    ]


def test_a_touched_but_unchanged_file_is_fine(archive: tuple[Path, Path]) -> None:
    src, index = archive
    path = src / "two.jsonl"
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    assert problems(index, [src]) == []


def test_records_removed_from_a_file_are_named_stale_and_new_ones_changed(
    archive: tuple[Path, Path],
) -> None:
    src, index = archive
    path = src / "two.jsonl"
    path.write_text(record(2) + "\n" + record(8) + "\n")
    assert problems(index, [src]) == [
        f"{Finding.CHANGED}: {path}: " + Finding.NOT_IN_INDEX.format(count=1, ids=article_id(8)),
        f"{Finding.STALE}: {path}: " + Finding.NO_LONGER_IN_FILE.format(count=1, ids=article_id(3)),
    ]


def test_the_fix_verify_suggests_makes_it_pass(archive: tuple[Path, Path]) -> None:
    src, index = archive
    (src / "one.jsonl").unlink()  # its article lives on in sub/copy.jsonl
    (src / "sub" / "three.jsonl").unlink()
    (src / "new.jsonl").write_text(record(5) + "\n")
    (src / "two.jsonl").write_text(record(2, title="Changed title") + "\n")
    kinds = sorted(line.split(":", 1)[0] for line in problems(index, [src]))
    assert kinds == ["changed", "gone", "gone", "not indexed", "stale"]
    with Archive(index) as arch:
        arch.index_paths([src], workers=1, prune=True)
    assert problems(index, [src]) == []


def test_articles_added_from_python_have_no_file_to_check(archive: tuple[Path, Path]) -> None:
    src, index = archive
    with Archive(index) as arch:
        arch.add([Article(title="Added by a script", body=["No file behind it."])])
    assert problems(index, [src]) == []
    assert problems(index) == []


# -- the index itself damaged (exit 3) ---------------------------------------------------
def _rewrite_stored(index: Path, article: int, record_text: str) -> None:
    """Replace one document's stored record behind the store's back, as damage would."""
    from whoosh import index as whoosh_index

    store = IndexStore.open(index)
    known = dict(store.iter_indexed())[article_id(article)]
    store.close()
    ix = whoosh_index.open_dir(str(index), indexname="articles")
    writer = ix.writer()
    writer.update_document(
        id=article_id(article),
        origin=known.origin,
        content_hash=known.content_hash,
        record=record_text,
    )
    writer.commit()
    ix.close()


def test_a_stored_record_that_does_not_parse_is_named(archive: tuple[Path, Path]) -> None:
    src, index = archive
    _rewrite_stored(index, 2, '{"title": "cut off in the mid')
    found = problems(index, [src])
    assert len(found) == 1
    assert found[0].startswith(f"{Finding.BAD_RECORD}: {index}: article {article_id(2)}: ")
    assert "does not parse" in found[0]
    code, out, err = run_cli(index)
    assert code == EXIT_INDEX and out.splitlines() == found
    assert str(index) in err and "rebuild" in err


def test_a_stored_record_altered_behind_the_index_is_named(archive: tuple[Path, Path]) -> None:
    _, index = archive
    tampered = Article.from_json(record(3, title="Tampered")).to_dict()
    _rewrite_stored(index, 3, json.dumps(tampered))
    assert problems(index) == [
        f"{Finding.BAD_RECORD}: {index}: " + Finding.RECORD_WRONG_HASH.format(id=article_id(3))
    ]


def _delete_behind_the_manifest(index: Path, article: int) -> None:
    """Lose an article while the manifest still vouches for the index (as damage would)."""
    import sqlite3

    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index), indexname="articles")
    writer = ix.writer()
    writer.delete_by_term("id", article_id(article))
    writer.commit()
    generation = ix.latest_generation()
    ix.close()
    db = sqlite3.connect(index / MANIFEST)
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(generation),))
    db.close()


def test_an_article_lost_from_the_index_is_named_missing(archive: tuple[Path, Path]) -> None:
    src, index = archive
    _delete_behind_the_manifest(index, 4)
    path = src / "sub" / "three.jsonl"
    assert problems(index, [src]) == [
        f"{Finding.MISSING}: {path}: " + Finding.LOST.format(count=1, ids=article_id(4))
    ]


def test_without_the_manifest_a_lost_article_is_found_by_parsing(
    archive: tuple[Path, Path],
) -> None:
    src, index = archive
    _delete_behind_the_manifest(index, 4)
    (index / MANIFEST).unlink()
    path = src / "sub" / "three.jsonl"
    assert problems(index, [src]) == [
        f"{Finding.NOT_INDEXED}: {path}: " + Finding.NOT_IN_INDEX.format(count=1, ids=article_id(4))
    ]


def _segment_file(index: Path, suffix: str) -> Path:
    (path,) = [
        p for p in index.iterdir() if p.name.startswith("articles_") and p.name.endswith(suffix)
    ]
    return path


@pytest.mark.parametrize(
    "suffix", [".pst", "._stored.col", ".id.col", ".origin.col", "._body_len.col"]
)
@pytest.mark.parametrize("keep", [0.0, 0.5])
def test_a_truncated_segment_file_is_named(
    archive: tuple[Path, Path], suffix: str, keep: float
) -> None:
    src, index = archive
    damaged = _segment_file(index, suffix)
    size = damaged.stat().st_size
    with open(damaged, "r+b") as handle:
        handle.truncate(int(size * keep))
    found = problems(index, [src])
    assert len(found) == 1, found
    assert found[0].startswith(f"{Finding.DAMAGED}: {index}: segment articles_")
    assert "cannot read its" in found[0]


@pytest.mark.parametrize("suffix", [".trm", ".toc"])
def test_an_index_that_does_not_open_is_an_index_problem(
    archive: tuple[Path, Path], suffix: str
) -> None:
    src, index = archive
    path = next(p for p in index.iterdir() if p.name.endswith(suffix))
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    code, out, err = run_cli(index, str(src))
    assert code == EXIT_INDEX and out == ""
    assert err.count("\n") == 1 and str(index) in err and "reindex" in err


def test_deep_mode_reads_every_posting_list(archive: tuple[Path, Path]) -> None:
    src, index = archive
    assert problems(index, [src], deep=True) == []
    postings = _segment_file(index, ".pst")
    data = bytearray(postings.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 64] = b"\xff" * 64  # damage in the middle
    postings.write_bytes(bytes(data))
    found = problems(index, [src], deep=True)
    assert found and found[-1].startswith(f"{Finding.DAMAGED}: {index}: segment articles_")


# -- usage ---------------------------------------------------------------------------------
def test_a_missing_source_path_is_bad_usage(archive: tuple[Path, Path]) -> None:
    src, index = archive
    code, _, err = run_cli(index, str(src / "nowhere"))
    assert code == EXIT_USAGE and "no such file or folder" in err


def test_a_missing_index_is_an_index_problem(tmp_path: Path) -> None:
    code, _, err = run_cli(tmp_path / "none")
    assert code == EXIT_INDEX and "no index at" in err


def test_file_names_in_findings_are_printed_safely(archive: tuple[Path, Path]) -> None:
    src, index = archive
    hostile = src / "evil\x1b[31m[bold]name.jsonl"
    hostile.write_text(record(6) + "\n")
    code, out, _ = run_cli(index, str(src))
    assert code == EXIT_NOT_FOUND
    assert "\x1b" not in out and "[bold]name.jsonl" in out


def test_verify_reads_but_never_writes(archive: tuple[Path, Path], tmp_path: Path) -> None:
    src, index = archive
    (src / "one.jsonl").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in index.iterdir()}
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    problems(index, [src])
    assert {p.name: p.stat().st_mtime_ns for p in index.iterdir()} == before
    assert sorted(p.name for p in index.iterdir()) == sorted(p.name for p in copy.iterdir())
