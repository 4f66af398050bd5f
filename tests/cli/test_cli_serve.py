"""``archive-search serve``: what it prints and checks before handing the app to uvicorn."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive_search.cli import cli


@pytest.fixture
def started(monkeypatch):  # type: ignore[no-untyped-def]
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("ARCHIVE_SEARCH_TOKEN", raising=False)
    return calls


def serve(tmp_path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    return runner.invoke(cli, ["--index", str(tmp_path), "serve", *args], env=env)


def test_loopback_by_default(started, tmp_path) -> None:
    result = serve(tmp_path)
    assert result.exit_code == 0
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8080
    assert "http://127.0.0.1:8080/" in result.output
    assert "warning" not in result.output


def test_another_host_is_printed_and_warned_about_without_a_token(started, tmp_path) -> None:
    result = serve(tmp_path, "--host", "0.0.0.0", "--port", "9000")
    assert result.exit_code == 0
    assert "other machines can reach it" in result.output
    assert "without an access token" in result.stderr
    assert started[0]["host"] == "0.0.0.0" and started[0]["port"] == 9000


def test_a_token_from_the_environment_guards_every_request(started, tmp_path) -> None:
    from fastapi.testclient import TestClient

    result = serve(tmp_path, "--host", "0.0.0.0", env={"ARCHIVE_SEARCH_TOKEN": "tok"})
    assert result.exit_code == 0 and "without an access token" not in result.stderr
    assert "every request must carry the access token" in result.output
    with TestClient(started[0]["app"]) as client:
        assert client.get("/api/search?q=x").status_code == 401
        assert (
            client.get("/api/search?q=x", headers={"Authorization": "Bearer tok"}).status_code
            == 503
        )


@pytest.mark.parametrize("args", [["--port", "70000"], ["--token", "  "], ["--port", "x"]])
def test_bad_options_are_usage_errors(started, tmp_path, args) -> None:
    result = serve(tmp_path, *args)
    assert result.exit_code == 2 and not started
    assert "Traceback" not in result.output


def test_a_port_in_use_is_one_clear_line(started, tmp_path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = serve(tmp_path, "--port", str(port))
    assert result.exit_code == 2 and not started
    assert "cannot listen on 127.0.0.1" in result.stderr


def test_an_unknown_host_is_one_clear_line(started, tmp_path) -> None:
    result = serve(tmp_path, "--host", "no such host.invalid")
    assert result.exit_code == 2 and "bad value for --host" in result.stderr
