"""``archive-search serve``: the web search and JSON API over the index, until Ctrl-C.

Listens on loopback unless another host is given (printed at start, with a
warning when no access token guards it). The index is opened read-only and
followed on disk: new commits and a swapped-in rebuild are picked up without
a restart.
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import click

from archive_search import config, errors
from archive_search.cli.context import AppContext
from archive_search.cli.output import plain_line

if TYPE_CHECKING:
    from threading import Thread

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command("serve")
@click.option(
    "--host",
    default=config.SERVE_HOST,
    show_default=True,
    help="Address to listen on; anything but loopback is reachable from elsewhere.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=config.SERVE_PORT,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--token",
    metavar="TOKEN",
    envvar=config.SERVE_TOKEN_ENV_VAR,
    help=f"Access token every request must carry (or ${config.SERVE_TOKEN_ENV_VAR}).",
)
@click.option(
    "--open",
    "open_browser",
    is_flag=True,
    help="Open the search page in the default web browser once the server is listening.",
)
@click.pass_obj
def serve_command(
    app: AppContext, host: str, port: int, token: str | None, open_browser: bool
) -> None:
    """Serve a search page and a JSON API for the archive (read-only).

    \b
    Pages: / (search), /articles/ID, /compare, /help; JSON: /api/search,
    /api/articles/ID, /api/similar/ID, /api/compare, /api/export; /api documents them.

    \b
    Examples:
      archive-search serve                        # http://127.0.0.1:8080/
      archive-search serve --port 9000
      archive-search serve --open                 # and show it in the browser
      ARCHIVE_SEARCH_TOKEN=s3cret archive-search serve --host 0.0.0.0
    """  # fmt: skip
    token = token or None
    if token is not None and not token.strip():
        raise errors.bad_option("--token", "the token is empty")
    _check_address(host, port)
    import uvicorn

    from archive_search import create_app

    index = app.index_dir
    web = create_app(index, token=token)
    plain_line(f"archive-search: serving {index} at {page_url(host, port)} (Ctrl-C stops)")
    if host not in LOOPBACK:
        plain_line(f"archive-search: listening on {host}: other machines can reach it")
        if token is None:
            click.echo(f"archive-search: {errors.serve_without_token(host)}", err=True)
    if token is not None:
        plain_line("archive-search: every request must carry the access token")
    if not index.exists():
        click.echo(f"archive-search: warning: no index at {index} yet: requests get 503 "
                   "until one is built there", err=True)  # fmt: skip
    if open_browser:
        _open_when_listening(page_url(host, port, token))
    log_level = os.environ.get("ARCHIVE_SEARCH_LOG_LEVEL", "warning")
    uvicorn.run(web, host=host, port=port, log_level=log_level, access_log=False)


def _check_address(host: str, port: int) -> None:
    """Fail with one line, before starting, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise errors.bad_option("--host", f"{host!r}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise errors.bad_option(
                "--port", f"cannot listen on {host}:{port}: {exc.strerror}"
            ) from None


def page_url(host: str, port: int, token: str | None = None) -> str:
    """The search page's address; with the token, which the page then keeps in a cookie."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    shown = f"[{shown}]" if ":" in shown else shown
    query = f"?{urlencode({'token': token})}" if token else ""
    return f"http://{shown}:{port}/{query}"


def _open_when_listening(url: str, timeout: float = 30.0) -> Thread:
    """Open ``url`` in the user's browser as soon as the server accepts connections."""
    import threading  # only for --open: not on every command's start
    import time
    import webbrowser

    parts = urlsplit(url)

    def wait_then_open() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((parts.hostname, parts.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            return
        if not webbrowser.open(url):
            click.echo(f"archive-search: no browser to open; visit {url}", err=True)

    thread = threading.Thread(target=wait_then_open, name="open-browser", daemon=True)
    thread.start()
    return thread
