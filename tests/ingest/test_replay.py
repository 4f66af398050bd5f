"""Pages saved from the Wayback Machine and pywb: the tool's markup gone, the original URL kept."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from archive_search.ingest import parse_page, parse_path
from archive_search.ingest.replay import (
    capture_time,
    looks_like_replay,
    original_url,
    resolve_links,
    unwrap,
)
from tests.ingest.replay_pages import TOOLBAR_TEXT, pywb_page, wayback_page
from tests.paths import DATA, FIXTURES

SETIMES = FIXTURES / "setimes"
EXPECTED = json.loads((SETIMES / "expected.json").read_text(encoding="utf-8"))
TS = "20140315093012"
CAPTURED = dt.datetime(2014, 3, 15, 9, 30, 12)
DATA_PAGE = DATA / "setimes" / "hr" / "2014" / "2014-05-02-feature-03.html"
DATA_URL = (
    "http://setimes.com/cocoon/setimes/xhtml/hr/features/setimes/features/2014/05/02/feature-03"
)


def _fields(article) -> dict:
    data = article.to_dict()
    data.pop("source")
    data.pop("crawled", None)
    return data


def _visible_text(article) -> str:
    parts = [article.title, article.lede, *article.body, *(c.text for c in article.captions)]
    return "\n".join(parts)


def _saved(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_article(path):
    results = list(parse_path(path))
    assert len(results) == 1 and results[0].article is not None, results
    return results[0].article


@pytest.mark.parametrize("era", ["modern", "old"])
@pytest.mark.parametrize("fixture", ["sr_Latn-div.html", "en_GB-table.html", "bs-plain.html"])
def test_wayback_saved_fixture_page_parses_to_the_expected_fields(tmp_path, fixture, era):
    expected = EXPECTED[fixture]
    page = (SETIMES / fixture).read_text(encoding="utf-8")
    saved = _saved(tmp_path, "saved.html", wayback_page(page, expected["url"], TS, era=era))

    article = _only_article(saved)

    for field in ("title", "lede", "body", "author", "place", "place_local", "language"):
        assert getattr(article, field) == expected[field], field
    assert [[c.text, c.credit] for c in article.captions] == expected["captions"]
    assert article.url == expected["url"]  # the original, not web.archive.org
    assert article.section == expected["section"]
    assert article.published.isoformat() == expected["published"]
    assert article.crawled == CAPTURED
    text = _visible_text(article)
    assert not [marker for marker in TOOLBAR_TEXT if marker in text]


@pytest.mark.parametrize("era", ["modern", "old"])
def test_wayback_saved_data_page_equals_the_page_itself(tmp_path, era):
    original = _only_article(DATA_PAGE)
    page = DATA_PAGE.read_text(encoding="utf-8")
    saved = _saved(tmp_path, "wayback.html", wayback_page(page, DATA_URL, TS, era=era))

    article = _only_article(saved)

    assert _fields(article) == _fields(original)
    assert article.id == original.id  # id and edition from the original URL
    assert article.url == DATA_URL and article.language == "hr"
    assert article.crawled == CAPTURED
    assert not [marker for marker in TOOLBAR_TEXT if marker in _visible_text(article)]


def test_pywb_replay_is_unwrapped_too(tmp_path):
    original = _only_article(DATA_PAGE)
    page = pywb_page(DATA_PAGE.read_text(encoding="utf-8"), DATA_URL, TS)
    assert "localhost:8080/setimes/" + TS in page

    article = parse_page(page, source="pywb.html")

    assert _fields(article) == _fields(original)
    assert article.crawled == CAPTURED
    unwrapped = unwrap(page)
    assert "wbinfo" not in unwrapped.html and "localhost:8080/setimes/" not in unwrapped.html
    assert unwrapped.url == DATA_URL


def test_unwrap_removes_every_insert_and_keeps_the_page():
    page = "<html><head><title>T</title></head><body><p id=x>Body text.</p></body></html>"
    replayed = wayback_page(page, "http://example.com/a", TS)
    assert looks_like_replay(replayed) and not looks_like_replay(page)

    unwrapped = unwrap(replayed)

    assert "<p id=x>Body text.</p>" in unwrapped.html
    for marker in (
        "wm-ipp",
        "__wm",
        "bundle-playback",
        "banner-styles",
        "FILE ARCHIVED",
        "playback timings",
        "archive_analytics",
    ):
        assert marker not in unwrapped.html, marker
    assert (unwrapped.url, unwrapped.captured) == ("http://example.com/a", CAPTURED)


def test_rewritten_links_resolve_to_the_original_addresses():
    text = (
        '<a href="/web/20140310123456/http://setimes.com/a">x</a>'
        '<img src="https://web.archive.org/web/20140310123456im_/https://setimes.com/i.png">'
        "<link href='//web.archive.org/web/20140310123456cs_/http://setimes.com/s.css'>"
        '<a href="/web/2014/setimes.com/b">y</a>'
        "<p>the path /web/20140310123456/http://x.org in text stays</p>"
    )
    assert resolve_links(text) == (
        '<a href="http://setimes.com/a">x</a>'
        '<img src="https://setimes.com/i.png">'
        "<link href='http://setimes.com/s.css'>"
        '<a href="http://setimes.com/b">y</a>'
        "<p>the path /web/20140310123456/http://x.org in text stays</p>"
    )


@pytest.mark.parametrize(
    ("url", "original"),
    [
        ("https://web.archive.org/web/20140310123456/http://setimes.com/a", "http://setimes.com/a"),
        (
            "http://web.archive.org/web/20140310123456id_/http://setimes.com/a",
            "http://setimes.com/a",
        ),
        ("/web/20140310123456if_/https://setimes.com/a?x=1", "https://setimes.com/a?x=1"),
        ("http://setimes.com/a", "http://setimes.com/a"),
        ("http://example.com/web/page", "http://example.com/web/page"),
    ],
)
def test_original_url(url, original):
    assert original_url(url) == original


def test_wayback_address_given_as_the_url_becomes_the_original():
    page = (SETIMES / "en_GB-table.html").read_text(encoding="utf-8")
    wayback = "https://web.archive.org/web/20140310123456/" + EXPECTED["en_GB-table.html"]["url"]
    article = parse_page(page, url=wayback)
    assert article.url == EXPECTED["en_GB-table.html"]["url"]


@pytest.mark.parametrize(
    ("stamp", "when"),
    [
        ("20140310123456", dt.datetime(2014, 3, 10, 12, 34, 56)),
        ("201403", dt.datetime(2014, 3, 1)),
        ("2014", dt.datetime(2014, 1, 1)),
        ("20141310123456", None),
        ("abc", None),
    ],
)
def test_capture_time(stamp, when):
    assert capture_time(stamp) == when
