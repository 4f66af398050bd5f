"""The indexing engine: incremental runs, accounting, the manifest, pruning, workers, locking."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from archive_search import errors
from archive_search.archive import Archive
from archive_search.article import Article
from archive_search.engine.store import IndexStore
from archive_search.errors import Skip
from archive_search.indexing import pipeline
from archive_search.indexing.parallel import Job, OrderedParser
from archive_search.indexing.pipeline import index_paths
from archive_search.ingest import Parsed


def record(n: int, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": f"Story {n} from Kumanovo",
        "body": [f"Paragraph about the treaty number {n}.", "A second paragraph."],
        "language": "en",
        "published": f"{2010 + n % 3}-03-10",
        "url": f"http://example.com/story/{n}",
    }
    data.update(fields)
    return data


def write_jsonl(path: Path, records: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def article_id(n: int) -> str:
    return Article.from_dict(record(n)).id


def run(store: IndexStore, *paths: Path, **options: object):
    options.setdefault("workers", 1)
    return index_paths(store, list(paths), **options)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def read_report(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [record(n) for n in range(5)])
    return folder


# -- accounting ---------------------------------------------------------------------
def test_every_input_ends_as_exactly_one_outcome_in_counts_and_report(tmp_path, store, archive):
    write_jsonl(
        archive / "b.jsonl",
        [record(10), "{not json", record(0, body=["another copy"]), {"title": ""}],
    )
    (archive / "empty.txt").write_text("", encoding="utf-8")
    report_file = tmp_path / "report.jsonl"

    report = run(store, archive, report_path=report_file)

    assert report.files == 3
    assert dict(report.outcomes) == {"new": 6, "duplicate": 1, "skipped": 3}
    lines = read_report(report_file)
    assert len(lines) == report.entries == 10
    by_place = {(Path(str(e["path"])).name, e.get("line")): e for e in lines}
    assert by_place[("b.jsonl", 3)] == {
        "path": str((archive / "b.jsonl").resolve()),
        "line": 3,
        "outcome": "duplicate",
        "id": article_id(0),
    }
    assert by_place[("b.jsonl", 2)]["reason"].startswith("bad JSON Lines record")
    assert by_place[("empty.txt", None)] == {
        "path": str((archive / "empty.txt").resolve()),
        "outcome": "skipped",
        "reason": Skip.EMPTY,
    }
    assert all("id" in e for e in lines if e["outcome"] != "skipped")
    assert all("reason" in e and "id" not in e for e in lines if e["outcome"] == "skipped")
    assert store.doc_count() == 6


def test_counts_by_language_and_year_cover_indexed_articles(store, archive):
    write_jsonl(archive / "b.jsonl", [record(7, language="sr", published=None)])
    report = run(store, archive)
    assert dict(report.languages) == {"en": 5, "sr": 1}
    assert dict(report.years) == {"2010": 2, "2011": 2, "2012": 1, "unknown": 1}


def test_a_file_with_no_records_is_one_skipped_input(store, tmp_path):
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    report = run(store, blank)
    assert dict(report.outcomes) == {"skipped": 1}
    assert report.skipped[0].reason == Skip.NO_RECORDS


def test_the_same_file_named_twice_is_one_input(store, archive):
    report = run(store, archive, archive / "a.jsonl")
    assert report.files == 1
    assert report.count("new") == 5 and report.count("duplicate") == 0


# -- incremental runs -----------------------------------------------------------------
def test_rerun_on_unchanged_archive_neither_parses_nor_writes(store, archive, monkeypatch):
    first = run(store, archive)
    assert first.count("new") == 5 and first.commits == 1
    before = snapshot(store.path)

    def no_parsing(path):
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(pipeline, "iter_units", no_parsing)
    again = run(store, archive)

    assert dict(again.outcomes) == {"unchanged": 5}
    assert again.commits == 0 and not again.changed
    assert dict(again.languages) == {"en": 5}
    assert snapshot(store.path) == before


def test_touched_but_identical_file_is_reparsed_and_unchanged_without_a_commit(store, archive):
    run(store, archive)
    generation = store.generation()
    stat = (archive / "a.jsonl").stat()
    os.utime(archive / "a.jsonl", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    report = run(store, archive)
    assert dict(report.outcomes) == {"unchanged": 5}
    assert report.commits == 0 and store.generation() == generation


def test_changed_content_is_updated_and_new_records_added(store, archive):
    run(store, archive)
    changed = [record(n) for n in range(5)]
    changed[2]["body"] = ["The treaty was amended."]
    write_jsonl(archive / "a.jsonl", [*changed, record(5)])

    report = run(store, archive)

    assert dict(report.outcomes) == {"unchanged": 4, "updated": 1, "new": 1}
    assert store.doc_count() == 6
    assert store.get(article_id(2)).body == ["The treaty was amended."]


def test_first_copy_wins_and_stays_the_same_across_runs(store, tmp_path):
    folder = tmp_path / "dups"
    folder.mkdir()
    write_jsonl(folder / "1-first.jsonl", [record(1, body=["first copy"])])
    write_jsonl(folder / "2-second.jsonl", [record(1, body=["second copy"])])
    for _ in range(2):
        report = run(store, folder)
        assert report.count("duplicate") == 1
        assert store.get(article_id(1)).body == ["first copy"]


def test_copy_takes_over_when_the_first_file_goes(store, tmp_path):
    folder = tmp_path / "dups"
    folder.mkdir()
    write_jsonl(folder / "1-first.jsonl", [record(1)])
    second = write_jsonl(folder / "2-second.jsonl", [record(1)])
    run(store, folder)
    (folder / "1-first.jsonl").unlink()

    report = run(store, folder, prune=True)

    # same content, new origin: the stored record follows the file that still has it
    assert dict(report.outcomes) == {"updated": 1}
    assert report.pruned == 0
    assert store.origins() == {str(second.resolve()): [article_id(1)]}


def test_prune_removes_articles_of_gone_files_and_of_records_gone_from_a_file(store, archive):
    write_jsonl(archive / "b.jsonl", [record(20), record(21)])
    run(store, archive)
    (archive / "b.jsonl").unlink()
    write_jsonl(archive / "a.jsonl", [record(n) for n in range(4)])  # record 4 removed

    kept = run(store, archive)
    assert kept.pruned == 0 and store.doc_count() == 7

    report_file = archive.parent / "prune.jsonl"
    pruned = run(store, archive, prune=True, report_path=report_file)

    assert pruned.pruned == 3 and pruned.changed
    assert store.doc_count() == 4
    gone = {e["id"] for e in read_report(report_file) if e["outcome"] == "pruned"}
    assert gone == {article_id(4), article_id(20), article_id(21)}
    assert run(store, archive, prune=True).pruned == 0


def test_prune_leaves_articles_added_without_a_source_file(store, archive):
    with Archive(store.path) as library:
        library.add([Article(title="Typed in by hand", body=["No file behind it."])])
    assert run(store, archive, prune=True).pruned == 0
    assert store.doc_count() == 6


def test_a_write_by_another_program_makes_the_next_run_reparse(store, archive, monkeypatch):
    run(store, archive)
    with Archive(store.path) as library:
        library.add([Article(title="Added elsewhere", body=["Text."])])
    calls = []
    real = pipeline.iter_units
    monkeypatch.setattr(pipeline, "iter_units", lambda p: calls.append(p) or real(p))

    report = run(store, archive)

    assert calls == [str(archive / "a.jsonl")]
    assert dict(report.outcomes) == {"unchanged": 5}


def test_a_damaged_manifest_is_rebuilt(store, archive):
    run(store, archive)
    (store.path / "manifest.sqlite").write_bytes(b"this is not a database" * 100)
    assert dict(run(store, archive).outcomes) == {"unchanged": 5}
    assert dict(run(store, archive).outcomes) == {"unchanged": 5}


# -- batches, crashes and dry runs -------------------------------------------------------
def test_commits_in_batches_and_an_interrupted_run_keeps_finished_batches(store, tmp_path):
    source = write_jsonl(tmp_path / "many.jsonl", [record(n) for n in range(10)])

    class StopAfter:
        wants_total = False

        def __init__(self, entries: int) -> None:
            self.entries = entries

        def __getattr__(self, name):
            return lambda *args: None

        def update(self, report):
            if report.entries >= self.entries:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(store, source, batch_size=3, progress=StopAfter(8))
    assert store.doc_count() == 6  # two finished batches of 3; the third was pending

    report = run(store, source, batch_size=3)
    assert dict(report.outcomes) == {"unchanged": 6, "new": 4}
    assert report.commits == 2 and store.doc_count() == 10


def test_dry_run_decides_outcomes_but_writes_nothing(store, archive, tmp_path):
    run(store, archive)
    write_jsonl(
        archive / "a.jsonl", [record(0, body=["changed"]), *[record(n) for n in range(1, 6)]]
    )
    before = snapshot(store.path)

    report = run(store, archive, dry_run=True)

    assert report.dry_run
    assert dict(report.outcomes) == {"updated": 1, "unchanged": 4, "new": 1}
    assert snapshot(store.path) == before


def test_dry_run_without_an_index_creates_nothing(tmp_path, archive):
    report = index_paths(None, [archive], dry_run=True, workers=1)
    assert dict(report.outcomes) == {"new": 5}
    assert not (tmp_path / "ix").exists()


def test_missing_path_fails_before_any_work(store, tmp_path):
    with pytest.raises(errors.UsageError, match="no such file or folder"):
        run(store, tmp_path / "nowhere")
    assert store.generation() == 0


# -- the write lock -----------------------------------------------------------------------
def test_a_second_writer_is_told_the_index_is_busy(store, archive):
    with store.lock().acquire(), pytest.raises(errors.IndexBusy, match="another process"):
        run(store, archive)
    assert store.doc_count() == 0


def test_a_writer_waits_for_the_lock_with_wait(store, archive):
    lock = store.lock().acquire()
    threading.Timer(0.4, lock.release).start()
    started = time.monotonic()
    report = run(store, archive, wait=10)
    assert time.monotonic() - started >= 0.3
    assert report.count("new") == 5


def test_the_lock_is_held_across_batch_commits(store, tmp_path):
    source = write_jsonl(tmp_path / "many.jsonl", [record(n) for n in range(6)])
    seen_locked = []

    class Probe:
        wants_total = False

        def __getattr__(self, name):
            return lambda *args: None

        def phase(self, text):
            if text == "":  # just after a batch commit
                from archive_search.engine.locking import is_locked

                seen_locked.append(is_locked(store.path / "articles_WRITELOCK"))

    run(store, source, batch_size=2, progress=Probe())
    assert seen_locked and all(seen_locked)


# -- worker processes -----------------------------------------------------------------------
def page(title: str, paragraphs: int = 3) -> str:
    body = "".join(
        f"<p>Paragraph {i} of {title}: the talks in Brussels went on late into the night.</p>"
        for i in range(paragraphs)
    )
    return (
        f'<html lang="en"><head><title>{title}</title></head><body><article>'
        f"<h1>{title}</h1>{body}</article></body></html>"
    )


def test_workers_give_the_same_accounting_and_index_as_one_process(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(12):
        (pages / f"page-{n:02}.html").write_text(page(f"Story number {n}"), encoding="utf-8")
    (pages / "blank.html").write_text("   ", encoding="utf-8")
    write_jsonl(pages / "records.jsonl", [record(n) for n in range(3)])

    results = []
    for workers, name in ((1, "one"), (2, "two")):
        store = IndexStore.create(tmp_path / name)
        report_file = tmp_path / f"{name}.jsonl"
        report = index_paths(store, [pages], workers=workers, report_path=report_file)
        reader = store._reader()
        # workers also analyse the articles (pages and JSON Lines records alike):
        # the index must be the same, posting for posting
        contents = (list(reader.iter_postings()), list(reader.all_stored_fields()))
        reader.close()
        results.append((dict(report.outcomes), read_report(report_file), contents))
        store.close()
    assert results[0] == results[1]
    assert results[0][0]["new"] == 15


def crash_on_request(path: str) -> list[Parsed]:
    """A parse function whose worker dies on files named 'crash*' (module level: picklable)."""
    name = os.path.basename(path)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return [Parsed(path, path, reason=f"parsed {name}")]


def test_a_worker_killed_by_a_file_costs_only_that_file(tmp_path):
    names = [f"file-{n:02}" for n in range(30)]
    names.insert(17, "crash-me")
    jobs = [Job(str(tmp_path / name), name, in_pool=True) for name in names]
    jobs.insert(5, Job("local", "local", in_pool=False))

    with OrderedParser(2, parse=crash_on_request) as parser:
        results = list(parser.results(jobs))

    assert [job.origin for job, _ in results] == [job.origin for job in jobs]
    reasons = {job.origin: parsed[0].reason for job, parsed in results if parsed is not None}
    assert reasons["crash-me"] == Skip.WORKER_DIED
    assert all(reasons[name] == f"parsed {name}" for name in names if name != "crash-me")
    assert next(p for j, p in results if j.origin == "local") is None  # left to the caller
    assert parser.restarts >= 1


def test_articles_without_an_origin_are_read_back_with_an_empty_one(store):
    # Whoosh stores no column value for them; trailing ones used to raise IndexError
    with store.writer() as writer:
        writer.put(Article(title="From a file", body=["x"]), origin="/data/a.html")
        writer.put(Article(title="From Python", body=["y"]))
    assert sorted(known.origin for _, known in store.iter_indexed()) == ["", "/data/a.html"]
    assert store.origins()[""] == [Article(title="From Python", body=["y"]).id]


def test_an_index_inside_an_input_folder_is_not_read_as_input(archive):
    inside = IndexStore.create(archive / "index")
    try:
        assert run(inside, archive).files == 1
        again = run(inside, archive)
        assert again.files == 1 and dict(again.outcomes) == {"unchanged": 5}
    finally:
        inside.close()


def test_a_fresh_index_can_delete_what_it_just_wrote(store):
    article = Article(title="Written then removed", body=["x"])
    with store.writer() as writer:
        assert writer.put(article, origin="/a.html") == "new"
        assert writer.delete(article.id)
    assert store.doc_count() == 0
