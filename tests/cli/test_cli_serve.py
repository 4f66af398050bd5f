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


def test_open_shows_the_page_in_the_browser_once_the_server_listens(
    started, tmp_path, monkeypatch
) -> None:
    import socket
    import threading
    import webbrowser

    opened: list[str] = []
    done = threading.Event()

    def fake_open(url: str) -> bool:
        opened.append(url)
        done.set()
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    with socket.socket() as listener:  # stands in for uvicorn, which the fixture replaces
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # serve probes the port
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        result = serve(tmp_path, "--port", str(port), "--open", env={"ARCHIVE_SEARCH_TOKEN": "t k"})
        assert result.exit_code == 0, result.output
        assert not done.wait(0.5)  # nothing listens yet: the browser waits
        listener.listen()
        assert done.wait(10)
    assert opened == [f"http://127.0.0.1:{port}/?token=t+k"]


def test_without_open_no_browser_is_started(started, tmp_path, monkeypatch) -> None:
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url: pytest.fail(f"opened {url}"))
    assert serve(tmp_path).exit_code == 0


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:80/"),
        ("0.0.0.0", "http://127.0.0.1:80/"),
        ("::", "http://[::1]:80/"),
        ("example.org", "http://example.org:80/"),
    ],
)
def test_the_page_address_is_one_a_browser_on_this_machine_can_open(
    host: str, expected: str
) -> None:
    from archive_search.cli.serve_cmd import page_url

    assert page_url(host, 80) == expected
