"""The rebuild on a Dask cluster equals a local rebuild, survives lost workers, fails safe.

Every test is bounded: pytest-timeout per test, and a timeout on every wait
for the cluster (``task_seconds``, subprocess timeouts). Clusters and
processes started here are stopped here.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")  # in the test extra; this guards a bare install only

from archive_search import Archive, errors
from archive_search.cli.rebuild_cmd import rebuild_command
from archive_search.indexing.distributed import (
    DaskStats,
    build_on_dask,
    open_cluster,
    segment_bound,
)
from archive_search.indexing.progress import Progress
from archive_search.indexing.rebuild import rebuild_index
from archive_search.indexing.report import IndexReport
from archive_search.ingest.reading import iter_source_files
from tests.indexing.dask_hooks import KillOnBuild, KillOnParse, write_jsonl_files
from tests.indexing.index_contents import index_contents, search_scores
from tests.loader import load_script
from tests.paths import DATA, REPO, SHARED

pytestmark = pytest.mark.timeout(240)

REINDEX = REPO / "scripts" / "reindex.py"
QUERIES = ["kosovo", "army border", '"treaty army"', "serbia -belgrade", "kfor", "title:reform"]
#: Seconds any one task may take in these tests before the run gives up.
TASK_SECONDS = 120.0


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A LocalCluster of two process workers, shared by the tests of this module."""
    with open_cluster("local:2") as dask_client:
        yield dask_client


def local_rebuild(index: Path, sources: list[Path], report: Path | None = None) -> IndexReport:
    return rebuild_index(index, sources, workers=2, report_path=report)


def dask_rebuild(
    client: Any,
    index: Path,
    sources: list[Path],
    *,
    report: Path | None = None,
    stats: DaskStats | None = None,
    shared_dir: Path | None = None,
    share_bytes: int = 20_000,
    progress: Progress | None = None,
) -> IndexReport:
    def builder(store: Any) -> IndexReport:
        return build_on_dask(
            client, store, sources, report_path=report, progress=progress, stats=stats,
            shared_dir=shared_dir, share_bytes=share_bytes, task_seconds=TASK_SECONDS,
        )  # fmt: skip

    return rebuild_index(index, sources, report_path=report, progress=progress, builder=builder)


def counts(report: IndexReport) -> dict[str, Any]:
    """What a run accounted for (the report's figures less its timing)."""
    keys = ("files", "outcomes", "languages", "years", "skip_reasons", "commits")
    return {key: report.to_dict()[key] for key in keys}


def report_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_workers(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in line.items() if k != "worker"} for line in lines]


def assert_same_index(local: Path, distributed: Path, queries: list[str] = QUERIES) -> None:
    expected, got = index_contents(local), index_contents(distributed)
    assert got["doc_count"] == expected["doc_count"] > 0
    for part in ("records", "field_totals", "doc_lengths", "terms", "postings"):
        assert got[part] == expected[part], part
    assert search_scores(distributed, queries) == search_scores(local, queries)


# -- same result ------------------------------------------------------------------
def test_local_cluster_builds_data_exactly_as_a_local_rebuild(client: Any, tmp_path: Path) -> None:
    local_report = local_rebuild(tmp_path / "local", [DATA], tmp_path / "local.jsonl")
    stats = DaskStats()
    report = dask_rebuild(
        client, tmp_path / "dask", [DATA], report=tmp_path / "dask.jsonl", stats=stats
    )
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert counts(report) == counts(local_report)
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    workers = set(client.scheduler_info()["workers"])
    assert {line["worker"] for line in lines} <= workers  # who parsed each source
    assert stats.shares > 2  # the walk was really cut into several shares
    # the shares' segments are committed as they are (up to the bound): nothing rewritten
    bound = segment_bound(stats.workers)
    assert stats.segments_before_merge > 1
    assert stats.segments_after_merge == min(stats.segments_before_merge, bound)
    assert stats.bytes_segments > 0 and stats.bytes_metadata > 0
    assert_fast_paths_serve(tmp_path / "dask")


