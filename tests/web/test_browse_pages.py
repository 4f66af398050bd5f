"""Browsing on the web: the home page's overview, searches with no words, the API without q."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

from archive_search import Archive
from tests.web.site import RUN, SITE, client_fixture, web_index_fixture  # noqa: F401
from tests.web.test_pages import links, query

LANGUAGES = sorted({a.language for a in SITE})
YEARS = sorted(a.published.year for a in SITE if a.published)


def _hit_ids(page: str) -> list[str]:
    return re.findall(r'<a class="hit-title" href="/articles/([^"?#]+)', page)


def test_the_home_page_counts_the_archive(client) -> None:
    page = client.get("/").text
    assert f'<h1 id="overview-title" class="lead">{len(SITE)} articles in the archive</h1>' in page
    assert f"<strong>{len(LANGUAGES)}</strong> languages" in page
    assert f"<strong>{YEARS[0]}–{YEARS[-1]}</strong>" in page


def test_search_without_q_is_the_home_page_too(client) -> None:
    for url in ("/search", "/?q=", "/?q=+&lang=&from="):
        assert "articles in the archive</h1>" in client.get(url).text


def test_the_home_page_lists_the_newest_articles(client, web_index) -> None:
    page = client.get("/").text
    with Archive(web_index) as archive:
        newest = [h.id for h in archive.search("", limit=10)]
    assert _hit_ids(page) == newest and len(newest) == 10
    assert newest[0] == "beograd-cyr"
    assert "/articles/beograd-cyr" in links(page)  # no query to mark, so no #match-1
    assert "<mark" not in page
    assert "Newest articles" in page


def test_the_home_page_facets_are_browse_links(client) -> None:
    page = client.get("/").text
    titles = re.findall(r'<section class="facet">\s*<h2>(\w+)</h2>', page)
    assert titles == ["Language", "Year", "Place", "Section", "Author"]
    facet_links = [h for h in links(page) if any(k in query(h) for k in ("lang", "place", "from"))]
    assert facet_links and all("q" not in query(h) for h in facet_links)
    languages = {query(h)["lang"][0] for h in links(page) if "lang" in query(h)}
    assert languages == set(LANGUAGES)
    sr = client.get("/?lang=sr").text
    assert "articles match the filters" in sr and "newest first" in sr
    assert "language: sr" in sr  # an active filter, removable: back to the home page
    assert '<a href="/" aria-label="Remove filter language sr">' in sr
    ids = _hit_ids(sr)
    assert ids and ids[0] == "beograd-cyr"
    assert set(ids) <= {a.id for a in SITE if a.language == "sr"}


def test_the_home_page_timeline_bars_browse_their_period(client) -> None:
    page = client.get("/").text
    bars = re.findall(r'<a class="bar" href="([^"]+)" aria-label="([^"]+)"', page)
    years = [unescape(label).split(":")[0] for _, label in bars]
    assert years[0] == str(YEARS[0]) and years[-1] == str(YEARS[-1])
    href, label = next((unescape(h), unescape(lab)) for h, lab in bars if "2009" in lab)
    assert query(href) == {"from": ["2009"], "to": ["2009"]}
    count = int(label.split(": ")[1].split()[0])
    browsed = client.get(href).text
    assert count == len(RUN) + 1  # the harbour run and the long report
    assert f"{count} articles match the filters" in browsed
    assert "No articles" not in browsed


def test_a_browse_pages_and_exports_like_a_search(client) -> None:
    first = client.get("/", params={"from": "2009", "to": "2009"}).text
    assert "Page 1 of 3" in first
    following = [h for h in links(first) if query(h).get("page") == ["2"]]
    assert following and "q" not in query(following[0])
    second = client.get(following[0]).text
    assert "Page 2 of 3" in second
    exported = client.get("/api/export", params={"from": "2009", "to": "2009", "format": "csv"})
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(RUN) + 1
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_oldest_first_browse_of_everything(client) -> None:
    page = client.get("/", params={"sort": "oldest"}).text
    assert "overview-title" not in page
    assert f"{len(SITE) - 1:,} distinct articles in the archive" in page  # one wire copy folded
    assert "oldest first" in page
    assert _hit_ids(page)[0] == "adriatic-tourism"


def test_a_browse_that_selects_nothing_says_so(client) -> None:
    page = client.get("/", params={"lang": "sr", "from": "2030"}).text
    assert "No articles match the filters" in page


def test_the_api_browses_without_q(client, web_index) -> None:
    got = client.get("/api/search", params={"lang": "sr", "facets": "1"}).json()
    with Archive(web_index) as archive:
        expected = archive.search("", lang="sr", facets=True).to_dict()
    assert got == expected
    assert got["browse"] is True and got["sort"] == "newest" and got["query"] == ""
    assert {h["language"] for h in got["hits"]} == {"sr"}
    everything = client.get("/api/search", params={"q": "", "limit": 100}).json()
    assert everything["total"] == len(SITE) - 1 and everything["hits"][0]["id"] == "beograd-cyr"
    assert client.get("/api/search", params={"q": "AND"}).status_code == 400


def test_the_api_page_documents_browsing(client) -> None:
    page = client.get("/api").text
    assert "without q" in page and "browse" in page
