"""One set of exit codes for every command, and every error as one line from errors.py.

0 success, 1 nothing found, 2 bad usage or a bad query, 3 an index problem
(missing, busy, damaged or not an index). Our own errors print exactly one line,
``archive-search: error: <message>``, whose message comes from an ``errors``
factory; click's usage errors exit 2 too. No command ever shows a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive_search import Archive, errors
from archive_search.article import Article
from archive_search.cli import cli
from archive_search.engine.store import IndexStore
from archive_search.errors import EXIT_INDEX, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE

TOPICS = ["Kumanovo agreement", "Skopje elections", "Kosovo army", "Belgrade talks"]
RECORDS = [
    {
        "title": f"{TOPICS[n % 4]} {n}",
        "body": f"{TOPICS[n % 4]} in the news: Kosovo, Serbia and Macedonia, report {n}.",
        "language": "en",
        "published": f"2014-0{1 + n % 9}-10",
        "author": "Ivana Jovanovic",
    }
    for n in range(12)
]
FIRST_ID = Article.from_dict(RECORDS[0]).id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("codes")
    src = root / "src"
    src.mkdir()
    (src / "records.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    index = root / "index"
    assert run(index, "index", "--workers", "1", str(src)).exit_code == EXIT_OK
    return src, index


def run(index: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--index", str(index), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: uncaught {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    return result


def one_error_line(result: Result, error: errors.ArchiveSearchError) -> None:
    """The error printed is exactly the factory's message, on one line, with its code."""
    assert result.exit_code == error.exit_code
    assert result.stderr == f"archive-search: error: {error}\n"


# -- 0 and 1 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("search", "kumanovo"),
        ("search", "kumanovo", "--json"),
        ("show", FIRST_ID),
        ("show", FIRST_ID, "--json"),
        ("similar", FIRST_ID),
        ("verify", "--workers", "1"),
        ("--version",),
        ("--help",),
        ("search", "--help"),
    ],
)
def test_success_is_0(built: tuple[Path, Path], args: tuple[str, ...]) -> None:
    _, index = built
    result = run(index, *args)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stderr == ""


def test_indexing_again_is_0(built: tuple[Path, Path]) -> None:
    src, index = built
    assert run(index, "index", "--workers", "1", str(src)).exit_code == EXIT_OK


def test_a_search_without_hits_is_1(built: tuple[Path, Path]) -> None:
    _, index = built
    result = run(index, "search", "zanzibar")
    assert result.exit_code == EXIT_NOT_FOUND and result.stderr == ""
    assert run(index, "search", "zanzibar", "--json").exit_code == EXIT_NOT_FOUND


@pytest.mark.parametrize("command", ["show", "similar"])
def test_an_unknown_id_is_1(built: tuple[Path, Path], command: str) -> None:
    _, index = built
    one_error_line(run(index, command, "000000000000"), errors.article_not_found("000000000000"))


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("The", ["And so it was, and it is, for them."]),  # stop words only
        ("Xylograph", ["Xylograph."]),  # one word, in no other article
        ("Article 7", ["7 8 9"]),  # numbers only
    ],
)
def test_similar_to_an_article_without_telling_words_is_1(
    tmp_path: Path, title: str, body: list[str]
) -> None:
    index = tmp_path / "index"
    lonely = Article(title=title, body=body, language="en")
    others = [Article(title=f"Kosovo talks {n}", body=["Kosovo talks went on."]) for n in range(3)]
    with Archive(index) as archive:
        archive.add([lonely, *others])
    for args in (("similar", lonely.id), ("similar", lonely.id, "--json")):
        result = run(index, *args)
        one_error_line(result, errors.no_telling_words(lonely.id))
        assert result.exit_code == EXIT_NOT_FOUND and result.stdout == ""
    assert run(index, "similar", others[0].id).exit_code == EXIT_OK