def assert_fast_paths_serve(index: Path) -> None:
    """Searches of a multi-segment index run on the fast paths, never falling back to Whoosh."""
    from archive_search.engine.segment import fallback

    fallback.reset()
    with Archive(index, create=False) as archive:
        assert len(archive.store.searcher().reader().leaf_readers()) > 1
        for query in QUERIES:
            archive.search(query, limit=10)
    assert not fallback.warned(), f"fast paths fell back: {sorted(fallback.warned())}"


def test_past_the_bound_the_smallest_segments_are_merged_and_nothing_changes(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_search import config

    assert config.DASK_SEGMENTS_PER_WORKER == 1  # the default: as many as a local rebuild
    monkeypatch.setattr(config, "DASK_SEGMENTS_PER_WORKER", 1)  # two workers: two segments
    local_rebuild(tmp_path / "local", [DATA])
    stats = DaskStats()
    dask_rebuild(client, tmp_path / "dask", [DATA], stats=stats)
    assert stats.segments_before_merge > 2 and stats.segments_after_merge == 2
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert_fast_paths_serve(tmp_path / "dask")


def test_a_raised_bound_keeps_more_segments_and_the_same_index(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_search import config

    monkeypatch.setattr(config, "DASK_SEGMENTS_PER_WORKER", config.DASK_SHARES_PER_WORKER)
    local_rebuild(tmp_path / "local", [DATA])
    stats = DaskStats()
    dask_rebuild(client, tmp_path / "dask", [DATA], stats=stats)
    bound = segment_bound(stats.workers)
    assert bound == stats.workers * config.DASK_SHARES_PER_WORKER > stats.workers
    assert stats.segments_after_merge == min(stats.segments_before_merge, bound)
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert_fast_paths_serve(tmp_path / "dask")


def test_first_copy_wins_across_shares_and_shared_dir_is_cleaned(
    client: Any, tmp_path: Path
) -> None:
    sources = tmp_path / "jsonl"
    repeated = write_jsonl_files(sources, files=8, per_file=30)
    shared = tmp_path / "shared"
    shared.mkdir()
    local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    stats = DaskStats()
    report = dask_rebuild(
        client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl",
        stats=stats, shared_dir=shared, share_bytes=1,
    )  # fmt: skip
    assert stats.shares == 8  # one file per share: every duplicate is across shares
    assert report.count("duplicate") == len(repeated) == 6
    assert report.count("new") == 8 * 30 - 6
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    first = {line["id"]: line["path"] for line in lines if line["outcome"] == "new"}
    assert all(first[i].endswith(f"part-{int(i.split('-')[1]) // 30:03d}.jsonl") for i in repeated)
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert list(shared.iterdir()) == []  # segment files moved in, attempts removed


def test_bad_sources_are_skipped_with_a_reason_and_the_run_goes_on(
    client: Any, tmp_path: Path
) -> None:
    sources = tmp_path / "in"
    write_jsonl_files(sources, files=3, per_file=5)
    (sources / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")
    (sources / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    (sources / "bad-record.jsonl").write_text('{"title": 3}\nnot json\n', encoding="utf-8")
    local_report = local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    report = dask_rebuild(client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl")
    assert report.count("new") == 14 and report.count("duplicate") == 1
    assert report.skip_reasons == local_report.skip_reasons
    assert errors.Skip.BAD_GZIP in report.skip_reasons
    assert errors.Skip.NO_RECORDS in report.skip_reasons
    lines = report_lines(tmp_path / "dask.jsonl")
    skipped = [line for line in lines if line["outcome"] == "skipped"]
    assert len(skipped) == 4 and all(line["reason"] and line["worker"] for line in skipped)
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    assert_same_index(tmp_path / "local", tmp_path / "dask")


# -- failures ---------------------------------------------------------------------
def test_a_worker_dying_mid_task_has_the_task_retried_with_nothing_lost(
    client: Any, tmp_path: Path
) -> None:
    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=6, per_file=20)
    marker = tmp_path / "died-once"
    local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    client.register_plugin(KillOnParse("part-003.jsonl", str(marker)))
    try:
        report = dask_rebuild(
            client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl", share_bytes=1
        )
    finally:
        client.unregister_worker_plugin(KillOnParse.name)
    assert marker.exists()  # a worker did die parsing part-003
    assert report.count("new") + report.count("duplicate") == 6 * 20
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")  # once each
    assert_same_index(tmp_path / "local", tmp_path / "dask")


def test_a_build_lost_with_its_worker_is_redone_even_without_scheduler_retries(
    tmp_path: Path,
) -> None:
    import dask

    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=4, per_file=10)
    local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    marker = tmp_path / "died-building"
    no_retries = dask.config.set({"distributed.scheduler.allowed-failures": 0})
    with no_retries, open_cluster("local:2") as own:
        own.register_plugin(KillOnBuild(str(marker)))
        stats = DaskStats()
        dask_rebuild(
            own, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl", stats=stats,
            share_bytes=1,
        )  # fmt: skip
    assert marker.exists() and stats.recomputed >= 1  # a worker died writing a segment
    assert without_workers(report_lines(tmp_path / "dask.jsonl")) == report_lines(
        tmp_path / "local.jsonl"
    )
    assert_same_index(tmp_path / "local", tmp_path / "dask")


def test_a_file_that_kills_every_worker_is_skipped_as_locally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dask

    from archive_search import config

    monkeypatch.setattr(config, "DASK_SHARES_PER_WORKER", 0)  # all four files in one share
    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=4, per_file=10)
    no_retries = dask.config.set({"distributed.scheduler.allowed-failures": 0})
    with no_retries, open_cluster("local:2") as own:
        own.register_plugin(KillOnParse("part-002.jsonl", str(tmp_path / "m"), once=False))
        stats = DaskStats()
        report = dask_rebuild(
                own, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl",
                stats=stats, share_bytes=10**9,
            )  # fmt: skip
    assert stats.isolated == 1  # the one share was parsed again file by file
    assert report.skip_reasons == {errors.Skip.WORKER_DIED: 1}
    assert report.count("new") == 30 - 1  # one id of part-002 had a copy in part-000
    dead = [line for line in report_lines(tmp_path / "dask.jsonl") if "reason" in line]
    assert [Path(line["path"]).name for line in dead] == ["part-002.jsonl"]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder of this process and of the workers of clusters started after."""
    import tempfile

    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(scratch: Path, shared: Path | None = None) -> list[str]:
    """What runs left in the temporary folder (ours: Dask's and Python's are theirs) or the
    shared one."""
    left = [p.name for p in scratch.iterdir() if p.name.startswith("archive-search")]
    return left + [p.name for p in shared.iterdir()] if shared is not None else left


def test_a_cluster_lost_mid_run_leaves_the_old_index_serving(tmp_path: Path, scratch: Path) -> None:
    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=6, per_file=10)
    old = tmp_path / "index"
    write_jsonl_files(tmp_path / "old", files=1, per_file=5)
    local_rebuild(old, [tmp_path / "old"])
    before = index_contents(old)

    class CloseCluster(Progress):
        def __init__(self, own: Any) -> None:
            self.own = own

        def update(self, report: IndexReport) -> None:
            if report.files == 1:
                self.own.cluster.close()

    stopped = pytest.raises(errors.IndexProblem, match="old index is unchanged")
    with open_cluster("local:1") as own, stopped:
        dask_rebuild(own, old, [sources], share_bytes=1, progress=CloseCluster(own))
    assert index_contents(old) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index")] == [
        ".index.rebuild.lock"
    ]  # no build folder left behind
    assert leftovers(scratch) == []


def test_scratch_folders_go_after_a_killed_worker_and_a_keyboard_interrupt(
    tmp_path: Path, scratch: Path
) -> None:
    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=8, per_file=10)
    shared = tmp_path / "shared"
    shared.mkdir()
    marker = tmp_path / "died-building"

    class Interrupt(Progress):
        def update(self, report: IndexReport) -> None:
            if report.files == 3:
                raise KeyboardInterrupt

    with open_cluster("local:2") as own:
        own.register_plugin(KillOnBuild(str(marker)))
        stats = DaskStats()
        report = dask_rebuild(own, tmp_path / "ix", [sources], stats=stats, share_bytes=1)
        assert marker.exists() and stats.recomputed >= 1  # a worker died writing segments
        assert report.count("new") + report.count("duplicate") == 80
        assert leftovers(scratch) == []  # not even the dead worker's empty folder

        with pytest.raises(KeyboardInterrupt):
            dask_rebuild(
                own, tmp_path / "ix", [sources], shared_dir=shared, share_bytes=1,
                progress=Interrupt(),
            )  # fmt: skip
        assert leftovers(scratch, shared) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".ix")) == [
        ".ix.rebuild.lock"
    ]


def test_a_dashboard_is_there_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from archive_search.indexing import distributed

    assert open_cluster("local:1").dashboard is None
    assert distributed._dashboard_options(None)["scheduler_kwargs"]["dashboard"] is False
    monkeypatch.setenv(distributed.DASHBOARD_ENV, "127.0.0.1:8799")
    assert open_cluster("local:1").dashboard == "127.0.0.1:8799"
    assert open_cluster("local:1", dashboard=":9000").dashboard == ":9000"
    assert distributed._dashboard_options(":9000") == {"dashboard_address": ":9000"}


def test_local_clusters_take_no_fixed_dashboard_port() -> None:
    import socket
    import warnings

    holder = socket.socket()
    with contextlib.suppress(OSError):  # else someone else holds it: the same situation
        holder.bind(("127.0.0.1", 8787))
        holder.listen()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with open_cluster("local:1") as own:
                port = int(own.dashboard_link.split(":")[2].split("/")[0])
        assert port != 8787
        assert not [w for w in caught if "8787" in str(w.message)]
    finally:
        holder.close()


# -- the command line ---------------------------------------------------------------
def run_reindex(*args: str, timeout: float = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REINDEX), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def test_reindex_dask_local_from_the_command_line(tmp_path: Path) -> None:
    done = run_reindex(str(DATA), "--index", str(tmp_path / "ix"), "--dask", "local:2", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    walked = sum(1 for _ in iter_source_files([DATA]))
    assert summary["files"] == walked == sum(summary["outcomes"].values())
    assert "Traceback" not in done.stderr
    assert "merging the index" in done.stderr  # the same progress lines as a local rebuild
    with Archive(tmp_path / "ix", create=False) as archive:
        assert len(archive) == summary["outcomes"]["new"] > 0
        assert archive.search("Kumanovo").total >= 1


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("local:0", "local:N needs N of 1 or more"),
        ("local:two", "local:N needs N of 1 or more"),
        ("nonsense", "give local, local:N or a scheduler address"),
    ],
)
def test_bad_dask_values_are_one_line_usage_errors(option: str, message: str) -> None:
    with pytest.raises(errors.UsageError, match=message):
        open_cluster(option).__enter__()


def test_an_unreachable_scheduler_is_a_one_line_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from archive_search import config

    monkeypatch.setattr(config, "DASK_CONNECT_SECONDS", 2.0)
    args = [str(DATA), "--index", str(tmp_path / "ix"), "--dask", "tcp://127.0.0.1:9"]
    result = CliRunner().invoke(rebuild_command, args, prog_name="reindex")
    assert result.exit_code == errors.EXIT_USAGE
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in lines[0]
    assert not (tmp_path / "ix").exists()


def test_without_dask_the_option_is_a_one_line_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    args = [str(DATA), "--index", str(tmp_path / "ix"), "--dask", "local"]
    result = CliRunner().invoke(rebuild_command, args, prog_name="reindex")
    assert result.exit_code == errors.EXIT_USAGE
    assert result.output.strip() == (
        "reindex: error: --dask needs Dask: install it with pip install 'archive-search[dask]'"
    )


# -- a cluster started from the command line, one worker killed -----------------------
@pytest.fixture
def cli_cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """``dask scheduler`` and two ``dask worker`` processes on loopback; all stopped after."""
    dask_cli = Path(sys.executable).parent / "dask"
    address_file = tmp_path / "scheduler.json"
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    log = (tmp_path / "cluster.log").open("wb")
    scheduler_args = ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    scheduler_args += ["--scheduler-file", str(address_file)]
    processes = [
        subprocess.Popen([str(dask_cli), *scheduler_args], stdout=log, stderr=log, env=env)
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for _ in range(2):
            worker = [str(dask_cli), "worker", address, "--nworkers", "1", "--nthreads", "1"]
            worker += ["--no-nanny", "--host", "127.0.0.1", "--no-dashboard"]
            processes.append(subprocess.Popen(worker, stdout=log, stderr=log, env=env))
        yield address, processes
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()


def test_a_command_line_cluster_survives_a_killed_worker(
    cli_cluster: tuple[str, list[subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    address, processes = cli_cluster
    sources = tmp_path / "jsonl"
    write_jsonl_files(sources, files=24, per_file=40)
    local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    victim = processes[1]

    class KillAWorker(Progress):
        def update(self, report: IndexReport) -> None:
            if report.files == 3 and victim.poll() is None:
                os.kill(victim.pid, signal.SIGKILL)

    with open_cluster(address) as remote:
        remote.wait_for_workers(2, timeout=60)
        stats = DaskStats()
        report = dask_rebuild(
            remote, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl",
            stats=stats, share_bytes=1, progress=KillAWorker(),
        )  # fmt: skip
    assert victim.poll() is not None  # it was killed mid-run, and the run went on
    assert stats.workers == 2
    assert report.count("new") + report.count("duplicate") == 24 * 40
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    assert_same_index(tmp_path / "local", tmp_path / "dask")


# -- a Reuters sample (when the shared corpora are there) ---------------------------
REUTERS = SHARED / "corpora" / "reuters21578"


@pytest.mark.skipif(not REUTERS.is_dir(), reason="needs ../shared/corpora/reuters21578")
def test_a_reuters_sample_builds_exactly_as_locally(client: Any, tmp_path: Path) -> None:
    import itertools

    reuters = load_script("corpus_reuters")
    records = [a.to_json() for a in itertools.islice(reuters.iter_articles(REUTERS), 600)]
    sources = tmp_path / "reuters"
    sources.mkdir()
    for n in range(0, len(records), 150):  # four files: shares of whole files
        (sources / f"reuters-{n:05d}.jsonl").write_text("\n".join(records[n : n + 150]) + "\n")
    local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    dask_rebuild(client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl")
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    queries = ["oil prices", "wheat export", '"interest rates"', "bank -germany", "title:coffee"]
    assert_same_index(tmp_path / "local", tmp_path / "dask", queries)


# -- web-archive captures: the newest wins, as locally ----------------------------------
def write_crawls(folder: Path) -> None:
    """Three WARC files (two gzip per record, one plain) with captures of the same pages.

    The newest capture of STORY sits in the middle file, an older one first and
    last; one page's captures carry the same time (the first stays); records that
    are no article (a revisit, a 404) are skipped with their offsets.
    """
    from tests.ingest.archives import Rec, page, write_warc

    story = "http://example.com/news/kosovo-talks"

    def story_page(version: str) -> bytes:
        return page(f"Kosovo talks {version}", f"Talks about Kosovo and the border, {version}.")

    folder.mkdir()
    write_warc(
        folder / "a.warc.gz",
        [
            Rec(story, story_page("older"), date="2014-01-01T00:00:00Z"),
            Rec("http://example.com/news/1", page("Army", "The army at the border.")),
            Rec("http://example.com/news/1", kind="revisit"),
            Rec("http://example.com/news/same", page("Same A", "Treaty text, first copy.")),
        ],
    )
    write_warc(
        folder / "b.warc",
        [
            Rec("http://example.com/missing", b"nope", status="404 Not Found"),
            Rec(f"{story}?utm_source=rss", story_page("newest"), date="2015-06-01T00:00:00Z"),
            Rec("http://example.com/news/same", page("Same B", "Treaty text, second copy.")),
        ],
        gzip_members=False,
    )
    write_warc(
        folder / "c.warc.gz",
        [
            Rec(story, story_page("middle"), date="2014-09-01T00:00:00Z"),
            Rec("http://example.com/news/2", page("Serbia", "Serbia and Kosovo reform.")),
        ],
    )


def test_web_archives_keep_the_newest_capture_as_locally(client: Any, tmp_path: Path) -> None:
    sources = tmp_path / "crawls"
    write_crawls(sources)
    local_report = local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    report = dask_rebuild(
        client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl", share_bytes=1
    )
    lines = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(lines) == report_lines(tmp_path / "local.jsonl")
    assert all(isinstance(line.get("offset"), int) for line in lines)  # every record's offset
    assert counts(report) == counts(local_report)
    assert report.replaced == local_report.replaced == 1
    assert_same_index(tmp_path / "local", tmp_path / "dask", ["kosovo", "newest", "treaty"])
    with Archive(tmp_path / "dask", create=False) as archive:
        assert archive.search('"newest"').total == 1
        assert archive.search('"older"').total == archive.search('"middle"').total == 0
        assert archive.search('"second copy"').total == 0  # same time: the first copy stays


# -- a large JSON Lines file is cut into byte ranges ------------------------------------
def test_a_large_json_lines_file_is_shared_out_in_byte_ranges_as_locally(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_search.indexing import dask_tasks

    monkeypatch.setattr(dask_tasks, "MIN_SPAN_BYTES", 2_000)
    sources = tmp_path / "one"
    repeated = write_jsonl_files(tmp_path / "parts", files=6, per_file=40)
    lines = []
    for part in sorted((tmp_path / "parts").iterdir()):
        lines += part.read_text(encoding="utf-8").splitlines()
    lines[5] = json.dumps(json.loads(lines[5]) | {"source": "scraped/page-5.html"})
    lines[17:17] = ["", "   ", "not json", '{"title": 3}']  # blank lines and bad records
    lines[60:60] = ["\ufeff" + lines[3]]  # a copy of an earlier record, with a BOM
    sources.mkdir()
    big = sources / "all.jsonl"
    big.write_text("\n".join(lines), encoding="utf-8")  # the last line has no newline
    assert big.stat().st_size > 10 * dask_tasks.MIN_SPAN_BYTES
    local_report = local_rebuild(tmp_path / "local", [sources], tmp_path / "local.jsonl")
    stats = DaskStats()
    report = dask_rebuild(
        client, tmp_path / "dask", [sources], report=tmp_path / "dask.jsonl", stats=stats,
        share_bytes=3_000,
    )  # fmt: skip
    assert stats.shares >= 10  # one file, many tasks
    got = report_lines(tmp_path / "dask.jsonl")
    assert without_workers(got) == report_lines(tmp_path / "local.jsonl")
    assert [line["line"] for line in got] == sorted(line["line"] for line in got)
    assert got[-1]["line"] == len(lines)
    assert counts(report) == counts(local_report)
    assert report.count("duplicate") == len(repeated) + 1 and report.count("skipped") == 2
    assert_same_index(tmp_path / "local", tmp_path / "dask")
