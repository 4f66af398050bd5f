"""The HTML pages through the test client: what each shows, and links that carry the state."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.site import RUN, client_fixture, web_index_fixture  # noqa: F401
from tests.web.test_safety import elements


def links(html: str) -> list[str]:
    return [
        unescape(attrs["href"] or "")
        for tag, attrs in elements(html)
        if tag == "a" and "href" in attrs
    ]


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_front_page_has_a_labelled_search_box_and_help_link(client) -> None:
    page = client.get("/").text
    assert '<label for="q">' in page and 'id="q" name="q"' in page
    assert "/help" in links(page)
    assert f"{len(RUN) + 11:,} articles" in page or "articles in the archive" in page


def test_results_show_count_snippets_and_article_links(client) -> None:
    page = client.get("/", params={"q": "kumanovo"}).text
    assert "match <q>kumanovo</q>" in page
    assert "<mark" in page and ">Kumanovo</mark>" in page
    assert any(h.startswith("/articles/kfor-serbia?q=kumanovo") for h in links(page))


def test_facet_links_add_their_filter_and_keep_the_query(client) -> None:
    page = client.get("/", params={"q": "army"}).text
    place = [h for h in links(page) if "place=" in h]
    assert place and all(query(h)["q"] == ["army"] for h in place)
    year = [h for h in links(page) if query(h).get("from") and query(h).get("to")]
    assert year and all(query(h)["from"] == query(h)["to"] for h in year)
    filtered = client.get(place[0]).text
    chosen = query(place[0])["place"][0]
    assert f"place: {chosen}" in filtered  # shown as an active filter, removable
    removal = [
        h
        for h in links(filtered)
        if f"Remove filter place {chosen}" in filtered
        and "place=" not in h
        and query(h).get("q") == ["army"]
    ]
    assert removal


def test_timeline_bars_drill_down_into_their_period(client) -> None:
    page = client.get("/", params={"q": "harbour"}).text
    bars = re.findall(r'<a class="bar" href="([^"]+)" aria-label="([^"]+)"', page)
    assert bars
    href, label = unescape(bars[0][0]), unescape(bars[0][1])
    period = label.split(":")[0]
    assert query(href)["from"] == [period] and query(href)["to"] == [period]
    narrowed = client.get(href).text
    count = int(label.split(": ")[1].split()[0])
    assert f"{count} article" in narrowed


def test_collapsed_copies_are_counted_with_a_link_to_list_them(client) -> None:
    page = client.get("/", params={"q": "enlargement"}).text
    assert "1 near-identical copy not listed" in page
    every = [h for h in links(page) if query(h).get("collapse") == ["0"]]
    assert every and "near-identical" not in client.get(every[0]).text


def test_did_you_mean_is_a_link(client) -> None:
    page = client.get("/", params={"q": "dikovich"}).text
    match = re.search(r'Did you mean <a id="did-you-mean" href="([^"]+)">([^<]+)</a>', page)
    assert match and query(unescape(match.group(1)))["q"] == [match.group(2)]
    assert match.group(2) == "dikovic"


def test_paging_links_move_through_the_results(client) -> None:
    first = client.get("/", params={"q": "harbour"}).text
    assert "Page 1 of 3" in first
    following = [h for h in links(first) if query(h).get("page") == ["2"]]
    second = client.get(following[0]).text
    assert "Page 2 of 3" in second and any(
        query(h).get("page") is None and "q=harbour" in h for h in links(second)
    )


def test_a_bad_search_is_a_page_with_one_clear_message(client) -> None:
    response = client.get("/", params={"q": "army", "from": "soon"})
    assert response.status_code == 400
    assert "bad value for from:" in response.text and "Traceback" not in response.text
    assert "--from" not in response.text  # the page names its URL parameter, not the CLI's


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"page": "-1"}, "page"),
        ({"sort": "bogus"}, "sort"),
        ({"lang": "xx"}, "lang"),
        ({"from": "2014", "to": "2012"}, "from/to"),
    ],
)
def test_bad_values_are_named_as_the_url_names_them(client, params, named) -> None:
    for path in ("/", "/api/search"):
        response = client.get(path, params={"q": "army", **params})
        assert response.status_code == 400
        assert f"bad value for {named}:" in response.text and "--" not in response.text


def test_article_page_marks_the_matches_and_links_similar_articles(client) -> None:
    page = client.get("/articles/kfor-serbia", params={"q": "kfor soldier"}).text
    assert 'id="match-1"' in page
    marked = re.findall(r"<mark[^>]*>([^<]+)</mark>", page)
    assert "KFOR" in marked and "soldiers" in marked  # the caption's stemmed match too
    assert "KFOR soldiers patrol near Gazimestan." in re.sub(r"<[^>]+>", "", page)
    assert "(AFP)" in page  # the caption's credit
    assert "Similar articles" in page
    assert any(h.startswith("/articles/") and "kfor-serbia" not in h for h in links(page))
    assert '<a href="http://setimes.com/en/kfor-serbia"' in page


def test_serbian_articles_switch_script(client) -> None:
    latin = client.get("/articles/srbija-nato", params={"q": "kfor"}).text
    assert "Srbija i NATO jačaju saradnju" in latin
    to_cyrillic = [h for h in links(latin) if query(h).get("script") == ["cyrl"]]
    cyrillic = client.get(to_cyrillic[0]).text
    assert "Србија и НАТО јачају сарадњу" in cyrillic
    assert '<mark id="match-1">КФОР</mark>' in cyrillic  # matches stay marked
    back = client.get("/articles/beograd-cyr", params={"script": "latn"}).text
    assert "Sastanak u Beogradu" in back
    english = client.get("/articles/kfor-serbia", params={"script": "cyrl"}).text
    assert "Ћирилица" not in english and "NATO and Serbia" in english


def test_compare_page_charts_and_tabulates_the_queries(client) -> None:
    page = client.get("/compare", params=[("q", "harbour"), ("q", "kfor"), ("relative", "1")]).text
    assert page.count("<polyline") == 2
    assert '<th scope="col">harbour</th>' in page and "Share of all articles" in page
    cells = [h for h in links(page) if query(h).get("q") == ["harbour"] and "from" in query(h)]
    assert cells
    empty = client.get("/compare").text
    assert "<polyline" not in empty and 'name="q"' in empty


def test_unknown_article_is_a_404_page(client) -> None:
    response = client.get("/articles/none-such")
    assert response.status_code == 404 and "no article with id" in response.text


def test_pages_are_readable_at_phone_width(client) -> None:
    page = client.get("/").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    css = client.get("/static/style.css").text
    assert "@media (max-width:" in css


def test_article_page_links_its_other_editions(client) -> None:
    page = client.get("/articles/bridge-en", params={"q": "drina"}).text
    assert "Other editions" in page
    assert "/articles/bridge-sr?q=drina" in links(page)
    assert "Novi most preko Drine" in page
    back = client.get("/articles/bridge-sr").text
    assert "/articles/bridge-en" in links(back)
