"""The pages in a real browser (Debian's Chromium through Playwright): every listed flow."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.site import RUN

pytestmark = pytest.mark.browser


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def summary(page) -> str:  # type: ignore[no-untyped-def]
    """The results' summary line without its timing."""
    return re.sub(r" · [\d.]+ s$", "", page.locator("#summary").inner_text().strip())


def search(page, words: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_label("Search the archive").fill(words)
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector("#summary")


def test_search_shows_ranked_highlighted_results(page) -> None:
    search(page, "harbour")
    assert summary(page).startswith(f"{len(RUN)} articles match")
    assert page.locator("ol.hits > li").count() == 10
    assert page.locator("ol.hits mark").first.inner_text().lower() == "harbour"
    assert params(page.url)["q"] == ["harbour"]


def test_clicking_a_facet_filters_the_results(page) -> None:
    search(page, "army")
    before = summary(page)
    facet = page.locator("section.facet", has_text="Place").get_by_role("link", name="Tirana")
    facet.click()
    page.wait_for_url(re.compile(r"place=Tirana"))
    assert summary(page) != before
    assert page.get_by_role("link", name=re.compile("Remove filter place Tirana")).is_visible()
    metas = page.locator("ol.hits .meta").all_inner_texts()
    assert metas and all("Tirana" in m for m in metas)


def test_a_timeline_bar_drills_down_into_its_period(page) -> None:
    search(page, "harbour")
    bar = page.locator("svg.chart a.bar").first
    label = bar.get_attribute("aria-label") or ""
    period, count = label.split(":")[0], int(label.split(": ")[1].split()[0])
    bar.click()
    page.wait_for_url(re.compile(r"from="))
    assert params(page.url)["from"] == [period] and params(page.url)["to"] == [period]
    noun = "article" if count == 1 else "articles"
    assert summary(page).startswith(f"{count} {noun} match")


def test_opening_an_article_shows_the_matches_in_view(page) -> None:
    search(page, "walrus")
    page.locator("a.hit-title").first.click()
    page.wait_for_selector("article")
    first = page.locator("#match-1")
    assert first.inner_text() == "walrus"
    page.wait_for_function(
        "() => { const r = document.getElementById('match-1')"
        ".getBoundingClientRect(); return r.top > 0 && r.bottom <= innerHeight; }"
    )
    assert page.evaluate("window.scrollY") > 0  # it was far down the page
    assert "1 match" in page.locator("#match-count").inner_text()


def test_back_and_forward_restore_each_view(page) -> None:
    search(page, "army")
    first = summary(page)
    page.locator("section.facet", has_text="Place").get_by_role("link", name="Tirana").click()
    page.wait_for_url(re.compile(r"place=Tirana"))
    filtered = summary(page)
    page.go_back()
    page.wait_for_url(lambda url: "place=" not in url)
    assert summary(page) == first
    page.go_forward()
    page.wait_for_url(re.compile(r"place=Tirana"))
    assert summary(page) == filtered
    shared = page.url  # a view opened from its address alone is the same view
    other = page.context.new_page()
    other.goto(shared)
    assert summary(other) == filtered
    other.close()


def test_the_csv_export_downloads_every_hit(page) -> None:
    search(page, "harbour")
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["id"] for r in rows) == sorted(a.id for a in RUN)  # all, not one page


def test_the_script_switch_shows_serbian_in_cyrillic_and_back(page) -> None:
    page.goto("/articles/srbija-nato?q=kfor")
    title = page.locator("#article-title")
    assert title.inner_text() == "Srbija i NATO jačaju saradnju"
    page.get_by_role("link", name="Ћирилица").click()
    page.wait_for_url(re.compile(r"script=cyrl"))
    assert title.inner_text() == "Србија и НАТО јачају сарадњу"
    assert page.locator("#script-cyrl").get_attribute("aria-current") == "true"
    assert page.locator("article mark").first.inner_text() == "КФОР"
    page.get_by_role("link", name="Latinica").click()
    page.wait_for_url(re.compile(r"script=latn"))
    assert title.inner_text() == "Srbija i NATO jačaju saradnju"


def test_the_hostile_article_is_rendered_inert(page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/articles/hostile?q=zlonamerni")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned = 1</script>" in page.locator("#article-title").inner_text()
    assert page.locator("article img, article iframe, article svg, article script").count() == 0
    url = page.locator("dd.url")
    assert url.inner_text() == "javascript:window.__pwned=4" and url.locator("a").count() == 0
    page.goto("/?q=zlonamerni")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []


def test_keyboard_alone_reaches_results_and_articles(page) -> None:
    page.goto("/help")
    page.keyboard.press("/")  # the search box (on pages that have one), else Tab there
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.locator("#q").focus()
    page.keyboard.type("kumanovo")
    page.keyboard.press("Enter")
    page.wait_for_selector("#summary")
    page.locator("a.hit-title").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("article")
    assert "Kumanovo" in page.locator("article").inner_text()


def test_readable_at_phone_width(page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/?q=harbour", "/articles/long-report?q=pipeline", "/compare?q=harbour&q=army"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.goto("/?q=harbour")
    assert page.locator("ol.hits").bounding_box()["width"] > 300


def test_the_home_page_shows_the_archive_and_a_facet_browses_it(page) -> None:
    page.goto("/")
    overview = page.locator("#overview-title").inner_text()
    assert overview.endswith("articles in the archive")
    assert page.locator("ol.hits > li").count() == 10
    assert page.locator("a.hit-title").first.inner_text() == "Састанак у Београду"
    assert page.locator("svg.chart a.bar").count() > 1
    language = page.locator("section.facet", has_text="Language").get_by_role("link", name="sr")
    language.click()
    page.wait_for_url(re.compile(r"lang=sr"))
    assert "q" not in params(page.url)
    assert re.match(r"\d+ articles match the filters", summary(page))
    assert "newest first" in summary(page)
    metas = page.locator("ol.hits .meta").all_inner_texts()
    assert metas and all(" · sr" in m for m in metas)
    dates = [m.split(" · ")[0] for m in metas]
    assert dates == sorted(dates, reverse=True)
    page.get_by_role("link", name=re.compile("Remove filter language sr")).click()
    page.wait_for_url(lambda url: "lang=" not in url)
    assert page.locator("#overview-title").is_visible()
