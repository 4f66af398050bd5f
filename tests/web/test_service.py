"""The server follows its index on disk: new commits and a rebuild swap, with no failed request."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive_search import Archive, Article
from archive_search.indexing.rebuild import rebuild_index
from archive_search.web import create_app
from archive_search.web.service import ArchiveService
from tests.web.site import SITE, build_site


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def write_jsonl(path: Path, articles: list[Article]) -> Path:
    path.write_text("".join(a.to_json() + "\n" for a in articles), encoding="utf-8")
    return path


def test_requests_never_write_to_the_index(tmp_path) -> None:
    index = build_site(tmp_path / "index")
    before = snapshot(index)
    with TestClient(create_app(index)) as client:
        for path in (
            "/?q=kfor",
            "/articles/kfor-serbia?q=kfor",
            "/api/search?q=army&facets=1",
            "/api/export?q=harbour",
            "/compare?q=a&q=kfor",
            "/api/similar/kfor-serbia",
        ):
            assert client.get(path).status_code == 200
        assert client.post("/api/search").status_code == 405
    assert snapshot(index) == before


def test_a_new_commit_is_seen_without_a_restart(tmp_path) -> None:
    index = build_site(tmp_path / "index")
    with TestClient(create_app(index)) as client:
        assert client.get("/api/search", params={"q": "zeppelin"}).json()["total"] == 0
        with Archive(index) as archive:
            archive.add([Article(id="zeppelin", title="A zeppelin over Skopje", body=["It flew."])])
        data = client.get("/api/search", params={"q": "zeppelin"}).json()
        assert [h["id"] for h in data["hits"]] == ["zeppelin"]


def test_a_rebuild_swapped_in_is_seen_without_a_restart(tmp_path) -> None:
    index = build_site(tmp_path / "index")
    source = write_jsonl(
        tmp_path / "new.jsonl",
        [
            Article(id="only-new", title="Brand new archive", body=["Nothing but this balloon."]),
        ],
    )
    with TestClient(create_app(index)) as client:
        assert client.get("/api/articles/kfor-serbia").status_code == 200
        inode = os.stat(index).st_ino
        rebuild_index(index, [source], workers=1)
        assert os.stat(index).st_ino != inode  # another folder now
        assert client.get("/api/search", params={"q": "balloon"}).json()["total"] == 1
        assert client.get("/api/articles/kfor-serbia").status_code == 404


def test_no_request_fails_while_rebuilds_are_swapped_in(tmp_path) -> None:
    index = build_site(tmp_path / "index")
    sources = [
        write_jsonl(tmp_path / "a.jsonl", SITE[:20]),
        write_jsonl(tmp_path / "b.jsonl", SITE[10:]),
    ]
    service = ArchiveService(index)
    failures: list[BaseException] = []
    done = threading.Event()
    answered = 0

    def reader() -> None:
        nonlocal answered
        while not done.is_set():
            try:
                service.call(lambda a: a.search("harbour OR kfor OR army", facets=True))
                service.call(lambda a: len(a))
                answered += 1
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for n in range(4):
            rebuild_index(index, [sources[n % 2]], workers=1)
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert answered > 0


def test_no_index_yet_then_one_appears(tmp_path) -> None:
    index = tmp_path / "later"
    with TestClient(create_app(index)) as client:
        assert client.get("/api/search", params={"q": "kfor"}).status_code == 503
        build_site(index)
        assert client.get("/api/search", params={"q": "kfor"}).json()["total"] > 0


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "a/b", "%2e%2e", "x%00y"])
def test_odd_article_ids_are_just_not_found(tmp_path, name) -> None:
    index = build_site(tmp_path / "index")
    with TestClient(create_app(index)) as client:
        response = client.get(f"/api/articles/{name}")
        assert response.status_code == 404
        assert json.loads(response.text)["error"] == "not_found"
