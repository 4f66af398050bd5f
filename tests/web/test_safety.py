"""Hostile article text reaches every page as inert text; the security headers are sent."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from archive_search.web.app import CSP
from tests.web.site import HOSTILE, client_fixture, web_index_fixture  # noqa: F401

PAGES = [
    "/articles/hostile",
    "/articles/hostile?q=zlonamerni",
    "/?q=zlonamerni",
    "/?q=zlonamerni&relative=1",
    "/compare?q=zlonamerni&q=kfor",
    "/articles/kfor-serbia",  # lists the hostile article among similar ones? either way safe
]


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("path", PAGES)
def test_hostile_markup_never_becomes_elements(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    tags = elements(response.text)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]  # ours, and only ours
    assert not [t for t, _ in tags if t in ("iframe", "img", "b", "i")]
    assert not [t for t, _ in tags if t == "svg" and "onload" in _]
    for _, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")]
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith("javascript:")


def test_hostile_text_is_shown_as_text(client) -> None:
    page = client.get("/articles/hostile").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert "[bold]rich markup[/bold]" in page  # no markup language is interpreted
    assert "{{ 7 * 7 }}" in page and "49" not in page  # nor template syntax


def test_control_characters_are_removed(client) -> None:
    page = client.get("/articles/hostile").text
    assert "Escape red and bell and override characters." in page
    for char in ("\x1b", "\x07", "\u202e", "\u202c"):
        assert char not in page


def test_a_javascript_url_is_shown_but_never_linked(client) -> None:
    page = client.get("/articles/hostile").text
    hrefs = [attrs.get("href") or "" for _, attrs in elements(page)]
    assert HOSTILE.url in page  # shown, as text
    assert not [h for h in hrefs if "__pwned" in h]


def test_http_source_urls_are_links(client) -> None:
    page = client.get("/articles/harbour-01").text
    assert '<a href="https://example.org/harbour/1"' in page


@pytest.mark.parametrize(
    "path", ["/", "/?q=kfor", "/api/search?q=kfor", "/static/style.css", "/nothing", "/api/x"]
)
def test_every_response_forbids_inline_scripts_and_sniffing(client, path) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["server-timing"].startswith("app;dur=")
    policy = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in CSP


def test_pages_have_no_inline_script_or_style(client) -> None:
    for path in ("/", "/?q=kfor", "/articles/kfor-serbia?q=kfor", "/compare?q=a&q=kfor", "/help"):
        tags = elements(client.get(path).text)
        assert all("src" in attrs for tag, attrs in tags if tag == "script")
        assert not [tag for tag, _ in tags if tag == "style"]
        assert not [tag for tag, attrs in tags if "style" in attrs]


def test_json_keeps_hostile_text_as_data(client) -> None:
    data = client.get("/api/articles/hostile").json()
    assert data["title"] == HOSTILE.title and data["url"] == HOSTILE.url
    assert client.get("/api/articles/hostile").headers["content-type"] == "application/json"
