"""Crashes and concurrency, with real processes: kill -9 mid-run, stale locks, two writers, readers.

Each test starts ``archive-search index`` or ``scripts/reindex.py`` as a
subprocess on a few hundred small JSON Lines articles with tiny batches
(``ARCHIVE_SEARCH_BATCH_SIZE``), watches the index folder until the run is
midway, and kills it with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive_search.archive import Archive
from archive_search.article import Article
from archive_search.engine.locking import is_locked
from archive_search.engine.store import LOCK_NAME, IndexStore, latest_generation_on_disk
from archive_search.errors import EXIT_INDEX, EXIT_OK
from archive_search.indexing.pipeline import BATCH_ENV_VAR, index_paths
from archive_search.indexing.rebuild import rebuild_index
from tests.paths import REPO

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals"),
    pytest.mark.slow,
]

REINDEX = REPO / "scripts" / "reindex.py"
BATCH = 20
#: Articles per run: ten batches, so that a kill after a few commits lands midway.
TOTAL = 200
TIMEOUT = 60.0


def write_records(path: Path, numbers: range, word: str = "Kumanovo") -> Path:
    lines = [
        json.dumps(
            {
                "title": f"{word} story {n}",
                "body": [f"Talks number {n} in {word} went on."],
                "language": "en",
                "url": f"http://example.com/{word}/{n}",
            }
        )
        for n in numbers
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ids_of(numbers: range, word: str = "Kumanovo") -> list[str]:
    return [Article(title="x", url=f"http://example.com/{word}/{n}").id for n in numbers]


def indexed_ids(path: Path) -> list[str]:
    store = IndexStore.open(path)
    try:
        return [article_id for article_id, _ in store.iter_indexed()]
    finally:
        store.close()


def start_index(index: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "archive_search", "--index", str(index), "index", *args]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, BATCH_ENV_VAR: str(BATCH)},
    )


def wait_until(condition, process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    out, err = process.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("commits", [1, 5])
def test_index_killed_midway_keeps_every_committed_batch_and_a_rerun_completes(tmp_path, commits):
    source = write_records(tmp_path / "articles.jsonl", range(TOTAL))
    index = tmp_path / "ix"
    run = start_index(index, "--workers", "1", str(source))
    wait_until(
        lambda: index.is_dir() and latest_generation_on_disk(index) >= commits, run, "the commits"
    )
    kill(run)

    kept = indexed_ids(index)
    assert kept, "at least one batch was committed"
    assert len(kept) % BATCH == 0  # whole batches only
    assert sorted(kept) == sorted(ids_of(range(len(kept))))  # the first ones, in input order
    assert not is_locked(index / LOCK_NAME)

    rerun = finish(start_index(index, "--workers", "1", str(source)))
    assert rerun.returncode == EXIT_OK, rerun.stderr
    assert f"{TOTAL - len(kept)}  new" in rerun.stdout
    assert f"{len(kept)}  unchanged" in rerun.stdout
    assert sorted(indexed_ids(index)) == sorted(ids_of(range(TOTAL)))


@pytest.mark.parametrize("reported", [40, 150])
def test_reindex_killed_midway_leaves_the_old_index_whole_and_a_rebuild_succeeds(
    tmp_path, reported
):
    index = tmp_path / "ix"
    store = IndexStore.create(index)
    index_paths(store, [write_records(tmp_path / "old.jsonl", range(5), "Ohrid")], workers=1)
    store.close()
    sources = tmp_path / "sources"
    sources.mkdir()
    write_records(sources / "new.jsonl", range(TOTAL))
    report = tmp_path / "report.jsonl"

    def lines() -> int:
        return report.read_text(encoding="utf-8").count("\n") if report.exists() else 0

    command = [
        sys.executable,
        str(REINDEX),
        str(sources),
        "--index",
        str(index),
        "--report",
        str(report),
    ]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: lines() >= reported, run, f"{reported} inputs")
    kill(run)

    assert list(tmp_path.glob(".ix.build-*")), "killed while building beside the old index"
    assert sorted(indexed_ids(index)) == sorted(ids_of(range(5), "Ohrid"))
    with Archive(index, create=False) as archive:
        assert archive.search("Ohrid").total == 5
        assert archive.search("Kumanovo").total == 0

    report_again = rebuild_index(index, [sources], workers=1)
    assert report_again.count("new") == TOTAL
    assert sorted(indexed_ids(index)) == sorted(ids_of(range(TOTAL)))
    assert not list(tmp_path.glob(".ix.build-*"))


HOLD_LOCK = """
import sys, time
from archive_search.article import Article
from archive_search.engine.store import IndexStore
store = IndexStore.open_or_create(sys.argv[1])
with store.writer() as writer:
    writer.put(Article(title="Held", body=["lock holder"]))
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_lock_left_by_a_killed_writer_never_blocks_the_next_run(tmp_path):
    index = tmp_path / "ix"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    assert is_locked(index / LOCK_NAME)
    kill(holder)

    assert (index / LOCK_NAME).exists()  # the file stays; it means nothing by itself
    store = IndexStore.open(index)
    with store.writer(wait=0) as writer:
        assert writer.put(Article(title="Next run", body=["proceeds at once"])) == "new"
    assert store.doc_count() == 1  # the killed writer's uncommitted article is gone


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        try:
            text = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        children = {int(c) for c in text.split()}
        found |= children
        todo += children
    return found


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="needs /proc/PID/task/PID/children (Linux)",
)
def test_parse_workers_die_with_a_killed_index_run_and_hold_no_lock(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    paragraph = "<p>The talks in Brussels went on late into the night, said the envoy.</p>" * 5
    for n in range(40):
        html = f"<html><head><title>Story {n}</title></head><body><h1>Story {n}</h1>{paragraph}</body></html>"
        (pages / f"{n:03}.html").write_text(html, encoding="utf-8")
    index = tmp_path / "ix"
    run = start_index(index, "--workers", "2", str(pages))
    # resource tracker, fork server and its two workers: the server forks them once warm
    wait_until(lambda: len(descendants(run.pid)) >= 4, run, "the parse workers")
    helpers = descendants(run.pid)
    kill(run)

    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [pid for pid in helpers if Path(f"/proc/{pid}").exists()]
    zombies = [pid for pid in alive if "State:\tZ" in Path(f"/proc/{pid}/status").read_text()]
    assert alive == zombies, "every worker process died with the killed run"
    assert not is_locked(index / LOCK_NAME)


def test_two_writers_one_busy_one_waiting_and_no_article_lost_or_doubled(tmp_path):
    first_source = write_records(tmp_path / "first.jsonl", range(TOTAL))
    second_source = write_records(tmp_path / "second.jsonl", range(20), "Ohrid")
    index = tmp_path / "ix"
    first = start_index(index, "--workers", "1", str(first_source))
    wait_until(lambda: index.is_dir() and is_locked(index / LOCK_NAME), first, "the lock")

    busy = finish(start_index(index, "--workers", "1", str(second_source)))
    assert busy.returncode == EXIT_INDEX
    assert "being written by another process" in busy.stderr

    waiting = start_index(index, "--workers", "1", "--wait", "60", str(second_source))
    assert finish(first).returncode == EXIT_OK
    assert finish(waiting).returncode == EXIT_OK

    ids = indexed_ids(index)
    assert len(ids) == len(set(ids)) == TOTAL + 20
    assert set(ids) == set(ids_of(range(TOTAL))) | set(ids_of(range(20), "Ohrid"))


def test_readers_during_a_run_only_ever_see_whole_batches(tmp_path):
    source = write_records(tmp_path / "articles.jsonl", range(TOTAL))
    index = tmp_path / "ix"
    run = start_index(index, "--workers", "1", str(source))
    wait_until(lambda: index.is_dir() and latest_generation_on_disk(index) >= 1, run, "a commit")
    seen = []
    with Archive(index, create=False) as archive:
        while run.poll() is None:
            seen.append(archive.search("Kumanovo", limit=1).total)
    assert finish(run).returncode == EXIT_OK
    assert len(seen) > 1
    assert all(count % BATCH == 0 for count in seen), seen
    assert seen == sorted(seen)