# -- 2: bad usage and bad queries ------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("search", "k*"),
        ("search", "NOT kosovo"),
        ("search", '"'),
        ("search", "date:31/02/14"),
        ("search", "x" * 2001),
        ("search", "kosovo", "--limit", "0"),
        ("search", "kosovo", "--page", "0"),
        ("search", "kosovo", "--page", "100000"),
        ("search", "kosovo", "--from", "2014-02-31"),
        ("search", "kosovo", "--from", "2015", "--to", "2014"),
        ("index", "--workers", "0", "."),
        ("index", "--wait", "-1", "."),
        ("verify", "--workers", "0"),
    ],
)
def test_a_bad_query_or_option_is_2_with_one_line(
    built: tuple[Path, Path], args: tuple[str, ...]
) -> None:
    _, index = built
    result = run(index, *args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.startswith("archive-search: error: ")
    assert result.stderr.count("\n") == 1


def test_a_field_with_nothing_after_it_is_2(built: tuple[Path, Path]) -> None:
    _, index = built
    one_error_line(run(index, "search", "title:"), errors.empty_query())


def test_an_empty_query_browses_with_0_or_1(built: tuple[Path, Path]) -> None:
    _, index = built
    assert run(index, "search", "  ").exit_code == EXIT_OK
    assert run(index, "search", "--from", "2030").exit_code == EXIT_NOT_FOUND


@pytest.mark.parametrize("command", ["index", "verify"])
def test_a_missing_source_path_is_2(built: tuple[Path, Path], command: str) -> None:
    src, index = built
    missing = str(src / "no-such-folder")
    one_error_line(run(index, command, missing), errors.path_missing(missing))


@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("index",),
        ("search", "kosovo", "--bogus"),
        ("search", "kosovo", "--sort", "random"),
        ("search", "kosovo", "--limit", "many"),
        ("frobnicate",),
    ],
)
def test_click_usage_errors_are_2(built: tuple[Path, Path], args: tuple[str, ...]) -> None:
    _, index = built
    result = run(index, *args)
    assert result.exit_code == EXIT_USAGE
    assert "Error:" in result.stderr


# -- 3: index problems ----------------------------------------------------------------------
READERS = [("search", "kosovo"), ("show", FIRST_ID), ("similar", FIRST_ID), ("verify",)]


@pytest.mark.parametrize("args", READERS)
def test_a_missing_index_is_3(tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "none"
    one_error_line(run(missing, *args), errors.no_index(missing))
    assert not missing.exists()  # reading never creates an index


@pytest.mark.parametrize("args", [*READERS, ("index", "--workers", "1", ".")])
def test_a_folder_that_is_not_an_index_is_3_and_left_alone(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    writes = args[0] == "index"
    expected = errors.not_an_index(foreign) if writes else errors.not_an_index_to_read(foreign)
    result = run(foreign, *args)
    one_error_line(result, expected)
    # only a write may suggest removing the folder; a search has no business to
    assert ("remove" in result.stderr) is writes
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]


def _damaged_copy(index: Path, tmp_path: Path, suffix: str) -> Path:
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(index, copy)
    (target,) = [p for p in copy.iterdir() if p.name.endswith(suffix)]
    with open(target, "r+b") as handle:
        handle.truncate(target.stat().st_size // 2)
    return copy


@pytest.mark.parametrize("suffix", [".toc", ".trm", "archive-search.json"])
@pytest.mark.parametrize("args", READERS)
def test_an_index_that_does_not_open_is_3(
    built: tuple[Path, Path], tmp_path: Path, suffix: str, args: tuple[str, ...]
) -> None:
    _, index = built
    damaged = _damaged_copy(index, tmp_path, suffix)
    result = run(damaged, *args)
    assert result.exit_code == EXIT_INDEX
    assert result.stderr.startswith(f"archive-search: error: index at {damaged} is damaged")
    assert "rebuild" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("suffix", [".pst", "._stored.col", ".id.col"])
@pytest.mark.parametrize("args", [("search", "kumanovo"), ("verify",)])
def test_a_damaged_segment_is_3_when_read(
    built: tuple[Path, Path], tmp_path: Path, suffix: str, args: tuple[str, ...]
) -> None:
    _, index = built
    damaged = _damaged_copy(index, tmp_path, suffix)
    result = run(damaged, *args)
    assert result.exit_code == EXIT_INDEX, result.output
    assert f"index at {damaged} is damaged" in result.stderr and "rebuild" in result.stderr


def test_a_busy_index_is_3(built: tuple[Path, Path]) -> None:
    src, index = built
    store = IndexStore.open(index)
    lock = store.lock().acquire()
    try:
        one_error_line(run(index, "index", "--workers", "1", str(src)), errors.index_busy(index))
        assert run(index, "search", "kumanovo").exit_code == EXIT_OK  # readers are not blocked
    finally:
        lock.release()
        store.close()


def test_verify_out_of_date_is_1_and_damaged_is_3(built: tuple[Path, Path], tmp_path: Path) -> None:
    src, index = built
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.jsonl").write_text(json.dumps({"title": "New", "body": "x"}) + "\n")
    result = run(index, "verify", "--workers", "1", str(src), str(extra))
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stderr == f"archive-search: error: {errors.verify_out_of_date(1)}\n"
    damaged = _damaged_copy(index, tmp_path, ".pst")
    result = run(damaged, "verify", "--workers", "1", str(src))
    assert result.exit_code == EXIT_INDEX
    assert result.stderr == f"archive-search: error: {errors.verify_damaged(damaged, 1)}\n"
