"""Browser tests: a real server on loopback, Debian's Chromium driven by Playwright.

Never ``playwright install``: the browser is the system's ``chromium``
(``apt-get install chromium``; ``.ci/run`` installs it). In CI
(``ARCHIVE_SEARCH_BROWSER_TESTS=1``, set by ``.ci/run``) a missing browser is a
failure; elsewhere the browser tests skip with one line saying why. A failing
browser test saves a screenshot in ``test-screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import REPO
from tests.web.site import web_index_fixture  # noqa: F401

CHROMIUM_NAMES = ("chromium", "chromium-browser")
REQUIRED_ENV = "ARCHIVE_SEARCH_BROWSER_TESTS"
SCREENSHOTS = REPO / "test-screenshots"


def chromium_path() -> str | None:
    explicit = os.environ.get("ARCHIVE_SEARCH_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def live_server(web_index: Path) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, for the session."""
    import uvicorn

    from archive_search.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(web_index), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get(REQUIRED_ENV):
            pytest.fail("no chromium found; CI must install it (apt-get install -y chromium)")
        pytest.skip("browser tests need Chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server, accept_downloads=True, viewport={"width": 1200, "height": 800}
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        shot = SCREENSHOTS / f"{request.node.name}.png"
        opened.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failing page: {shot}")
    context.close()
